"""The assembly's papers: the results workbook (openpyxl), the election's minutes and the letters of
introduction (PDF, WeasyPrint with the local Vazirmatn, as hamafza.reports lays out its report)."""

import weasyprint
from django.template.loader import render_to_string
from django.utils import timezone, translation

from hamafza.reports.pdf import font_dir, font_faces, local_fonts_only


def pdf(template: str, context: dict) -> bytes:
    """`template` laid out as an A4 PDF, in Persian: these are official papers of the body."""
    with translation.override("fa"):
        html = render_to_string(template, {**context, "fonts": font_faces(), "generated_at": timezone.now()})
    return weasyprint.HTML(
        string=html, base_url=font_dir().resolve().as_uri() + "/", url_fetcher=local_fonts_only
    ).write_pdf()
