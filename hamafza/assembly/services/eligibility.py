"""Who may stand and vote: an active member NGO whose licence, as the NGO registry knows it, is valid on
the election day (the day voting opens). An NGO without a registry profile has no licence on record and
is not eligible; a profile without an expiry date is a licence that does not expire."""

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from hamafza.assembly.models import Assembly, Member
from hamafza.participation.models import NgoProfile
from hamafza.templatetags_builtins import jdate


def eligible_members(assembly: Assembly, day: dt.date) -> QuerySet[Member]:
    """Active members whose licence is valid on `day`."""
    return Member.objects.filter(
        assembly=assembly,
        is_active=True,
        organization__ngo_profile__isnull=False,
    ).filter(
        Q(organization__ngo_profile__licence_expires__isnull=True)
        | Q(organization__ngo_profile__licence_expires__gte=day)
    )


def eligibility_problem(member: Member, day: dt.date) -> str | None:
    """Why the member may neither stand nor vote on `day`, or None."""
    if not member.is_active:
        return str(_("%(ngo)s is not an active member of the assembly.") % {"ngo": member.organization})
    profile = NgoProfile.objects.filter(organization_id=member.organization_id).first()
    if profile is None:
        return str(_("%(ngo)s has no licence on record in the NGO registry.") % {"ngo": member.organization})
    if profile.licence_expired(day):
        return str(
            _("The licence of %(ngo)s expired on %(date)s, before the election day.")
            % {"ngo": member.organization, "date": jdate(profile.licence_expires)}
        )
    return None
