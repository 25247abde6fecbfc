"""The daily reminders: due soon and overdue to the organisation's officers, escalation to the secretariat."""

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from hamafza.lib.jalali import format_jalali
from hamafza.meetings.models import Assignment, ReminderLog
from hamafza.meetings.services.notify import officers_of, resolution_ref, secretariat_of, send
from hamafza.templatetags_builtins import digits as n


def run_reminders(on: dt.date) -> dict:
    """Send each reminder at most once per assignment per day; return how many of each were sent."""
    sent = {kind: 0 for kind in ReminderLog.Kind.values}
    soon = (
        Assignment.objects.due_soon(on)
        .select_related("resolution__body", "resolution__meeting", "organization")
        .order_by("due_on", "pk")
    )
    late = (
        Assignment.objects.overdue(on)
        .select_related("resolution__body", "resolution__meeting", "organization")
        .order_by("due_on", "pk")
    )
    with override("fa"):
        for assignment in soon.iterator(chunk_size=500):
            sent["due_soon"] += _remind(assignment, ReminderLog.Kind.DUE_SOON, on)
        for assignment in late.iterator(chunk_size=500):
            sent["overdue"] += _remind(assignment, ReminderLog.Kind.OVERDUE, on)
            if (on - assignment.due_on).days >= settings.ESCALATE_AFTER_DAYS:
                sent["escalation"] += _escalate(assignment, on)
    return sent


def log_once(assignment_id: int, kind: str, on: dt.date, recipients: int) -> bool:
    """Record a reminder; False if this one was already sent today."""
    try:
        with transaction.atomic():
            ReminderLog.objects.create(
                assignment_id=assignment_id, kind=kind, sent_on=on, recipients=recipients
            )
    except IntegrityError:
        return False
    return True


def _remind(assignment: Assignment, kind: str, on: dt.date) -> int:
    recipients = officers_of(assignment.organization_id)
    if not recipients:  # nobody to tell; the escalation to the secretariat still runs
        return 0
    if not log_once(assignment.pk, kind, on, len(recipients)):
        return 0
    resolution = assignment.resolution
    values = {
        "body": resolution.body.name,
        "number": resolution_ref(resolution),
        "date": format_jalali(assignment.due_on),
    }
    if kind == ReminderLog.Kind.DUE_SOON:
        title = _("Reminder: report on resolution %(number)s of %(body)s is due on %(date)s") % values
    else:
        title = _("Overdue: report on resolution %(number)s of %(body)s was due on %(date)s") % values
    send(recipients, title, resolution.text, reverse("meetings:assignment", args=[assignment.pk]))
    return 1


def _escalate(assignment: Assignment, on: dt.date) -> int:
    recipients = secretariat_of(assignment.resolution.body_id)
    if not recipients:
        return 0
    if not log_once(assignment.pk, ReminderLog.Kind.ESCALATION, on, len(recipients)):
        return 0
    resolution = assignment.resolution
    title = _("%(org)s is %(days)s days late on resolution %(number)s of %(body)s") % {
        "org": assignment.organization.name,
        "days": n((on - assignment.due_on).days),
        "number": resolution_ref(resolution),
        "body": resolution.body.name,
    }
    send(recipients, title, resolution.text, reverse("meetings:resolution", args=[resolution.pk]))
    return 1
