"""The election's rules, through the service functions that every page and the API call: states that
run one way, who may stand and vote, one ballot per member by every route, the voting window, paper
ballots entered by two tellers, invalid ballots."""

import datetime as dt

import pytest
from django.utils import timezone

from hamafza.assembly.models import Ballot, Candidate, Election, PaperEntry, VoterRecord
from hamafza.assembly.services import ballots, counting
from hamafza.assembly.services import elections as services
from hamafza.assembly.services.common import AssemblyError
from hamafza.audit.models import AuditEntry
from tests.assembly.conftest import stand_all

State = Election.State


def codes(error) -> str:
    return error.value.code


def test_states_run_forward_with_the_time_and_the_audit(election, members, secretary, sup1):
    assert election.state == State.DRAFT
    services.open_candidacy(election, by=secretary)
    stand_all(election, members, secretary)
    services.close_candidacy(election, by=secretary)
    services.open_voting(election, by=sup1)
    services.close_voting(election, by=secretary)
    counting.count_votes(election, by=sup1)
    election.refresh_from_db()
    assert election.state == State.COUNTED
    for stamp in (
        "candidacy_opened_at",
        "candidacy_closed_at",
        "voting_opened_at",
        "voting_closed_at",
        "counted_at",
    ):
        assert getattr(election, stamp) is not None
    entries = AuditEntry.objects.filter(object_type="assembly.election", object_id=election.pk).order_by("id")
    steps = [
        e.action
        for e in entries
        if e.action.startswith("election.") and e.action not in ("election.create", "election.official")
    ]
    assert steps == [
        "election.open_candidacy",
        "election.close_candidacy",
        "election.open_voting",
        "election.close_voting",
        "election.count",
    ]
    opened = entries.get(action="election.open_voting")
    assert (opened.actor, opened.changes["state"]) == (sup1, [State.CANDIDACY_CLOSED, State.VOTING_OPEN])


def test_a_closed_election_cannot_be_reopened(voting, secretary, sup1):
    services.close_voting(voting, by=secretary)
    with pytest.raises(AssemblyError) as error:
        services.open_voting(voting, by=secretary)
    assert codes(error) == "state"
    with pytest.raises(AssemblyError):
        services.open_candidacy(voting, by=secretary)
    with pytest.raises(AssemblyError):
        services.close_voting(voting, by=sup1)
    voting.refresh_from_db()
    assert voting.state == State.VOTING_CLOSED


def test_closed_candidacy_cannot_be_reopened(candidates, election, secretary):
    services.close_candidacy(election, by=secretary)
    with pytest.raises(AssemblyError):
        services.open_candidacy(election, by=secretary)


@pytest.mark.parametrize("who", ["rep_a", "teller1", "viewer", "other_secretary"])
def test_only_secretariat_or_supervisors_move_the_election(request, candidates, election, secretary, who):
    services.close_candidacy(election, by=secretary)
    user = request.getfixturevalue(who)
    with pytest.raises(AssemblyError) as error:
        services.open_voting(election, by=user)
    assert codes(error) == "not_allowed"
    with pytest.raises(AssemblyError):
        services.open_candidacy(election, by=user)


def test_voting_needs_a_supervisor(assembly, members, secretary):
    starts = timezone.now() - dt.timedelta(hours=1)
    election = services.create_election(
        assembly,
        by=secretary,
        data=services.ElectionData(
            title="بی‌ناظر",
            seats=1,
            max_choices=1,
            voting_starts_at=starts,
            voting_ends_at=starts + dt.timedelta(hours=3),
        ),
    )
    services.open_candidacy(election, by=secretary)
    stand_all(election, members, secretary, keys=("a",))
    services.close_candidacy(election, by=secretary)
    with pytest.raises(AssemblyError) as error:
        services.open_voting(election, by=secretary)
    assert codes(error) == "no_supervisor"


# Eligibility


def test_an_ngo_whose_licence_expired_can_neither_stand_nor_vote(
    election, candidates, expired, rep_expired, secretary
):
    with pytest.raises(AssemblyError) as error:
        services.stand(election, expired, by=secretary, programme="برنامه")
    assert codes(error) == "not_eligible"
    services.close_candidacy(election, by=secretary)
    services.open_voting(election, by=secretary)
    with pytest.raises(AssemblyError) as error:
        ballots.cast_ballot(election, expired, by=rep_expired, choices=[candidates["a"].pk], channel="web")
    assert codes(error) == "not_eligible"
    assert expired.organization.name in str(error.value)
    assert VoterRecord.objects.count() == Ballot.objects.count() == 0


def test_a_non_member_cannot_vote(voting, candidates, stranger_ngo, stranger, assembly, today):
    from hamafza.assembly.models import Member

    other_assembly = assembly.__class__.objects.create(body=assembly.body, name="مجمع دیگر")
    outsider = Member.objects.create(
        assembly=other_assembly, organization=stranger_ngo, representative=stranger, joined_on=today
    )
    with pytest.raises(AssemblyError) as error:
        ballots.cast_ballot(voting, outsider, by=stranger, choices=[candidates["a"].pk], channel="web")
    assert codes(error) == "not_member"
    assert VoterRecord.objects.count() == 0


def test_a_representative_cannot_vote_for_another_ngo(voting, candidates, members, rep_a):
    with pytest.raises(AssemblyError) as error:
        ballots.cast_ballot(voting, members["b"], by=rep_a, choices=[candidates["a"].pk], channel="web")
    assert codes(error) == "not_representative"
    assert VoterRecord.objects.count() == Ballot.objects.count() == 0


def test_the_substitute_may_vote_in_place_of_the_representative(voting, candidates, members, sub_a, rep_a):
    ballots.cast_ballot(voting, members["a"], by=sub_a, choices=[candidates["b"].pk], channel="web")
    with pytest.raises(AssemblyError) as error:
        ballots.cast_ballot(voting, members["a"], by=rep_a, choices=[candidates["b"].pk], channel="web")
    assert codes(error) == "already_voted"


# One ballot per member, by every route


def test_double_voting_is_refused_by_every_route(voting, candidates, members, rep_a, teller1):
    receipt = ballots.cast_ballot(voting, members["a"], by=rep_a, choices=[candidates["a"].pk], channel="web")
    assert len(receipt.code) == 12
    for attempt in (
        lambda: ballots.cast_ballot(
            voting, members["a"], by=rep_a, choices=[candidates["b"].pk], channel="web"
        ),
        lambda: ballots.cast_ballot(
            voting, members["a"], by=rep_a, choices=[candidates["b"].pk], channel="api"
        ),
        lambda: ballots.record_paper_voter(voting, members["a"], by=teller1),
    ):
        with pytest.raises(AssemblyError) as error:
            attempt()
        assert codes(error) == "already_voted"
    assert VoterRecord.objects.filter(member=members["a"]).count() == 1
    assert Ballot.objects.count() == 1


def test_a_member_who_took_a_paper_ballot_cannot_vote_on_the_site(
    voting, candidates, members, rep_b, teller1
):
    ballots.record_paper_voter(voting, members["b"], by=teller1)
    with pytest.raises(AssemblyError) as error:
        ballots.cast_ballot(voting, members["b"], by=rep_b, choices=[candidates["a"].pk], channel="web")
    assert codes(error) == "already_voted"
    assert Ballot.objects.count() == 0


# The voting window


def test_nothing_is_cast_before_voting_opens_or_after_it_closes(
    election, candidates, members, rep_a, secretary
):
    with pytest.raises(AssemblyError) as error:
        ballots.cast_ballot(election, members["a"], by=rep_a, choices=[candidates["a"].pk], channel="web")
    assert codes(error) == "closed"
    services.close_candidacy(election, by=secretary)
    services.open_voting(election, by=secretary)
    services.close_voting(election, by=secretary)
    with pytest.raises(AssemblyError) as error:
        ballots.cast_ballot(election, members["a"], by=rep_a, choices=[candidates["a"].pk], channel="web")
    assert codes(error) == "closed"
    assert VoterRecord.objects.count() == Ballot.objects.count() == 0


def test_nothing_is_cast_outside_the_window_even_while_open(voting, candidates, members, rep_a, teller1):
    Election.objects.filter(pk=voting.pk).update(voting_ends_at=timezone.now() - dt.timedelta(minutes=1))
    with pytest.raises(AssemblyError) as error:
        ballots.cast_ballot(voting, members["a"], by=rep_a, choices=[candidates["a"].pk], channel="web")
    assert codes(error) == "window"
    Election.objects.filter(pk=voting.pk).update(
        voting_starts_at=timezone.now() + dt.timedelta(minutes=5),
        voting_ends_at=timezone.now() + dt.timedelta(hours=1),
    )
    with pytest.raises(AssemblyError) as error:
        ballots.record_paper_voter(voting, members["a"], by=teller1)
    assert codes(error) == "window"
    assert VoterRecord.objects.count() == Ballot.objects.count() == 0


# Invalid ballots


def test_blank_and_too_many_choices_are_cast_and_counted_invalid(
    voting, candidates, members, rep_a, rep_b, rep_c, secretary
):
    blank = ballots.cast_ballot(voting, members["a"], by=rep_a, choices=[], channel="web")
    too_many = ballots.cast_ballot(
        voting, members["b"], by=rep_b, choices=[c.pk for c in candidates.values()], channel="api"
    )
    ballots.cast_ballot(
        voting, members["c"], by=rep_c, choices=[candidates["a"].pk, candidates["a"].pk], channel="web"
    )
    assert (blank.invalid_reason, too_many.invalid_reason) == (Ballot.Invalid.BLANK, Ballot.Invalid.TOO_MANY)
    services.close_voting(voting, by=secretary)
    counting.count_votes(voting, by=secretary)
    voting.refresh_from_db()
    assert (voting.ballots_count, voting.valid_count, voting.blank_count, voting.overvote_count) == (
        3,
        1,
        1,
        1,
    )
    votes = dict(voting.results.values_list("candidate_id", "votes"))
    assert votes == {candidates["a"].pk: 1, candidates["b"].pk: 0, candidates["c"].pk: 0}


def test_a_choice_that_is_not_a_candidate_refuses_the_ballot(voting, candidates, members, rep_a, expired):
    withdrawn = Candidate.objects.create(
        election=voting, member=expired, programme="-", state=Candidate.State.WITHDRAWN
    )
    for choice in ([withdrawn.pk], [999_999], ["x"]):
        with pytest.raises(AssemblyError) as error:
            ballots.cast_ballot(voting, members["a"], by=rep_a, choices=choice, channel="api")
        assert codes(error) == "unknown_candidate"
    assert VoterRecord.objects.count() == 0


# Paper ballots


def test_paper_ballots_count_only_when_two_tellers_agree(
    voting, candidates, members, teller1, teller2, secretary, sup1
):
    a, b = candidates["a"].pk, candidates["b"].pk
    for key in ("c", "d"):
        ballots.record_paper_voter(voting, members[key], by=teller1)
    assert ballots.enter_paper_ballot(voting, by=teller1, paper_number=1, choices=[a, b]) == "waiting"
    assert ballots.enter_paper_ballot(voting, by=teller2, paper_number=1, choices=[b, a]) == "counted"
    assert ballots.enter_paper_ballot(voting, by=teller1, paper_number=2, choices=[a]) == "waiting"
    assert ballots.enter_paper_ballot(voting, by=teller2, paper_number=2, choices=[b]) == "disagree"
    sheets = {sheet.number: sheet.state for sheet in ballots.paper_sheets(voting)}
    assert sheets == {1: "counted", 2: "disagree"}
    assert Ballot.objects.filter(election=voting).count() == 1

    services.close_voting(voting, by=secretary)
    with pytest.raises(AssemblyError) as error:
        counting.count_votes(voting, by=sup1)
    assert codes(error) == "paper"
    assert "۲" in str(error.value) or "2" in str(error.value)

    # teller 2 looks again and corrects the entry: now the readings agree
    assert ballots.enter_paper_ballot(voting, by=teller2, paper_number=2, choices=[a]) == "counted"
    with pytest.raises(AssemblyError) as error:
        ballots.enter_paper_ballot(voting, by=teller1, paper_number=2, choices=[b])
    assert codes(error) == "counted"
    counting.count_votes(voting, by=sup1)
    votes = dict(voting.results.values_list("candidate_id", "votes"))
    assert votes[a] == 2 and votes[b] == 1
    assert PaperEntry.objects.filter(election=voting).count() == 4


def test_only_tellers_enter_paper_ballots_and_one_entry_per_teller(
    voting, candidates, secretary, sup1, rep_a, teller1
):
    for user in (secretary, sup1, rep_a):
        with pytest.raises(AssemblyError) as error:
            ballots.enter_paper_ballot(voting, by=user, paper_number=1, choices=[candidates["a"].pk])
        assert codes(error) == "not_teller"
    ballots.enter_paper_ballot(voting, by=teller1, paper_number=1, choices=[candidates["a"].pk])
    # the same teller entering again corrects, it does not confirm
    assert (
        ballots.enter_paper_ballot(voting, by=teller1, paper_number=1, choices=[candidates["a"].pk])
        == "waiting"
    )
    assert Ballot.objects.count() == 0


def test_more_paper_ballots_than_paper_voters_stops_the_count(
    voting, candidates, members, teller1, teller2, secretary
):
    ballots.record_paper_voter(voting, members["d"], by=teller1)
    for number in (1, 2):
        for teller in (teller1, teller2):
            ballots.enter_paper_ballot(voting, by=teller, paper_number=number, choices=[candidates["a"].pk])
    services.close_voting(voting, by=secretary)
    with pytest.raises(AssemblyError) as error:
        counting.count_votes(voting, by=secretary)
    assert codes(error) == "paper"
