"""The assembly's papers: the results workbook (openpyxl), the election's minutes and the letters of
introduction (PDF, WeasyPrint with the local Vazirmatn, laid out by `hamafza.reports.pdf.template_pdf`)."""

from hamafza.reports.pdf import template_pdf


def pdf(template: str, context: dict) -> bytes:
    """`template` laid out as an A4 PDF, in Persian: these are official papers of the body."""
    return template_pdf(template, context)
