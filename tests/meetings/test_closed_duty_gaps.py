"""Issue 10, defect 5, beyond tests/meetings/test_closed_duties.py: a duty closed with its resolution is
not counted against the agency's on-time rate nor «under review», each duty's closing and reopening has
its history line (old ← new), a closed duty's deadline no longer changes; and each assignment's own
deadline, set on the secretariat's form in Jalali, drives lateness, the dashboards and the reminders."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse

from hamafza.accounts.models import Notification
from hamafza.lib.jalali import format_jalali, to_jalali
from hamafza.meetings import services
from hamafza.meetings.models import Assignment, ReminderLog
from hamafza.meetings.services.dashboards import organization_dashboard
from hamafza.meetings.services.reminders import run_reminders
from hamafza.meetings.services.reviews import awaiting_review

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)
CLOSED = "بسته‌شده با مصوبه"
OVERDUE = "دارای تأخیر"
AWAITING = "در انتظار گزارش"


def _row(html: str, assignment: Assignment) -> str:
    """The dashboard's table row of one assignment."""
    url = reverse("meetings:assignment", args=[assignment.pk])
    rows = [row for row in re.findall(r"<tr>.*?</tr>", html, re.S) if url in row]
    assert len(rows) == 1
    return rows[0]


@pytest.fixture
def supporting_late(secretary, supporting, today):
    """The supporting organisation's own deadline passed five days ago; the lead's is still ahead."""
    services.update_assignment(supporting, by=secretary, recurrence="once", deadline=today - 5 * DAY)
    supporting.refresh_from_db()
    return supporting


def _finish_lead(lead, officer, secretary):
    report = services.submit_progress(lead, by=officer, percent=100, note="انجام شد")
    services.accept_report(report, by=secretary)


def test_a_done_resolutions_supporting_duty_is_shown_closed_not_late(
    client_for, lead, supporting_late, officer, other_officer, secretary, audit
):
    _finish_lead(lead, officer, secretary)

    supporting = Assignment.objects.get(pk=supporting_late.pk)
    assert (supporting.due_on, supporting.deadline) == (None, supporting_late.deadline)
    [entry] = audit("assignment.closed", object_id=supporting.pk)
    assert entry.actor == secretary

    client = client_for(other_officer)
    dashboard = client.get(reverse("meetings:organization", args=[supporting.organization_id]))
    assert dashboard.status_code == 200
    html = dashboard.content.decode()
    row = _row(html, supporting)
    assert CLOSED in row and OVERDUE not in row and AWAITING not in row
    summary = organization_dashboard(supporting.organization_id, services.today())
    assert (summary["open"], summary["overdue"], summary["due_soon"], summary["in_review"]) == (0, 0, 0, 0)
    assert summary["came_due"] == 0  # not a duty missed: the on-time rate does not count it

    page = client.get(reverse("meetings:assignment", args=[supporting.pk])).content.decode()
    assert CLOSED in page and OVERDUE not in page
    assert 'id="progress-form"' not in page
    # The resolution's history says it in words: «در انتظار گزارش ← بسته‌شده با مصوبه».
    history = client_for(secretary).get(
        reverse("meetings:resolution_history", args=[supporting.resolution_id])
    )
    text = history.content.decode()
    assert CLOSED in text
    # «سررسید بعدی: ۱۴۰۵/…/… ← —», the old value struck out, as every other change reads.
    due = format_jalali(supporting_late.deadline)
    assert f"<del>{due}</del> ← —" in text


def test_no_reminder_for_a_duty_closed_with_its_resolution(lead, supporting_late, officer, secretary, today):
    _finish_lead(lead, officer, secretary)
    mail.outbox.clear()
    Notification.objects.all().delete()

    assert run_reminders(today) == {"due_soon": 0, "overdue": 0, "escalation": 0}
    assert not ReminderLog.objects.exists()
    assert mail.outbox == []


def test_cancelling_closes_every_open_duty_and_reopening_opens_them_again(
    client_for, resolution, lead, supporting_late, other_officer, secretary, audit, today
):
    report = services.submit_progress(supporting_late, by=other_officer, percent=30, note="در جریان")
    services.cancel_resolution(resolution, by=secretary, reason="منتفی شد")

    assert set(resolution.assignments.values_list("due_on", flat=True)) == {None}
    assert sorted(e.object_id for e in audit("assignment.closed")) == sorted([lead.pk, supporting_late.pk])
    page = client_for(other_officer).get(reverse("meetings:assignment", args=[supporting_late.pk]))
    assert CLOSED in page.content.decode()
    # Its report no longer awaits anyone: not counted «under review» on the agency's dashboard.
    summary = organization_dashboard(supporting_late.organization_id, today)
    assert (summary["open"], summary["overdue"], summary["in_review"], summary["came_due"]) == (0, 0, 0, 0)

    services.reopen_resolution(resolution, by=secretary)

    lead = Assignment.objects.get(pk=lead.pk)
    supporting = Assignment.objects.get(pk=supporting_late.pk)
    assert (lead.status, lead.due_on) == (Assignment.Status.OPEN, lead.deadline)
    # Its report was still awaiting review: it goes back to the review queue, owing nothing meanwhile.
    assert (supporting.status, supporting.due_on) == (Assignment.Status.SUBMITTED, None)
    assert report.pk in awaiting_review([resolution.body_id]).values_list("pk", flat=True)
    assert sorted(e.object_id for e in audit("assignment.reopened")) == sorted([lead.pk, supporting.pk])


def test_a_closed_duty_cannot_be_reported_on_nor_its_deadline_changed(
    lead, supporting_late, officer, other_officer, secretary, client_for
):
    _finish_lead(lead, officer, secretary)
    with pytest.raises(services.FollowUpError):
        services.submit_progress(supporting_late, by=other_officer, percent=50, note="گزارش")
    with pytest.raises(services.FollowUpError):
        services.update_assignment(
            supporting_late, by=secretary, recurrence="once", deadline=dt.date(2030, 1, 1)
        )
    response = client_for(other_officer).post(
        reverse("meetings:assignment", args=[supporting_late.pk]), {"percent": "50", "note": "گزارش"}
    )
    assert response.status_code == 200  # the page again, with the refusal; nothing recorded
    assert not supporting_late.reports.exists()


def test_a_closed_duty_is_a_404_to_another_organisations_user(
    lead, supporting_late, officer, secretary, outsider, client_for
):
    _finish_lead(lead, officer, secretary)
    client = client_for(outsider)
    assert client.get(reverse("meetings:assignment", args=[supporting_late.pk])).status_code == 404
    assert (
        client.get(reverse("meetings:organization", args=[supporting_late.organization_id])).status_code
        == 404
    )


def test_each_assignment_has_its_own_deadline_set_on_the_form_and_driving_lateness(
    client_for, secretary, officer, other_officer, lead, supporting, audit, today
):
    late = today - 3 * DAY
    j = to_jalali(late)
    response = client_for(secretary).post(
        reverse("meetings:assignment_edit", args=[supporting.pk]),
        {"recurrence": "once", "deadline": f"{j.year}/{j.month}/{j.day}", "interval_unit": "month"},
    )
    assert response.status_code == 302

    supporting = Assignment.objects.get(pk=supporting.pk)
    lead = Assignment.objects.get(pk=lead.pk)
    assert (supporting.deadline, supporting.due_on) == (late, late)
    assert lead.deadline == today + 20 * DAY  # the lead's own deadline is untouched
    [entry] = audit("assignment.update", object_id=supporting.pk)
    assert entry.changes == {"deadline": [(today + 20 * DAY).isoformat(), late.isoformat()]}

    welfare_page = client_for(other_officer).get(
        reverse("meetings:organization", args=[supporting.organization_id])
    )
    row = _row(welfare_page.content.decode(), supporting)
    assert OVERDUE in row and format_jalali(late) in row
    police_page = client_for(officer).get(reverse("meetings:organization", args=[lead.organization_id]))
    assert OVERDUE not in _row(police_page.content.decode(), lead)
    detail = client_for(other_officer).get(reverse("meetings:assignment", args=[supporting.pk]))
    assert format_jalali(late) in detail.content.decode()

    assert run_reminders(today) == {"due_soon": 0, "overdue": 1, "escalation": 0}
    assert list(ReminderLog.objects.values_list("assignment_id", "kind")) == [(supporting.pk, "overdue")]
