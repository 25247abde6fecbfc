"""Who may see what in participation. One helper per object type; anyone outside the scope gets a 404.

Scope:
- a system administrator sees everything;
- a body's secretariat manages its donors, needs, pledges and matching; its viewers read them;
- an agency's users see the needs their organisation registered and the pledges made to those needs
  (an anonymous donor's name stays hidden from them);
- a donor's user sees that donor and its own pledges; the users of a charity's or an industry's
  organisation see the donor records of that organisation and their pledges;
- an NGO's users see and edit its profile and its achievements reports and see the calls for reports
  addressed to it; the body a report was sent to reviews it; every signed-in user may read the NGO
  directory and the capacities;
- an NGO's (charity's, industry's) e-mail, phone and contact people only to administrators, a body's
  secretariat, its own users and the users of an agency it has a live pledge with (its donor record's
  pledge to the agency's need); everyone else reads the NGO without them;
- nobody signed out sees anything here except the public page of approved open needs.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from hamafza.accounts.models import BodyRole, User
from hamafza.meetings.models import Body
from hamafza.orgs.models import Organization
from hamafza.participation.models import AchievementCall, AchievementReport, Capacity, Donor, Need, Pledge


def secretariat_body_ids(user: User) -> set[int]:
    """Bodies whose secretariat the user is."""
    return set(
        BodyRole.objects.filter(user=user, kind=BodyRole.Kind.SECRETARIAT).values_list("body_id", flat=True)
    )


def reviewing_body_ids(user: User) -> set[int]:
    """Bodies whose secretariat or viewers the user is."""
    return set(BodyRole.objects.filter(user=user).values_list("body_id", flat=True))


def can_manage_participation(user: User, body: Body | int) -> bool:
    """The body's secretariat (or a system administrator): approves needs, records and links pledges,
    confirms matching, manages donors."""
    if user.is_system_admin:
        return True
    body_id = body if isinstance(body, int) else body.pk
    return BodyRole.objects.filter(user=user, body_id=body_id, kind=BodyRole.Kind.SECRETARIAT).exists()


def participation_bodies(user: User) -> QuerySet[Body]:
    """Bodies whose participation work the user reads (secretariat and viewers)."""
    if user.is_system_admin:
        return Body.objects.all()
    return Body.objects.filter(pk__in=reviewing_body_ids(user))


# Needs


def needs_for_user(user: User) -> QuerySet[Need]:
    if user.is_system_admin:
        return Need.objects.all()
    q = Q(body_id__in=reviewing_body_ids(user))
    if user.organization_id:
        q |= Q(organization_id=user.organization_id)
    return Need.objects.filter(q)


def need_for_user(user: User, pk) -> Need:
    need = needs_for_user(user).select_related("body", "organization", "region").filter(pk=pk).first()
    if need is None:
        raise Http404
    return need


def can_edit_need(user: User, need: Need) -> bool:
    """The requesting agency's officers while it is proposed, and the secretariat."""
    if can_manage_participation(user, need.body_id):
        return True
    return (
        need.state == Need.State.PROPOSED
        and user.is_officer
        and need.organization_id is not None
        and need.organization_id == user.organization_id
    )


def is_receiving_agency(user: User, need: Need | None) -> bool:
    """An officer of the agency the need belongs to: records and verifies deliveries."""
    return (
        need is not None
        and user.is_officer
        and need.organization_id is not None
        and need.organization_id == user.organization_id
    )


# Donors


def _own_donor_q(user: User, prefix: str = "") -> Q:
    q = Q(**{f"{prefix}user": user})
    if user.organization_id:
        q |= Q(**{f"{prefix}organization_id": user.organization_id})
    return q


def donors_for_user(user: User) -> QuerySet[Donor]:
    if user.is_system_admin:
        return Donor.objects.all()
    return Donor.objects.filter(Q(body_id__in=reviewing_body_ids(user)) | _own_donor_q(user))


def donor_for_user(user: User, pk) -> Donor:
    donor = donors_for_user(user).select_related("body", "organization").filter(pk=pk).first()
    if donor is None:
        raise Http404
    return donor


def may_see_donor_name(user: User, donor: Donor) -> bool:
    """An anonymous donor is named only to the secretariat, an administrator and the donor."""
    if not donor.is_anonymous:
        return True
    if user.is_authenticated and can_manage_participation(user, donor.body_id):
        return True
    return user.is_authenticated and Donor.objects.filter(_own_donor_q(user), pk=donor.pk).exists()


# Pledges


def pledges_for_user(user: User) -> QuerySet[Pledge]:
    if user.is_system_admin:
        return Pledge.objects.all()
    q = Q(body_id__in=reviewing_body_ids(user)) | _own_donor_q(user, "donor__")
    if user.organization_id:
        q |= Q(need__organization_id=user.organization_id, state__in=Pledge.LIVE_STATES)
    return Pledge.objects.filter(q)


def pledge_for_user(user: User, pk) -> Pledge:
    pledge = (
        pledges_for_user(user)
        .select_related("donor", "body", "need", "need__organization")
        .filter(pk=pk)
        .first()
    )
    if pledge is None:
        raise Http404
    return pledge


# NGO achievements


def achievements_for_user(user: User) -> QuerySet[AchievementReport]:
    if user.is_system_admin:
        return AchievementReport.objects.all()
    q = Q(body_id__in=reviewing_body_ids(user))
    if user.organization_id:
        q |= Q(organization_id=user.organization_id)
    return AchievementReport.objects.filter(q)


def achievement_for_user(user: User, pk) -> AchievementReport:
    report = achievements_for_user(user).select_related("organization", "body").filter(pk=pk).first()
    if report is None:
        raise Http404
    return report


# Calls for achievements reports: the body's secretariat and viewers see its calls; an NGO's users see the
# calls addressed to their NGO.


def calls_for_user(user: User) -> QuerySet[AchievementCall]:
    if user.is_system_admin:
        return AchievementCall.objects.all()
    q = Q(body_id__in=reviewing_body_ids(user))
    if user.organization_id:
        q |= Q(pk__in=AchievementCall.objects.filter(ngos=user.organization_id).values("pk"))
    return AchievementCall.objects.filter(q)


def call_for_user(user: User, pk) -> AchievementCall:
    call = calls_for_user(user).select_related("body").filter(pk=pk).first()
    if call is None:
        raise Http404
    return call


def can_edit_organization_profile(user: User, organization_id: int) -> bool:
    """An NGO's, charity's or industry's own officers, and system administrators."""
    if user.is_system_admin:
        return True
    return user.is_officer and user.organization_id == organization_id


# Capacities (helper «capacity»): every signed-in user reads the inventory; an organisation's officers
# record and change its own capacities; a system administrator any organisation's.


def can_edit_capacities(user: User, organization_id: int | None) -> bool:
    if user.is_system_admin:
        return True
    return user.is_officer and organization_id is not None and user.organization_id == organization_id


def capacity_for_editor(user: User, pk) -> Capacity:
    """The capacity to change: 404 unless it is the user's organisation's (or the user an administrator);
    403 to that organisation's users who are not officers."""
    capacity = Capacity.objects.select_related("organization", "service", "region").filter(pk=pk).first()
    if capacity is None:
        raise Http404
    if not user.is_system_admin and capacity.organization_id != user.organization_id:
        raise Http404
    if not can_edit_capacities(user, capacity.organization_id):
        raise PermissionDenied
    return capacity


# Contact details of NGOs, charities and industries (e-mail, phone, contact people): private people's
# numbers, not an institution's switchboard. A public body's (agency, university, council) stay public.

CONTACT_PRIVATE_KINDS = (Organization.Kind.NGO, Organization.Kind.CHARITY, Organization.Kind.INDUSTRY)


def contact_organization_ids(user: User) -> set[int] | None:
    """The organisations of CONTACT_PRIVATE_KINDS whose contact details the user may see; None: all."""
    if user.is_system_admin:
        return None
    if secretariat_body_ids(user):
        return None
    if not user.organization_id:
        return set()
    partners = Pledge.objects.filter(
        need__organization_id=user.organization_id,
        state__in=Pledge.LIVE_STATES,
        donor__organization_id__isnull=False,
    ).values_list("donor__organization_id", flat=True)
    return {user.organization_id, *partners}


def may_see_contacts(user: User, organization: Organization) -> bool:
    if organization.kind not in CONTACT_PRIVATE_KINDS:
        return True
    allowed = contact_organization_ids(user)
    return allowed is None or organization.pk in allowed
