"""The count and after: ranks, elected and substitutes, ties resolved by lots or a second round and
never silently, the supervisors' signatures, publication and the letters of introduction."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from hamafza.accounts.models import Notification
from hamafza.assembly.models import Election, IntroductionLetter, ResultLine, TieBreak
from hamafza.assembly.services import ballots, counting, letters
from hamafza.assembly.services import elections as services
from hamafza.assembly.services.common import AssemblyError

Outcome = ResultLine.Outcome


def vote(election, members, reps, plan):
    """plan: {voter key: [candidate keys]} with candidates looked up in `reps` (key → candidate)."""
    for key, chosen in plan.items():
        member = members[key]
        ballots.cast_ballot(
            election, member, by=member.representative, choices=[reps[c].pk for c in chosen], channel="web"
        )


def outcomes(election):
    return {
        line.candidate.member.organization.name: (line.votes, line.rank, line.outcome)
        for line in ResultLine.objects.filter(election=election).select_related(
            "candidate__member__organization"
        )
    }


def close_and_count(election, secretary, sup1):
    services.close_voting(election, by=secretary)
    return counting.count_votes(election, by=sup1)


def test_elected_and_substitutes_in_order(voting, candidates, members, secretary, sup1, ngos):
    vote(voting, members, candidates, {"a": ["a", "b"], "b": ["b"], "c": ["b", "c"], "d": ["a"]})
    close_and_count(voting, secretary, sup1)
    voting.refresh_from_db()
    assert outcomes(voting) == {
        ngos["b"].name: (3, 1, Outcome.ELECTED),
        ngos["a"].name: (2, 2, Outcome.ELECTED),
        ngos["c"].name: (1, 3, Outcome.SUBSTITUTE),
    }
    assert (voting.eligible_count, voting.voters_count, voting.ballots_count, voting.valid_count) == (
        4,
        4,
        4,
        4,
    )
    assert voting.turnout == 100


def test_the_count_matches_every_ballot(voting, candidates, members, secretary, sup1, teller1, teller2):
    vote(voting, members, candidates, {"a": ["a"], "b": ["a", "c"]})
    ballots.record_paper_voter(voting, members["c"], by=teller1)
    for teller in (teller1, teller2):
        ballots.enter_paper_ballot(voting, by=teller, paper_number=7, choices=[candidates["c"].pk])
    close_and_count(voting, secretary, sup1)
    voting.refresh_from_db()
    assert dict(voting.results.values_list("candidate__member__organization__name", "votes")) == {
        candidates["a"].name: 2,
        candidates["b"].name: 0,
        candidates["c"].name: 2,
    }
    assert (voting.voters_count, voting.ballots_count) == (3, 3)


def test_a_tie_for_the_last_seat_is_never_resolved_silently(
    voting, candidates, members, secretary, sup1, sup2, ngos
):
    vote(voting, members, candidates, {"a": ["a", "b"], "b": ["a", "c"], "c": ["a"]})
    close_and_count(voting, secretary, sup1)
    assert outcomes(voting) == {
        ngos["a"].name: (3, 1, Outcome.ELECTED),
        ngos["b"].name: (1, 2, Outcome.TIED),
        ngos["c"].name: (1, 2, Outcome.TIED),
    }
    with pytest.raises(AssemblyError) as error:
        counting.confirm_results(voting, by=sup1)
    assert error.value.code == "tie"
    b, c = candidates["b"].pk, candidates["c"].pk
    with pytest.raises(AssemblyError) as error:
        counting.record_lots(voting, by=secretary, order=[c, b], note="قرعه")
    assert error.value.code == "not_supervisor"
    with pytest.raises(AssemblyError) as error:
        counting.record_lots(voting, by=sup1, order=[c, candidates["a"].pk], note="قرعه")
    assert error.value.code == "no_tie"
    with pytest.raises(AssemblyError) as error:
        counting.record_lots(voting, by=sup1, order=[c, b], note="  ")
    assert error.value.code == "note"
    counting.record_lots(
        voting, by=sup1, order=[c, b], note="قرعه در حضور دو ناظر و نمایندگان نامزدها کشیده شد"
    )
    assert outcomes(voting) == {
        ngos["a"].name: (3, 1, Outcome.ELECTED),
        ngos["c"].name: (1, 2, Outcome.ELECTED),
        ngos["b"].name: (1, 3, Outcome.SUBSTITUTE),
    }
    assert set(ResultLine.objects.filter(by_tie_break=True).values_list("candidate_id", flat=True)) == {b, c}
    counting.confirm_results(voting, by=sup1)
    voting.refresh_from_db()
    assert voting.state == Election.State.COUNTED  # one of two signatures
    counting.confirm_results(voting, by=sup2)
    voting.refresh_from_db()
    assert voting.state == Election.State.CONFIRMED


def test_a_tie_among_substitutes_is_drawn_by_lots(election, members, secretary, sup1):
    services.open_candidacy(election, by=secretary)
    cands = {
        key: services.stand(election, members[key], by=secretary, programme="برنامه")
        for key in ("a", "b", "c", "d")
    }
    Election.objects.filter(pk=election.pk).update(seats=1, max_choices=1, substitutes=2)
    election.refresh_from_db()
    services.close_candidacy(election, by=secretary)
    services.open_voting(election, by=secretary)
    vote(election, members, cands, {"a": ["a"], "b": ["a"], "c": ["b"], "d": ["c"]})
    close_and_count(election, secretary, sup1)
    lines = outcomes(election)
    assert lines[cands["a"].name][2] == Outcome.ELECTED
    assert lines[cands["b"].name][2] == lines[cands["c"].name][2] == Outcome.TIED
    assert lines[cands["d"].name][2] == Outcome.NOT_ELECTED
    counting.record_lots(
        election, by=sup1, order=[cands["c"].pk, cands["b"].pk], note="قرعه برای ترتیب علی‌البدل‌ها"
    )
    lines = outcomes(election)
    assert (lines[cands["c"].name][1:], lines[cands["b"].name][1:]) == (
        (2, Outcome.SUBSTITUTE),
        (3, Outcome.SUBSTITUTE),
    )


def test_a_second_round_resolves_a_tie_when_the_election_says_so(
    voting, candidates, members, secretary, sup1, sup2, ngos
):
    Election.objects.filter(pk=voting.pk).update(tie_rule=Election.TieRule.SECOND_ROUND)
    voting.refresh_from_db()
    vote(voting, members, candidates, {"a": ["a", "b"], "b": ["a", "c"], "c": ["a"]})
    close_and_count(voting, secretary, sup1)
    b, c = candidates["b"].pk, candidates["c"].pk
    with pytest.raises(AssemblyError) as error:
        counting.record_lots(voting, by=sup1, order=[b, c], note="قرعه")
    assert error.value.code == "rule"
    starts = timezone.now() - dt.timedelta(minutes=5)
    runoff = counting.call_runoff(
        voting, by=secretary, voting_starts_at=starts, voting_ends_at=starts + dt.timedelta(hours=1)
    )
    assert (runoff.seats, runoff.max_choices, runoff.state, runoff.runoff_of_id) == (
        1,
        1,
        Election.State.CANDIDACY_CLOSED,
        voting.pk,
    )
    assert {cand.member_id for cand in runoff.candidates.all()} == {members["b"].pk, members["c"].pk}
    assert runoff.officials.count() == 4
    with pytest.raises(AssemblyError):
        counting.call_runoff(
            voting, by=secretary, voting_starts_at=starts, voting_ends_at=starts + dt.timedelta(hours=1)
        )

    services.open_voting(runoff, by=secretary)
    second = {cand.member_id: cand for cand in runoff.candidates.all()}
    for key, chosen in (("a", "b"), ("b", "b"), ("d", "c")):
        ballots.cast_ballot(
            runoff,
            members[key],
            by=members[key].representative,
            choices=[second[members[chosen].pk].pk],
            channel="web",
        )
    close_and_count(runoff, secretary, sup1)
    counting.confirm_results(runoff, by=sup1)
    counting.confirm_results(runoff, by=sup2)
    runoff.refresh_from_db()
    assert runoff.state == Election.State.CONFIRMED
    tie_break = TieBreak.objects.get(election=voting)
    assert (tie_break.method, tie_break.runoff_id, tie_break.order) == (
        Election.TieRule.SECOND_ROUND,
        runoff.pk,
        [b, c],
    )
    assert outcomes(voting) == {
        ngos["a"].name: (3, 1, Outcome.ELECTED),
        ngos["b"].name: (1, 2, Outcome.ELECTED),
        ngos["c"].name: (1, 3, Outcome.SUBSTITUTE),
    }


def test_only_supervisors_sign_once_each_then_the_secretariat_publishes(
    voting, candidates, members, secretary, sup1, sup2, rep_a, django_capture_on_commit_callbacks
):
    vote(voting, members, candidates, {"a": ["a", "b"], "b": ["b", "a"], "c": ["b", "c"]})
    close_and_count(voting, secretary, sup1)
    for user in (secretary, rep_a):
        with pytest.raises(AssemblyError) as error:
            counting.confirm_results(voting, by=user)
        assert error.value.code == "not_supervisor"
    counting.confirm_results(voting, by=sup1)
    with pytest.raises(AssemblyError) as error:
        counting.confirm_results(voting, by=sup1)
    assert error.value.code == "signed"
    with pytest.raises(AssemblyError) as error:
        counting.publish_results(voting, by=secretary)
    assert error.value.code == "state"
    counting.confirm_results(voting, by=sup2)
    with pytest.raises(AssemblyError):
        counting.publish_results(voting, by=sup1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        counting.publish_results(voting, by=secretary)
    voting.refresh_from_db()
    assert voting.state == Election.State.PUBLISHED and voting.published_at
    issued = list(IntroductionLetter.objects.filter(election=voting).order_by("serial"))
    assert [letter.candidate_id for letter in issued] == [candidates["b"].pk, candidates["a"].pk]
    assert [letter.number for letter in issued] == [
        letters.letter_number(voting.assembly, issued[0].year, 1),
        letters.letter_number(voting.assembly, issued[0].year, 2),
    ]
    assert issued[0].number.startswith("م‌ن/")
    assert len({letter.verification_code for letter in issued}) == 2
    assert letters.find_letter(letters.format_verification_code(issued[0].verification_code)) == issued[0]
    # the elected NGOs' people are told, with a link to their letter
    told = Notification.objects.filter(
        user=members["b"].representative, url__endswith=f"/letters/{issued[0].pk}.pdf"
    )
    assert told.count() == 1


def test_a_majority_quorum_confirms_with_fewer_signatures(
    voting, candidates, members, secretary, sup1, assembly
):
    Election.objects.filter(pk=voting.pk).update(confirmations_required=2)
    from hamafza.assembly.models import Official
    from tests.assembly.conftest import make_user

    third = make_user("sup3", assembly.body.members.first())
    Official.objects.create(election=voting, user=third, role="supervisor")
    vote(voting, members, candidates, {"a": ["a", "b"], "b": ["a"]})
    close_and_count(voting, secretary, sup1)
    counting.confirm_results(voting, by=sup1)
    counting.confirm_results(voting, by=third)
    voting.refresh_from_db()
    assert voting.state == Election.State.CONFIRMED


def test_members_are_told_when_candidacy_and_voting_open_and_close(
    election, members, secretary, officer_a, sub_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.open_candidacy(election, by=secretary)
    titles = set(Notification.objects.filter(user=officer_a).values_list("title", flat=True))
    assert any(election.title in title for title in titles)
    for user in (members["a"].representative, sub_a, members["b"].representative):
        assert Notification.objects.filter(user=user).count() == 1
    services.stand(election, members["a"], by=officer_a, programme="برنامه")
    services.close_candidacy(election, by=secretary)
    with django_capture_on_commit_callbacks(execute=True):
        services.open_voting(election, by=secretary)
    with django_capture_on_commit_callbacks(execute=True):
        services.close_voting(election, by=secretary)
    assert Notification.objects.filter(user=members["b"].representative).count() == 3
