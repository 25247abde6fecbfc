"""The follow-up report as a PDF: an HTML template laid out by WeasyPrint with the local Vazirmatn.

Nothing is fetched from the network: the only URLs WeasyPrint may open are the font files under
node_modules/vazirmatn; any other URL is refused by `local_fonts_only`.
"""

import functools
from pathlib import Path

import weasyprint
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from hamafza.lib import pdf as pdf_parts
from hamafza.lib.pdf import RefusedURL, copyable_text
from hamafza.reports import labels
from hamafza.reports.followup import FollowupReport
from hamafza.templatetags_builtins import jdatetime

FONT_WEIGHTS = {"Regular": 400, "Bold": 700}

# How far a background job has got (percent) once the pages are laid out, and once they are written.
LAID_OUT, WRITTEN = 70, 95


# A report of at least this many resolutions is laid out in parts, in parallel (hamafza.lib.pdf).
PARALLEL_FROM = 40

__all__ = ["RefusedURL", "local_fonts_only", "render_html", "render_pdf"]


def font_dir() -> Path:
    return Path(settings.NODE_MODULES) / "vazirmatn" / "fonts" / "ttf"


def local_fonts_only(url: str, timeout: int = 10, ssl_context=None):
    """A WeasyPrint url_fetcher that opens only the Vazirmatn files and nothing else."""
    return pdf_parts.fetch_local_font(str(font_dir()), url, timeout=timeout, ssl_context=ssl_context)


def font_faces() -> list[dict]:
    faces = []
    for name, weight in FONT_WEIGHTS.items():
        path = font_dir() / f"Vazirmatn-{name}.ttf"
        if not path.is_file():
            raise FileNotFoundError(
                f"{path} is missing: run `npm ci` (make install) to get the vazirmatn package"
            )
        faces.append({"url": path.resolve().as_uri(), "weight": weight})
    return faces


def css_string(text) -> str:
    """Text for a CSS string in the page's <style>: quotes, backslashes and markup escaped."""
    escaped = "".join(f"\\{ord(ch):x} " if ch in '\\"<>&\n\r' else ch for ch in str(text))
    return mark_safe(escaped)


def render_html(
    report: FollowupReport,
    *,
    rows: list | None = None,
    offset: int = 0,
    first: bool = True,
    last: bool = True,
    numbered: bool = True,
    blank_pages: int = 0,
) -> str:
    """The report's HTML. A part of a report laid out in parts has `rows` (its share of the resolutions,
    the first numbered `offset` + 1), the heading and summary only if `first`, the cancelled resolutions
    and the organisations' rates only if `last`, and no page numbers (`numbered` False). With
    `blank_pages`, the document is that many empty pages carrying only the page numbers."""
    bidi = translation.get_language_bidi()
    css = {
        "page": css_string(labels.TEXT["page"]),
        "of": css_string(labels.TEXT["of"]),
        "body": css_string(report.body.name),
        "generated": css_string(f"{labels.TEXT['generated']}: {jdatetime(report.generated_at)}"),
    }
    return render_to_string(
        "reports/followup_pdf.html",
        {
            "report": report,
            "rows": report.rows if rows is None else rows,
            "offset": offset,
            "first": first,
            "last": last,
            "numbered": numbered,
            "blank_pages": range(blank_pages),
            "t": labels.TEXT,
            "css": css,
            "states": labels.RESOLUTION_STATES,
            "org_states": labels.ASSIGNMENT_STATES,
            "review_states": labels.REVIEW_STATES,
            "fonts": font_faces(),
            "counter_style": "persian" if bidi else "decimal",
            "dir": "rtl" if bidi else "ltr",
        },
    )


def workers() -> int:
    """How many processes lay out a long report at once: REPORT_PDF_WORKERS, else the CPUs (at most 4)."""
    return max(1, settings.REPORT_PDF_WORKERS)


def _weight(row) -> int:
    """How much there is to lay out in a row: its text and its responsibles' narratives."""
    return len(row.resolution.text) + sum(len(r.narrative or "") + 80 for r in row.responsibles)


def split_rows(rows: list, parts: int) -> list[list]:
    """`rows` cut into at most `parts` runs, in order, of about equal weight."""
    total = sum(_weight(row) for row in rows)
    runs: list[list] = [[]]
    done = 0
    for row in rows:
        if runs[-1] and done >= total * len(runs) / parts and len(runs) < parts:
            runs.append([])
        runs[-1].append(row)
        done += _weight(row)
    return runs


def render_pdf(report: FollowupReport, on_stage=None) -> bytes:
    """The report as PDF bytes, in the active language. `on_stage(percent)` is told when the pages are
    laid out (LAID_OUT) and written (WRITTEN), for a job's progress. A long report is laid out in parts
    by several processes at once and joined (hamafza.lib.pdf)."""
    count = workers()
    if count > 1 and len(report.rows) >= PARALLEL_FROM:
        return _render_in_parts(report, count, on_stage)
    html = weasyprint.HTML(
        string=render_html(report),
        base_url=font_dir().resolve().as_uri() + "/",
        url_fetcher=functools.partial(pdf_parts.fetch_local_font, str(font_dir())),
    )
    document = html.render()
    if on_stage:
        on_stage(LAID_OUT)
    content = document.write_pdf(finisher=copyable_text)
    if on_stage:
        on_stage(WRITTEN)
    return content


def _render_in_parts(report: FollowupReport, count: int, on_stage) -> bytes:
    runs = split_rows(report.rows, count)
    htmls, offset = [], 0
    for index, run in enumerate(runs):
        htmls.append(
            render_html(
                report, rows=run, offset=offset, first=index == 0, last=index == len(runs) - 1, numbered=False
            )
        )
        offset += len(run)
    fonts = str(font_dir())
    parts = pdf_parts.render_parts(htmls, fonts, count)
    if on_stage:
        on_stage(LAID_OUT)
    content = pdf_parts.join_numbered(parts, lambda total: render_html(report, blank_pages=total), fonts)
    if on_stage:
        on_stage(WRITTEN)
    return content


def template_pdf(template: str, context: dict) -> bytes:
    """`template` laid out as an A4 PDF in Persian, as the body's official papers are (the assembly's
    letters and minutes, a meeting's minutes and notification letters); its text copies out as written.
    The template includes `_pdf_head.html`, which declares the local fonts passed here as `fonts`."""
    with translation.override("fa"):
        html = render_to_string(template, {**context, "fonts": font_faces(), "generated_at": timezone.now()})
    document = weasyprint.HTML(
        string=html, base_url=font_dir().resolve().as_uri() + "/", url_fetcher=local_fonts_only
    )
    return document.write_pdf(finisher=copyable_text)
