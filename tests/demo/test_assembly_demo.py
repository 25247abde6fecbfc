"""The assembly demo (seed 002): the judiciary's assembly, 100 nominated NGOs, 22 present at the second
session, a finished election with 6 elected and their letters, an election in its voting window; and
its pages as each demo user opens them."""

import pytest
from django.db import transaction
from django.db.models import Count
from django.test import Client, override_settings
from django.urls import reverse

from hamafza.accounts.models import User
from hamafza.assembly import demo_data as data
from hamafza.assembly.demo import load_assembly_demo
from hamafza.assembly.models import (
    Assembly,
    Election,
    IntroductionLetter,
    Member,
    Nomination,
    SessionAttendance,
    TieBreak,
    VoterRecord,
)
from hamafza.assembly.services import ballots
from hamafza.atlas.services.taxonomy import ensure_taxonomy
from hamafza.demo import PASSWORD, load_demo
from hamafza.participation.demo import load_participation_demo


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    isolated = override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    with django_db_blocker.unblock(), isolated:
        with transaction.atomic():
            load_demo()
            ensure_taxonomy()
            load_participation_demo()
            yield load_assembly_demo()
            transaction.set_rollback(True)


def test_the_judiciarys_assembly_of_seed_002(demo, db):
    assert demo.loaded is True
    assembly = Assembly.objects.get(name=data.ASSEMBLY)
    nominations = Nomination.objects.filter(assembly=assembly)
    assert nominations.count() == 100
    assert nominations.values("region").distinct().count() >= 30  # from the provinces
    assert dict(nominations.values_list("state").annotate(n=Count("pk"))) == {
        "accepted": 96,
        "refused": 2,
        "nominated": 2,
    }
    assert Member.objects.filter(assembly=assembly).count() == 96
    assert all(m.representative_id for m in Member.objects.filter(assembly=assembly))


def test_a_finished_election_with_six_elected_and_their_letters(demo, db):
    election = Election.objects.get(state=Election.State.PUBLISHED)
    assert election.meeting.held_on == data.SEED_DAY and election.meeting.number == 2
    assert SessionAttendance.objects.filter(meeting=election.meeting).count() == 22
    assert (election.voters_count, election.ballots_count, election.valid_count) == (22, 22, 20)
    assert set(VoterRecord.objects.filter(election=election).values_list("channel", flat=True)) == {"paper"}
    outcomes = list(election.results.values_list("outcome", flat=True))
    assert outcomes.count("elected") == 6 and outcomes.count("substitute") == 3
    assert TieBreak.objects.filter(election=election, method="lots").count() == 1
    letters = IntroductionLetter.objects.filter(election=election)
    assert letters.count() == 6
    assert set(letters.values_list("candidate_id", flat=True)) == set(
        election.results.filter(outcome="elected").values_list("candidate_id", flat=True)
    )
    assert election.confirmations.count() == 3


def test_an_election_in_its_voting_window_awaits_the_demo_representative(demo, db):
    election = Election.objects.get(state=Election.State.VOTING_OPEN)
    assert election.in_window()
    assert election.voter_records.count() == 43
    rep = User.objects.get(username=data.REPRESENTATIVE)
    member = Member.objects.get(representative=rep)
    assert not VoterRecord.objects.filter(election=election, member=member).exists()
    states = {sheet.number: sheet.state for sheet in ballots.paper_sheets(election)}
    assert states == {1: "counted", 2: "waiting"}
    receipt = ballots.cast_ballot(
        election, member, by=rep, choices=[election.candidates.first().pk], channel="web"
    )
    assert ballots.is_counted(election, receipt.code)


def test_a_second_run_changes_nothing(demo, db):
    again = load_assembly_demo()
    assert again.loaded is False and again.counts == demo.counts


@pytest.mark.parametrize("username", list(data.USERS) + ["viewer", "ngo-children"])
def test_the_demo_pages_open_for_each_demo_user(demo, db, username, settings):
    settings.DEBUG = False
    client = Client()
    signed_in = client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})
    assert signed_in.status_code == 302
    assembly = Assembly.objects.get(name=data.ASSEMBLY)
    finished = Election.objects.get(state=Election.State.PUBLISHED)
    current = Election.objects.get(state=Election.State.VOTING_OPEN)
    home = client.get(reverse("home"), follow=True)
    assert reverse("assembly:list") in home.content.decode()
    for url in (
        reverse("assembly:list"),
        reverse("assembly:detail", args=[assembly.pk]),
        reverse("assembly:election", args=[finished.pk]),
        reverse("assembly:election", args=[current.pk]),
        reverse("assembly:results", args=[finished.pk]),
        reverse("assembly:tracking", args=[finished.pk]),
    ):
        assert client.get(url).status_code == 200, (username, url)
    role_pages = {
        "judiciary-secretary": [
            reverse("assembly:nominations", args=[assembly.pk]),
            reverse("assembly:paper", args=[current.pk]),
        ],
        "assembly-teller": [reverse("assembly:paper", args=[current.pk])],
        "assembly-supervisor": [reverse("assembly:paper", args=[current.pk])],
        data.REPRESENTATIVE: [reverse("assembly:vote", args=[current.pk])],
    }
    for url in role_pages.get(username, []):
        assert client.get(url).status_code == 200, (username, url)
