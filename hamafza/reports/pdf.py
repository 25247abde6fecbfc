"""The follow-up report as a PDF: an HTML template laid out by WeasyPrint with the local Vazirmatn.

Nothing is fetched from the network: the only URLs WeasyPrint may open are the font files under
node_modules/vazirmatn; any other URL is refused by `local_fonts_only`.
"""

from pathlib import Path
from urllib.parse import unquote, urlparse

import weasyprint
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from hamafza.lib.pdf import copyable_text
from hamafza.reports import labels
from hamafza.reports.followup import FollowupReport
from hamafza.templatetags_builtins import jdatetime

FONT_WEIGHTS = {"Regular": 400, "Bold": 700}

# How far a background job has got (percent) once the pages are laid out, and once they are written.
LAID_OUT, WRITTEN = 70, 95


class RefusedURL(ValueError):
    """WeasyPrint asked for something other than a local font file."""


def font_dir() -> Path:
    return Path(settings.NODE_MODULES) / "vazirmatn" / "fonts" / "ttf"


def local_fonts_only(url: str, timeout: int = 10, ssl_context=None):
    """A WeasyPrint url_fetcher that opens only the Vazirmatn files and nothing else."""
    parsed = urlparse(url)
    if parsed.scheme == "file":
        path = Path(unquote(parsed.path)).resolve()
        if path.is_relative_to(font_dir().resolve()) and path.is_file():
            return weasyprint.default_url_fetcher(path.as_uri(), timeout=timeout, ssl_context=ssl_context)
    raise RefusedURL(f"the report may load only the local Vazirmatn fonts, not {url}")


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


def render_html(report: FollowupReport) -> str:
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


def render_pdf(report: FollowupReport, on_stage=None) -> bytes:
    """The report as PDF bytes, in the active language. `on_stage(percent)` is told when the pages are
    laid out (LAID_OUT) and written (WRITTEN), for a job's progress."""
    html = weasyprint.HTML(
        string=render_html(report), base_url=font_dir().resolve().as_uri() + "/", url_fetcher=local_fonts_only
    )
    document = html.render()
    if on_stage:
        on_stage(LAID_OUT)
    content = document.write_pdf(finisher=copyable_text)
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
