"""Who may see what in the assemblies. One helper per object type; anyone outside the scope gets a 404,
on the pages and in the API alike (a 404 also answers someone who sees an object but may not do what a
page does with it: the page is not theirs).

Scope:
- a system administrator sees everything;
- an assembly, its members, nominations and elections are seen by the secretariat and the viewers of its
  body, by the users of its member NGOs, and by the officials (supervisors and tellers) of its elections;
- the body's secretariat manages the assembly: nominations, members, elections and their transitions;
- a member NGO's representative or substitute casts its ballot; its officers name them and stand for
  election on its behalf;
- a supervisor signs the results and records a drawing of lots; a teller enters paper ballots;
- results are seen by the secretariat, the viewers and the officials once counted, and by everyone who
  sees the assembly once published; a letter of introduction by the secretariat, the supervisors and
  the users of the NGO it introduces (and anyone, without signing in, through its verification code);
- nobody sees a ballot's content: no page or endpoint shows one.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from hamafza.accounts.models import BodyRole, User
from hamafza.assembly.models import (
    Assembly,
    Candidate,
    Election,
    IntroductionLetter,
    Member,
    Nomination,
    Official,
)


def _role_body_ids(user: User, kind: str | None = None) -> QuerySet:
    roles = BodyRole.objects.filter(user=user)
    if kind:
        roles = roles.filter(kind=kind)
    return roles.values("body_id")


def managed_body_ids(user: User) -> set[int]:
    """Bodies whose secretariat the user is."""
    return set(_role_body_ids(user, BodyRole.Kind.SECRETARIAT).values_list("body_id", flat=True))


def assemblies_for_user(user: User) -> QuerySet[Assembly]:
    if not user.is_authenticated:
        return Assembly.objects.none()
    if user.is_system_admin:
        return Assembly.objects.all()
    q = Q(body_id__in=_role_body_ids(user))
    q |= Q(pk__in=Official.objects.filter(user=user).values("election__assembly_id"))
    if user.organization_id:
        q |= Q(
            pk__in=Member.objects.filter(organization_id=user.organization_id, is_active=True).values(
                "assembly_id"
            )
        )
    return Assembly.objects.filter(q)


def assembly_for_user(user: User, pk) -> Assembly:
    assembly = assemblies_for_user(user).select_related("body").filter(pk=pk).first()
    if assembly is None:
        raise Http404
    return assembly


def can_manage_assembly(user: User, assembly: Assembly) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_system_admin:
        return True
    return assembly.body_id in managed_body_ids(user)


def assembly_for_manager(user: User, pk) -> Assembly:
    assembly = assembly_for_user(user, pk)
    if not can_manage_assembly(user, assembly):
        raise Http404
    return assembly


def reads_everything(user: User, assembly: Assembly) -> bool:
    """The secretariat and the viewers of the body: every nomination and member, who voted."""
    if user.is_system_admin:
        return True
    return BodyRole.objects.filter(user=user, body_id=assembly.body_id).exists()


# Members and nominations


def member_for_user(user: User, pk) -> Member:
    member = (
        Member.objects.select_related("assembly__body", "organization", "representative", "substitute")
        .filter(pk=pk, assembly__in=assemblies_for_user(user))
        .first()
    )
    if member is None:
        raise Http404
    return member


def can_name_representatives(user: User, member: Member) -> bool:
    """The secretariat, or an officer of the NGO itself."""
    if can_manage_assembly(user, member.assembly):
        return True
    return user.is_officer and user.organization_id == member.organization_id


def member_for_editor(user: User, pk) -> Member:
    member = member_for_user(user, pk)
    if not can_name_representatives(user, member):
        raise Http404
    return member


def nomination_for_manager(user: User, pk) -> Nomination:
    nomination = (
        Nomination.objects.select_related("assembly__body", "organization", "region").filter(pk=pk).first()
    )
    if nomination is None:
        raise Http404
    if not can_manage_assembly(user, nomination.assembly):
        raise Http404
    return nomination


def own_member(user: User, assembly: Assembly) -> Member | None:
    """The member NGO the user belongs to in this assembly, if any."""
    if not user.is_authenticated or not user.organization_id:
        return None
    return Member.objects.filter(
        assembly=assembly, organization_id=user.organization_id, is_active=True
    ).first()


def ballot_member(user: User, election: Election) -> Member | None:
    """The member NGO whose ballot the user may cast in the election (its representative or substitute),
    or None. The one rule of the voting page, the ballot endpoint and every link to them: a link is offered
    only to whom the page answers (issue 10: officers followed «vote» and found a 404)."""
    member = own_member(user, election.assembly)
    if member is None:
        return None
    if not member.speaks_for(user):
        return None
    return member


def voter_user_ids(election: Election) -> set[int]:
    """The users `ballot_member` accepts in the election: the representatives and substitutes of its
    assembly's active members, each of the member's own organisation (`own_member` finds them by it)."""
    pairs = Member.objects.filter(assembly_id=election.assembly_id, is_active=True).values_list(
        "organization_id", "representative_id", "substitute_id"
    )
    people = {pk: org for org, *speakers in pairs for pk in speakers if pk}
    found = User.objects.filter(pk__in=people, is_active=True).values_list("pk", "organization_id")
    return {pk for pk, organization_id in found if people[pk] == organization_id}


# Elections


def elections_for_user(user: User) -> QuerySet[Election]:
    if user.is_authenticated and user.is_system_admin:
        return Election.objects.all()
    return Election.objects.filter(assembly__in=assemblies_for_user(user))


def election_for_user(user: User, pk) -> Election:
    election = elections_for_user(user).select_related("assembly__body", "meeting").filter(pk=pk).first()
    if election is None:
        raise Http404
    return election


def roles_in(user: User, election: Election) -> set[str]:
    """The user's official roles in the election: supervisor, teller (a user has one at most)."""
    if not user.is_authenticated:
        return set()
    return set(Official.objects.filter(election=election, user=user).values_list("role", flat=True))


def is_supervisor(user: User, election: Election) -> bool:
    return Official.Role.SUPERVISOR in roles_in(user, election)


def is_teller(user: User, election: Election) -> bool:
    return Official.Role.TELLER in roles_in(user, election)


def election_for_manager(user: User, pk) -> Election:
    election = election_for_user(user, pk)
    if not can_manage_assembly(user, election.assembly):
        raise Http404
    return election


def election_for_supervisor(user: User, pk) -> Election:
    election = election_for_user(user, pk)
    if not is_supervisor(user, election):
        raise Http404
    return election


def election_for_teller(user: User, pk) -> Election:
    election = election_for_user(user, pk)
    if not is_teller(user, election):
        raise Http404
    return election


def can_run(user: User, election: Election) -> bool:
    """Opens and closes the vote and counts it: the secretariat or a supervisor."""
    return can_manage_assembly(user, election.assembly) or is_supervisor(user, election)


def can_record_paper_voters(user: User, election: Election) -> bool:
    """Hands out paper ballots (records who took one): the secretariat or a teller."""
    return can_manage_assembly(user, election.assembly) or is_teller(user, election)


def can_see_results(user: User, election: Election) -> bool:
    if not election.reached(Election.State.COUNTED):
        return False
    if election.state == Election.State.PUBLISHED:
        return True
    return reads_everything(user, election.assembly) or bool(roles_in(user, election))


def election_for_results(user: User, pk) -> Election:
    election = election_for_user(user, pk)
    if not can_see_results(user, election):
        raise Http404
    return election


def candidate_for_user(user: User, pk) -> Candidate:
    candidate = (
        Candidate.objects.select_related("election__assembly__body", "member__organization")
        .filter(pk=pk, election__in=elections_for_user(user))
        .first()
    )
    if candidate is None:
        raise Http404
    return candidate


# Letters of introduction


def can_read_letter(user: User, letter: IntroductionLetter) -> bool:
    if can_manage_assembly(user, letter.assembly):
        return True
    if is_supervisor(user, letter.election):
        return True
    return bool(user.organization_id) and user.organization_id == letter.candidate.member.organization_id


def letter_for_user(user: User, pk) -> IntroductionLetter:
    letter = (
        IntroductionLetter.objects.select_related(
            "assembly__body", "election", "candidate__member__organization"
        )
        .filter(pk=pk, election__in=elections_for_user(user))
        .first()
    )
    if letter is None:
        raise Http404
    if not can_read_letter(user, letter):
        raise Http404
    return letter
