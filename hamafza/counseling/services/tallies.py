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
from django.db import connection, transaction
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
    """Recompute the tallies and atlas values that the (station, month) pairs feed.

    Set-based, in SQL: the stations' rows of those months from the cases and statistics (grouped, the
    days-to-close histograms built by the database), then their counties' and provinces' rows as sums of
    the station rows, each an INSERT … SELECT … GROUP BY; then the atlas values. The stations × months
    rectangle of the pairs is recomputed (a row outside the pairs comes out as it was)."""
    pairs = {(int(station), int(month)) for station, month in pairs if month}
    if not pairs:
        return
    moved_on()
    stations = sorted({station for station, _month in pairs})
    months = sorted({month for _station, month in pairs})
    places = {
        station: (county, province, neighbourhood)
        for station, county, province, neighbourhood in Centre.objects.filter(
            station_id__in=stations
        ).values_list("station_id", "county_id", "province_id", "neighbourhood_id")
    }
    sql = _Sql()
    for start in range(0, len(stations), _CHUNK):
        sql.stations(stations[start : start + _CHUNK], months)
    counties = sorted({place[0] for place in places.values() if place[0]})
    provinces = sorted({place[1] for place in places.values() if place[1]})
    for start in range(0, len(counties), _CHUNK):
        sql.roll_up(Tally.Level.COUNTY, "county_id", counties[start : start + _CHUNK], months)
    for start in range(0, len(provinces), _CHUNK):
        sql.roll_up(Tally.Level.PROVINCE, "province_id", provinces[start : start + _CHUNK], months)
    neighbourhoods = {
        (place[2], month) for station, month in pairs if (place := places.get(station)) and place[2]
    }
    _atlas(neighbourhoods)


_CHUNK = 2000
_TALLY_COLUMNS = (
    "level, unit_id, county_id, province_id, month, kind_id, opened, reconciled, partly, referred, "
    "withdrawn, days"
)


def _in(column: str, values: list[int]) -> tuple[str, list[int]]:
    return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)


class _Sql:
    """The refresh's statements, in the SQL of the database in use (PostgreSQL or SQLite: they differ
    only in how a JSON histogram is built and taken apart)."""

    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"
        self.tally = Tally._meta.db_table
        self.case = Case._meta.db_table
        self.statistic = MonthlyStatistic._meta.db_table
        self.centre = Centre._meta.db_table
        self.empty = "'{}'::jsonb" if self.postgres else "'{}'"

    def _histogram(self, rows: str) -> str:
        """(u, m, k, days) from `rows`, a query of (u, m, k, d, n) grouped by day: {"d": n, …}."""
        if self.postgres:
            return f"SELECT u, m, k, jsonb_object_agg(d::text, n) AS days FROM ({rows}) AS x GROUP BY u, m, k"
        return (
            f"SELECT u, m, k, json_group_object(CAST(d AS TEXT), n) AS days "
            f"FROM ({rows} ORDER BY 1, 2, 3, 4) AS x GROUP BY u, m, k"
        )

    def stations(self, stations: list[int], months: list[int]) -> None:
        station_in, station_params = _in("station_id", stations)
        opened_in, opened_params = _in("opened_month", months)
        closed_in, closed_params = _in("closed_month", months)
        month_in, month_params = _in("month", months)
        unit_in, _unit_params = _in("unit_id", stations)
        outcomes = ", ".join(f"SUM(CASE WHEN outcome = '{name}' THEN 1 ELSE 0 END)" for name in OUTCOMES)
        closed_where = f"{station_in} AND {closed_in} AND outcome <> '{Outcome.OPEN}'"
        histogram = self._histogram(
            f"SELECT station_id AS u, closed_month AS m, kind_id AS k, COALESCE(days_to_close, 0) AS d, "
            f"COUNT(*) AS n FROM {self.case} WHERE {closed_where} "
            f"GROUP BY station_id, closed_month, kind_id, COALESCE(days_to_close, 0)"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {self.tally} WHERE level = %s AND {unit_in} AND {month_in}",
                [Tally.Level.STATION, *stations, *months],
            )
            cursor.execute(
                f"""
                INSERT INTO {self.tally} ({_TALLY_COLUMNS})
                SELECT %s, a.u, ce.county_id, ce.province_id, a.m, a.k, a.opened, a.reconciled, a.partly,
                    a.referred, a.withdrawn, COALESCE(h.days, {self.empty})
                FROM (
                    SELECT u, m, k, SUM(opened) AS opened, SUM(reconciled) AS reconciled,
                        SUM(partly) AS partly, SUM(referred) AS referred, SUM(withdrawn) AS withdrawn
                    FROM (
                        SELECT station_id AS u, opened_month AS m, kind_id AS k, COUNT(*) AS opened,
                            0 AS reconciled, 0 AS partly, 0 AS referred, 0 AS withdrawn
                        FROM {self.case} WHERE {station_in} AND {opened_in}
                        GROUP BY station_id, opened_month, kind_id
                        UNION ALL
                        SELECT station_id, closed_month, kind_id, 0, {outcomes}
                        FROM {self.case} WHERE {closed_where}
                        GROUP BY station_id, closed_month, kind_id
                        UNION ALL
                        SELECT station_id, month, kind_id, opened, reconciled, partly, referred, withdrawn
                        FROM {self.statistic} WHERE {station_in} AND {month_in}
                    ) AS source
                    GROUP BY u, m, k
                ) AS a
                LEFT JOIN {self.centre} AS ce ON ce.station_id = a.u
                LEFT JOIN ({histogram}) AS h ON h.u = a.u AND h.m = a.m AND h.k = a.k
                """,
                [
                    Tally.Level.STATION,
                    *station_params,
                    *opened_params,
                    *station_params,
                    *closed_params,
                    *station_params,
                    *month_params,
                    *station_params,
                    *closed_params,
                ],
            )

    def roll_up(self, level: str, field: str, units: list[int], months: list[int]) -> None:
        """The counties' or provinces' rows of those months: the sums of their stations' rows. A
        province sums its counties' rows (just written; four times fewer than its stations') and the rows
        of its stations without a county."""
        unit_in, unit_params = _in("unit_id", units)
        parent_in, parent_params = _in(f"t.{field}", units)
        month_in, month_params = _in("month", months)
        where = f"t.level = %s AND {parent_in} AND t.{month_in}"
        where_params: list[int | str] = [Tally.Level.STATION, *parent_params, *month_params]
        if level == Tally.Level.PROVINCE:
            where = (
                f"((t.level = %s AND {parent_in}) OR (t.level = %s AND t.county_id IS NULL AND {parent_in}))"
                f" AND t.{month_in}"
            )
            where_params = [
                Tally.Level.COUNTY,
                *parent_params,
                Tally.Level.STATION,
                *parent_params,
                *month_params,
            ]
        if self.postgres:
            items = "CROSS JOIN LATERAL jsonb_each_text(t.days) AS j"
            day, count = "j.key::int", "j.value::bigint"
        else:
            items = ", json_each(t.days) AS j"
            day, count = "CAST(j.key AS INTEGER)", "j.value"
        histogram = self._histogram(
            f"SELECT t.{field} AS u, t.month AS m, t.kind_id AS k, {day} AS d, SUM({count}) AS n "
            f"FROM {self.tally} AS t {items} WHERE {where} GROUP BY t.{field}, t.month, t.kind_id, {day}"
        )
        county = "a.u" if level == Tally.Level.COUNTY else "NULL"
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {self.tally} WHERE level = %s AND {unit_in} AND {month_in}",
                [level, *unit_params, *month_params],
            )
            cursor.execute(
                f"""
                INSERT INTO {self.tally} ({_TALLY_COLUMNS})
                SELECT %s, a.u, {county}, a.p, a.m, a.k, a.opened, a.reconciled, a.partly, a.referred,
                    a.withdrawn, COALESCE(h.days, {self.empty})
                FROM (
                    SELECT t.{field} AS u, MAX(t.province_id) AS p, t.month AS m, t.kind_id AS k,
                        SUM(t.opened) AS opened, SUM(t.reconciled) AS reconciled, SUM(t.partly) AS partly,
                        SUM(t.referred) AS referred, SUM(t.withdrawn) AS withdrawn
                    FROM {self.tally} AS t WHERE {where}
                    GROUP BY t.{field}, t.month, t.kind_id
                ) AS a
                LEFT JOIN ({histogram}) AS h ON h.u = a.u AND h.m = a.m AND h.k = a.k
                """,
                [level, *where_params, *where_params],
            )


def _atlas(pairs: set[tuple[int, int]]) -> None:
    """The reconciliation rate's values of those (neighbourhood, month) pairs: reconciled over closed,
    summed over the neighbourhood's centres' station rows; none where nothing closed."""
    if not pairs:
        return
    rate = indicator()
    neighbourhoods = sorted({n for n, _m in pairs})
    months = sorted({m for _n, m in pairs})
    totals: dict[tuple[int, int], tuple[int, int]] = {}
    centre, tally = Centre._meta.db_table, Tally._meta.db_table
    for start in range(0, len(neighbourhoods), _CHUNK):
        chunk = neighbourhoods[start : start + _CHUNK]
        place_in, place_params = _in("ce.neighbourhood_id", chunk)
        month_in, month_params = _in("t.month", months)
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                SELECT ce.neighbourhood_id, t.month, SUM(t.reconciled),
                    SUM(t.reconciled + t.partly + t.referred + t.withdrawn)
                FROM {tally} AS t JOIN {centre} AS ce ON ce.station_id = t.unit_id
                WHERE t.level = %s AND {place_in} AND {month_in}
                GROUP BY ce.neighbourhood_id, t.month
                """,
                [Tally.Level.STATION, *place_params, *month_params],
            )
            for n, m, num, den in cursor.fetchall():
                if (n, m) in pairs:
                    totals[(n, m)] = (int(num or 0), int(den or 0))
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
