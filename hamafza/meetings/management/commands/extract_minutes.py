import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hamafza.lib.jalali import format_jalali
from hamafza.meetings.services.imports import reader_message
from hamafza.minutes.extract import extract
from hamafza.minutes.readers import ReaderError


class Command(BaseCommand):
    help = "Read minutes (text, Word or PDF) and print the draft: a Persian summary, or JSON with --json."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--json", action="store_true", help="print the draft as JSON")

    def handle(self, *args, file, json: bool = False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"فایل پیدا نشد: {file}")
        try:
            draft = extract(path.read_bytes(), path.name)
        except ReaderError as error:
            raise CommandError(reader_message(error.code)) from None
        if json:
            self.stdout.write(_dumps(draft.to_json()))
            return
        self.stdout.write(_summary(draft))


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def _summary(draft) -> str:
    from hamafza.lib.persian import to_persian_digits

    lines = [
        f"نهاد: {draft.body or '—'}",
        f"جلسه: {to_persian_digits(draft.session_number) if draft.session_number else '—'}",
        f"تاریخ: {format_jalali(draft.meeting_date) if draft.meeting_date else '—'}",
        f"رئیس جلسه: {draft.chair or '—'}",
        f"مکان: {draft.place or '—'}",
        f"مصوبات: {to_persian_digits(len(draft.resolutions))}",
    ]
    for item in draft.resolutions:
        lines.append(f"  {to_persian_digits(item.key)}. {item.text}")
        if item.responsible:
            lines.append(f"     مسئول: {'، '.join(item.responsible)}")
        if item.deadline:
            lines.append(f"     مهلت: {format_jalali(item.deadline)}")
    return "\n".join(lines)
