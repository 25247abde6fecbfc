"""The follow-up report as an Excel workbook: a summary, one row per resolution and organisation, rates.

Sheets read right to left when the report is in a right-to-left language. Jalali dates are text
(«۱۴۰۲/۰۷/۲۹», as a reader writes them); the session date is also given as a real date so the sheet can
be sorted and filtered by it. Percentages are numbers (fractions shown with a percent format).
"""

import datetime as dt
from io import BytesIO

from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from hamafza.lib.jalali import format_jalali
from hamafza.lib.persian import to_persian_digits
from hamafza.lib.spreadsheets import save_workbook
from hamafza.reports import labels
from hamafza.reports.followup import FollowupReport, Responsible, Row

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="2F5D7C")
HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
THIN = Side(style="thin", color="9AA7B3")
HEADER_BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(vertical="top", wrap_text=True)
PERCENT = "0%"
DATE = "yyyy-mm-dd"


def _persian() -> bool:
    return translation.get_language_bidi()


def _date(value) -> str:
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return format_jalali(value, persian_digits=_persian()) if value else ""


def _text(value) -> str:
    """Numbers such as a session or resolution number, written as the report's readers write them."""
    text = "" if value is None else str(value)
    return to_persian_digits(text) if _persian() else text


def _sheet(workbook: Workbook, title, headers: list[tuple[str, float]], *, first: bool = False):
    ws = workbook.active if first else workbook.create_sheet()
    ws.title = str(title)
    ws.sheet_view.rightToLeft = _persian()
    for column, (header, width) in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=column, value=str(header))
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = HEADER_ALIGN
        cell.border = HEADER_BORDER
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.row_dimensions[1].height = 32
    ws.freeze_panes = "A2"
    return ws


def _due(responsible: Responsible) -> str:
    assignment = responsible.assignment
    if assignment.due_on or assignment.deadline:
        return _date(assignment.due_on or assignment.deadline)
    if assignment.recurrence == assignment.Recurrence.CONTINUOUS:
        return str(labels.TEXT["continuous"])
    return ""


def _summary(workbook: Workbook, report: FollowupReport) -> None:
    t = labels.TEXT
    ws = _sheet(workbook, labels.SHEETS["summary"], [(t["state"], 34), (t["count"], 14)], first=True)
    for state, count in report.summary:
        ws.append([str(labels.RESOLUTION_STATES[state]), count])
    ws.append([str(t["total"]), report.counts["total"]])
    ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
    ws.cell(row=ws.max_row, column=2).font = Font(bold=True)
    ws.append([])
    for key, value in [
        ("body", report.body.name),
        ("from", _date(report.start)),
        ("to", _date(report.end)),
        ("generated", _text(report.generated_at.strftime("%H:%M")) + " " + _date(report.generated_at)),
    ]:
        ws.append([str(t[key]), value])
    ws.append([str(t["states_note"])])


RESOLUTION_COLUMNS = [
    ("row", 7),
    ("meeting", 9),
    ("meeting_date", 13),
    ("meeting_date_real", 13),
    ("number", 10),
    ("text", 60),
    ("state", 14),
    ("days_late", 10),
    ("organization", 32),
    ("role", 10),
    ("due", 13),
    ("org_state", 16),
    ("percent", 10),
    ("report_date", 13),
    ("review", 14),
    ("narrative", 60),
    ("cancel_reason", 30),
]


def _resolution_cells(index: int, row: Row, responsible: Responsible | None) -> list:
    resolution = row.resolution
    cells = [
        index,
        _text(row.meeting.number),
        _date(row.meeting.held_on),
        row.meeting.held_on,
        _text(resolution.number),
        resolution.text,
        str(labels.RESOLUTION_STATES[row.state]),
        row.days_late,
    ]
    if responsible is None:
        cells += [""] * 8
    else:
        report = responsible.report
        cells += [
            responsible.organization.name,
            str(labels.TEXT["lead"] if responsible.is_lead else labels.TEXT["supporting"]),
            _due(responsible),
            str(labels.ASSIGNMENT_STATES[responsible.state]),
            report.percent / 100 if report else None,
            _date(report.submitted_at) if report else "",
            str(labels.REVIEW_STATES[report.status]) if report else "",
            responsible.narrative if report else str(labels.TEXT["no_report"]),
        ]
    cells.append(resolution.cancel_reason)
    return cells


def _resolutions(workbook: Workbook, report: FollowupReport) -> None:
    headers = [(labels.TEXT[key], width) for key, width in RESOLUTION_COLUMNS]
    ws = _sheet(workbook, labels.SHEETS["resolutions"], headers)
    keys = [key for key, _ in RESOLUTION_COLUMNS]
    real_date, percent = keys.index("meeting_date_real") + 1, keys.index("percent") + 1
    wrapped = [keys.index(key) + 1 for key in ("text", "narrative", "cancel_reason", "organization")]
    for index, row in enumerate(report.all_rows, start=1):
        for responsible in row.responsibles or [None]:
            ws.append(_resolution_cells(index, row, responsible))
            line = ws.max_row
            ws.cell(row=line, column=real_date).number_format = DATE
            ws.cell(row=line, column=percent).number_format = PERCENT
            for column in wrapped:
                ws.cell(row=line, column=column).alignment = WRAP
    ws.auto_filter.ref = ws.dimensions


def _organizations(workbook: Workbook, report: FollowupReport) -> None:
    t = labels.TEXT
    headers = [
        (t["organization"], 36),
        (t["assigned"], 11),
        (labels.RESOLUTION_STATES["done"], 11),
        (t["came_due"], 11),
        (t["on_time"], 12),
        (labels.RESOLUTION_STATES["overdue"], 11),
        (t["rate"], 13),
    ]
    ws = _sheet(workbook, labels.SHEETS["organizations"], headers)
    for rate in report.rates:
        on_time_rate = None if rate.on_time_rate is None else rate.on_time_rate / 100
        ws.append(
            [rate.name, rate.assigned, rate.done, rate.came_due, rate.on_time, rate.overdue, on_time_rate]
        )
        ws.cell(row=ws.max_row, column=7).number_format = PERCENT


def render_xlsx(report: FollowupReport, on_stage=None) -> bytes:
    """The report as .xlsx bytes, in the active language."""
    workbook = Workbook()
    _summary(workbook, report)
    _resolutions(workbook, report)
    _organizations(workbook, report)
    workbook.properties.title = f"{labels.TEXT['title']} — {report.body.name}"
    buffer = BytesIO()
    save_workbook(workbook, buffer)
    return buffer.getvalue()
