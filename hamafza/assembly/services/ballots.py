"""Casting ballots, on the site, through the API or on paper, and keeping who voted apart from what.

One ballot per member NGO, by any route: `VoterRecord` has a unique constraint on (election, member) and
is inserted in the same transaction as the ballot, so of two requests at the same instant the second
fails on the constraint and its ballot is rolled back with it. Nothing is cast outside the voting
window: the state and the time are checked inside that transaction, under a shared lock on the
election row that a close of the vote must wait for (services.common.share_lock_election).

Secrecy: the ballot row holds the election, the hash of a random tracking code, the choices and their
validity; nothing of the member, the user, the channel or the time. The audit log and the log say
«member X voted» (with who and how) and, separately and without anyone's name or address, «a ballot
was cast». The tracking code is shown once, to the voter, in the answer to the vote; it is kept
nowhere else, not even in the voter's notification (that would tie the code, and through its hash the
ballot, to a user).

Paper ballots: the secretariat or a teller records who took a paper ballot (a voter record on paper);
two tellers then enter each paper ballot independently by its paper number, which is not linked to any
member. When two tellers' readings agree the paper ballot is counted; where they differ it is flagged
until a teller corrects their entry.
"""

import hashlib
import logging
import random
import secrets
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from hamafza.accounts.models import User
from hamafza.assembly import access, notify
from hamafza.assembly.models import Ballot, Candidate, Election, Member, PaperEntry, VoterRecord
from hamafza.assembly.services.common import (
    AssemblyError,
    require,
    share_lock_election,
    unattributed,
)
from hamafza.assembly.services.eligibility import eligibility_problem
from hamafza.audit import services as audit
from hamafza.lib.persian import to_ascii_digits

log = logging.getLogger("hamafza.assembly.ballots")

CODE_DIGITS = 12
FINGERPRINT_DIGITS = 10


# Tracking codes


def new_code() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))


def format_code(code: str) -> str:
    """1234-5678-9012: read and copied in groups of four."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def clean_code(text: str) -> str:
    """What a voter typed (any digits, dashes, spaces) as the bare digits."""
    return "".join(ch for ch in to_ascii_digits(text or "") if ch.isdigit())


def tracking_hash(election_id: int, code: str) -> str:
    return hashlib.sha256(f"hamafza-ballot:{election_id}:{code}".encode()).hexdigest()


def paper_hash(election_id: int, number: int) -> str:
    return tracking_hash(election_id, f"paper-{number}")


def fingerprint(hash_hex: str) -> str:
    """The short public form of a tracking hash, as the published list shows it: 12345-67890."""
    digits = str(int(hash_hex[:16], 16) % 10**FINGERPRINT_DIGITS).zfill(FINGERPRINT_DIGITS)
    return f"{digits[:5]}-{digits[5:]}"


@dataclass(frozen=True)
class Receipt:
    """What the voter is shown once, after voting."""

    code: str
    fingerprint: str
    invalid_reason: str

    @property
    def display_code(self) -> str:
        return format_code(self.code)


# Judging a ballot


def candidate_ids(election: Election) -> set[int]:
    return set(
        Candidate.objects.filter(election=election, state=Candidate.State.STANDING).values_list(
            "pk", flat=True
        )
    )


def judge(election: Election, choices, known: set[int] | None = None) -> tuple[list[int], str]:
    """The chosen candidate ids (sorted, once each) and why the ballot is invalid ('' if valid).
    A choice that is not a standing candidate refuses the ballot: it is a mistake, not a vote."""
    try:
        chosen = sorted({int(to_ascii_digits(str(choice))) for choice in choices or []})
    except (TypeError, ValueError):
        raise AssemblyError(
            _("A choice on the ballot is not a candidate."), code="unknown_candidate"
        ) from None
    known = candidate_ids(election) if known is None else known
    require(set(chosen) <= known, _("A choice on the ballot is not a candidate."), "unknown_candidate")
    if not chosen:
        return [], Ballot.Invalid.BLANK
    if len(chosen) > election.max_choices:
        return chosen, Ballot.Invalid.TOO_MANY
    return chosen, ""


# Casting


def _open_for_ballots(election: Election) -> None:
    require(election.state == Election.State.VOTING_OPEN, _("Voting is not open in this election."), "closed")
    require(election.in_window(), _("The voting window of this election is not open now."), "window")


def _eligible_member(election: Election, member: Member) -> Member:
    member = Member.objects.select_related("organization").get(pk=member.pk)
    require(
        member.assembly_id == election.assembly_id,
        _("This NGO is not a member of the assembly."),
        "not_member",
    )
    problem = eligibility_problem(member, election.election_day)
    require(problem is None, problem or "", "not_eligible")
    return member


def _record_voter(election: Election, member: Member, channel: str) -> VoterRecord:
    """Insert the voter record; the unique constraint refuses a second one by any route."""
    try:
        with transaction.atomic():
            return VoterRecord.objects.create(election=election, member=member, channel=channel)
    except IntegrityError:
        raise AssemblyError(
            _("%(ngo)s has already voted in this election.") % {"ngo": member.organization},
            code="already_voted",
        ) from None


def _insert_ballot(election: Election, choices: list[int], invalid: str) -> str:
    """The ballot, with the hash of a fresh tracking code; a code whose hash is taken is drawn again."""
    while True:
        code = new_code()
        try:
            with transaction.atomic():
                Ballot.objects.create(
                    election=election,
                    tracking_hash=tracking_hash(election.pk, code),
                    choices=choices,
                    invalid_reason=invalid,
                )
            return code
        except IntegrityError:  # pragma: no cover - one chance in 10^12 per pair of ballots
            continue


def cast_ballot(election: Election, member: Member, *, by: User, choices, channel: str) -> Receipt:
    """The member's ballot, cast by its representative or substitute; returns the receipt to show once."""
    require(channel in (VoterRecord.Channel.WEB, VoterRecord.Channel.API), _("Unknown channel."), "channel")
    with transaction.atomic():
        election = share_lock_election(election)
        _open_for_ballots(election)
        member = _eligible_member(election, member)
        require(
            member.speaks_for(by),
            _("Only the representative or the substitute of %(ngo)s may cast its ballot.")
            % {"ngo": member.organization},
            "not_representative",
        )
        chosen, invalid = judge(election, choices)
        _record_voter(election, member, channel)
        code = _insert_ballot(election, chosen, invalid)
        audit.record(
            actor=by,
            action="ballot.voter",
            obj=member,
            changes={"election": election, "channel": channel},
            body_id=election.assembly.body_id,
        )
        with unattributed():
            audit.record(actor=None, action="ballot.cast", obj=election, body_id=election.assembly.body_id)
        log.info("member %s voted in election %s (%s)", member.pk, election.pk, channel)
        log.info("a ballot was cast in election %s", election.pk)
        election_id, member_id = election.pk, member.pk
        transaction.on_commit(lambda: notify.voted(election_id, member_id, channel))
    return Receipt(
        code=code, fingerprint=fingerprint(tracking_hash(election.pk, code)), invalid_reason=invalid
    )


def record_paper_voter(election: Election, member: Member, *, by: User) -> VoterRecord:
    """The member took a paper ballot: it has voted, on paper, and cannot vote again by any route."""
    with transaction.atomic():
        election = share_lock_election(election)
        require(
            access.can_record_paper_voters(by, election),
            _("Only the secretariat or a teller hands out paper ballots."),
            "not_teller",
        )
        _open_for_ballots(election)
        member = _eligible_member(election, member)
        record = _record_voter(election, member, VoterRecord.Channel.PAPER)
        audit.record(
            actor=by,
            action="ballot.paper_voter",
            obj=member,
            changes={"election": election, "channel": VoterRecord.Channel.PAPER},
            body_id=election.assembly.body_id,
        )
        log.info("member %s took a paper ballot in election %s", member.pk, election.pk)
        election_id, member_id = election.pk, member.pk
        transaction.on_commit(lambda: notify.voted(election_id, member_id, VoterRecord.Channel.PAPER))
    return record


# Paper ballots entered by two tellers


class PaperState:
    WAITING = "waiting"  # one teller has entered it
    DISAGREE = "disagree"  # the tellers' readings differ
    COUNTED = "counted"  # two readings agreed: a ballot


@dataclass
class PaperSheet:
    number: int
    entries: list[PaperEntry] = field(default_factory=list)
    counted: bool = False

    @property
    def state(self) -> str:
        if self.counted:
            return PaperState.COUNTED
        if len({entry.reading() for entry in self.entries}) > 1:
            return PaperState.DISAGREE
        return PaperState.WAITING


def enter_paper_ballot(
    election: Election, *, by: User, paper_number: int, choices=(), spoiled: bool = False
) -> str:
    """A teller's reading of paper ballot `paper_number` (a correction replaces the teller's own entry);
    returns the sheet's state after it. Two agreeing readings by two tellers count it."""
    with transaction.atomic():
        election = share_lock_election(election)
        require(
            access.is_teller(by, election),
            _("Only the election's tellers enter paper ballots."),
            "not_teller",
        )
        require(
            election.state in (Election.State.VOTING_OPEN, Election.State.VOTING_CLOSED),
            _("Paper ballots are entered while voting is open or closed, before the count."),
            "state",
        )
        require(
            isinstance(paper_number, int) and 0 < paper_number < 1_000_000,
            _("The paper number is the number printed on the ballot."),
            "paper_number",
        )
        require(
            not Ballot.objects.filter(election=election, paper_number=paper_number).exists(),
            _("Paper ballot %(n)s has already been counted.") % {"n": paper_number},
            "counted",
        )
        chosen, invalid = ([], Ballot.Invalid.SPOILED) if spoiled else judge(election, choices)
        PaperEntry.objects.update_or_create(
            election=election,
            paper_number=paper_number,
            teller=by,
            defaults={"choices": chosen, "spoiled": spoiled},
        )
        audit.record(
            actor=by,
            action="ballot.paper_entry",
            obj=election,
            changes={"paper": paper_number},
            body_id=election.assembly.body_id,
        )
        entries = list(PaperEntry.objects.filter(election=election, paper_number=paper_number))
        readings = {entry.reading() for entry in entries}
        if len(readings) > 1:
            return PaperState.DISAGREE
        if len({entry.teller_id for entry in entries}) < 2:
            return PaperState.WAITING
        try:
            with transaction.atomic():
                Ballot.objects.create(
                    election=election,
                    tracking_hash=paper_hash(election.pk, paper_number),
                    choices=chosen,
                    invalid_reason=invalid,
                    paper_number=paper_number,
                )
        except IntegrityError:  # another teller's agreeing entry counted it at the same moment
            return PaperState.COUNTED
        audit.record(
            actor=by,
            action="ballot.paper_counted",
            obj=election,
            changes={"paper": paper_number},
            body_id=election.assembly.body_id,
        )
    return PaperState.COUNTED


def paper_sheets(election: Election) -> list[PaperSheet]:
    """Every paper ballot entered so far, with each teller's reading and its state."""
    counted = set(
        Ballot.objects.filter(election=election, paper_number__isnull=False).values_list(
            "paper_number", flat=True
        )
    )
    sheets: dict[int, PaperSheet] = {}
    for entry in (
        PaperEntry.objects.filter(election=election).select_related("teller").order_by("paper_number", "pk")
    ):
        sheet = sheets.setdefault(
            entry.paper_number, PaperSheet(entry.paper_number, counted=entry.paper_number in counted)
        )
        sheet.entries.append(entry)
    return [sheets[number] for number in sorted(sheets)]


# Order on disk


def shuffle(election: Election) -> int:
    """Rewrite the electronic ballots of the election in a random order with new keys, so that neither
    their keys nor their place in the table (PostgreSQL's ctid, SQLite's rowid) follows the order in
    which they were cast. Run when voting closes, inside its transaction."""
    rows = list(
        Ballot.objects.filter(election=election, paper_number__isnull=True).values_list(
            "tracking_hash", "choices", "invalid_reason"
        )
    )
    Ballot.objects.filter(election=election, paper_number__isnull=True).delete()
    random.SystemRandom().shuffle(rows)
    Ballot.objects.bulk_create(
        [Ballot(election=election, tracking_hash=h, choices=c, invalid_reason=r) for h, c, r in rows],
        batch_size=2000,
    )
    return len(rows)


# Verification by the voter


def is_counted(election: Election, text: str) -> bool:
    """Whether the ballot with this tracking code (or this paper number) is among the ballots."""
    digits = clean_code(text)
    if not digits:
        return False
    if len(digits) == CODE_DIGITS:
        wanted = tracking_hash(election.pk, digits)
    elif len(digits) <= 6:
        wanted = paper_hash(election.pk, int(digits))
    else:
        return False
    return Ballot.objects.filter(election=election, tracking_hash=wanted).exists()


def published_fingerprints(election: Election) -> list[str]:
    """The fingerprints of every electronic ballot, in their own sorted order (which reveals nothing)."""
    hashes = Ballot.objects.filter(election=election, paper_number__isnull=True).values_list(
        "tracking_hash", flat=True
    )
    return sorted(fingerprint(h) for h in hashes)


def counted_paper_numbers(election: Election) -> list[int]:
    numbers = Ballot.objects.filter(election=election, paper_number__isnull=False).values_list(
        "paper_number", flat=True
    )
    return sorted(number for number in numbers if number is not None)
