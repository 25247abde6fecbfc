"""The coverage matrix and the capacity inventory as files: Excel (right to left in Persian, cells
coloured as on the page) and CSV (UTF-8 with a byte-order mark, so that Excel reads the Persian)."""

import io

from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from hamafza.lib.spreadsheets import csv_writer, save_workbook
from hamafza.participation.services import coverage

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STATUS_LABELS = {
    coverage.GAP: gettext_lazy("Gap: no capacity"),
    coverage.BELOW: gettext_lazy("Below the norm"),
    coverage.MEETS: gettext_lazy("Meets the norm"),
    coverage.SERVED: gettext_lazy("Served (no norm to compare)"),
}
# Cell colours in the Excel export, as on the page.
STATUS_FILLS = {
    coverage.GAP: "F8D7D3",
    coverage.BELOW: "FBE7C2",
    coverage.MEETS: "D4EDDA",
    coverage.SERVED: "E3E9F2",
}


def _persian() -> bool:
    return translation.get_language_bidi()


def _plain(value: float | None, places: int = 2):
    return None if value is None else round(value, places)


def _coverage_csv(result: coverage.Coverage) -> bytes:
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(
        [
            _("Neighbourhood"),
            _("Target neighbourhood"),
            _("Population"),
            _("Service"),
            _("Unit"),
            _("Capacity"),
            _("Per 1,000 residents"),
            _("Norm per 1,000"),
            _("Status"),
            _("Agencies"),
        ]
    )
    for row in result.rows:
        hood = row.neighbourhood
        for cell in row.cells:
            writer.writerow(
                [
                    hood.name,
                    _("Yes") if hood.is_target else _("No"),
                    hood.population if hood.population is not None else "",
                    cell.service.name,
                    cell.service.unit,
                    f"{cell.total:.6g}",
                    "" if cell.per_1000 is None else f"{cell.per_1000:.6g}",
                    "" if cell.service.norm is None else f"{cell.service.norm:g}",
                    str(STATUS_LABELS[cell.status]),
                    "؛ ".join(name for name, _amount in cell.agencies),
                ]
            )
    return out.getvalue().encode("utf-8-sig")


HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="2F5D7C")
HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _sheet(ws, title, headings: list[tuple[str, float]]):
    ws.title = str(title)[:31]
    ws.sheet_view.rightToLeft = _persian()
    for column, (heading, width) in enumerate(headings, start=1):
        cell = ws.cell(row=1, column=column, value=str(heading))
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGN
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = "A2"
    return ws


def _coverage_xlsx(result: coverage.Coverage, area) -> bytes:
    workbook = Workbook()
    headings = [(_("Neighbourhood"), 24), (_("Target neighbourhood"), 10), (_("Population"), 12)]
    for column in result.columns:
        service = column.service
        headings += [
            (f"{service.name} — {_('capacity')} ({service.unit})", 16),
            (f"{service.name} — {_('per 1,000 residents')}", 14),
        ]
    ws = _sheet(workbook.active, _("Coverage"), headings)
    for row in result.rows:
        hood = row.neighbourhood
        values = [hood.name, _("Yes") if hood.is_target else _("No"), hood.population]
        for cell in row.cells:
            values += [_plain(cell.total), _plain(cell.per_1000)]
        ws.append(values)
        for index, cell in enumerate(row.cells):
            fill = PatternFill("solid", fgColor=STATUS_FILLS[cell.status])
            for offset in (0, 1):
                ws.cell(row=ws.max_row, column=4 + 2 * index + offset).fill = fill
    totals = [_("Total"), "", sum(r.neighbourhood.population or 0 for r in result.rows)]
    for column in result.columns:
        totals += [_plain(column.total), _plain(column.per_1000)]
    ws.append(totals)
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    ws.append([])
    ws.append([_("Area"), area["name"] if area else ""])
    for status, label in STATUS_LABELS.items():
        ws.append([str(label)])
        ws.cell(row=ws.max_row, column=1).fill = PatternFill("solid", fgColor=STATUS_FILLS[status])

    ratio = _sheet(
        workbook.create_sheet(),
        _("Service ratio"),
        [
            (_("Organization"), 40),
            (_("Share of its capacity in the target neighbourhoods"), 18),
            (_("Targets' share of the population"), 18),
            (_("Service ratio"), 12),
            (_("Target neighbourhoods reached"), 14),
            (_("Target neighbourhoods"), 12),
        ],
    )
    for agency in result.agencies:
        ratio.append(
            [
                agency.organization,
                _plain(agency.share, 4),
                _plain(result.population_share, 4),
                _plain(agency.ratio),
                agency.targets_reached,
                result.targets,
            ]
        )
        ratio.cell(row=ratio.max_row, column=2).number_format = "0.0%"
        ratio.cell(row=ratio.max_row, column=3).number_format = "0.0%"

    gaps = _sheet(
        workbook.create_sheet(),
        _("Gaps"),
        [
            (_("Neighbourhood"), 24),
            (_("Target neighbourhood"), 10),
            (_("Service"), 26),
            (_("Status"), 22),
            (_("Per 1,000 residents"), 14),
            (_("Norm per 1,000"), 12),
            (_("Capacity needed to reach the norm"), 16),
        ],
    )
    for gap in result.gaps:
        gaps.append(
            [
                gap.neighbourhood.name,
                _("Yes") if gap.neighbourhood.is_target else _("No"),
                gap.service.name,
                str(STATUS_LABELS[gap.status]),
                _plain(gap.per_1000),
                gap.service.norm,
                _plain(gap.needed),
            ]
        )
    return _workbook_bytes(workbook)


def _workbook_bytes(workbook: Workbook) -> bytes:
    out = io.BytesIO()
    save_workbook(workbook, out)
    return out.getvalue()


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
