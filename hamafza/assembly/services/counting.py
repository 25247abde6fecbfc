"""The count, ties, the supervisors' signatures and the publication of the results.

Approval voting: a valid ballot marks one to `max_choices` candidates and gives each one vote; a blank
ballot, one with too many marks and a spoiled paper are invalid and counted as such. Candidates are
ranked by votes; the first `seats` are elected and the next `substitutes` are substitutes, in order.

Ties are never resolved silently. Candidates with equal votes who straddle the last seat are «tied»
until the election's rule is applied: a drawing of lots, recorded by a supervisor with how it was done,
or a second round among them (an election of its own, whose confirmed result gives their order). A tie
among substitutes is resolved by lots. The results cannot be signed while a tie stands.

The results are confirmed when the required number of supervisors (all of them unless the election
names a majority) have signed; the secretariat then publishes them, which issues a numbered letter of
introduction to each elected NGO.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamafza.accounts.models import User
from hamafza.assembly import access, notify
from hamafza.assembly.models import (
    Ballot,
    Candidate,
    Confirmation,
    Election,
    Official,
    ResultLine,
    TieBreak,
    VoterRecord,
)
from hamafza.assembly.services import letters
from hamafza.assembly.services.common import AssemblyError, lock_election, require, require_manager
from hamafza.assembly.services.elections import confirmations_needed, move, require_state, standing
from hamafza.assembly.services.eligibility import eligible_members
from hamafza.audit import services as audit

Outcome = ResultLine.Outcome


# Tally


@dataclass
class Tally:
    votes: dict[int, int]  # candidate id → votes
    ballots: int = 0
    valid: int = 0
    invalid: dict[str, int] = field(default_factory=dict)


def tally(election: Election) -> Tally:
    """Votes per candidate and ballots by validity, added up by the database (JSON arrays unnested)."""
    table = Ballot._meta.db_table
    if connection.vendor == "postgresql":
        sql = (
            f'SELECT (e.value)::int, count(*) FROM "{table}" b '
            "CROSS JOIN LATERAL jsonb_array_elements_text(b.choices) e "
            "WHERE b.election_id = %s AND b.invalid_reason = '' GROUP BY 1"
        )
    else:
        sql = (
            f'SELECT CAST(e.value AS INTEGER), count(*) FROM "{table}" b, json_each(b.choices) e '
            "WHERE b.election_id = %s AND b.invalid_reason = '' GROUP BY 1"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, [election.pk])
        votes = {int(candidate): int(n) for candidate, n in cursor.fetchall()}
    by_validity = dict(
        Ballot.objects.filter(election=election)
        .values("invalid_reason")
        .annotate(n=Count("pk"))
        .values_list("invalid_reason", "n")
    )
    valid = by_validity.pop("", 0)
    return Tally(votes=votes, ballots=valid + sum(by_validity.values()), valid=valid, invalid=by_validity)


# Ranking


@dataclass
class Line:
    candidate_id: int
    votes: int
    name: str
    rank: int = 0
    outcome: str = Outcome.NOT_ELECTED
    by_tie_break: bool = False


@dataclass
class Tie:
    """Candidates with equal votes whose order decides a seat or a substitute's place."""

    candidate_ids: list[int]
    at_last_seat: bool  # resolved by the election's rule; otherwise among substitutes, by lots
    first: int  # the first place the group takes


def rank(
    election: Election, votes: dict[int, int], names: dict[int, str], breaks: list[TieBreak]
) -> tuple[list[Line], list[Tie]]:
    """Lines in order with rank and outcome, and the ties still to resolve."""
    seats, substitutes = election.seats, election.substitutes
    order_of: dict[int, int] = {}
    for tie_break in breaks:
        for position, candidate_id in enumerate(tie_break.order):
            order_of[candidate_id] = position
    lines = sorted(
        (Line(candidate_id=pk, votes=votes.get(pk, 0), name=names[pk]) for pk in names),
        key=lambda line: (-line.votes, line.name),
    )
    groups: list[list[Line]] = []
    for line in lines:
        if groups and groups[-1][0].votes == line.votes:
            groups[-1].append(line)
        else:
            groups.append([line])
    ordered: list[Line] = []
    ties: list[Tie] = []
    for group in groups:
        first = len(ordered) + 1
        last = first + len(group) - 1
        at_last_seat = first <= seats < last
        matters = len(group) > 1 and (at_last_seat or (first <= seats + substitutes and last > seats))
        resolved = matters and all(line.candidate_id in order_of for line in group)
        if resolved:
            group = sorted(group, key=lambda line: order_of[line.candidate_id])
        for offset, line in enumerate(group):
            position = first + offset
            line.rank = position if (resolved or len(group) == 1) else first
            line.by_tie_break = resolved
            if matters and not resolved and (at_last_seat or position > seats):
                line.outcome = Outcome.TIED
            elif position <= seats:
                line.outcome = Outcome.ELECTED
            elif position <= seats + substitutes:
                line.outcome = Outcome.SUBSTITUTE
            else:
                line.outcome = Outcome.NOT_ELECTED
            ordered.append(line)
        if matters and not resolved:
            ties.append(Tie([line.candidate_id for line in group], at_last_seat=at_last_seat, first=first))
    return ordered, ties


def _names(election: Election) -> dict[int, str]:
    return {
        candidate.pk: candidate.member.organization.name
        for candidate in standing(election).select_related("member__organization")
    }


def _write_results(election: Election) -> list[Tie]:
    """Rank the stored votes again (after a tie break) and rewrite the result lines."""
    votes = dict(ResultLine.objects.filter(election=election).values_list("candidate_id", "votes"))
    lines, ties = rank(election, votes, _names(election), list(election.tie_breaks.all()))
    ResultLine.objects.filter(election=election).delete()
    ResultLine.objects.bulk_create(
        ResultLine(
            election=election,
            candidate_id=line.candidate_id,
            votes=line.votes,
            rank=line.rank,
            outcome=line.outcome,
            by_tie_break=line.by_tie_break,
        )
        for line in lines
    )
    return ties


def open_ties(election: Election) -> list[Tie]:
    votes = dict(ResultLine.objects.filter(election=election).values_list("candidate_id", "votes"))
    return rank(election, votes, _names(election), list(election.tie_breaks.all()))[1]


# The count


def paper_problems(election: Election) -> list[str]:
    """What stops the count on the paper side: sheets entered once or read differently, or more paper
    ballots than members who took one."""
    from hamafza.assembly.services.ballots import PaperState, paper_sheets

    problems = []
    for sheet in paper_sheets(election):
        if sheet.state == PaperState.DISAGREE:
            problems.append(
                str(_("The tellers' readings of paper ballot %(n)s differ.") % {"n": sheet.number})
            )
        elif sheet.state == PaperState.WAITING:
            problems.append(
                str(_("Paper ballot %(n)s has been entered by one teller only.") % {"n": sheet.number})
            )
    paper_ballots = Ballot.objects.filter(election=election, paper_number__isnull=False).count()
    paper_voters = VoterRecord.objects.filter(election=election, channel=VoterRecord.Channel.PAPER).count()
    if paper_ballots > paper_voters:
        problems.append(
            str(
                _("%(ballots)s paper ballots were entered but only %(voters)s members took one.")
                % {"ballots": paper_ballots, "voters": paper_voters}
            )
        )
    return problems


@transaction.atomic
def count_votes(election: Election, *, by: User) -> Election:
    election = lock_election(election)
    require(
        access.can_run(by, election),
        _("Only the secretariat or a supervisor may count the votes."),
        "not_allowed",
    )
    require_state(
        election, Election.State.VOTING_CLOSED, _("The votes are counted once voting is closed, and once.")
    )
    problems = paper_problems(election)
    require(not problems, " ".join(problems), "paper")
    counted = tally(election)
    names = _names(election)
    election.eligible_count = eligible_members(election.assembly, election.election_day).count()
    election.voters_count = VoterRecord.objects.filter(election=election).count()
    election.ballots_count = counted.ballots
    election.valid_count = counted.valid
    election.blank_count = counted.invalid.get(Ballot.Invalid.BLANK, 0)
    election.overvote_count = counted.invalid.get(Ballot.Invalid.TOO_MANY, 0)
    election.spoiled_count = counted.invalid.get(Ballot.Invalid.SPOILED, 0)
    election.save(
        update_fields=[
            "eligible_count",
            "voters_count",
            "ballots_count",
            "valid_count",
            "blank_count",
            "overvote_count",
            "spoiled_count",
        ]
    )
    ResultLine.objects.filter(election=election).delete()
    ResultLine.objects.bulk_create(
        ResultLine(
            election=election,
            candidate_id=pk,
            votes=counted.votes.get(pk, 0),
            rank=0,
            outcome=Outcome.NOT_ELECTED,
        )
        for pk in names
    )
    ties = _write_results(election)
    move(
        election,
        by=by,
        to=Election.State.COUNTED,
        stamp="counted_at",
        action="election.count",
        ballots=counted.ballots,
        valid=counted.valid,
        ties=len(ties),
    )
    transaction.on_commit(lambda: notify.counted(election.pk))
    return election


# Ties


def _tie_for(election: Election, candidate_ids: list[int]) -> Tie:
    for tie in open_ties(election):
        if set(tie.candidate_ids) == set(candidate_ids) and len(candidate_ids) == len(set(candidate_ids)):
            return tie
    raise AssemblyError(_("These candidates are not a tie awaiting resolution."), code="no_tie")


@transaction.atomic
def record_lots(election: Election, *, by: User, order: list[int], note: str) -> TieBreak:
    """A supervisor records the drawing of lots: the tied candidates in the order drawn, and how it was
    done (where, before whom)."""
    election = lock_election(election)
    require(
        access.is_supervisor(by, election),
        _("Only a supervisor records a drawing of lots."),
        "not_supervisor",
    )
    require_state(
        election, Election.State.COUNTED, _("Lots are drawn after the count, before the results are signed.")
    )
    tie = _tie_for(election, order)
    require(
        not tie.at_last_seat or election.tie_rule == Election.TieRule.LOTS,
        _("This election resolves a tie for the last seat by a second round."),
        "rule",
    )
    note = (note or "").strip()
    require(bool(note), _("Write how the lots were drawn and before whom."), "note")
    tie_break = TieBreak.objects.create(
        election=election, method=Election.TieRule.LOTS, order=list(order), note=note, recorded_by=by
    )
    _write_results(election)
    audit.record(
        actor=by,
        action="election.lots",
        obj=election,
        changes={
            "order": [
                str(c) for c in Candidate.objects.filter(pk__in=order).select_related("member__organization")
            ],
            "note": note,
        },
        body_id=election.assembly.body_id,
    )
    return tie_break


@transaction.atomic
def call_runoff(election: Election, *, by: User, voting_starts_at, voting_ends_at) -> Election:
    """A second round among the candidates tied for the last seat: an election of its own with the
    seats left to them, the same officials, candidacy closed; its confirmed result orders the tie."""
    election = lock_election(election)
    require_manager(by, election.assembly)
    require_state(election, Election.State.COUNTED, _("A second round is called after the count."))
    require(
        election.tie_rule == Election.TieRule.SECOND_ROUND, _("This election resolves ties by lots."), "rule"
    )
    ties = [tie for tie in open_ties(election) if tie.at_last_seat]
    require(bool(ties), _("No tie for the last seat awaits a second round."), "no_tie")
    require(
        not election.runoffs.exclude(state=Election.State.PUBLISHED)
        .exclude(state=Election.State.CONFIRMED)
        .exists(),
        _("A second round of this election is already under way."),
        "runoff",
    )
    require(
        voting_starts_at is not None and voting_ends_at is not None and voting_ends_at > voting_starts_at,
        _("Voting must end after it starts."),
        "window",
    )
    tie = ties[0]
    seats_left = election.seats - tie.first + 1
    runoff = Election.objects.create(
        assembly=election.assembly,
        title=str(_("%(title)s — second round") % {"title": election.title}),
        meeting=election.meeting,
        seats=seats_left,
        max_choices=seats_left,
        substitutes=len(tie.candidate_ids) - seats_left,
        tie_rule=Election.TieRule.LOTS,
        voting_starts_at=voting_starts_at,
        voting_ends_at=voting_ends_at,
        confirmations_required=election.confirmations_required,
        runoff_of=election,
        state=Election.State.CANDIDACY_CLOSED,
        candidacy_opened_at=timezone.now(),
        candidacy_closed_at=timezone.now(),
        created_by=by,
    )
    for candidate in Candidate.objects.filter(pk__in=tie.candidate_ids):
        copy = Candidate.objects.create(
            election=runoff,
            member=candidate.member,
            programme=candidate.programme,
            stood_by=candidate.stood_by,
        )
        copy.achievements.set(candidate.achievements.all())
    Official.objects.bulk_create(
        Official(election=runoff, user_id=o.user_id, role=o.role, title=o.title)
        for o in election.officials.all()
    )
    audit.record(
        actor=by,
        action="election.runoff",
        obj=election,
        changes={"runoff": runoff, "candidates": len(tie.candidate_ids), "seats": seats_left},
        body_id=election.assembly.body_id,
    )
    return runoff


def _apply_runoff(runoff: Election, *, by: User) -> None:
    """The confirmed order of a second round becomes the order of its tie in the first."""
    assert runoff.runoff_of_id is not None
    parent = lock_election(runoff.runoff_of_id)
    by_member = {c.member_id: c.pk for c in parent.candidates.all()}
    lines = ResultLine.objects.filter(election=runoff).select_related("candidate").order_by("rank", "pk")
    order = [by_member[line.candidate.member_id] for line in lines]
    TieBreak.objects.create(
        election=parent,
        method=Election.TieRule.SECOND_ROUND,
        order=order,
        runoff=runoff,
        note=str(_("Order of the second round «%(title)s».") % {"title": runoff.title}),
        recorded_by=by,
    )
    _write_results(parent)


# Signatures and publication


@transaction.atomic
def confirm_results(election: Election, *, by: User) -> Election:
    """A supervisor signs the counted results; with the signatures required they are confirmed."""
    election = lock_election(election)
    require(
        access.is_supervisor(by, election),
        _("Only the election's supervisors sign its results."),
        "not_supervisor",
    )
    require_state(election, Election.State.COUNTED, _("Only counted results, not yet confirmed, are signed."))
    require(not open_ties(election), _("A tie must be resolved before the results are signed."), "tie")
    require(
        not Confirmation.objects.filter(election=election, user=by).exists(),
        _("You have already signed these results."),
        "signed",
    )
    Confirmation.objects.create(election=election, user=by)
    signed = election.confirmations.count()
    audit.record(
        actor=by,
        action="election.confirm",
        obj=election,
        changes={"signatures": signed},
        body_id=election.assembly.body_id,
    )
    if signed >= confirmations_needed(election):
        move(
            election,
            by=by,
            to=Election.State.CONFIRMED,
            stamp="confirmed_at",
            action="election.confirmed",
            signatures=signed,
        )
        if election.runoff_of_id:
            _apply_runoff(election, by=by)
        transaction.on_commit(lambda: notify.confirmed(election.pk))
    return election


@transaction.atomic
def publish_results(election: Election, *, by: User) -> Election:
    """The results are published; each elected NGO gets its numbered letter of introduction."""
    election = lock_election(election)
    require_manager(by, election.assembly)
    require_state(election, Election.State.CONFIRMED, _("Only confirmed results are published."))
    issued = [] if election.runoff_of_id else letters.issue_letters(election, by=by)
    move(
        election,
        by=by,
        to=Election.State.PUBLISHED,
        stamp="published_at",
        action="election.publish",
        letters=len(issued),
    )
    transaction.on_commit(lambda: notify.published(election.pk))
    return election


def outcome_counts(election: Election) -> Counter:
    return Counter(ResultLine.objects.filter(election=election).values_list("outcome", flat=True))
