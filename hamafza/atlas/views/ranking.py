"""Pages of the priority ranking: the ranking form and its result, exports, saved assessments, targets.

Anyone logged in may rank and read assessments (the atlas is readable by every user); saving an
assessment and marking target neighbourhoods are for system administrators and the secretariat of a
body whose region holds the area (ranking.can_assess, the rule of places.services.mark_target).
"""

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
from django.views.decorators.http import require_GET, require_POST

from hamafza.atlas.exports.ranking import (
    XLSX,
    Table,
    in_persian,
    number,
    ranking_csv,
    ranking_xlsx,
    table_from_assessment,
    table_from_result,
)
from hamafza.atlas.forms.ranking import MarkTargetsForm, RankingForm, SaveForm
from hamafza.atlas.models import Assessment
from hamafza.atlas.services import ranking
from hamafza.atlas.services.queries import period_label

ROWS_PER_PAGE = 100


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
        shown = number(c, 3, persian)
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
    persian = in_persian()
    parts = [(escape(column.name), column.colour) for column in table.columns]
    for line in page.object_list:
        line.bar = _bar(line, parts, table.diverging, longest, persian)
        line.cells = mark_safe(
            "".join(f'<td class="num value">{number(v, 2, persian)}</td>' for v in line.values)
        )
        line.shown_score = number(line.score, 3, persian)
        line.url = profile.format(line.region_id) if profile else None
    return page


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
        "shown_ratio": number(form.consistency_ratio, 3) if form is not None else "",
    }
    status = 400 if form is not None and result is None else 200
    return render(request, "atlas/ranking/page.html", context, status=status)


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
    return render(request, "atlas/ranking/pairs.html", {"form": form})


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


@login_required
@require_GET
def assessment_list(request):
    # * the assessments of this page with their area and author (one query), and their count
    assessments = Assessment.objects.select_related("area", "created_by", "targets_marked_by").defer(
        "area__boundary", "results"
    )
    page = Paginator(assessments, 50).get_page(request.GET.get("page"))
    return render(request, "atlas/ranking/assessments.html", {"page": page})


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
    return render(request, "atlas/ranking/assessment.html", context)


def _matrix_rows(assessment: Assessment, table: Table):
    if not assessment.ahp_matrix:
        return None
    return [
        (column, [number(v, 3) for v in row])
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
            return render(request, "atlas/ranking/confirm.html", context)
        plan = ranking.mark_targets(assessment, by=request.user, top_n=top_n, unmark_others=unmark)
    except ranking.RankingError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("atlas:assessment", pk=assessment.pk)
    messages.success(
        request,
        _("%(marked)s neighbourhoods marked as targets, %(unmarked)s unmarked.")
        % {"marked": number(len(plan.mark), 0), "unmarked": number(len(plan.unmark), 0)},
    )
    return redirect("atlas:assessment", pk=assessment.pk)


def _export(table: Table, kind: str | None) -> HttpResponse:
    if kind == "xlsx":
        content, content_type = ranking_xlsx(table), XLSX
    elif kind == "csv":
        content, content_type = ranking_csv(table), "text/csv; charset=utf-8"
    else:
        raise Http404
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{table.file_name(kind)}"'
    return response
