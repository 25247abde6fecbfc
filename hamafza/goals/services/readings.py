"""The values of measures: computed ones filled in from Hamafza's data, hand-reported ones from accepted
quarterly reports. Both land in MeasureReading (one row per measure and Jalali month) and the latest is
kept beside the measure, so that pages read stored values and never recompute on a page view.

Computed measures are refreshed by `manage.py refresh_goal_measures` (run daily by cron), by a
background task when a programme is activated or adopted, and by the "recompute now" button.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from hamafza.goals.models import Measure, MeasureReading, Programme, QuarterReport
from hamafza.goals.services.common import today as local_today
from hamafza.goals.services.sources import Context, Figure, Scope, source_of
from hamafza.lib.jalali import jalali_month, jalali_quarter_bounds, jalali_year_bounds


def scope_for(programme: Programme, on: dt.date) -> Scope | None:
    """The programme's area and organisation from 1 Farvardin to `on` (or to the year's last day); None
    before the year has begun."""
    start, after = jalali_year_bounds(programme.year)
    if on < start:
        return None
    return Scope(programme.region_id, programme.organization_id, start, min(on, after - dt.timedelta(days=1)))


def previous_year_value(
    measure: Measure, programme: Programme, context: Context | None = None
) -> float | None:
    """The measure's computed value over the whole of the year before the programme's, for a baseline."""
    compute = source_of(measure).compute
    if compute is None:
        return None
    start, _after = jalali_year_bounds(programme.year - 1)
    end, _ = jalali_year_bounds(programme.year)
    scope = Scope(programme.region_id, programme.organization_id, start, end - dt.timedelta(days=1))
    return compute(measure, scope, context or Context()).value


def _store(measure: Measure, *, month: int, as_of: dt.date, figure: Figure, report=None) -> None:
    MeasureReading.objects.update_or_create(
        measure=measure,
        month=month,
        defaults={
            "as_of": as_of,
            "value": figure.value,
            "detail": figure.detail,
            "report": report,
            "computed_at": timezone.now(),
        },
    )
    latest = measure.readings.exclude(value=None).order_by("-month").first()
    measure.value = latest.value if latest else None
    measure.value_as_of = latest.as_of if latest else None
    measure.value_detail = latest.detail if latest else {}
    measure.save(update_fields=["value", "value_as_of", "value_detail"])


@transaction.atomic
def refresh_programme(
    programme: Programme, *, on: dt.date | None = None, context: Context | None = None
) -> int:
    """Compute every computed measure of the programme up to `on` (today); the number refreshed."""
    scope = scope_for(programme, on or local_today())
    if scope is None:
        return 0
    context = context or Context()
    refreshed = 0
    measures = Measure.objects.filter(goal__programme=programme).select_related("indicator", "body")
    for measure in measures:
        compute = source_of(measure).compute
        if compute is None:
            continue
        figure = compute(measure, scope, context)
        _store(measure, month=jalali_month(scope.end), as_of=scope.end, figure=figure)
        refreshed += 1
    return refreshed


def refresh_all(*, on: dt.date | None = None, years: list[int] | None = None) -> dict[str, int]:
    """Refresh the programmes of the given years (by default this Jalali year and the last, whose final
    months' data may still arrive); one context for all, so the region tree is read once."""
    on = on or local_today()
    if years is None:
        this_year = jalali_month(on) // 100
        years = [this_year - 1, this_year]
    context = Context()
    programmes = Programme.objects.filter(year__in=years).order_by("year", "pk")
    totals = {"programmes": 0, "measures": 0}
    for programme in programmes:
        totals["programmes"] += 1
        totals["measures"] += refresh_programme(programme, on=on, context=context)
    return totals


def record_accepted_report(report: QuarterReport) -> None:
    """An accepted quarterly report becomes the measure's value at the end of its quarter."""
    measure = report.measure
    year = measure.goal.programme.year
    _start, after = jalali_quarter_bounds(year, report.quarter)
    as_of = after - dt.timedelta(days=1)
    figure = Figure(report.value, {"quarter": report.quarter, "report": report.pk})
    _store(measure, month=jalali_month(as_of), as_of=as_of, figure=figure, report=report)
