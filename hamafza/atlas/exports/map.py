"""The map as a file: Excel (right to left in Persian) or CSV (UTF-8 with a byte-order mark, so that
Excel reads the Persian names)."""

import io

from django.utils.translation import gettext as _

from hamafza.atlas.models import Indicator
from hamafza.atlas.services import queries
from hamafza.atlas.services.queries import MapQuery
from hamafza.lib.spreadsheets import csv_writer, save_workbook
from hamafza.places.models import Region


def unit_label(indicator: Indicator) -> str:
    if indicator.kind != Indicator.Kind.RATE:
        return _("cases")
    return _("per %(per)s %(denominator)s") % {
        "per": queries.format_number(indicator.per),
        "denominator": indicator.get_denominator_display() or _("residents"),
    }


def export_rows(query: MapQuery) -> list[list]:
    """[code, name, parent, value] per unit of the map, highest value first."""
    values = query.values()
    regions = Region.objects.filter(pk__in=list(values)).values_list("pk", "code", "name", "parent__name")
    rows = [[code, name, parent or "", values[pk]] for pk, code, name, parent in regions]
    rows.sort(key=lambda row: (row[3] is None, -(row[3] or 0), row[1]))
    return rows


def _headers() -> list[str]:
    return [_("Code"), _("Name"), _("Within"), _("Value")]


def export_name(query: MapQuery, extension: str) -> str:
    return f"atlas-{query.indicator.code}-{query.level}-{query.start}-{query.end}.{extension}"


def map_xlsx(query: MapQuery, rows: list[list]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("Map")[:31]
    sheet.sheet_view.rightToLeft = queries._persian()
    sheet.append([query.indicator.name, unit_label(query.indicator)])
    sheet.append([str(queries.LEVEL_LABELS[query.level]), query.label])
    sheet.append([])
    sheet.append(_headers())
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    sheet["A1"].font = Font(bold=True, size=13)
    number_format = "#,##0.00" if query.indicator.kind == Indicator.Kind.RATE else "#,##0"
    for row in rows:
        sheet.append(row)
        sheet.cell(row=sheet.max_row, column=4).number_format = number_format
    for column, width in zip("ABCD", (16, 32, 32, 14), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A5"
    out = io.BytesIO()
    save_workbook(book, out)
    return out.getvalue()


def _plain(value: float | None) -> str:
    """A number as machines read it: ASCII digits, no separators, whole numbers without «.0»."""
    if value is None:
        return ""
    value = round(value, 4)
    return str(int(value)) if float(value).is_integer() else str(value)


def map_csv(query: MapQuery, rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow([*_headers(), _("Indicator"), _("Period")])
    period = f"{query.start}-{query.end}"
    for code, name, parent, value in rows:
        writer.writerow([code, name, parent, _plain(value), query.indicator.code, period])
    # A byte-order mark, so that Excel reads the file as UTF-8 and shows the Persian names.
    return "\ufeff".encode() + out.getvalue().encode("utf-8")
