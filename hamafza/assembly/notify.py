"""Who is told about what in the assemblies. Called after commit; delivery is the follow-up's background
task (hamafza.meetings.services.notify.send): a notification on the site and an e-mail.

A voter's notification says that the NGO's ballot was cast, by whom and how, and never carries the
tracking code: stored with the user's id, the code would tie the user to the ballot through its hash.
"""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from hamafza.accounts.models import User
from hamafza.assembly import access
from hamafza.assembly.models import Election, IntroductionLetter, Member, Official
from hamafza.lib.persian import to_persian_digits
from hamafza.meetings.services.notify import secretariat_of, send
from hamafza.templatetags_builtins import jdatetime


def _member_users(members) -> list[int]:
    """The representatives, substitutes and officers of the given member NGOs."""
    members = list(members)
    organizations = [m.organization_id for m in members]
    people = {pk for m in members for pk in (m.representative_id, m.substitute_id) if pk}
    return list(
        User.objects.filter(is_active=True)
        .filter(Q(organization_id__in=organizations, is_officer=True) | Q(pk__in=people))
        .values_list("pk", flat=True)
        .distinct()
    )


def _all_members(election: Election) -> list[int]:
    return _member_users(Member.objects.filter(assembly_id=election.assembly_id, is_active=True))


def _officials(election: Election, role: str | None = None) -> list[int]:
    officials = Official.objects.filter(election=election, user__is_active=True)
    if role:
        officials = officials.filter(role=role)
    return list(officials.values_list("user_id", flat=True))


def _election(pk: int) -> Election:
    return Election.objects.select_related("assembly").get(pk=pk)


def _url(election: Election) -> str:
    return reverse("assembly:election", args=[election.pk])


def candidacy_opened(election_id: int) -> None:
    election = _election(election_id)
    with override("fa"):
        title = _("Candidacy is open in «%(election)s» of %(assembly)s") % {
            "election": election.title,
            "assembly": election.assembly.name,
        }
        body = _("Member NGOs in good standing may stand, with their programme and achievements reports.")
    send(_all_members(election), title, body, _url(election))


def voting_opened(election_id: int) -> None:
    election = _election(election_id)
    with override("fa"):
        title = _("Voting is open in «%(election)s»") % {"election": election.title}
        body = _("Your NGO's representative or substitute may vote until %(end)s.") % {
            "end": jdatetime(election.voting_ends_at)
        }
    # The voting page answers the representatives and substitutes only; everyone else told of the vote
    # (the members' officers, the officials) is sent to the election's page, not to a 404.
    voters = access.voter_user_ids(election)
    everyone = set(_all_members(election) + _officials(election))
    send(sorted(everyone & voters), title, body, reverse("assembly:vote", args=[election.pk]))
    send(sorted(everyone - voters), title, body, _url(election))


def voting_closed(election_id: int) -> None:
    election = _election(election_id)
    with override("fa"):
        title = _("Voting is closed in «%(election)s»") % {"election": election.title}
        body = _("The votes will be counted and the results signed by the supervisors.")
    send(_all_members(election) + _officials(election), title, body, _url(election))


def voted(election_id: int, member_id: int, channel: str) -> None:
    """Tells the NGO's people that its ballot was cast, so that a ballot nobody meant is noticed."""
    election = _election(election_id)
    member = Member.objects.select_related("organization").get(pk=member_id)
    with override("fa"):
        if channel == "paper":
            title = _("%(ngo)s took a paper ballot in «%(election)s»")
        else:
            title = _("The ballot of %(ngo)s in «%(election)s» was cast")
        title = title % {"ngo": member.organization.name, "election": election.title}
        body = _("If nobody of your NGO did this, tell the secretariat of the assembly.")
    send(_member_users([member]), title, body, _url(election))


def counted(election_id: int) -> None:
    election = _election(election_id)
    with override("fa"):
        title = _("The votes of «%(election)s» are counted: the results await your signature") % {
            "election": election.title
        }
    send(
        _officials(election, Official.Role.SUPERVISOR),
        title,
        "",
        reverse("assembly:results", args=[election.pk]),
    )


def confirmed(election_id: int) -> None:
    election = _election(election_id)
    with override("fa"):
        title = _("The results of «%(election)s» are confirmed and may be published") % {
            "election": election.title
        }
    send(
        secretariat_of(election.assembly.body_id), title, "", reverse("assembly:results", args=[election.pk])
    )


def published(election_id: int) -> None:
    election = _election(election_id)
    with override("fa"):
        title = _("The results of «%(election)s» are published") % {"election": election.title}
    send(
        _all_members(election) + _officials(election),
        title,
        "",
        reverse("assembly:results", args=[election.pk]),
    )
    for letter in IntroductionLetter.objects.filter(election=election).select_related(
        "candidate__member__organization"
    ):
        member = letter.candidate.member
        with override("fa"):
            title = _("%(ngo)s was elected in «%(election)s»: your letter of introduction") % {
                "ngo": member.organization.name,
                "election": election.title,
            }
            body = _("Letter number %(number)s; its verification code is on the letter.") % {
                "number": to_persian_digits(letter.number)
            }
        send(_member_users([member]), title, body, reverse("assembly:letter_pdf", args=[letter.pk]))
