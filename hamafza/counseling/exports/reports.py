"""The reports the social deputy sends up: a station's monthly report and a province's quarterly report,
as PDF (WeasyPrint, the local Vazirmatn, right to left, Persian digits) and Excel (right-to-left sheets).
Numbers only: no case, party or name is in them."""

import io
from dataclasses import dataclass

import weasyprint
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from hamafza.atlas.services.queries import month_label, period_label
from hamafza.counseling.services import figures
from hamafza.counseling.services.figures import Figures, Row
from hamafza.lib.spreadsheets import save_workbook
from hamafza.reports.pdf import css_string, font_dir, font_faces, local_fonts_only
from hamafza.templatetags_builtins import jdatetime


@dataclass
class Report:
    title: str
    subtitle: str
    figures: Figures
    sections: list[tuple[str, list[Row]]]
    generated_at: object


def station_month(station, month: int) -> Report:
    data = figures.station(station.pk, month, month)
    return Report(
        title=_("Monthly report of the counselling centre of %(station)s") % {"station": station.name},
        subtitle=period_label(month, month),
        figures=data,
        sections=[(_("By kind of dispute"), data.kinds)],
        generated_at=timezone.now(),
    )


def province_quarter(region, year: int, quarter: int) -> Report:
    start = year * 100 + (quarter - 1) * 3 + 1
    end = start + 2
    data = figures.province(region.pk, start, end)
    for row in data.months:
        row.label = month_label(row.key)
    return Report(
        title=_("Quarterly report of the counselling centres of %(province)s") % {"province": region.name},
        subtitle=period_label(start, end),
        figures=data,
        sections=[
            (_("By county"), data.units),
            (_("By station"), data.stations),
            (_("By kind of dispute"), data.kinds),
            (_("By month"), data.months),
        ],
        generated_at=timezone.now(),
    )


def pdf(report: Report) -> bytes:
    bidi = translation.get_language_bidi()
    html = render_to_string(
        "counseling/exports/report_pdf.html",
        {
            "report": report,
            "fonts": font_faces(),
            "dir": "rtl" if bidi else "ltr",
            "counter_style": "persian" if bidi else "decimal",
            "css_title": css_string(report.title),
            "css_generated": css_string(jdatetime(report.generated_at)),
        },
    )
    document = weasyprint.HTML(
        string=html, base_url=font_dir().resolve().as_uri() + "/", url_fetcher=local_fonts_only
    )
    return document.write_pdf()


def _headers() -> list[str]:
    return [
        "",
        _("Cases opened"),
        _("Cases closed"),
        _("Reconciled"),
        _("Partly reconciled"),
        _("Referred to the judiciary"),
        _("Withdrawn"),
        _("Reconciliation rate"),
        _("Same period last year"),
        _("Median days to close"),
    ]


def _values(row: Row) -> list:
    now = row.now
    return [
        row.label or _("Total"),
        now.opened,
        now.closed,
        now.reconciled,
        now.partly,
        now.referred,
        now.withdrawn,
        round(now.rate, 1) if now.rate is not None else None,
        round(row.before.rate, 1) if row.before.rate is not None else None,
        now.median_days,
    ]


def excel(report: Report) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Summary")[:31]
    for name, rows in [(_("Summary"), [report.figures.total]), *report.sections]:
        target = sheet if name == _("Summary") else workbook.create_sheet(name[:31])
        target.sheet_view.rightToLeft = translation.get_language_bidi()
        target.append([report.title])
        target.append([report.subtitle])
        target.append(_headers())
        for cell in target[3]:
            cell.font = Font(bold=True)
        for row in rows:
            target.append(_values(row))
        target.column_dimensions["A"].width = 34
    buffer = io.BytesIO()
    save_workbook(workbook, buffer)
    return buffer.getvalue()
