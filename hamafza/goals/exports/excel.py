"""The review package and the scorecard as Excel workbooks: right-to-left sheets in Persian, Jalali dates
as text (as readers write them), numbers as numbers."""

from io import BytesIO

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from hamafza.goals.exports.package import Package, review_state_label, state_label
from hamafza.goals.services import progress
from hamafza.goals.services.overview import Row
from hamafza.lib.jalali import format_jalali
from hamafza.lib.spreadsheets import save_workbook

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="0F6E6E")
WRAP = Alignment(vertical="top", wrap_text=True)
STATE_FILLS = {
    progress.MET: "D4EDDA",
    progress.ON_TRACK: "E3F0FB",
    progress.AT_RISK: "FBE7C2",
    progress.BEHIND: "F8D7D3",
    progress.NO_DATA: "EEEEEE",
}


def _persian() -> bool:
    return translation.get_language_bidi()


def _sheet(workbook: Workbook, title: str, headers: list[tuple[str, float]], *, first: bool = False):
    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = title[:31]
    sheet.sheet_view.rightToLeft = _persian()
    for column, (header, width) in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=column, value=header)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    return sheet


def _colour_state(sheet, column: int, state: str) -> None:
    sheet.cell(row=sheet.max_row, column=column).fill = PatternFill("solid", fgColor=STATE_FILLS[state])


def _save(workbook: Workbook) -> bytes:
    buffer = BytesIO()
    save_workbook(workbook, buffer)
    return buffer.getvalue()


def render_package(package: Package) -> bytes:
    workbook = Workbook()
    states = [state_label(state) for state in progress.ORDER]
    summary = _sheet(
        workbook,
        _("Summary"),
        [(_("Organisation"), 40), (_("Programme"), 44), (_("Jalali year"), 10), (_("Goals"), 9)]
        + [(label, 12) for label in states],
        first=True,
    )
    for view in package.programmes:
        programme = view.programme
        counts = view.counts
        summary.append(
            [programme.organization.name, programme.title, programme.year, len(view.goals)]
            + [counts[state] for state in progress.ORDER]
        )
    measures = _sheet(
        workbook,
        _("Goals and measures"),
        [
            (_("Organisation"), 32),
            (_("Goal no."), 8),
            (_("Goal"), 40),
            (_("State of the goal"), 14),
            (_("Measure"), 36),
            (_("Source of the value"), 34),
            (_("Baseline"), 11),
            (_("Target"), 11),
            (_("Value"), 11),
            (_("As of"), 12),
            (_("Achieved (review)"), 13),
            (_("State of the measure"), 14),
        ],
    )
    for programme_view, goal in package.goals:
        for measure_view in goal.measures:
            measure = measure_view.measure
            measures.append(
                [
                    programme_view.programme.organization.name,
                    goal.goal.number,
                    goal.goal.title,
                    state_label(goal.state),
                    measure.name,
                    package.sources.get(measure.pk, ""),
                    measure.baseline,
                    measure.target,
                    measure.value,
                    format_jalali(measure.value_as_of, persian_digits=_persian()),
                    package.figures.get(measure.pk),
                    state_label(measure_view.state),
                ]
            )
            _colour_state(measures, 4, goal.state)
            _colour_state(measures, 12, measure_view.state)
    reviews = _sheet(
        workbook,
        _("Year-end review"),
        [
            (_("Organisation"), 30),
            (_("Goal no."), 8),
            (_("Goal"), 36),
            (_("State of the review"), 14),
            (_("What was achieved"), 44),
            (_("Strengths"), 40),
            (_("Weaknesses"), 40),
            (_("Causes of the weaknesses"), 40),
            (_("Proposal for next year"), 40),
            (_("Reviewer's comment"), 30),
        ],
    )
    for programme_view, goal in package.goals:
        review = goal.review
        texts = (
            [
                review.achieved,
                review.strengths,
                review.weaknesses,
                review.causes,
                review.proposal,
                review.review_comment,
            ]
            if review is not None
            else [""] * 6
        )
        reviews.append(
            [
                programme_view.programme.organization.name,
                goal.goal.number,
                goal.goal.title,
                review_state_label(review),
            ]
            + texts
        )
        for cell in reviews[reviews.max_row]:
            cell.alignment = WRAP
    return _save(workbook)


def render_scorecard(title: str, rows: list[Row]) -> bytes:
    workbook = Workbook()
    sheet = _sheet(
        workbook,
        _("Scorecard"),
        [(_("Rank"), 7), (_("Organisation"), 42), (_("Area"), 18), (_("Goals"), 9)]
        + [(state_label(state), 12) for state in progress.ORDER]
        + [(_("Share met"), 11)],
        first=True,
    )
    for rank, row in enumerate(rows, start=1):
        counts = row.counts
        total = len(row.all_goals)
        sheet.append(
            [
                rank,
                row.programme.organization.name,
                row.programme.region.name if row.programme.region else "",
                total,
            ]
            + [counts[state] for state in progress.ORDER]
            + [counts[progress.MET] / total if total else None]
        )
        sheet.cell(row=sheet.max_row, column=len(progress.ORDER) + 5).number_format = "0%"
    sheet.insert_rows(1)
    sheet.cell(row=1, column=1, value=title).font = Font(bold=True, size=13)
    sheet.freeze_panes = "A3"
    return _save(workbook)
