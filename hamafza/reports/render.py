"""One entry point for the view, the task and the command: a body and a period in, a file out."""

import datetime as dt
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.utils import translation
from django.utils.translation import pgettext

from hamafza.meetings.models import Body
from hamafza.reports import followup, labels
from hamafza.reports.excel import render_xlsx
from hamafza.reports.pdf import render_pdf


@dataclass(frozen=True)
class Format:
    extension: str
    content_type: str
    render: object


FORMATS = {
    "pdf": Format("pdf", "application/pdf", render_pdf),
    "xlsx": Format("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", render_xlsx),
}


def render(
    body: Body,
    start: dt.date,
    end: dt.date,
    fmt: str,
    *,
    language: str | None = None,
    today: dt.date | None = None,
) -> bytes:
    """The follow-up report of `body` for the period, as `fmt` ("pdf" or "xlsx") bytes."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")
    with translation.override(language or settings.LANGUAGE_CODE):
        report = followup.gather(body, start, end, today=today)
        return FORMATS[fmt].render(report)


def render_report(report: followup.FollowupReport, fmt: str, *, on_stage=None) -> bytes:
    """A gathered report as `fmt` bytes in the active language; `on_stage(percent)` follows the work."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")
    return FORMATS[fmt].render(report, on_stage=on_stage)


def filenames(body: Body, start: dt.date, end: dt.date, fmt: str) -> tuple[str, str]:
    """An ASCII file name for old clients, and the one in the page's language:
    «گزارش پیگیری - <body> - 1403-01-01 تا 1403-03-31.pdf»."""
    first, last = followup.period_label(start, end)
    extension = FORMATS[fmt].extension
    ascii_name = f"followup-{body.pk}-{first}_{last}.{extension}"
    safe_body = "".join(ch for ch in body.name if ch not in '\\/:*?"<>|\r\n\t').strip()
    title = pgettext("file name", "Follow-up report")
    unicode_name = f"{title} - {safe_body} - {first} {labels.TEXT['to']} {last}.{extension}"
    return ascii_name, unicode_name


def content_disposition(body: Body, start: dt.date, end: dt.date, fmt: str) -> str:
    """attachment with both names (RFC 6266): the ASCII one and the UTF-8 one browsers prefer."""
    ascii_name, unicode_name = filenames(body, start, end, fmt)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(unicode_name, safe='')}"
