"""The figures' summary table (models.Tally) and the atlas indicator, kept current from the cases and the
reported monthly statistics.

`refresh(pairs)` recomputes the rows of some (station, month) pairs, then their counties' and provinces'
rows and the atlas values of their neighbourhoods for those months; every service that changes a case or
a statistic calls it inside its transaction. `rebuild()` recomputes everything (after a bulk load).

The reconciliation rate is an atlas indicator computed here, never typed: per neighbourhood and month its
numerator is the cases reconciled and its denominator the cases closed (IndicatorValue.denominator), so
that the atlas's map, profile and ranking add up numerators and denominators by county and province and
divide once, as for every other rate.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Q

from hamafza.atlas.models import HarmCategory, Indicator, IndicatorValue
from hamafza.counseling.models import Case, Centre, MonthlyStatistic, Outcome, Tally

ATLAS_INDICATOR = "counseling_reconciliation_rate"
ATLAS_CATEGORY = "disputes"
OUTCOMES = ("reconciled", "partly", "referred", "withdrawn")
_FIELDS = ("opened", *OUTCOMES)
BATCH = 5000
GENERATION_KEY = "counseling:tallies:generation"


def generation() -> int:
    """The tallies' generation in the cache: the figures cached under an older one are never read again."""
    found = cache.get(GENERATION_KEY)
    if found is None:
        cache.add(GENERATION_KEY, 0, None)
        found = cache.get(GENERATION_KEY, 0)
    return found


def _move_on() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet (or the cache was emptied)
        cache.set(GENERATION_KEY, 1, None)


def moved_on() -> None:
    """Move the generation on now (this process's later reads see the change) and again at the commit (a
    figure read from the old rows meanwhile by another request is cached under a generation no one reads)."""
    _move_on()
    transaction.on_commit(_move_on)


def indicator() -> Indicator:
    """The atlas indicator of the reconciliation rate (and its harm category), created if missing."""
    found = Indicator.objects.filter(code=ATLAS_INDICATOR).first()
    if found is not None:
        return found
    category, _created = HarmCategory.objects.get_or_create(
        code=ATLAS_CATEGORY,
        defaults={"name": "اختلافات و دعاوی", "name_en": "Disputes", "order": 99},
    )
    found, _created = Indicator.objects.get_or_create(
        code=ATLAS_INDICATOR,
        defaults={
            "name": "نرخ ختم به صلح و سازش پرونده‌های مراکز مشاوره کلانتری‌ها (درصد)",
            "name_en": "Counselling cases reconciled (% of cases closed)",
            "category": category,
            "kind": Indicator.Kind.RATE,
            "denominator": Indicator.Denominator.CASES,
            "per": 100,
            "source": Indicator.Source.COMPUTED,
            "higher_is_worse": False,
        },
    )
    return found


class Counts:
    """One row's counts: opened, the four closing outcomes, and the days-to-close histogram."""

    __slots__ = ("opened", "reconciled", "partly", "referred", "withdrawn", "days")

    def __init__(self) -> None:
        self.opened = self.reconciled = self.partly = self.referred = self.withdrawn = 0
        self.days: dict[int, int] = defaultdict(int)

    @property
    def closed(self) -> int:
        return self.reconciled + self.partly + self.referred + self.withdrawn

    def add(self, other) -> None:
        for name in _FIELDS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for days, count in (other.days or {}).items():
            self.days[int(days)] += count


def _station_counts(stations: set[int] | None, months: set[int] | None, pairs: set | None) -> dict:
    """{(station, month, kind): Counts} from the cases and the reported statistics (three grouped queries)."""
    found: dict[tuple[int, int, int], Counts] = defaultdict(Counts)

    def keep(station: int, month: int) -> bool:
        return pairs is None or (station, month) in pairs

    cases = Case.objects.order_by()
    statistics = MonthlyStatistic.objects.order_by()
    if stations is not None:
        cases = cases.filter(station_id__in=stations)
        statistics = statistics.filter(station_id__in=stations)
    opened = cases if months is None else cases.filter(opened_month__in=months)
    for station, month, kind, count in (
        opened.values("station_id", "opened_month", "kind_id")
        .annotate(n=Count("id"))
        .values_list("station_id", "opened_month", "kind_id", "n")
    ):
        if keep(station, month):
            found[(station, month, kind)].opened += count
    closed = cases.exclude(outcome=Outcome.OPEN)
    closed = closed if months is None else closed.filter(closed_month__in=months)
    for station, closed_month, kind, outcome, days, count in (
        closed.values("station_id", "closed_month", "kind_id", "outcome", "days_to_close")
        .annotate(n=Count("id"))
        .values_list("station_id", "closed_month", "kind_id", "outcome", "days_to_close", "n")
    ):
        if closed_month is not None and keep(station, closed_month):
            counts = found[(station, closed_month, kind)]
            setattr(counts, outcome, getattr(counts, outcome) + count)
            counts.days[days or 0] += count
    statistics = statistics if months is None else statistics.filter(month__in=months)
    for station, month, kind, *values in statistics.values_list("station_id", "month", "kind_id", *_FIELDS):
        if keep(station, month):
            counts = found[(station, month, kind)]
            for name, value in zip(_FIELDS, values, strict=True):
                setattr(counts, name, getattr(counts, name) + value)
    return found


def _row(
    level: str, unit: int, county: int | None, province: int | None, month: int, kind: int, counts
) -> Tally:
    return Tally(
        level=level,
        unit_id=unit,
        county_id=county,
        province_id=province,
        month=month,
        kind_id=kind,
        opened=counts.opened,
        reconciled=counts.reconciled,
        partly=counts.partly,
        referred=counts.referred,
        withdrawn=counts.withdrawn,
        days={str(days): count for days, count in sorted(counts.days.items())},
    )


def _places() -> dict[int, tuple[int | None, int | None, int | None]]:
    """{station: (county, province, neighbourhood)} of every centre (one query)."""
    return {
        station: (county, province, neighbourhood)
        for station, county, province, neighbourhood in Centre.objects.values_list(
            "station_id", "county_id", "province_id", "neighbourhood_id"
        )
    }


def _pairs_filter(field: str, pairs: Iterable[tuple[int, int]]) -> Q:
    by_month: dict[int, set[int]] = defaultdict(set)
    for unit, month in pairs:
        by_month[month].add(unit)
    query = Q(pk__in=[])
    for month, units in by_month.items():
        query |= Q(**{f"{field}__in": units, "month": month})
    return query


@transaction.atomic
def refresh(pairs: Iterable[tuple[int, int]]) -> None:
    """Recompute the tallies and atlas values that the (station, month) pairs feed."""
    pairs = {(int(station), int(month)) for station, month in pairs if month}
    if not pairs:
        return
    moved_on()
    places = _places()
    stations = {station for station, _month in pairs}
    months = {month for _station, month in pairs}
    counts = _station_counts(stations, months, pairs)
    Tally.objects.filter(Q(level=Tally.Level.STATION) & _pairs_filter("unit_id", pairs)).delete()
    rows = []
    for (station, month, kind), value in counts.items():
        county, province, _neighbourhood = places.get(station, (None, None, None))
        rows.append(_row(Tally.Level.STATION, station, county, province, month, kind, value))
    Tally.objects.bulk_create(rows, batch_size=BATCH)

    counties: set[tuple[int, int]] = set()
    provinces: set[tuple[int, int]] = set()
    neighbourhoods: set[tuple[int, int]] = set()
    for station, month in pairs:
        county, province, neighbourhood = places.get(station, (None, None, None))
        if county:
            counties.add((county, month))
        if province:
            provinces.add((province, month))
        if neighbourhood:
            neighbourhoods.add((neighbourhood, month))
    _roll_up(Tally.Level.COUNTY, "county_id", counties)
    _roll_up(Tally.Level.PROVINCE, "province_id", provinces)
    _atlas(neighbourhoods, places)


def _roll_up(level: str, field: str, pairs: set[tuple[int, int]]) -> None:
    """The county's or province's rows of those months: the sums of their stations' rows."""
    if not pairs:
        return
    Tally.objects.filter(Q(level=level) & _pairs_filter("unit_id", pairs)).delete()
    sums: dict[tuple[int, int, int], Counts] = defaultdict(Counts)
    parents: dict[int, int | None] = {}
    station_rows = Tally.objects.filter(Q(level=Tally.Level.STATION) & _pairs_filter(field, pairs))
    for row in station_rows.only(field, "province_id", "month", "kind_id", *_FIELDS, "days"):
        unit = getattr(row, field)
        sums[(unit, row.month, row.kind_id)].add(row)
        parents[unit] = row.province_id
    Tally.objects.bulk_create(
        [
            _row(
                level,
                unit,
                unit if level == Tally.Level.COUNTY else None,
                parents.get(unit),
                month,
                kind,
                value,
            )
            for (unit, month, kind), value in sums.items()
        ],
        batch_size=BATCH,
    )


def _atlas(pairs: set[tuple[int, int]], places) -> None:
    """The reconciliation rate's values of those (neighbourhood, month) pairs: reconciled over closed,
    summed over the neighbourhood's centres; none where nothing closed."""
    if not pairs:
        return
    rate = indicator()
    stations_of: dict[int, list[int]] = defaultdict(list)
    for station, (_county, _province, neighbourhood) in places.items():
        if neighbourhood:
            stations_of[neighbourhood].append(station)
    station_pairs = {(s, m) for n, m in pairs for s in stations_of.get(n, [])}
    totals: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    if station_pairs:
        rows = Tally.objects.filter(Q(level=Tally.Level.STATION) & _pairs_filter("unit_id", station_pairs))
        for station, month, *values in rows.values_list("unit_id", "month", *OUTCOMES):
            total = totals[(places[station][2], month)]
            total[0] += values[0]
            total[1] += sum(values)
    IndicatorValue.objects.filter(Q(indicator=rate) & _pairs_filter("region_id", pairs)).delete()
    IndicatorValue.objects.bulk_create(
        [
            IndicatorValue(indicator=rate, region_id=n, month=m, value=float(num), denominator=float(den))
            for (n, m), (num, den) in totals.items()
            if den
        ],
        batch_size=BATCH,
    )


@transaction.atomic
def rebuild() -> int:
    """Recompute every tally and atlas value from the cases and statistics; the station rows written."""
    moved_on()
    places = _places()
    counts = _station_counts(None, None, None)
    Tally.objects.all().delete()
    rows = []
    counties: dict[tuple[int, int, int], Counts] = defaultdict(Counts)
    provinces: dict[tuple[int, int, int], Counts] = defaultdict(Counts)
    county_province: dict[int, int | None] = {}
    atlas: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    for (station, month, kind), value in counts.items():
        county, province, neighbourhood = places.get(station, (None, None, None))
        rows.append(_row(Tally.Level.STATION, station, county, province, month, kind, value))
        if county:
            counties[(county, month, kind)].add(value)
            county_province[county] = province
        if province:
            provinces[(province, month, kind)].add(value)
        if neighbourhood:
            atlas[(neighbourhood, month)][0] += value.reconciled
            atlas[(neighbourhood, month)][1] += value.closed
    for (county, month, kind), value in counties.items():
        rows.append(_row(Tally.Level.COUNTY, county, county, county_province[county], month, kind, value))
    for (province, month, kind), value in provinces.items():
        rows.append(_row(Tally.Level.PROVINCE, province, None, province, month, kind, value))
    Tally.objects.bulk_create(rows, batch_size=BATCH)
    rate = indicator()
    IndicatorValue.objects.filter(indicator=rate).delete()
    IndicatorValue.objects.bulk_create(
        [
            IndicatorValue(indicator=rate, region_id=n, month=m, value=float(num), denominator=float(den))
            for (n, m), (num, den) in atlas.items()
            if den
        ],
        batch_size=BATCH,
    )
    return len(counts)
