"""Two requests at the same instant, on PostgreSQL: threads with their own database connections, released
together by a barrier, try to cast the same member's ballot by different routes (the site, the API,
a paper ballot handed out). Exactly one goes through for every member.

The last test removes the unique constraint of the voter records and runs the same race: members then
vote twice, which shows that the constraint, not luck or the order of the threads, is what refuses the
second ballot (so the first tests would fail without it). The constraint is put back afterwards.
"""

import threading

import pytest
from django.db import connection, connections

from hamafza.assembly.models import Ballot, VoterRecord
from hamafza.assembly.services import ballots
from hamafza.assembly.services import elections as services
from hamafza.assembly.services.common import AssemblyError

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the race is run on PostgreSQL"),
]


def race(attempts) -> list:
    """Run every attempt in its own thread and connection, all released at once; their outcomes."""
    barrier = threading.Barrier(len(attempts))
    outcomes: list = [None] * len(attempts)

    def go(index, attempt):
        try:
            barrier.wait(timeout=30)
            outcomes[index] = attempt()
        except AssemblyError as error:
            outcomes[index] = error.code
        except Exception as error:  # noqa: BLE001 - recorded and asserted on below
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=go, args=(i, a)) for i, a in enumerate(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def web(election, member, choices):
    return lambda: ballots.cast_ballot(
        election, member, by=member.representative, choices=choices, channel="web"
    )


def api(election, member, choices):
    return lambda: ballots.cast_ballot(
        election, member, by=member.representative, choices=choices, channel="api"
    )


def paper(election, member, teller):
    return lambda: ballots.record_paper_voter(election, member, by=teller)


def test_two_ballots_of_one_member_at_the_same_instant(voting, candidates, members, teller1):
    a, b = candidates["a"].pk, candidates["b"].pk
    for _round in range(5):
        VoterRecord.objects.all().delete()
        Ballot.objects.all().delete()
        attempts = []
        for member in members.values():
            attempts += [web(voting, member, [a]), api(voting, member, [b]), paper(voting, member, teller1)]
        outcomes = race(attempts)
        assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
        for index in range(len(members)):
            three = outcomes[index * 3 : index * 3 + 3]
            assert sorted(o == "already_voted" for o in three) == [False, True, True], three
        assert VoterRecord.objects.count() == len(members)
        assert VoterRecord.objects.values("member").distinct().count() == len(members)
        electronic = VoterRecord.objects.exclude(channel="paper").count()
        assert Ballot.objects.count() == electronic  # a paper voter's ballot comes later, from the tellers


def test_a_close_and_ballots_at_the_same_instant(voting, candidates, members, secretary):
    """Ballots that commit before the close are counted; those after it are refused; none is lost."""
    attempts = [web(voting, member, [candidates["a"].pk]) for member in members.values()]
    attempts.append(lambda: services.close_voting(voting, by=secretary))
    outcomes = race(attempts)
    assert not [o for o in outcomes if isinstance(o, Exception) and not isinstance(o, AssemblyError)], (
        outcomes
    )
    refused = sum(o == "closed" for o in outcomes[:-1])
    cast = VoterRecord.objects.count()
    assert cast + refused == len(members)
    assert Ballot.objects.count() == cast


def test_without_the_constraint_the_same_race_double_votes(voting, candidates, members):
    constraint = next(c for c in VoterRecord._meta.constraints if c.name == "voterrecord_one_per_member")
    with connection.schema_editor() as editor:
        editor.remove_constraint(VoterRecord, constraint)
    try:
        attempts = []
        for member in members.values():
            attempts += [web(voting, member, [candidates["a"].pk]), api(voting, member, [candidates["b"].pk])]
        race(attempts)
        assert VoterRecord.objects.count() > len(members)  # some members voted twice
    finally:
        VoterRecord.objects.all().delete()
        Ballot.objects.all().delete()
        with connection.schema_editor() as editor:
            editor.add_constraint(VoterRecord, constraint)
