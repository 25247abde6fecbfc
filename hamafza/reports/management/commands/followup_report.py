from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from hamafza.lib.jalali import JalaliDateError, parse_jalali
from hamafza.meetings.models import Body
from hamafza.reports.followup import default_period
from hamafza.reports.render import FORMATS, filenames
from hamafza.reports.tasks import render_followup


class Command(BaseCommand):
    help = (
        "Write a body's follow-up report for a period (Jalali dates, default: the current season) "
        "as PDF or Excel. --enqueue hands it to the task worker instead of rendering here."
    )

    def add_arguments(self, parser):
        parser.add_argument("body_id", type=int)
        parser.add_argument("--from", dest="start", help="first day, Jalali: 1403/01/01")
        parser.add_argument("--to", dest="end", help="last day, Jalali: 1403/03/31")
        parser.add_argument("--format", dest="fmt", choices=sorted(FORMATS), default="pdf")
        parser.add_argument("--out", help="file to write (default: a name from the body and the period)")
        parser.add_argument("--language", default=None, help="fa (default) or en")
        parser.add_argument("--enqueue", action="store_true", help="enqueue the task for the worker")

    def handle(self, *args, body_id, start, end, fmt, out, language, enqueue, **options):
        body = Body.objects.filter(pk=body_id).first()
        if body is None:
            raise CommandError(f"no body with id {body_id}")
        default_start, default_end = default_period(timezone.localdate())
        try:
            first = parse_jalali(start) if start else default_start
            last = parse_jalali(end) if end else default_end
        except JalaliDateError as error:
            raise CommandError(f"not a Jalali date: {error}") from None
        if first > last:
            raise CommandError("--from is after --to")
        path = Path(out or filenames(body, first, last, fmt)[0]).resolve()
        arguments = (body.pk, first.isoformat(), last.isoformat(), fmt, str(path), language)
        if enqueue:
            result = render_followup.enqueue(*arguments)
            self.stdout.write(f"enqueued {result.id}: {path}")
        else:
            written = render_followup.call(*arguments)
            self.stdout.write(f"{written} ({Path(written).stat().st_size} bytes)")
