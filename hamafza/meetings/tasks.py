"""Background work: delivering notifications and the daily reminders. Tasks take keys, not objects."""

import datetime as dt

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django_tasks import task

from hamafza.accounts.models import Notification, User


@task()
def deliver_notifications(user_ids: list[int], title: str, body: str, url: str) -> int:
    """Put a notification in each user's inbox on the site and send it by e-mail."""
    users = list(User.objects.filter(pk__in=user_ids, is_active=True))
    Notification.objects.bulk_create([Notification(user=u, title=title, body=body, url=url) for u in users])
    mails = [
        (title, f"{body}\n\n{url}".strip(), settings.DEFAULT_FROM_EMAIL, [u.email]) for u in users if u.email
    ]
    if mails:
        send_mass_mail(mails, fail_silently=False)
    return len(users)


@task()
def send_reminders(on: str) -> dict:
    """The daily reminder run for the date `on` (ISO); see hamafza.meetings.reminders."""
    from hamafza.meetings.reminders import run_reminders

    return run_reminders(dt.date.fromisoformat(on))


def log_once(assignment_id: int, kind: str, on: dt.date, recipients: int) -> bool:
    """Record a reminder; False if this one was already sent today."""
    from hamafza.meetings.models import ReminderLog

    try:
        with transaction.atomic():
            ReminderLog.objects.create(
                assignment_id=assignment_id, kind=kind, sent_on=on, recipients=recipients
            )
    except IntegrityError:
        return False
    return True
