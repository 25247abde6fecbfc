"""A ranking as a table, the same for a live ranking and a saved assessment, and as a file: Excel
(right to left in Persian, with a sheet of the indicators and their weights) or CSV."""

import io
from dataclasses import dataclass

from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from hamafza.atlas.models import Assessment, Indicator
from hamafza.atlas.services import ranking
from hamafza.atlas.services.queries import period_label
from hamafza.lib.persian import to_persian_digits
from hamafza.lib.spreadsheets import csv_writer, save_workbook

# Colours of the indicators in the contribution bars (distinct in print and for colour-blind readers).
PALETTE = [
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
    "#999999",
    "#882255",
    "#44AA99",
    "#117733",
]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def in_persian() -> bool:
    from django.utils.translation import get_language

    return (get_language() or "fa").startswith("fa")


def number(value: float | None, places: int = 2, persian: bool | None = None) -> str:
    """A value as a reader writes it: no trailing zeros, Persian digits and «٫» in Persian."""
    if value is None:
        return ""
    text = f"{value:.{places}f}".rstrip("0").rstrip(".") if places else f"{value:.0f}"
    if text in ("-0", ""):
        text = "0"
    if persian is None:
        persian = in_persian()
    return to_persian_digits(text.replace(".", "٫")) if persian else text


@dataclass
class Column:
    code: str
    name: str
    weight: float
    benefit: bool
    colour: str

    @property
    def shown_weight(self) -> str:
        return number(self.weight, 3)


@dataclass
class Line:
    region_id: int
    name: str
    code: str
    rank: int
    score: float
    values: list[float]
    contributions: list[float]
    is_target: bool = False
    # Set for the lines of the page shown:
    bar: str = ""  # the contribution bar (HTML)
    cells: str = ""  # the indicators' values (HTML cells)
    shown_score: str = ""
    url: str | None = None


@dataclass
class Table:
    area_name: str
    area_code: str
    period_start: int
    period_end: int
    method: str
    columns: list[Column]
    lines: list  # Line, or ranking.RankingRow (same attributes)
    consistency_ratio: float | None = None
    diverging: bool = False

    @property
    def shown_ratio(self) -> str:
        return number(self.consistency_ratio, 3)

    @property
    def method_label(self) -> str:
        return str(Assessment.Method(self.method).label)

    @property
    def period_label(self) -> str:
        return period_label(self.period_start, self.period_end)

    def file_name(self, extension: str) -> str:
        return f"ranking-{self.area_code}-{self.period_start}-{self.period_end}.{extension}"


def _columns(pairs) -> list[Column]:
    return [
        Column(code, name, weight, benefit, PALETTE[n % len(PALETTE)])
        for n, (code, name, weight, benefit) in enumerate(pairs)
    ]


def table_from_result(result: ranking.RankingResult, consistency_ratio=None) -> Table:
    columns = _columns((c.indicator.code, c.indicator.name, c.weight, c.benefit) for c in result.criteria)
    return Table(
        result.area.name,
        result.area.code,
        result.period_start,
        result.period_end,
        result.method,
        columns,
        result.rows,  # RankingRow has the attributes of a Line
        consistency_ratio,
    )


def table_from_assessment(assessment: Assessment) -> Table:
    codes = [c["indicator"] for c in assessment.criteria]
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    columns = _columns(
        (
            code,
            indicators[code].name if code in indicators else code,
            c["weight"],
            indicators[code].higher_is_worse if code in indicators else True,
        )
        for code, c in zip(codes, assessment.criteria, strict=True)
    )
    lines = [
        Line(
            row["region"],
            row.get("name", ""),
            row.get("code", ""),
            row["rank"],
            row["score"],
            [row.get("values", {}).get(code) for code in codes],
            [row.get("contributions", {}).get(code, 0.0) for code in codes],
        )
        for row in sorted(assessment.results, key=lambda row: (row["rank"], row.get("name", "")))
    ]
    return Table(
        assessment.area.name,
        assessment.area.code,
        assessment.period_start,
        assessment.period_end,
        assessment.method,
        columns,
        lines,
        assessment.consistency_ratio,
    )


HEADINGS = {
    "rank": gettext_lazy("Rank"),
    "neighbourhood": gettext_lazy("Neighbourhood"),
    "code": gettext_lazy("Code"),
    "score": gettext_lazy("Score"),
    "contribution": gettext_lazy("contribution"),
    "indicator": gettext_lazy("Indicator"),
    "weight": gettext_lazy("Weight"),
    "direction": gettext_lazy("Direction"),
    "worse": gettext_lazy("a higher value raises the priority"),
    "better": gettext_lazy("a lower value raises the priority"),
    "area": gettext_lazy("Area"),
    "period": gettext_lazy("Period"),
    "method": gettext_lazy("Method"),
    "cr": gettext_lazy("Consistency ratio (AHP)"),
    "ranking": gettext_lazy("Ranking"),
    "criteria": gettext_lazy("Indicators and weights"),
}


def _headers(table: Table) -> list[str]:
    h = HEADINGS
    headers = [str(h["rank"]), str(h["neighbourhood"]), str(h["code"]), str(h["score"])]
    for column in table.columns:
        headers += [column.name, f"{column.name} — {h['contribution']}"]
    return headers


def _cells(line: Line) -> list:
    cells = [line.rank, line.name, line.code, line.score]
    for value, contribution in zip(line.values, line.contributions, strict=True):
        cells += [value, contribution]
    return cells


def ranking_csv(table: Table) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens the Persian names right."""
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(_headers(table))
    for line in table.lines:
        writer.writerow([f"{c:.6g}" if isinstance(c, float) else c for c in _cells(line)])
    return out.getvalue().encode("utf-8-sig")


HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="2F5D7C")
HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _sheet(ws, headers: list[str], widths: list[float]) -> None:
    ws.sheet_view.rightToLeft = in_persian()
    for column, (header, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = ws.cell(row=1, column=column, value=header)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGN
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = "A2"


def ranking_xlsx(table: Table) -> bytes:
    h = HEADINGS
    workbook = Workbook()
    ws = workbook.active
    ws.title = str(h["ranking"])
    headers = _headers(table)
    _sheet(ws, headers, [8, 28, 16, 10] + [16] * (len(headers) - 4))
    for line in table.lines:
        ws.append(_cells(line))
        ws.cell(row=ws.max_row, column=4).number_format = "0.000"
        for column in range(6, len(headers) + 1, 2):
            ws.cell(row=ws.max_row, column=column).number_format = "0.000"
    ws.auto_filter.ref = ws.dimensions

    about = workbook.create_sheet(str(h["criteria"]))
    _sheet(about, [str(h["indicator"]), str(h["weight"]), str(h["direction"])], [36, 12, 36])
    for column in table.columns:
        about.append([column.name, column.weight, str(h["worse"] if column.benefit else h["better"])])
        about.cell(row=about.max_row, column=2).number_format = "0.0%"
    about.append([])
    about.append([str(h["area"]), table.area_name])
    about.append([str(h["period"]), table.period_label])
    about.append([str(h["method"]), table.method_label])
    if table.consistency_ratio is not None:
        about.append([str(h["cr"]), table.consistency_ratio])
        about.cell(row=about.max_row, column=2).number_format = "0.000"
    workbook.properties.title = f"{h['ranking']} — {table.area_name}"
    buffer = io.BytesIO()
    save_workbook(workbook, buffer)
    return buffer.getvalue()
