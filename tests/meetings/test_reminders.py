"""The daily reminders: due soon and overdue to the organisation's officers, once a day, escalation to the secretariat."""

import datetime as dt
import io
import signal

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from hamafza.accounts.models import Notification, User
from hamafza.lib.jalali import format_jalali
from hamafza.meetings import services
from hamafza.meetings.models import ReminderLog
from hamafza.meetings.services import AssignmentSpec, ResolutionSpec

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


@pytest.fixture
def on(today):
    """The date the reminder job runs for."""
    return today


@pytest.fixture
def due(secretary, officer, other_officer, lead, supporting, on, settings):
    """The lead is due in 3 days (due soon), the supporting one was due 2 days ago (overdue)."""
    settings.DUE_SOON_DAYS = 7
    settings.ESCALATE_AFTER_DAYS = 14
    services.update_assignment(lead, by=secretary, recurrence="once", deadline=on + 3 * DAY)
    services.update_assignment(supporting, by=secretary, recurrence="once", deadline=on - 2 * DAY)
    lead.refresh_from_db()
    supporting.refresh_from_db()
    return lead, supporting


def run(on: dt.date) -> str:
    out = io.StringIO()
    call_command("send_reminders", "--now", "--date", on.isoformat(), stdout=out)
    return out.getvalue()


def inbox() -> list[tuple[str, str, str]]:
    return sorted(Notification.objects.values_list("user__username", "title", "url"))


def outbox() -> list[tuple[list[str], str]]:
    return sorted((message.to, message.subject) for message in mail.outbox)


def titles(resolution, body, lead, supporting, on):
    with translation.override("fa"):
        # The resolution named with its session (meeting 7 of the cast): «۱ جلسه ۷».
        soon = gettext("Reminder: report on resolution %(number)s of %(body)s is due on %(date)s") % {
            "number": "۱ جلسه ۷",
            "body": body.name,
            "date": format_jalali(lead.due_on),
        }
        late = gettext("Overdue: report on resolution %(number)s of %(body)s was due on %(date)s") % {
            "number": "۱ جلسه ۷",
            "body": body.name,
            "date": format_jalali(supporting.due_on),
        }
    return soon, late


def test_due_soon_and_overdue_go_to_the_officers_in_the_site_and_by_mail(due, resolution, body, on, officer):
    lead, supporting = due
    User.objects.create_user(
        "colleague", organization=officer.organization, is_officer=True, email="c@example.org"
    )
    User.objects.create_user(
        "clerk", organization=officer.organization, is_officer=False, email="clerk@example.org"
    )

    output = run(on)

    assert output.strip() == f"{on}: {{'due_soon': 1, 'overdue': 1, 'escalation': 0}}"
    soon, late = titles(resolution, body, lead, supporting, on)
    assert format_jalali(lead.due_on) in soon  # the date, in Persian digits
    lead_url = reverse("meetings:assignment", args=[lead.pk])
    supporting_url = reverse("meetings:assignment", args=[supporting.pk])
    assert inbox() == sorted(
        [("officer", soon, lead_url), ("colleague", soon, lead_url), ("other_officer", late, supporting_url)]
    )
    assert outbox() == sorted(
        [(["officer@example.org"], soon), (["c@example.org"], soon), (["other_officer@example.org"], late)]
    )
    assert all(resolution.text in message.body for message in mail.outbox)
    assert sorted(
        ReminderLog.objects.values_list("assignment_id", "kind", "sent_on", "recipients")
    ) == sorted([(lead.pk, "due_soon", on, 2), (supporting.pk, "overdue", on, 1)])


def test_once_per_assignment_per_day(due, on):
    run(on)
    sent = (inbox(), outbox(), ReminderLog.objects.count())
    assert len(sent[0]) == 2

    output = run(on)
    assert output.strip() == f"{on}: {{'due_soon': 0, 'overdue': 0, 'escalation': 0}}"
    assert (inbox(), outbox(), ReminderLog.objects.count()) == sent

    # The next day they are sent again.
    output = run(on + DAY)
    assert output.strip() == f"{on + DAY}: {{'due_soon': 1, 'overdue': 1, 'escalation': 0}}"
    assert len(inbox()) == 4
    assert len(mail.outbox) == 4
    assert sorted(ReminderLog.objects.values_list("kind", "sent_on")) == sorted(
        [("due_soon", on), ("overdue", on), ("due_soon", on + DAY), ("overdue", on + DAY)]
    )


def test_escalation_to_the_secretariat_after_the_configured_days(settings, due, resolution, on, secretary):
    _lead, supporting = due  # two days late on `on`
    settings.ESCALATE_AFTER_DAYS = 3

    run(on + 0 * DAY)  # 2 days late
    assert not Notification.objects.filter(user=secretary).exists()

    run(on + DAY)  # 3 days late: escalated
    with translation.override("fa"):
        title = gettext("%(org)s is %(days)s days late on resolution %(number)s of %(body)s") % {
            "org": supporting.organization.name,
            "days": "۳",
            "number": "۱ جلسه ۷",
            "body": resolution.body.name,
        }
    assert list(Notification.objects.filter(user=secretary).values_list("title", "url")) == [
        (title, reverse("meetings:resolution", args=[resolution.pk]))
    ]
    assert (["secretary@example.org"], title) in outbox()
    # ... still once a day ...
    run(on + DAY)
    assert Notification.objects.filter(user=secretary).count() == 1
    # ... and again the next day, with the officers reminded too.
    output = run(on + 2 * DAY)
    assert output.strip() == f"{on + 2 * DAY}: {{'due_soon': 1, 'overdue': 1, 'escalation': 1}}"
    assert Notification.objects.filter(user=secretary).count() == 2


def test_no_reminders_for_done_cancelled_or_continuous(
    secretary, officer, other_officer, body, meeting, police, welfare, education, on, settings
):
    settings.ESCALATE_AFTER_DAYS = 1
    late = on - 10 * DAY

    def resolution(number, *specs):
        return services.create_resolution(
            meeting,
            by=secretary,
            spec=ResolutionSpec(number=number, text=f"مصوبه {number}", assignments=list(specs)),
        )

    done = resolution("10", AssignmentSpec(police, role="lead", deadline=late))
    report = services.submit_progress(done.assignments.get(), by=officer, percent=100, note="تمام")
    services.accept_report(report, by=secretary)
    cancelled = resolution("11", AssignmentSpec(welfare, role="lead", deadline=late))
    services.cancel_resolution(cancelled, by=secretary, reason="منتفی")
    resolution("12", AssignmentSpec(police, role="lead", recurrence="continuous"))
    # A done supporting assignment on a resolution still open is not reminded either.
    open_one = resolution(
        "13",
        AssignmentSpec(education, role="lead", deadline=on + 60 * DAY),
        AssignmentSpec(welfare, role="supporting", deadline=late),
    )
    supporting = open_one.assignments.get(role="supporting")
    services.accept_report(
        services.submit_progress(supporting, by=other_officer, percent=100, note="تمام"), by=secretary
    )

    output = run(on)

    assert output.strip() == f"{on}: {{'due_soon': 0, 'overdue': 0, 'escalation': 0}}"
    assert inbox() == []
    assert mail.outbox == []
    assert not ReminderLog.objects.exists()


def test_the_task_runs_with_the_immediate_backend(due, on):
    from hamafza.meetings.tasks import send_reminders

    result = send_reminders.enqueue(on.isoformat())
    assert result.return_value == {"due_soon": 1, "overdue": 1, "escalation": 0}
    assert len(inbox()) == 2


@pytest.mark.django_db(transaction=True)
def test_the_command_enqueues_a_task_that_the_database_worker_delivers(settings, due, on):
    from django_tasks_db.models import DBTaskResult

    mail.outbox.clear()
    Notification.objects.all().delete()  # those sent when the fixtures assigned the resolution
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

    out = io.StringIO()
    call_command("send_reminders", "--date", on.isoformat(), stdout=out)

    task = DBTaskResult.objects.get()
    assert out.getvalue().strip() == f"{on}: enqueued {task.id}"
    assert (task.status, task.task_path, task.args_kwargs) == (
        "READY",
        "hamafza.meetings.tasks.send_reminders",
        {"args": [on.isoformat()], "kwargs": {}},
    )
    assert inbox() == []  # nothing is sent until a worker runs it

    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command(
            "db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", verbosity=0
        )
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)

    # The reminder run, then the delivery it enqueued for each reminder.
    assert sorted(DBTaskResult.objects.values_list("task_path", "status")) == [
        ("hamafza.accounts.tasks.deliver_notifications", "SUCCESSFUL"),
        ("hamafza.accounts.tasks.deliver_notifications", "SUCCESSFUL"),
        ("hamafza.meetings.tasks.send_reminders", "SUCCESSFUL"),
    ]
    assert DBTaskResult.objects.get(task_path__endswith="send_reminders").return_value == {
        "due_soon": 1,
        "overdue": 1,
        "escalation": 0,
    }
    assert [user for user, _title, _url in inbox()] == ["officer", "other_officer"]
    assert sorted(m.to[0] for m in mail.outbox) == ["officer@example.org", "other_officer@example.org"]


def test_no_reminder_is_logged_for_an_organisation_without_officers(due, officer, on):
    """Nobody to tell: nothing is sent or logged, so the reminder goes out once an officer exists."""
    officer.is_officer = False
    officer.save()
    run(on)
    lead, _supporting = due
    assert not ReminderLog.objects.filter(assignment=lead).exists()
    assert not Notification.objects.filter(user=officer).exists()
    officer.is_officer = True
    officer.save()
    run(on)
    assert ReminderLog.objects.filter(assignment=lead, kind="due_soon", sent_on=on).count() == 1
