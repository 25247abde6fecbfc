import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from hamafza.meetings.tasks import send_reminders


class Command(BaseCommand):
    help = "Enqueue the daily reminders (run once a day by cron). --now runs them in this process."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="ISO date to run for (default: today)")
        parser.add_argument("--now", action="store_true", help="run here instead of enqueueing")

    def handle(self, *args, date=None, now=False, **options):
        on = dt.date.fromisoformat(date) if date else timezone.localdate()
        if now:
            result = send_reminders.call(on.isoformat())
            self.stdout.write(f"{on}: {result}")
        else:
            task_result = send_reminders.enqueue(on.isoformat())
            self.stdout.write(f"{on}: enqueued {task_result.id}")
