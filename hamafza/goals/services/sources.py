"""Where a measure's value comes from: a small registry of sources, one function per kind.

A source computes the value of a measure for a scope (the programme's area and organisation, and the
part of the Jalali year elapsed) from the data Hamafza already holds, or is reported by hand each quarter
(`compute` is None). Another kind of measure is one more registered function:

    @register("code", _("Label"), needs=("indicator",))
    def my_source(measure, scope, context) -> Figure: ...

`needs` names the Measure fields the source requires (checked when a measure is saved); `aggregation`
says whether its value is a total over the year or a level (see `progress`).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hamafza.atlas.models import Indicator
from hamafza.atlas.services.queries import (
    Part,
    RegionTree,
    category_ids,
    indicator_months,
    neighbourhood_parts,
    value_of,
)
from hamafza.counseling.services.figures import area_summary
from hamafza.goals.services.progress import LEVEL, TOTAL
from hamafza.lib.jalali import jalali_month
from hamafza.meetings.models import Resolution


@dataclass(frozen=True)
class Scope:
    """What a value covers: the programme's area (None: the whole country) and organisation, and the days
    from `start` to `end`, both included."""

    region_id: int | None
    organization_id: int
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class Figure:
    value: float | None
    detail: dict[str, Any] = field(default_factory=dict)


class Context:
    """What several computations share within one refresh: the region tree, the indicators' months."""

    def __init__(self) -> None:
        self._tree: RegionTree | None = None
        self._months: dict[int, list[int]] = {}
        self._categories: dict[int, list[int]] = {}

    @property
    def tree(self) -> RegionTree:
        if self._tree is None:
            self._tree = RegionTree.load()
        return self._tree

    def categories(self, indicator: Indicator) -> dict[int, list[int]]:
        if indicator.pk not in self._categories:
            self._categories.update(category_ids([indicator]))
        return {indicator.pk: self._categories[indicator.pk]}

    def months(self, indicator: Indicator) -> list[int]:
        if indicator.pk not in self._months:
            self._months[indicator.pk] = indicator_months(indicator, self.categories(indicator))
        return self._months[indicator.pk]


Compute = Callable[[Any, Scope, Context], Figure]


@dataclass(frozen=True)
class Source:
    code: str
    label: Any
    compute: Compute | None  # None: reported by hand each quarter
    needs: tuple[str, ...] = ()
    aggregation: str | None = None  # None: the measure says (hand-reported measures)
    figures: dict[str, Any] = field(default_factory=dict)  # the choices of `Measure.figure`, if any
    level_figures: frozenset[str] = frozenset()  # figures that are levels, not totals

    @property
    def computed(self) -> bool:
        return self.compute is not None

    def aggregation_of(self, measure) -> str:
        if self.aggregation is not None:
            return self.aggregation
        if self.figures:
            return LEVEL if measure.figure in self.level_figures else TOTAL
        return measure.aggregation


SOURCES: dict[str, Source] = {}
MANUAL = "manual"


def register(
    code: str,
    label,
    *,
    needs: tuple[str, ...] = (),
    aggregation: str | None = TOTAL,
    figures: dict[str, Any] | None = None,
    level_figures: frozenset[str] = frozenset(),
) -> Callable[[Compute], Compute]:
    def wrap(compute: Compute) -> Compute:
        SOURCES[code] = Source(
            code,
            label,
            compute,
            needs=needs,
            aggregation=None if figures else aggregation,
            figures=figures or {},
            level_figures=level_figures,
        )
        return compute

    return wrap


SOURCES[MANUAL] = Source(MANUAL, gettext_lazy("A number reported each quarter"), None, aggregation=None)


def source_of(measure) -> Source:
    return SOURCES[measure.source]


def choices() -> list[tuple[str, Any]]:
    return [(code, source.label) for code, source in SOURCES.items()]


def describe(measure, organization_name: str = "") -> str:
    """The measure's source in words: «Atlas: theft per 10,000 residents», «Resolutions done: …»."""
    source = SOURCES.get(measure.source)
    if source is None:
        return measure.source
    if measure.source == "atlas" and measure.indicator_id:
        return _("Atlas indicator: %(name)s") % {"name": measure.indicator.name}
    if measure.source == "resolutions":
        if measure.body_id:
            return _("Resolutions of %(body)s done in the year") % {"body": measure.body.name}
        return _("Resolutions assigned to %(org)s done in the year") % {"org": organization_name}
    if source.figures and measure.figure in source.figures:
        return f"{source.label}: {source.figures[measure.figure]}"
    if measure.unit:
        return f"{source.label} ({measure.unit})"
    return str(source.label)


# --- the sources ----------------------------------------------------------------------------------------


@register("atlas", gettext_lazy("An atlas indicator"), needs=("indicator",))
def atlas_indicator(measure, scope: Scope, context: Context) -> Figure:
    """The indicator over the area's neighbourhoods from the first month of the year to the month of
    `scope.end`, read from the atlas's summary and value tables (a rate: numerators and denominators summed,
    then divided once). No value when the atlas holds nothing for the indicator in those months."""
    indicator = measure.indicator
    first, last = jalali_month(scope.start), jalali_month(scope.end)
    months = [month for month in context.months(indicator) if first <= month <= last]
    detail: dict[str, Any] = {"indicator": indicator.code, "from": first, "to": last, "months": len(months)}
    if not months:
        return Figure(None, detail)
    tree = context.tree
    inside = tree.neighbourhoods(scope.region_id)
    parts = neighbourhood_parts(
        [indicator], first, last, tree, inside, categories=context.categories(indicator)
    )[indicator.pk]
    if not parts:
        return Figure(None, detail)
    total = Part(sum(part.num for part in parts.values()), sum(part.den for part in parts.values()))
    detail.update(numerator=total.num, denominator=total.den, neighbourhoods=len(parts))
    return Figure(value_of(indicator, total), detail)


@register("resolutions", gettext_lazy("Resolutions done"))
def resolutions_done(measure, scope: Scope, context: Context) -> Figure:
    """Resolutions done in the period: of the measure's body, or (no body) those on which the programme's
    organisation has an assignment."""
    resolutions = Resolution.objects.done_between(scope.start, scope.end)
    if measure.body_id:
        resolutions = resolutions.filter(body_id=measure.body_id)
    else:
        resolutions = resolutions.assigned_to(scope.organization_id)
    done = resolutions.count()
    return Figure(float(done), {"done": done, "body": measure.body_id})


COUNSELING_FIGURES = {
    "opened": gettext_lazy("Counselling cases opened"),
    "closed": gettext_lazy("Counselling cases closed"),
    "reconciled": gettext_lazy("Counselling cases reconciled"),
    "rate": gettext_lazy("Reconciliation rate (percent of the cases closed)"),
    "median_days": gettext_lazy("Median days to close a counselling case"),
}


@register(
    "counseling",
    gettext_lazy("A counselling figure"),
    figures=COUNSELING_FIGURES,
    level_figures=frozenset({"rate", "median_days"}),
)
def counseling_figure(measure, scope: Scope, context: Context) -> Figure:
    """A figure of the counselling centres in the programme's area (the whole country without one) from
    the first month of the year to the month of `scope.end`, read from the counselling tallies: cases
    opened, closed or reconciled (totals), or the reconciliation rate and the median days to close
    (levels). Reported monthly statistics count as recorded cases do."""
    first, last = jalali_month(scope.start), jalali_month(scope.end)
    summary = area_summary(scope.region_id, first, last)
    values = {
        "opened": summary.opened,
        "closed": summary.closed,
        "reconciled": summary.reconciled,
        "rate": summary.rate,
        "median_days": summary.median_days,
    }
    value = values.get(measure.figure)
    detail = {
        "figure": measure.figure,
        "from": first,
        "to": last,
        "opened": summary.opened,
        "closed": summary.closed,
        "reconciled": summary.reconciled,
    }
    return Figure(None if value is None else float(value), detail)
