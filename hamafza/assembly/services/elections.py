"""Elections: their settings and officials, who may stand and vote, candidacies, and the transitions of
state up to the close of the vote (the count and after are in services.counting).

Who may stand and vote is in services.eligibility.

Every transition goes one way and is refused from any other state, so an election closed for
candidacy or for voting cannot be opened again.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamafza.accounts.models import User
from hamafza.assembly import access, notify
from hamafza.assembly.models import Assembly, Candidate, Election, Member, Official
from hamafza.assembly.services import ballots
from hamafza.assembly.services.common import AssemblyError, lock_election, require, require_manager
from hamafza.assembly.services.eligibility import eligibility_problem
from hamafza.audit import services as audit
from hamafza.meetings.models import Meeting
from hamafza.participation.models import AchievementReport

SETTINGS = [
    "title",
    "meeting",
    "seats",
    "max_choices",
    "substitutes",
    "tie_rule",
    "voting_starts_at",
    "voting_ends_at",
    "confirmations_required",
]
# The audit actions of the election's transitions, in their order (its history shows them).
TRANSITION_ACTIONS = (
    "election.open_candidacy",
    "election.close_candidacy",
    "election.open_voting",
    "election.close_voting",
    "election.count",
    "election.lots",
    "election.runoff",
    "election.confirm",
    "election.confirmed",
    "election.publish",
)
EDITABLE_STATES = (Election.State.DRAFT, Election.State.CANDIDACY_OPEN, Election.State.CANDIDACY_CLOSED)


# Settings and officials


@dataclass
class ElectionData:
    title: str
    seats: int
    max_choices: int | None
    voting_starts_at: dt.datetime | None
    voting_ends_at: dt.datetime | None
    substitutes: int = 0
    tie_rule: str = Election.TieRule.LOTS
    meeting: Meeting | None = None
    confirmations_required: int | None = None


def _check(assembly: Assembly, data: ElectionData) -> ElectionData:
    errors: dict[str, list] = {}
    title = (data.title or "").strip()
    if not title:
        errors.setdefault("title", []).append(_("Enter the election's title."))
    if not data.seats or data.seats < 1:
        errors.setdefault("seats", []).append(_("An election fills at least one seat."))
    max_choices = data.max_choices or data.seats
    if max_choices is not None and max_choices < 1:
        errors.setdefault("max_choices", []).append(_("A ballot allows at least one choice."))
    if data.substitutes is None or data.substitutes < 0:
        errors.setdefault("substitutes", []).append(_("The number of substitutes is a whole number."))
    if data.tie_rule not in Election.TieRule.values:
        errors.setdefault("tie_rule", []).append(_("Choose how a tie is resolved."))
    if data.voting_starts_at is None:
        errors.setdefault("voting_starts_at", []).append(_("Enter when voting starts."))
    if data.voting_ends_at is None:
        errors.setdefault("voting_ends_at", []).append(_("Enter when voting ends."))
    if data.voting_starts_at and data.voting_ends_at and data.voting_ends_at <= data.voting_starts_at:
        errors.setdefault("voting_ends_at", []).append(_("Voting must end after it starts."))
    if data.meeting is not None and data.meeting.body_id != assembly.body_id:
        errors.setdefault("meeting", []).append(_("A session of the assembly is a meeting of its body."))
    if data.confirmations_required is not None and data.confirmations_required < 1:
        errors.setdefault("confirmations_required", []).append(
            _("At least one supervisor signs the results.")
        )
    if errors:
        raise AssemblyError(errors)
    return ElectionData(
        title=title,
        seats=data.seats,
        max_choices=max_choices,
        voting_starts_at=data.voting_starts_at,
        voting_ends_at=data.voting_ends_at,
        substitutes=data.substitutes,
        tie_rule=data.tie_rule,
        meeting=data.meeting,
        confirmations_required=data.confirmations_required,
    )


@transaction.atomic
def create_election(assembly: Assembly, *, by: User, data: ElectionData) -> Election:
    require_manager(by, assembly)
    cleaned = _check(assembly, data)
    election = Election.objects.create(assembly=assembly, created_by=by, **cleaned.__dict__)
    audit.record(
        actor=by,
        action="election.create",
        obj=election,
        changes=audit.snapshot(election, SETTINGS),
        body_id=assembly.body_id,
    )
    return election


@transaction.atomic
def update_election(election: Election, *, by: User, data: ElectionData) -> Election:
    """Settings change until voting opens."""
    election = lock_election(election)
    require_manager(by, election.assembly)
    require(
        election.state in EDITABLE_STATES,
        _("An election's settings cannot change once voting has opened."),
        "state",
    )
    cleaned = _check(election.assembly, data)
    before = audit.snapshot(election, SETTINGS)
    for name in SETTINGS:
        setattr(election, name, getattr(cleaned, name))
    election.save()
    audit.record(
        actor=by,
        action="election.update",
        obj=election,
        changes=audit.diff(before, audit.snapshot(election, SETTINGS)),
        body_id=election.assembly.body_id,
    )
    return election


@transaction.atomic
def add_official(election: Election, *, by: User, user: User, role: str, title: str = "") -> Official:
    """A supervisor or a teller, named until voting opens."""
    election = lock_election(election)
    require_manager(by, election.assembly)
    require(election.state in EDITABLE_STATES, _("Officials are named before voting opens."), "state")
    require(role in Official.Role.values, _("Choose supervisor or teller."), "role")
    require(user.is_active, _("This user's account is not active."), "inactive")
    require(
        not Official.objects.filter(election=election, user=user).exists(),
        _("%(user)s is already an official of this election.") % {"user": user.get_full_name() or user},
        "duplicate",
    )
    require(
        not Member.objects.filter(assembly=election.assembly, organization_id=user.organization_id)
        .filter(Q(representative=user) | Q(substitute=user))
        .exists()
        if user.organization_id
        else True,
        _("A member NGO's representative cannot supervise or count its own election."),
        "voter",
    )
    official = Official.objects.create(election=election, user=user, role=role, title=(title or "").strip())
    audit.record(
        actor=by,
        action="election.official",
        obj=election,
        changes={"user": user, "kind": role},
        body_id=election.assembly.body_id,
    )
    return official


@transaction.atomic
def remove_official(official: Official, *, by: User) -> None:
    election = lock_election(official.election_id)
    require_manager(by, election.assembly)
    require(election.state in EDITABLE_STATES, _("Officials are named before voting opens."), "state")
    user, role = official.user, official.role
    official.delete()
    audit.record(
        actor=by,
        action="election.official_remove",
        obj=election,
        changes={"user": user, "kind": role},
        body_id=election.assembly.body_id,
    )


# Transitions


def require_state(election: Election, state: str, message) -> None:
    require(election.state == state, message, "state")


def move(election: Election, *, by: User | None, to: str, stamp: str, action: str, **changes) -> Election:
    """Write the new state, the moment it was reached, and the audit entry (who, when, from which state)."""
    before = election.state
    election.state = to
    setattr(election, stamp, timezone.now())
    election.save(update_fields=["state", stamp])
    audit.record(
        actor=by,
        action=action,
        obj=election,
        changes={"state": [before, to], **changes},
        body_id=election.assembly.body_id,
    )
    return election


def standing(election: Election) -> QuerySet[Candidate]:
    return election.candidates.filter(state=Candidate.State.STANDING)


@transaction.atomic
def open_candidacy(election: Election, *, by: User) -> Election:
    election = lock_election(election)
    require_manager(by, election.assembly)
    require_state(election, Election.State.DRAFT, _("Candidacy opens only for an election in draft."))
    require(
        election.voting_ends_at > timezone.now(),
        _("The voting window has already passed: change it before opening candidacy."),
        "window",
    )
    move(
        election,
        by=by,
        to=Election.State.CANDIDACY_OPEN,
        stamp="candidacy_opened_at",
        action="election.open_candidacy",
    )
    transaction.on_commit(lambda: notify.candidacy_opened(election.pk))
    return election


@transaction.atomic
def close_candidacy(election: Election, *, by: User) -> Election:
    election = lock_election(election)
    require_manager(by, election.assembly)
    require_state(election, Election.State.CANDIDACY_OPEN, _("Only an open candidacy can be closed."))
    return move(
        election,
        by=by,
        to=Election.State.CANDIDACY_CLOSED,
        stamp="candidacy_closed_at",
        action="election.close_candidacy",
        candidates=standing(election).count(),
    )


def confirmations_needed(election: Election) -> int:
    supervisors = election.officials.filter(role=Official.Role.SUPERVISOR).count()
    return election.confirmations_required or supervisors


@transaction.atomic
def open_voting(election: Election, *, by: User) -> Election:
    election = lock_election(election)
    require(
        access.can_run(by, election),
        _("Only the secretariat or a supervisor may open the vote."),
        "not_allowed",
    )
    require_state(
        election,
        Election.State.CANDIDACY_CLOSED,
        _("Voting opens once candidacy is closed, and only once."),
    )
    require(standing(election).exists(), _("No candidate is standing."), "no_candidates")
    supervisors = election.officials.filter(role=Official.Role.SUPERVISOR).count()
    require(supervisors >= 1, _("Name at least one supervisor before voting opens."), "no_supervisor")
    require(
        election.confirmations_required is None
        or supervisors // 2 < election.confirmations_required <= supervisors,
        _(
            "The signatures required must be more than half of the %(n)s supervisors and no more than all of them."
        )
        % {"n": supervisors},
        "quorum",
    )
    require(
        election.voting_ends_at > timezone.now(),
        _("The voting window has already passed: change it before opening the vote."),
        "window",
    )
    move(
        election,
        by=by,
        to=Election.State.VOTING_OPEN,
        stamp="voting_opened_at",
        action="election.open_voting",
    )
    transaction.on_commit(lambda: notify.voting_opened(election.pk))
    return election


@transaction.atomic
def close_voting(election: Election, *, by: User) -> Election:
    """No more ballots; the electronic ballots are rewritten in a random order (see ballots.shuffle)."""
    election = lock_election(election)
    require(
        access.can_run(by, election),
        _("Only the secretariat or a supervisor may close the vote."),
        "not_allowed",
    )
    require_state(election, Election.State.VOTING_OPEN, _("Only an open vote can be closed."))
    return _close(election, by=by)


def _close(election: Election, *, by: User | None, **changes) -> Election:
    move(
        election,
        by=by,
        to=Election.State.VOTING_CLOSED,
        stamp="voting_closed_at",
        action="election.close_voting",
        voters=election.voter_records.count(),
        **changes,
    )
    ballots.shuffle(election)
    transaction.on_commit(lambda: notify.voting_closed(election.pk))
    return election


def close_ended_votes(now=None) -> list[int]:
    """Close every vote whose window has ended (the system closes it, with no person as the actor).

    No ballot is accepted after the window in any case (Election.accepts_ballots_at); closing is what
    shuffles the ballots, tells the members and lets the tellers count. Run by the task that opening
    the vote schedules for the window's end (hamafza.assembly.views.elections), by the election's page
    when it is read after the window, and by the `close_ended_votes` command as a backstop."""
    now = now or timezone.now()
    closed = []
    due = Election.objects.filter(state=Election.State.VOTING_OPEN, voting_ends_at__lte=now)
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            election = lock_election(pk)
            if election.state == Election.State.VOTING_OPEN and election.voting_ends_at <= now:
                _close(election, by=None)
                closed.append(pk)
    return closed


# Candidates


def can_stand_for(user: User, member: Member) -> bool:
    """An officer or the representative of the NGO, or the secretariat on its behalf."""
    if access.can_manage_assembly(user, member.assembly):
        return True
    if user.organization_id != member.organization_id:
        return False
    return user.is_officer or member.speaks_for(user)


def _check_achievements(member: Member, reports) -> list[AchievementReport]:
    reports = list(reports)
    foreign = [r for r in reports if r.organization_id != member.organization_id]
    require(not foreign, _("A candidate shows only its own achievements reports."), "achievements")
    unaccepted = [r for r in reports if r.state != AchievementReport.State.ACCEPTED]
    require(not unaccepted, _("Only accepted achievements reports can be shown to voters."), "achievements")
    return reports


@transaction.atomic
def stand(election: Election, member: Member, *, by: User, programme: str, achievements=()) -> Candidate:
    """A member NGO stands while candidacy is open, with its programme and the reports it shows."""
    election = lock_election(election)
    require(
        member.assembly_id == election.assembly_id, _("Only members of the assembly can stand."), "not_member"
    )
    require(
        can_stand_for(by, member),
        _("Only the NGO's officers or representative may register it."),
        "not_allowed",
    )
    require_state(election, Election.State.CANDIDACY_OPEN, _("Candidacy is not open."))
    problem = eligibility_problem(member, election.election_day)
    require(problem is None, problem or "", "not_eligible")
    programme = (programme or "").strip()
    require(bool(programme), _("Write the NGO's programme for the voters."), "programme")
    reports = _check_achievements(member, achievements)
    candidate = Candidate.objects.filter(election=election, member=member).first()
    if candidate is not None:
        require(
            candidate.state == Candidate.State.WITHDRAWN,
            _("%(ngo)s is already a candidate.") % {"ngo": member.organization},
            "duplicate",
        )
        candidate.state, candidate.state_note, candidate.stood_by = Candidate.State.STANDING, "", by
        candidate.programme = programme
        candidate.save()
    else:
        candidate = Candidate.objects.create(
            election=election, member=member, programme=programme, stood_by=by
        )
    candidate.achievements.set(reports)
    audit.record(
        actor=by,
        action="candidate.stand",
        obj=candidate,
        changes={"programme": programme, "achievements": [str(r) for r in reports]},
        body_id=election.assembly.body_id,
    )
    return candidate


def _locked_candidate(candidate: Candidate) -> tuple[Candidate, Election]:
    election = lock_election(candidate.election_id)
    candidate = Candidate.objects.select_related("member__organization", "member__assembly").get(
        pk=candidate.pk
    )
    return candidate, election


@transaction.atomic
def update_candidate(candidate: Candidate, *, by: User, programme: str, achievements=()) -> Candidate:
    candidate, election = _locked_candidate(candidate)
    require(
        can_stand_for(by, candidate.member),
        _("Only the NGO's officers or representative may change it."),
        "not_allowed",
    )
    require_state(
        election, Election.State.CANDIDACY_OPEN, _("A candidacy changes only while candidacy is open.")
    )
    require(candidate.state == Candidate.State.STANDING, _("This candidacy is not standing."), "state")
    programme = (programme or "").strip()
    require(bool(programme), _("Write the NGO's programme for the voters."), "programme")
    reports = _check_achievements(candidate.member, achievements)
    before = candidate.programme
    candidate.programme = programme
    candidate.save(update_fields=["programme"])
    candidate.achievements.set(reports)
    audit.record(
        actor=by,
        action="candidate.update",
        obj=candidate,
        changes={"programme": [before, programme], "achievements": [str(r) for r in reports]},
        body_id=election.assembly.body_id,
    )
    return candidate


@transaction.atomic
def withdraw(candidate: Candidate, *, by: User) -> Candidate:
    """A candidate withdraws before voting opens."""
    candidate, election = _locked_candidate(candidate)
    require(
        can_stand_for(by, candidate.member),
        _("Only the NGO's officers or representative may withdraw it."),
        "not_allowed",
    )
    require(
        election.state in (Election.State.CANDIDACY_OPEN, Election.State.CANDIDACY_CLOSED),
        _("A candidacy can be withdrawn only before voting opens."),
        "state",
    )
    require(candidate.state == Candidate.State.STANDING, _("This candidacy is not standing."), "state")
    candidate.state = Candidate.State.WITHDRAWN
    candidate.save(update_fields=["state"])
    audit.record(
        actor=by,
        action="candidate.withdraw",
        obj=candidate,
        changes={"state": [Candidate.State.STANDING, candidate.state]},
        body_id=election.assembly.body_id,
    )
    return candidate


@transaction.atomic
def refuse_candidate(candidate: Candidate, *, by: User, reason: str) -> Candidate:
    """The secretariat does not admit a candidacy, with a reason, before voting opens."""
    candidate, election = _locked_candidate(candidate)
    require_manager(by, election.assembly)
    require(
        election.state in (Election.State.CANDIDACY_OPEN, Election.State.CANDIDACY_CLOSED),
        _("A candidacy can be refused only before voting opens."),
        "state",
    )
    require(candidate.state == Candidate.State.STANDING, _("This candidacy is not standing."), "state")
    reason = (reason or "").strip()
    require(bool(reason), _("Give the reason the candidate is not admitted."), "reason")
    candidate.state, candidate.state_note = Candidate.State.REFUSED, reason
    candidate.save(update_fields=["state", "state_note"])
    audit.record(
        actor=by,
        action="candidate.refuse",
        obj=candidate,
        changes={"state": [Candidate.State.STANDING, candidate.state], "reason": reason},
        body_id=election.assembly.body_id,
    )
    return candidate
