"""Issue 10, defect 5: the supporting duties of a resolution that closes close with it.

Before, the welfare office's supporting assignment of a resolution the police had finished stayed
«در انتظار گزارش» with no report form and turned red «دارای تأخیر» on its dashboard once its deadline
passed. Now it is shown «بسته‌شده با مصوبه», owes nothing, is reminded of nothing and is never late;
cancelling closes it the same way, and reopening the resolution makes it owed again.
"""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from hamafza.accounts.models import Notification
from hamafza.audit.models import AuditEntry
from hamafza.meetings import services
from hamafza.meetings.models import Assignment

pytestmark = pytest.mark.django_db

CLOSED = "بسته‌شده با مصوبه"


@pytest.fixture
def finished(secretary, lead, supporting, report_on, resolution):
    """The police report the resolution done and the secretariat accepts it; welfare never reported."""
    services.accept_report(report_on(lead, 100), by=secretary)
    supporting.refresh_from_db()
    resolution.refresh_from_db()
    return supporting


def test_the_supporting_duty_closes_with_the_resolution(finished, resolution, today):
    assert resolution.status == "done"
    assert finished.status == Assignment.Status.OPEN  # it did not report: not «done» either
    assert finished.due_on is None
    assert finished.follow_up_state(today + dt.timedelta(days=60)) == "closed"
    assert not Assignment.objects.overdue(today + dt.timedelta(days=60)).filter(pk=finished.pk).exists()
    assert AuditEntry.objects.filter(action="assignment.closed").count() == 1


def test_the_agency_dashboard_shows_it_closed_not_late(
    client_for, other_officer, finished, welfare, monkeypatch, today
):
    later = today + dt.timedelta(days=60)  # long after its deadline
    monkeypatch.setattr(services, "today", lambda: later)
    page = client_for(other_officer).get(reverse("meetings:organization", args=[welfare.pk])).content.decode()
    assert CLOSED in page
    assert 'class="state overdue"' not in page
    assignment_page = client_for(other_officer).get(reverse("meetings:assignment", args=[finished.pk]))
    assert CLOSED in assignment_page.content.decode()


def test_no_reminder_for_a_closed_duty(finished, today):
    call_command(
        "send_reminders", "--now", "--date", (today + dt.timedelta(days=30)).isoformat(), stdout=io.StringIO()
    )
    assert not Notification.objects.filter(url=reverse("meetings:assignment", args=[finished.pk])).exists()


def test_cancel_closes_the_duties_and_reopen_makes_them_owed_again(
    secretary, resolution, lead, supporting, today
):
    deadline = supporting.deadline
    services.cancel_resolution(resolution, by=secretary, reason="ادغام با مصوبه دیگر")
    supporting.refresh_from_db()
    lead.refresh_from_db()
    assert (lead.due_on, supporting.due_on) == (None, None)
    assert supporting.follow_up_state(today) == "closed"
    services.reopen_resolution(resolution, by=secretary)
    supporting.refresh_from_db()
    assert supporting.due_on == deadline
    assert supporting.follow_up_state(today) in {"open", "due_soon"}
    assert AuditEntry.objects.filter(action="assignment.reopened").count() == 2


def test_each_assignment_keeps_its_own_deadline(secretary, lead, supporting, today):
    services.update_assignment(
        supporting, by=secretary, recurrence="once", deadline=today - dt.timedelta(days=1)
    )
    supporting.refresh_from_db()
    lead.refresh_from_db()
    assert supporting.follow_up_state(today) == "overdue"
    assert lead.follow_up_state(today) != "overdue"
