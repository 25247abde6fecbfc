"""The review package as a PDF: an HTML template laid out by WeasyPrint with the local Vazirmatn, right to
left in Persian, Jalali dates and Persian digits. Only the local font files may be opened (the follow-up
report's `local_fonts_only`)."""

import weasyprint
from django.template.loader import render_to_string
from django.utils import translation

from hamafza.goals.exports.package import Package
from hamafza.goals.services import progress
from hamafza.reports.pdf import css_string, font_dir, font_faces, local_fonts_only
from hamafza.templatetags_builtins import jdatetime


def render_html(package: Package) -> str:
    bidi = translation.get_language_bidi()
    return render_to_string(
        "goals/exports/review_pdf.html",
        {
            "package": package,
            "fonts": font_faces(),
            "dir": "rtl" if bidi else "ltr",
            "counter_style": "persian" if bidi else "decimal",
            "states": progress.STATES,
            "order": progress.ORDER,
            "css_title": css_string(package.title),
            "css_generated": css_string(jdatetime(package.generated_at)),
        },
    )


def render_pdf(package: Package) -> bytes:
    html = weasyprint.HTML(
        string=render_html(package),
        base_url=font_dir().resolve().as_uri() + "/",
        url_fetcher=local_fonts_only,
    )
    return html.write_pdf()
