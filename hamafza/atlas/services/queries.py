"""What the map, the neighbourhood profile and the API read: the summary and value tables, never incidents.

Every figure starts per neighbourhood as a numerator and a denominator:
- an indicator counted from incidents (`Indicator.source == "incidents"`) has as numerator the
  IncidentSummary counts of its category (and sub-categories) over the period; a neighbourhood with no
  summary row had no incident (0);
- a reported indicator has as numerator the sum of its IndicatorValue rows over the period (stored
  values are counts, see `hamafza.atlas.services.taxonomy`); a neighbourhood with no value has none;
- a rate's denominator is the neighbourhood's residents, households or pupils in the Jalali year the
  period ends (RegionYear, else the region's own population or households); a neighbourhood without one
  has no rate. A rate over cases (`Indicator.Denominator.CASES`, such as counselling's reconciliation
  rate) carries its denominator in each value row, summed over the period like the numerator.

A district, county or province adds up its neighbourhoods' numerators and denominators and divides
once: rates are never averaged. Months are Jalali integers YYYYMM (140307 = Mehr 1403).
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
from django.db.models import Q, Sum
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hamafza.atlas.models import HarmCategory, IncidentSummary, Indicator, IndicatorValue, RegionYear
from hamafza.lib.jalali import MONTHS_EN, MONTHS_FA
from hamafza.lib.persian import to_persian_digits
from hamafza.places.models import Region

Kind = Region.Kind

# The map's levels and the kinds of region that make each one. A neighbourhood hanging directly on a
# city (no district between) counts the city as its district.
LEVELS: dict[str, tuple[str, ...]] = {
    "province": (Kind.PROVINCE,),
    "county": (Kind.COUNTY,),
    "district": (Kind.DISTRICT, Kind.CITY),
    "neighbourhood": (Kind.NEIGHBOURHOOD,),
}
LEVEL_LABELS = {
    "province": _("Province"),
    "county": _("County"),
    "district": _("District"),
    "neighbourhood": _("Neighbourhood"),
}
CLASS_METHODS = {"quantile": _("Quantiles"), "jenks": _("Natural breaks (Jenks)")}
CLASSES = 5
# ColorBrewer YlOrRd, 5 classes (sequential: light = low, dark = high).
PALETTE = ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"]


# --- months -------------------------------------------------------------------------------------------


def month_add(month: int, count: int) -> int:
    """A Jalali YYYYMM month moved by `count` months (negative goes back)."""
    total = (month // 100) * 12 + (month % 100 - 1) + count
    year, index = divmod(total, 12)
    return year * 100 + index + 1


def month_range(start: int, end: int) -> list[int]:
    months, month = [], start
    while month <= end:
        months.append(month)
        month = month_add(month, 1)
    return months


def valid_month(value: int) -> bool:
    year, month = divmod(int(value), 100)
    return 1300 <= year <= 1500 and 1 <= month <= 12


def _persian() -> bool:
    return (get_language() or "fa").startswith("fa")


def month_label(month: int) -> str:
    """«مهر ۱۴۰۳» (or «Mehr 1403» in English)."""
    year, index = divmod(month, 100)
    if _persian():
        return f"{MONTHS_FA[index - 1]} {to_persian_digits(str(year))}"
    return f"{MONTHS_EN[index - 1]} {year}"


def period_label(start: int, end: int) -> str:
    return month_label(end) if start == end else f"{month_label(start)} – {month_label(end)}"


def format_number(value: float | None, *, decimals: int = 0) -> str:
    """12,345.6 with Persian digits and separators (۱۲٬۳۴۵٫۶) on a Persian page."""
    if value is None:
        return "—"
    text = f"{value:,.{decimals}f}"
    if not _persian():
        return text
    return to_persian_digits(text.replace(",", "٬").replace(".", "٫"))


def format_value(indicator: Indicator, value: float | None) -> str:
    return format_number(value, decimals=2 if indicator.kind == Indicator.Kind.RATE else 0)


def indicator_months(indicator: Indicator, categories: dict[int, list[int]] | None = None) -> list[int]:
    """The months for which the indicator has data, oldest first (one query on an index, and one for the
    categories unless given)."""
    if indicator.source == Indicator.Source.INCIDENTS:
        categories = categories or category_ids([indicator])
        rows = IncidentSummary.objects.filter(category_id__in=categories[indicator.pk])
    else:
        rows = IndicatorValue.objects.filter(indicator=indicator)
    return sorted(rows.order_by().values_list("month", flat=True).distinct())


def default_indicator(indicators=None) -> Indicator | None:
    """What the map shows first: the first active indicator counted from incidents that has any, else the
    first active indicator (one query: an index probe per category)."""
    from django.db.models import Exists, OuterRef

    indicators = Indicator.objects.select_related("category") if indicators is None else indicators
    active = indicators.filter(is_active=True)
    recorded = IncidentSummary.objects.filter(category_id=OuterRef("category_id"))
    counted = active.filter(Exists(recorded), source=Indicator.Source.INCIDENTS).order_by(
        "category__order", "category__name", "kind", "name"
    )
    return counted.first() or active.first()


def available_months() -> list[int]:
    """Every month with any summary or value, oldest first."""
    months = set(IncidentSummary.objects.order_by().values_list("month", flat=True).distinct())
    months.update(IndicatorValue.objects.order_by().values_list("month", flat=True).distinct())
    return sorted(months)


# --- the region tree ----------------------------------------------------------------------------------


@dataclass
class RegionTree:
    """Every region's parent, kind and own denominators, read in one query (boundaries left out)."""

    parent: dict[int, int | None] = field(default_factory=dict)
    kind: dict[int, str] = field(default_factory=dict)
    population: dict[int, int | None] = field(default_factory=dict)
    households: dict[int, int | None] = field(default_factory=dict)
    _units: dict[tuple[int, str], int | None] = field(default_factory=dict)
    _children: dict[int | None, list[int]] = field(default_factory=dict)

    @classmethod
    def load(cls) -> "RegionTree":
        tree = cls()
        rows = Region.objects.order_by().values_list("pk", "parent_id", "kind", "population", "households")
        for pk, parent, kind, population, households in rows:
            tree.parent[pk] = parent
            tree.kind[pk] = kind
            tree.population[pk] = population
            tree.households[pk] = households
        return tree

    def unit(self, region_id: int, level: str) -> int | None:
        """The region itself or its nearest ancestor that makes a unit of the level."""
        key = (region_id, level)
        if key not in self._units:
            kinds, node = LEVELS[level], region_id
            while node is not None and self.kind.get(node) not in kinds:
                node = self.parent.get(node)
            self._units[key] = node
        return self._units[key]

    def within(self, region_id: int, area_id: int | None) -> bool:
        node = region_id
        while node is not None:
            if node == area_id:
                return True
            node = self.parent.get(node)
        return area_id is None

    def neighbourhoods(self, area_id: int | None = None) -> list[int]:
        """The neighbourhoods in the area's subtree (the area itself if it is one), or all of them."""
        if area_id is None:
            return [pk for pk, kind in self.kind.items() if kind == Kind.NEIGHBOURHOOD]
        if not self._children:
            for pk, parent in self.parent.items():
                self._children.setdefault(parent, []).append(pk)
        found, stack = [], [area_id]
        while stack:
            node = stack.pop()
            if self.kind.get(node) == Kind.NEIGHBOURHOOD:
                found.append(node)
            stack.extend(self._children.get(node, ()))
        return sorted(found)

    def district_of(self, neighbourhood_id: int) -> int | None:
        """The neighbourhood's district (or city); its parent if it has neither."""
        parent = self.parent.get(neighbourhood_id)
        unit = self.unit(parent, "district") if parent is not None else None
        return unit if unit is not None else parent


# --- numerators and denominators per neighbourhood ----------------------------------------------------


class Part(NamedTuple):
    """A neighbourhood's numerator and denominator. A tuple of two numbers: the garbage collector stops
    tracking it, which matters when a request holds thousands of them."""

    num: float = 0.0
    den: float = 0.0

    def plus(self, other: "Part") -> "Part":
        return Part(self.num + other.num, self.den + other.den)


def category_ids(indicators: Sequence[Indicator]) -> dict[int, list[int]]:
    """{indicator id: its category and the category's descendants} (one query)."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent in HarmCategory.objects.order_by().values_list("pk", "parent_id"):
        children[parent].append(pk)
    result = {}
    for indicator in indicators:
        found, stack = [], [indicator.category_id]
        while stack:
            node = stack.pop()
            found.append(node)
            stack.extend(children.get(node, []))
        result[indicator.pk] = found
    return result


def denominators(
    indicators: Sequence[Indicator], tree: RegionTree, neighbourhood_ids: Iterable[int], years: Iterable[int]
) -> dict[tuple[str, int], dict[int, float]]:
    """{(denominator name, year): {neighbourhood: denominator}} for the rate indicators (one query).

    RegionYear of that year, else the region's own population or households (there is no own count of
    pupils); zero and missing denominators are left out.
    """
    names = {
        indicator.denominator or Indicator.Denominator.POPULATION
        for indicator in indicators
        if indicator.kind == Indicator.Kind.RATE and indicator.denominator != Indicator.Denominator.CASES
    }
    years = sorted(set(years))
    if not names or not years:
        return {}
    ids = list(neighbourhood_ids)
    found: dict[tuple[str, int], dict[int, float]] = {(name, year): {} for name in names for year in years}
    rows = RegionYear.objects.filter(year__in=years).order_by()
    if len(ids) <= 500:
        rows = rows.filter(region_id__in=ids)
    wanted = set(ids)
    for region_id, year, *values in rows.values_list(
        "region_id", "year", "population", "households", "pupils"
    ):
        if region_id not in wanted:
            continue
        by_name = dict(zip(("population", "households", "pupils"), values, strict=True))
        for name in names:
            if by_name[name]:
                found[(name, year)][region_id] = float(by_name[name])
    own = {"population": tree.population, "households": tree.households}
    for (name, _year), values in found.items():
        if name in own:
            for pk in ids:
                if pk not in values and own[name].get(pk):
                    values[pk] = float(own[name][pk])
    return found


def neighbourhood_parts(
    indicators: Sequence[Indicator],
    start: int,
    end: int,
    tree: RegionTree,
    neighbourhood_ids: Sequence[int] | None = None,
    *,
    by_month: bool = False,
    categories: dict[int, list[int]] | None = None,
) -> dict[int, dict]:
    """{indicator id: {neighbourhood id: Part}} over the period, or {indicator id: {(neighbourhood id,
    month): Part}} when `by_month`. At most three queries whatever the number of indicators: the summary
    table, the value table and the denominators.

    `neighbourhood_ids` limits the neighbourhoods (None: all of them); `categories` is what
    `category_ids` answered, if the caller has it already.
    """
    ids = list(tree.neighbourhoods() if neighbourhood_ids is None else neighbourhood_ids)
    # A long IN list costs more than it saves: filter in Python past a few hundred neighbourhoods.
    narrow = len(ids) <= 500
    wanted = set(ids)
    months = month_range(start, end) if by_month else [end]
    counted = [i for i in indicators if i.source == Indicator.Source.INCIDENTS]
    reported = [i for i in indicators if i.source != Indicator.Source.INCIDENTS]
    numerators: dict[int, dict] = {indicator.pk: defaultdict(float) for indicator in indicators}

    if counted:
        categories = categories or category_ids(counted)
        feeds: dict[int, list[int]] = defaultdict(list)
        for indicator in counted:
            for category in categories[indicator.pk]:
                feeds[category].append(indicator.pk)
        rows = IncidentSummary.objects.filter(category_id__in=list(feeds), month__range=(start, end))
        if narrow:
            rows = rows.filter(region_id__in=ids)
        group = ["region_id", "category_id", *(["month"] if by_month else [])]
        for row in rows.order_by().values(*group).annotate(total=Sum("count")).values_list(*group, "total"):
            region_id, category, total = row[0], row[1], row[-1]
            if region_id not in wanted:
                continue
            key = (region_id, row[2]) if by_month else region_id
            for pk in feeds[category]:
                numerators[pk][key] += total

    # Rates over cases: their denominators come with the values, {indicator id: {key: denominator}}.
    own_dens: dict[int, dict] = {
        i.pk: defaultdict(float) for i in indicators if i.denominator == Indicator.Denominator.CASES
    }
    if reported:
        rows = IndicatorValue.objects.filter(indicator__in=reported, month__range=(start, end))
        if narrow:
            rows = rows.filter(region_id__in=ids)
        group = ["indicator_id", "region_id", *(["month"] if by_month else [])]
        totals = rows.order_by().values(*group).annotate(total=Sum("value"), base=Sum("denominator"))
        for row in totals.values_list(*group, "total", "base"):
            if row[1] not in wanted:
                continue
            key = (row[1], row[2]) if by_month else row[1]
            numerators[row[0]][key] += row[-2]
            if row[0] in own_dens and row[-1]:
                own_dens[row[0]][key] += row[-1]

    dens = denominators(indicators, tree, ids, (month // 100 for month in months))
    # Every neighbourhood has a count of incidents, zero when it had none; reported values only where sent.
    every_key = [(region_id, month) for region_id in ids for month in months] if by_month else ids
    result: dict[int, dict] = {}
    for indicator in indicators:
        nums = numerators[indicator.pk]
        keys = every_key if indicator.source == Indicator.Source.INCIDENTS else list(nums)
        if indicator.kind != Indicator.Kind.RATE:
            result[indicator.pk] = {key: Part(nums.get(key, 0.0), 0.0) for key in keys}
            continue
        if indicator.pk in own_dens:
            bases = own_dens[indicator.pk]
            result[indicator.pk] = {
                key: Part(nums.get(key, 0.0), bases[key]) for key in keys if bases.get(key)
            }
            continue
        name = indicator.denominator or Indicator.Denominator.POPULATION
        parts = {}
        if by_month:
            for key in keys:
                den = dens[(name, key[1] // 100)].get(key[0])
                if den:
                    parts[key] = Part(nums.get(key, 0.0), den)
        else:
            year_dens = dens[(name, end // 100)]
            for key in keys:
                den = year_dens.get(key)
                if den:
                    parts[key] = Part(nums.get(key, 0.0), den)
        result[indicator.pk] = parts
    return result


def value_of(indicator: Indicator, part: Part | None) -> float | None:
    if part is None:
        return None
    if indicator.kind == Indicator.Kind.RATE:
        return part.num * indicator.per / part.den if part.den else None
    return part.num


def roll_up(
    indicator: Indicator, parts: dict[int, Part], tree: RegionTree, level: str, area_id: int | None = None
) -> dict[int, float | None]:
    """{unit of the level: value} from the neighbourhoods' parts: numerators and denominators are summed,
    then divided once."""
    units: dict[int, Part] = {}
    for region_id, part in parts.items():
        unit = tree.unit(region_id, level)
        if unit is None or not tree.within(unit, area_id):
            continue
        units[unit] = units[unit].plus(part) if unit in units else part
    return {unit: value_of(indicator, part) for unit, part in units.items()}


def indicator_values(
    indicator: Indicator,
    level: str,
    period_start: int,
    period_end: int,
    area: Region | int | None = None,
    *,
    tree: RegionTree | None = None,
    categories: dict[int, list[int]] | None = None,
) -> dict[int, float | None]:
    """{region id: value} of the indicator over the period for every unit of the level that has data
    (inside `area` if given). A rate whose unit has no denominator is None."""
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}")
    tree = tree or RegionTree.load()
    area_id = area.pk if isinstance(area, Region) else area
    inside = tree.neighbourhoods(area_id) if area_id is not None else None
    parts = neighbourhood_parts([indicator], period_start, period_end, tree, inside, categories=categories)
    parts = parts[indicator.pk]
    return roll_up(indicator, parts, tree, level, area_id)


def average(indicator: Indicator, parts: Iterable[Part]) -> float | None:
    """An area's figure to set a neighbourhood against: for a rate, the area's own rate (numerators and
    denominators summed); for a count, the mean count per neighbourhood with data."""
    num = den = 0.0
    count = 0
    for part in parts:
        num += part.num
        den += part.den
        count += 1
    total = Part(num, den)
    if not count:
        return None
    if indicator.kind == Indicator.Kind.RATE:
        return value_of(indicator, total)
    return total.num / count


def _monthly_totals(
    category_list: list[int], start: int, end: int, region_ids: list[int]
) -> dict[tuple[int, int], int]:
    """{(month, category): incidents} summed over the regions, in the database (one query)."""
    rows = IncidentSummary.objects.filter(
        category_id__in=category_list, month__range=(start, end), region_id__in=region_ids
    )
    grouped = rows.order_by().values("month", "category_id").annotate(total=Sum("count"))
    return {
        (month, category): total
        for month, category, total in grouped.values_list("month", "category_id", "total")
    }


def neighbourhood_series(
    indicators: Sequence[Indicator],
    neighbourhood_id: int,
    months: Sequence[int],
    tree: RegionTree,
    *,
    categories: dict[int, list[int]] | None = None,
) -> dict[int, dict[str, list[float | None]]]:
    """{indicator id: {"own": [...], "district": [...]}}: the neighbourhood's value month by month against
    its district's (or city's) average over the same months (as `average`).

    Indicators counted from incidents are summed by month in the database (the district's and the
    neighbourhood's own: two queries, and one more per denominator and year that some neighbourhood
    lacks); reported ones go through `neighbourhood_parts` month by month.
    """
    inside = tree.neighbourhoods(tree.district_of(neighbourhood_id))
    start, end = months[0], months[-1]
    counted = [i for i in indicators if i.source == Indicator.Source.INCIDENTS]
    reported = [i for i in indicators if i.source != Indicator.Source.INCIDENTS]
    result: dict[int, dict[str, list[float | None]]] = {}

    if counted:
        categories = categories or category_ids(counted)
        wanted = sorted({c for indicator in counted for c in categories[indicator.pk]})
        area_totals = _monthly_totals(wanted, start, end, inside)
        own_totals = _monthly_totals(wanted, start, end, [neighbourhood_id])
        dens = denominators(counted, tree, inside, (month // 100 for month in months))
        restricted: dict[tuple[str, int], dict[tuple[int, int], int]] = {}
        everyone = set(inside)
        for indicator in counted:
            own_values, area_values = [], []
            name = indicator.denominator or Indicator.Denominator.POPULATION
            for month in months:
                own = sum(own_totals.get((month, c), 0) for c in categories[indicator.pk])
                if indicator.kind != Indicator.Kind.RATE:
                    total = sum(area_totals.get((month, c), 0) for c in categories[indicator.pk])
                    own_values.append(float(own))
                    area_values.append(total / len(inside) if inside else None)
                    continue
                year_dens = dens[(name, month // 100)]
                mine = year_dens.get(neighbourhood_id)
                own_values.append(own * indicator.per / mine if mine else None)
                totals = area_totals
                if set(year_dens) != everyone:  # only the neighbourhoods with a denominator count
                    key = (name, month // 100)
                    if key not in restricted:
                        restricted[key] = _monthly_totals(wanted, start, end, list(year_dens))
                    totals = restricted[key]
                total = sum(totals.get((month, c), 0) for c in categories[indicator.pk])
                base = sum(year_dens.values())
                area_values.append(total * indicator.per / base if base else None)
            result[indicator.pk] = {"own": own_values, "district": area_values}

    if reported:
        parts = neighbourhood_parts(reported, start, end, tree, inside, by_month=True)
        for indicator in reported:
            own, area = {}, defaultdict(list)
            for (region_id, month), part in parts[indicator.pk].items():
                area[month].append(part)
                if region_id == neighbourhood_id:
                    own[month] = part
            result[indicator.pk] = {
                "own": [value_of(indicator, own.get(month)) for month in months],
                "district": [average(indicator, area.get(month, [])) for month in months],
            }
    return result


@dataclass
class ProfileRow:
    indicator: Indicator
    value: float | None
    district: float | None
    previous: float | None
    rank: tuple[int, int] | None

    @property
    def ratio(self) -> float | None:
        """The neighbourhood against its district, in percent (100: the same)."""
        if self.value is None or not self.district:
            return None
        return self.value * 100 / self.district


def neighbourhood_profile(
    neighbourhood_id: int,
    indicators: Sequence[Indicator],
    start: int,
    end: int,
    tree: RegionTree,
    *,
    categories: dict[int, list[int]] | None = None,
) -> list[ProfileRow]:
    """Each indicator for the neighbourhood over the period, against its district's average, against the
    same number of months just before, with its rank among the district's neighbourhoods (1 = worst).
    Indicators with nothing recorded in the district in the period and no figure of the neighbourhood in
    the period before are left out."""
    inside = tree.neighbourhoods(tree.district_of(neighbourhood_id))
    length = len(month_range(start, end))
    now = neighbourhood_parts(indicators, start, end, tree, inside, categories=categories)
    # The period before is only needed for the neighbourhood itself.
    before = neighbourhood_parts(
        indicators,
        month_add(start, -length),
        month_add(start, -1),
        tree,
        [neighbourhood_id],
        categories=categories,
    )
    rows = []
    for indicator in indicators:
        parts = now[indicator.pk]
        previous = value_of(indicator, before[indicator.pk].get(neighbourhood_id))
        if not any(part.num for part in parts.values()) and not previous:
            continue  # nothing recorded in the district now, nor here before
        values = {region_id: value_of(indicator, part) for region_id, part in parts.items()}
        rows.append(
            ProfileRow(
                indicator=indicator,
                value=values.get(neighbourhood_id),
                district=average(indicator, parts.values()),
                previous=previous,
                rank=rank_of(indicator, values, neighbourhood_id),
            )
        )
    return rows


def rank_of(indicator: Indicator, values: dict[int, float | None], region_id: int) -> tuple[int, int] | None:
    """(rank, out of how many) among the values, 1 being the worst; ties share a rank."""
    present = [value for value in values.values() if value is not None]
    mine = values.get(region_id)
    if mine is None:
        return None
    worse = sum(1 for value in present if (value > mine if indicator.higher_is_worse else value < mine))
    return worse + 1, len(present)


# --- classification -----------------------------------------------------------------------------------


def quantile_breaks(values: Sequence[float], classes: int = CLASSES) -> list[float]:
    """Upper bounds of up to `classes` classes holding about as many values each (ties merge classes)."""
    data = np.asarray(sorted(values), dtype=float)
    if data.size == 0:
        return []
    n = data.size
    # The i-th bound is the value at rank ⌈i·n/k⌉ (the inverted CDF), in integer arithmetic.
    bounds = {float(data[-(-i * n // classes) - 1]) for i in range(1, classes + 1)}
    return sorted(bounds)


def jenks_breaks(values: Sequence[float], classes: int = CLASSES) -> list[float]:
    """Fisher–Jenks natural breaks: the upper bounds of the `classes` classes that minimise the sum of
    squared deviations from the class means (an exact optimum, as Fisher 1958 and Jenks 1977).

    Dynamic programming over the sorted values; the best split points rise with the class end
    (the cost has the Monge property), so each class is solved by divide and conquer, one numpy batch
    per level of the recursion: O(k·n·log n) and a few milliseconds for thousands of values.
    """
    data = np.sort(np.asarray(values, dtype=float))
    n = data.size
    if n == 0:
        return []
    distinct = np.unique(data)
    if distinct.size <= classes:
        return [float(value) for value in distinct]
    s1 = np.concatenate([[0.0], np.cumsum(data)])
    s2 = np.concatenate([[0.0], np.cumsum(data * data)])

    def cost(first: np.ndarray, last: np.ndarray) -> np.ndarray:
        """Sum of squared deviations of data[first..last] (inclusive)."""
        count = last - first + 1
        total = s1[last + 1] - s1[first]
        return (s2[last + 1] - s2[first]) - total * total / count

    ends = np.arange(n)
    best = cost(np.zeros(n, dtype=int), ends)  # one class: data[0..i]
    starts = []  # starts[j][i]: where the last class begins when data[0..i] is split in j + 2 classes
    for j in range(1, classes):
        current = np.full(n, np.inf)
        split = np.zeros(n, dtype=int)
        # tasks: ends in [lo, hi] whose best start lies in [mlo, mhi]
        tasks = np.array([[j, n - 1, j, n - 1]])
        while tasks.size:
            lo, hi, mlo, mhi = tasks.T
            mid = (lo + hi) // 2
            top = np.minimum(mhi, mid)
            sizes = top - mlo + 1
            task_of = np.repeat(np.arange(len(tasks)), sizes)
            offsets = np.arange(sizes.sum()) - np.repeat(np.cumsum(sizes) - sizes, sizes)
            m = mlo[task_of] + offsets
            i = mid[task_of]
            candidate = best[m - 1] + cost(m, i)
            order = np.lexsort((m, candidate, task_of))
            first = np.concatenate([[0], np.cumsum(sizes)[:-1]])
            chosen = order[first]
            current[mid] = candidate[chosen]
            split[mid] = m[chosen]
            opt = split[mid]
            left = np.stack([lo, mid - 1, mlo, opt], axis=1)[lo <= mid - 1]
            right = np.stack([mid + 1, hi, opt, mhi], axis=1)[mid + 1 <= hi]
            tasks = np.concatenate([left, right]) if len(left) or len(right) else np.empty((0, 4), int)
        best = current
        starts.append(split)
    bounds, end = [], n - 1
    for j in range(classes - 2, -1, -1):
        start = int(starts[j][end])
        bounds.append(float(data[end]))
        end = start - 1
    bounds.append(float(data[end]))
    return sorted(set(bounds))


def breaks_for(values: Sequence[float], method: str, classes: int = CLASSES) -> list[float]:
    if method == "jenks":
        return jenks_breaks(values, classes)
    return quantile_breaks(values, classes)


def classify(value: float, breaks: Sequence[float]) -> int:
    """The index of the first class whose upper bound holds the value."""
    for index, bound in enumerate(breaks):
        if value <= bound:
            return index
    return len(breaks) - 1


def palette(count: int) -> list[str]:
    """`count` colours of the sequential palette, spread from light to dark."""
    if count <= 0:
        return []
    if count == 1:
        return [PALETTE[-1]]
    return [PALETTE[round(i * (len(PALETTE) - 1) / (count - 1))] for i in range(count)]


def legend(indicator: Indicator, values: Sequence[float], breaks: Sequence[float]) -> list[dict]:
    """[{from, to, color, label, count}] for the classes of the breaks."""
    if not breaks:
        return []
    colours = palette(len(breaks))
    low = min(values)
    classes, counts = [], [0] * len(breaks)
    for value in values:
        counts[classify(value, breaks)] += 1
    for index, bound in enumerate(breaks):
        start = low if index == 0 else breaks[index - 1]
        classes.append(
            {
                "from": start,
                "to": bound,
                "color": colours[index],
                "count": counts[index],
                "label": format_value(indicator, start)
                if start == bound
                else f"{format_value(indicator, start)} – {format_value(indicator, bound)}",
            }
        )
    return classes


# --- the map ------------------------------------------------------------------------------------------


def map_units(level: str, area_id: int | None = None, *, with_boundary: bool = True):
    """The regions drawn at a level (those with a boundary), inside `area` if given."""
    kinds = LEVELS[level]
    rows = Region.objects.filter(kind__in=kinds, boundary__isnull=False)
    if level == "district":
        # A city counts as a district only where it has neighbourhoods of its own.
        with_neighbourhoods = Region.objects.filter(kind=Kind.NEIGHBOURHOOD).values("parent_id")
        rows = rows.filter(Q(kind=Kind.DISTRICT) | Q(pk__in=with_neighbourhoods))
    if area_id is not None:
        rows = rows.filter(
            Q(pk=area_id)
            | Q(parent_id=area_id)
            | Q(parent__parent_id=area_id)
            | Q(parent__parent__parent_id=area_id)
            | Q(parent__parent__parent__parent_id=area_id)
        )
    if not with_boundary:
        rows = rows.defer("boundary")
    return rows.order_by("name", "pk")


def map_data(
    indicator: Indicator,
    level: str,
    start: int,
    end: int,
    method: str,
    area_id: int | None = None,
    *,
    categories: dict[int, list[int]] | None = None,
) -> dict:
    """What the map draws: each unit's value and class, and the legend."""
    values = indicator_values(indicator, level, start, end, area_id, categories=categories)
    present = [value for value in values.values() if value is not None]
    breaks = breaks_for(present, method)
    regions = {}
    for region_id, value in values.items():
        regions[str(region_id)] = {
            "value": value,
            "text": format_value(indicator, value),
            "class": None if value is None else classify(value, breaks),
        }
    return {
        "regions": regions,
        "breaks": breaks,
        "classes": legend(indicator, present, breaks),
    }


# --- what a request asks for --------------------------------------------------------------------------

SPANS = (1, 3, 6, 12)


class QueryError(ValueError):
    """A map request named something that does not exist."""


@dataclass
class MapQuery:
    indicator: Indicator
    level: str
    start: int | None
    end: int | None
    method: str
    area_id: int | None
    span: int
    months: list[int]
    categories: dict[int, list[int]]

    @classmethod
    def from_params(cls, params, *, indicators=None) -> "MapQuery":
        """Read `indicator` (code), `level`, `month` (the period's last month; the latest by default),
        `span` (months, 1/3/6/12) or `start`, `method` (quantile/jenks) and `area` (a region id)."""
        indicators = Indicator.objects.select_related("category") if indicators is None else indicators
        code = params.get("indicator")
        indicator = indicators.filter(code=code).first() if code else default_indicator(indicators)
        if indicator is None:
            raise QueryError(_("No such indicator."))
        level = params.get("level") or "neighbourhood"
        if level not in LEVELS:
            raise QueryError(_("No such level."))
        method = params.get("method") or "quantile"
        if method not in CLASS_METHODS:
            raise QueryError(_("No such classification."))
        try:
            area_id = int(params["area"]) if params.get("area") else None
            span = int(params.get("span") or 1)
            end = int(params.get("month") or params.get("end") or 0) or None
            start = int(params.get("start") or 0) or None
        except ValueError:
            raise QueryError(_("Months, spans and areas are numbers.")) from None
        if span not in SPANS:
            raise QueryError(_("No such span."))
        categories = category_ids([indicator])
        months = indicator_months(indicator, categories)
        if end is None:
            end = months[-1] if months else None
        if end is not None and not valid_month(end) or start is not None and not valid_month(start):
            raise QueryError(_("Months are written YYYYMM, as 140307."))
        if end is not None and start is None:
            start = month_add(end, 1 - span)
        if start is not None and end is not None and start > end:
            raise QueryError(_("The period ends before it starts."))
        return cls(indicator, level, start, end, method, area_id, span, months, categories)

    def values(self) -> dict[int, float | None]:
        """{region id: value} for the query; empty when the indicator has no data at all."""
        if self.end is None:
            return {}
        return indicator_values(
            self.indicator, self.level, self.start, self.end, self.area_id, categories=self.categories
        )

    def params(self) -> dict[str, str]:
        """The query string that asks for this again."""
        result = {"indicator": self.indicator.code, "level": self.level, "method": self.method}
        if self.end is not None:
            result.update(start=str(self.start), month=str(self.end))
        if self.area_id is not None:
            result["area"] = str(self.area_id)
        return result

    @property
    def label(self) -> str:
        return period_label(self.start, self.end) if self.end else ""


# --- hot spots ----------------------------------------------------------------------------------------

HOT_CLASSES = {
    # The % is a percent sign, not a placeholder: each label needs the comment for xgettext.
    # xgettext:no-python-format
    3: ("hot-99", _("Hot spot, 99% confidence")),
    # xgettext:no-python-format
    2: ("hot-95", _("Hot spot, 95% confidence")),
    # xgettext:no-python-format
    1: ("hot-90", _("Hot spot, 90% confidence")),
    # xgettext:no-python-format
    -1: ("cold-90", _("Cold spot, 90% confidence")),
    # xgettext:no-python-format
    -2: ("cold-95", _("Cold spot, 95% confidence")),
    # xgettext:no-python-format
    -3: ("cold-99", _("Cold spot, 99% confidence")),
}
HOT_PERMUTATIONS = 999
CONTIGUITY_CACHE_SECONDS = 600


def _contiguity(level: str, area_id: int | None):
    """({region id: row}, queen contiguity matrix) of the level's units, cached (boundaries rarely move)."""
    from django.core.cache import cache
    from django.db.models import Count, Max

    from hamafza.lib.contiguity import queen_neighbours

    units = map_units(level, area_id, with_boundary=False)
    stamp = units.order_by().aggregate(n=Count("pk"), last=Max("pk"))
    key = f"atlas:queen:{level}:{area_id}:{stamp['n']}:{stamp['last']}"
    cached = cache.get(key)
    if cached is None:
        rows = list(map_units(level, area_id).values_list("pk", "boundary"))
        cached = (
            {pk: row for row, (pk, _boundary) in enumerate(rows)},
            queen_neighbours([b for _pk, b in rows]),
        )
        cache.set(key, cached, CONTIGUITY_CACHE_SECONDS)
    return cached


def hot_spots(
    indicator: Indicator,
    level: str,
    start: int,
    end: int,
    area_id: int | None = None,
    *,
    categories: dict[int, list[int]] | None = None,
    permutations: int = HOT_PERMUTATIONS,
) -> dict:
    """Getis-Ord Gi* over the level's units with a value (queen contiguity of their boundaries), with
    permutation p-values corrected for multiple testing (FDR): {"regions": {id: {z, p, q, class,
    label}}, "legend": [{class, label, count}]}. The permutations are seeded: the same data gives
    the same answer."""
    from hamafza.lib.hotspots import getis_ord_gi_star

    values = indicator_values(indicator, level, start, end, area_id, categories=categories)
    rows, matrix = _contiguity(level, area_id)
    kept = [pk for pk in rows if values.get(pk) is not None]
    result = {"regions": {}, "legend": []}
    if len(kept) < 3:
        return result
    index = [rows[pk] for pk in kept]
    weights = matrix[index][:, index]
    found = getis_ord_gi_star([values[pk] for pk in kept], weights, permutations=permutations, seed=end)
    counts: dict[int, int] = defaultdict(int)
    for position, pk in enumerate(kept):
        klass = int(found.classes[position])
        counts[klass] += 1
        z, q = float(found.z[position]), float(found.q_value[position])
        result["regions"][str(pk)] = {
            "z": None if np.isnan(z) else round(z, 4),
            "p": None if np.isnan(found.p_value[position]) else round(float(found.p_value[position]), 4),
            "q": None if np.isnan(q) else round(q, 4),
            "class": HOT_CLASSES[klass][0] if klass else None,
            "label": str(HOT_CLASSES[klass][1]) if klass else "",
        }
    result["legend"] = [
        {"class": code, "label": str(label), "count": counts[klass]}
        for klass, (code, label) in HOT_CLASSES.items()
    ]
    return result
