"""The vote closes by itself when its window ends: opening it schedules the close for the window's end on
the task workers, the election's page closes it when read after the window, and a command does the same
as a backstop. Nothing closes a vote whose window is still running."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from hamafza.assembly.models import Election
from hamafza.assembly.services import elections as services
from hamafza.audit.models import AuditEntry

pytestmark = pytest.mark.django_db
State = Election.State


def end_window(election: Election) -> None:
    Election.objects.filter(pk=election.pk).update(
        voting_starts_at=timezone.now() - dt.timedelta(days=2),
        voting_ends_at=timezone.now() - dt.timedelta(minutes=1),
    )


def test_only_votes_whose_window_ended_are_closed_by_the_system(voting):
    assert services.close_ended_votes() == []
    voting.refresh_from_db()
    assert voting.state == State.VOTING_OPEN

    end_window(voting)
    assert services.close_ended_votes() == [voting.pk]
    voting.refresh_from_db()
    assert voting.state == State.VOTING_CLOSED
    assert voting.voting_closed_at is not None
    entry = AuditEntry.objects.get(
        object_type="assembly.election", object_id=voting.pk, action="election.close_voting"
    )
    assert entry.actor is None and entry.changes["state"] == [State.VOTING_OPEN, State.VOTING_CLOSED]
    assert services.close_ended_votes() == []  # once only


def test_the_command_closes_ended_votes(voting, capsys):
    end_window(voting)
    call_command("close_ended_votes")
    assert "closed: 1" in capsys.readouterr().out
    voting.refresh_from_db()
    assert voting.state == State.VOTING_CLOSED


def test_the_page_read_after_the_window_shows_the_vote_closed(client, voting, secretary):
    end_window(voting)
    client.force_login(secretary)
    page = client.get(reverse("assembly:election", args=[voting.pk]))
    assert page.status_code == 200
    voting.refresh_from_db()
    assert voting.state == State.VOTING_CLOSED
    assert "به‌طور خودکار، در پایان زمان رأی‌گیری" in page.content.decode()


def test_opening_the_vote_schedules_its_close_for_the_windows_end(
    client, election, candidates, secretary, settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    services.close_candidacy(election, by=secretary)
    client.force_login(secretary)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("assembly:election_step", args=[election.pk, "open-voting"]))
    assert response.status_code == 302
    election.refresh_from_db()
    assert election.state == State.VOTING_OPEN
    task = DBTaskResult.objects.get(task_path__endswith="close_ended_votes_task")
    assert task.run_after == election.voting_ends_at
