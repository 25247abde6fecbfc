"""Background work of meetings: the daily reminders. Tasks take keys, not objects.

A task module imports the work it runs; the work never imports its task module (the notifications the
reminders send are delivered by hamafza.accounts.tasks.deliver_notifications)."""

import datetime as dt

from django_tasks import task

from hamafza.meetings.services.reminders import run_reminders


@task()
def send_reminders(on: str) -> dict:
    """The daily reminder run for the date `on` (ISO); see hamafza.meetings.services.reminders."""
    return run_reminders(dt.date.fromisoformat(on))
