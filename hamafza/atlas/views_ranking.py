"""Pages of the priority ranking: the ranking form and its result, exports, saved assessments, targets.

Anyone logged in may rank and read assessments (the atlas is readable by every user); saving an
assessment and marking target neighbourhoods are for system administrators and the secretariat of a
body whose region holds the area (ranking.can_assess, the rule of places.services.mark_target).
"""

import csv
import io
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from hamafza.atlas import ranking
from hamafza.atlas.forms_ranking import MarkTargetsForm, RankingForm, SaveForm
from hamafza.atlas.models import Assessment, Indicator
from hamafza.atlas.queries import period_label
from hamafza.lib.persian import to_persian_digits

ROWS_PER_PAGE = 100
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


def _persian() -> bool:
    from django.utils.translation import get_language

    return (get_language() or "fa").startswith("fa")


def _number(value: float | None, places: int = 2, persian: bool | None = None) -> str:
    """A value as a reader writes it: no trailing zeros, Persian digits and «٫» in Persian."""
    if value is None:
        return ""
    text = f"{value:.{places}f}".rstrip("0").rstrip(".") if places else f"{value:.0f}"
    if text in ("-0", ""):
        text = "0"
    if persian is None:
        persian = _persian()
    return to_persian_digits(text.replace(".", "٫")) if persian else text


# --- one table for a live ranking and a saved assessment ----------------------------------------------


@dataclass
class Column:
    code: str
    name: str
    weight: float
    benefit: bool
    colour: str

    @property
    def shown_weight(self) -> str:
        return _number(self.weight, 3)


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
        return _number(self.consistency_ratio, 3)

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


def _profile_url():
    """The neighbourhood profile's address with a placeholder id, if the atlas has that page."""
    try:
        return reverse("atlas:profile", args=[999999999]).replace("999999999", "{}")
    except NoReverseMatch:
        return None


def _bar(line, parts: list[tuple[str, str]], diverging: bool, longest: float, persian: bool) -> str:
    """The contribution bar of a line as HTML, built here rather than in the template: 100 rows × 2 ×
    6 segments through template loops cost more than the ranking itself. `parts` are the columns'
    escaped (name, colour); everything else is a number."""
    up, down, label = [], [], []
    for (name, colour), c in zip(parts, line.contributions, strict=True):
        if not c:
            continue
        shown = _number(c, 3, persian)
        label.append(f"{name}: {shown}")
        span = f'<span style="width:{abs(c) * 100 / longest:.2f}%;background:{colour}" title="{name}: {shown}"></span>'
        (up if c > 0 else down).append(span)
    label = "، ".join(label)
    if not diverging:
        return mark_safe(f'<div class="stack-bar" role="img" aria-label="{label}">{"".join(up)}</div>')
    return mark_safe(
        f'<div class="stack-bar diverging" role="img" aria-label="{label}"><div class="down">'
        f'{"".join(down)}</div><div class="up">{"".join(up)}</div></div>'
    )


def _page(request, table: Table):
    """One page of the table's lines, each with its contribution bar.

    A weighted sum's contributions are all positive and add up to the score: one bar from the start.
    TOPSIS's add up to the score minus 0.5 and may be negative (nearer the anti-ideal than the ideal
    on that indicator): a bar on each side of a middle line. Bars are scaled to the longest one.
    """
    page = Paginator(table.lines, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    longest = (
        max(
            (
                max(sum(c for c in line.contributions if c > 0), -sum(c for c in line.contributions if c < 0))
                for line in table.lines
            ),
            default=0.0,
        )
        or 1.0
    )
    table.diverging = table.method == Assessment.Method.TOPSIS
    profile = _profile_url()
    persian = _persian()
    parts = [(escape(column.name), column.colour) for column in table.columns]
    for line in page.object_list:
        line.bar = _bar(line, parts, table.diverging, longest, persian)
        line.cells = mark_safe(
            "".join(f'<td class="num value">{_number(v, 2, persian)}</td>' for v in line.values)
        )
        line.shown_score = _number(line.score, 3, persian)
        line.url = profile.format(line.region_id) if profile else None
    return page


# --- the ranking page ---------------------------------------------------------------------------------


def _bound_form(request) -> RankingForm | None:
    return RankingForm(request.GET) if "area" in request.GET else None


def _rank(form: RankingForm) -> ranking.RankingResult:
    data = form.cleaned_data
    return ranking.compute_ranking(
        data["area"], data["period_start"], data["period_end"], data["criteria"], data["method"]
    )


@login_required
@require_GET
def ranking_page(request):
    form = _bound_form(request)
    result = table = page = None
    if form is not None and form.is_valid():
        try:
            result = _rank(form)
        except ranking.RankingError as error:
            form.add_error(None, error)
    if result is not None:
        table = table_from_result(result, form.consistency_ratio)
        page = _page(request, table)
    context = {
        "form": form or RankingForm(),
        "submitted": form is not None,
        "result": result,
        "table": table,
        "page": page,
        "query": _query(request),
        "can_save": result is not None and ranking.can_assess(request.user, result.area),
        "save_form": SaveForm(initial={"name": _default_name(result)}) if result else None,
        "max_cr": ranking.MAX_CONSISTENCY_RATIO,
        "shown_ratio": _number(form.consistency_ratio, 3) if form is not None else "",
    }
    status = 400 if form is not None and result is None else 200
    return render(request, "atlas/ranking_page.html", context, status=status)


def _query(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return query.urlencode()


def _default_name(result) -> str:
    if result is None:
        return ""
    return _("Priority of the neighbourhoods of %(area)s, %(period)s") % {
        "area": result.area.name,
        "period": period_label(result.period_start, result.period_end),
    }


@login_required
@require_GET
def ranking_pairs(request):
    """The AHP triangle for the indicators ticked so far (htmx swaps it in when the ticks change)."""
    form = RankingForm(request.GET)
    return render(request, "atlas/ranking_pairs.html", {"form": form})


@login_required
@require_GET
def ranking_export(request):
    form = _bound_form(request)
    if form is None or not form.is_valid():
        raise Http404
    try:
        result = _rank(form)
    except ranking.RankingError:
        raise Http404 from None
    return _export(table_from_result(result, form.consistency_ratio), request.GET.get("format"))


@login_required
@require_POST
def ranking_save(request):
    form = _bound_form(request)
    if form is None:
        raise Http404
    if not form.is_valid():
        return redirect(f"{reverse('atlas:ranking')}?{_query(request)}")
    if not ranking.can_assess(request.user, form.cleaned_data["area"]):
        raise PermissionDenied
    save_form = SaveForm(request.POST)
    if not save_form.is_valid():
        messages.error(request, _("Give the assessment a name."))
        return redirect(f"{reverse('atlas:ranking')}?{_query(request)}")
    try:
        result = _rank(form)
        assessment = ranking.save_assessment(
            result,
            by=request.user,
            name=save_form.cleaned_data["name"],
            ahp_matrix=form.ahp_matrix if form.cleaned_data["weighting"] == "ahp" else None,
        )
    except ranking.RankingError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(f"{reverse('atlas:ranking')}?{_query(request)}")
    messages.success(request, _("The assessment is saved."))
    return redirect("atlas:assessment", pk=assessment.pk)


# --- saved assessments --------------------------------------------------------------------------------


@login_required
@require_GET
def assessment_list(request):
    # * the assessments of this page with their area and author (one query), and their count
    assessments = Assessment.objects.select_related("area", "created_by", "targets_marked_by").defer(
        "area__boundary", "results"
    )
    page = Paginator(assessments, 50).get_page(request.GET.get("page"))
    return render(request, "atlas/ranking_assessments.html", {"page": page})


def _assessment(pk) -> Assessment:
    return get_object_or_404(
        Assessment.objects.select_related("area", "created_by", "targets_marked_by").defer("area__boundary"),
        pk=pk,
    )


@login_required
@require_GET
def assessment_detail(request, pk):
    assessment = _assessment(pk)
    table = table_from_assessment(assessment)
    can_mark = ranking.can_assess(request.user, assessment.area)
    context = {
        "assessment": assessment,
        "table": table,
        "page": _page(request, table),
        "can_mark": can_mark,
        "mark_form": MarkTargetsForm(limit=max(1, len(table.lines))) if can_mark else None,
        "matrix": _matrix_rows(assessment, table),
    }
    return render(request, "atlas/ranking_assessment.html", context)


def _matrix_rows(assessment: Assessment, table: Table):
    if not assessment.ahp_matrix:
        return None
    return [
        (column, [_number(v, 3) for v in row])
        for column, row in zip(table.columns, assessment.ahp_matrix, strict=True)
    ]


@login_required
@require_GET
def assessment_export(request, pk):
    return _export(table_from_assessment(_assessment(pk)), request.GET.get("format"))


@login_required
@require_POST
def assessment_targets(request, pk):
    """Marking the top N as target neighbourhoods: a confirmation page first, then the change."""
    assessment = _assessment(pk)
    if not ranking.can_assess(request.user, assessment.area):
        raise PermissionDenied
    form = MarkTargetsForm(request.POST, limit=max(1, len(assessment.results)))
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("atlas:assessment", pk=assessment.pk)
    top_n, unmark = form.cleaned_data["top_n"], form.cleaned_data["unmark_others"]
    try:
        if request.POST.get("confirm") != "yes":
            plan = ranking.target_plan(assessment, top_n=top_n, unmark_others=unmark)
            context = {"assessment": assessment, "plan": plan, "form": form, "top_n": top_n}
            return render(request, "atlas/ranking_confirm.html", context)
        plan = ranking.mark_targets(assessment, by=request.user, top_n=top_n, unmark_others=unmark)
    except ranking.RankingError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("atlas:assessment", pk=assessment.pk)
    messages.success(
        request,
        _("%(marked)s neighbourhoods marked as targets, %(unmarked)s unmarked.")
        % {"marked": _number(len(plan.mark), 0), "unmarked": _number(len(plan.unmark), 0)},
    )
    return redirect("atlas:assessment", pk=assessment.pk)


# --- exports ------------------------------------------------------------------------------------------

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


def _export(table: Table, kind: str | None) -> HttpResponse:
    if kind == "xlsx":
        content, content_type = _xlsx(table), XLSX
    elif kind == "csv":
        content, content_type = _csv(table), "text/csv; charset=utf-8"
    else:
        raise Http404
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{table.file_name(kind)}"'
    return response


def _csv(table: Table) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens the Persian names right."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(_headers(table))
    for line in table.lines:
        writer.writerow([f"{c:.6g}" if isinstance(c, float) else c for c in _cells(line)])
    return out.getvalue().encode("utf-8-sig")


HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="2F5D7C")
HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _sheet(ws, headers: list[str], widths: list[float]) -> None:
    ws.sheet_view.rightToLeft = _persian()
    for column, (header, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = ws.cell(row=1, column=column, value=header)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGN
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = "A2"


def _xlsx(table: Table) -> bytes:
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
    workbook.save(buffer)
    return buffer.getvalue()
