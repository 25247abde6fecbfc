"""The figures: cases opened, the reconciliation rate and the median days to close, by station, county,
province, month and kind of dispute, against the same months of the year before.

Read from the tallies alone (services.tallies), never from cases: a national page reads the provinces'
rows of the period and of the year before, a province's page its counties' and stations' rows.

The reconciliation rate is the cases reconciled out of the cases closed in the period, in percent
(partly reconciled cases are counted apart); the median days to close is that of the cases closed in the
period, from the days-to-close histograms (reported monthly statistics carry no days, so it counts the
recorded cases only).

The four pages' figures are kept in the Django cache per (scope, unit, period) under the tallies'
generation (services.tallies.generation), which every refresh of the tallies moves on: a case closed or
statistics uploaded is seen at the next request. Labels (names of units and kinds) may lag for
CACHE_SECONDS after a rename.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain

import numpy as np
from django.core.cache import cache

from hamafza.atlas.services.queries import RegionTree, month_add
from hamafza.counseling.models import Centre, DisputeKind, Tally
from hamafza.counseling.services.tallies import Counts, generation
from hamafza.orgs.models import Organization
from hamafza.places.models import Region

Level = Tally.Level
CACHE_SECONDS = 600


@dataclass
class Summary:
    opened: int = 0
    closed: int = 0
    reconciled: int = 0
    partly: int = 0
    referred: int = 0
    withdrawn: int = 0
    median_days: float | None = None

    @property
    def rate(self) -> float | None:
        """Reconciled out of closed, in percent."""
        return self.reconciled * 100 / self.closed if self.closed else None

    @classmethod
    def of(cls, counts: Counts) -> "Summary":
        return cls(
            opened=counts.opened,
            closed=counts.closed,
            reconciled=counts.reconciled,
            partly=counts.partly,
            referred=counts.referred,
            withdrawn=counts.withdrawn,
            median_days=median(counts.days),
        )


def median(histogram: dict[int, int]) -> float | None:
    """The median of a {value: count} histogram (the mean of the two middle values for an even total)."""
    total = sum(histogram.values())
    if not total:
        return None
    low, high = (total - 1) // 2, total // 2
    seen, found = 0, []
    for value in sorted(histogram):
        count = histogram[value]
        for position in (low, high):
            if seen <= position < seen + count:
                found.append(value)
        seen += count
        if len(found) == 2:
            break
    return sum(found) / 2


@dataclass
class Row:
    key: int
    label: str
    now: Summary
    before: Summary

    @property
    def change(self) -> float | None:
        """The rate's change against the same months of the year before, in points."""
        if self.now.rate is None or self.before.rate is None:
            return None
        return self.now.rate - self.before.rate


@dataclass
class Figures:
    start: int
    end: int
    total: Row
    units: list[Row] = field(default_factory=list)
    unit_level: str = ""
    stations: list[Row] = field(default_factory=list)
    months: list[Row] = field(default_factory=list)
    kinds: list[Row] = field(default_factory=list)


def last_year(month: int) -> int:
    return month_add(month, -12)


def _periods(start: int, end: int) -> list[tuple[int, int]]:
    return [(start, end), (last_year(start), last_year(end))]


def _select(level: str, start: int, end: int, **filters) -> list[tuple]:
    """The level's rows of the period and of the same months a year before, as tuples (month, kind, unit,
    opened, reconciled, partly, referred, withdrawn, days)."""
    months = _months(start, end) + _months(last_year(start), last_year(end))
    return list(
        Tally.objects.filter(level=level, month__in=months, **filters)
        .order_by()
        .values_list("month", "kind_id", "unit_id", *_COUNTED, "days")
    )


_COUNTED = ("opened", "reconciled", "partly", "referred", "withdrawn")


class _Block:
    """Tally rows as arrays, summed by any key in a few vector operations: the counts by bincount, the
    days-to-close histograms into one (group × distinct days) matrix whose cumulative sums give every
    group's exact median at once."""

    def __init__(self, rows: list[tuple], start: int, end: int) -> None:
        self.rows = rows
        self.before = np.fromiter(
            (not start <= row[0] <= end for row in rows), dtype=np.int64, count=len(rows)
        )
        self.counts = np.array([row[3:8] for row in rows], dtype=np.int64).reshape(len(rows), len(_COUNTED))
        # The histograms flattened without a Python loop per entry (the cold national page's main cost).
        histograms = [row[8] or {} for row in rows]
        sizes = np.fromiter(map(len, histograms), dtype=np.int64, count=len(rows))
        total = int(sizes.sum())
        self.index = np.repeat(np.arange(len(rows), dtype=np.int64), sizes)
        keys = list(chain.from_iterable(histograms))
        days = np.array(keys, dtype=str).astype(np.int64) if keys else np.zeros(0, dtype=np.int64)
        self.cases = np.fromiter(
            chain.from_iterable(h.values() for h in histograms), dtype=np.int64, count=total
        )
        self.values, self.day = np.unique(days, return_inverse=True)

    def summaries(self, keys: Iterable) -> dict:
        """{key: (Summary of the period, Summary of the year before)} for the rows' keys (one per row)."""
        ids: dict = {}
        group = np.fromiter(
            (ids.setdefault(key, len(ids)) for key in keys), dtype=np.int64, count=len(self.rows)
        )
        slot = group * 2 + self.before
        slots = 2 * len(ids)
        sums = (
            np.stack(
                [np.bincount(slot, weights=self.counts[:, i], minlength=slots) for i in range(len(_COUNTED))],
                axis=1,
            ).astype(np.int64)
            if slots
            else np.zeros((0, len(_COUNTED)), dtype=np.int64)
        )
        medians: list = [None] * slots
        width = len(self.values)
        if width and slots:
            histogram = np.bincount(
                slot[self.index] * width + self.day.reshape(-1), weights=self.cases, minlength=slots * width
            ).astype(np.int64)
            running = np.cumsum(histogram.reshape(slots, width), axis=1)
            total = running[:, -1]
            low = (running <= ((total - 1) // 2)[:, None]).sum(axis=1)
            high = (running <= (total // 2)[:, None]).sum(axis=1)
            for position in np.flatnonzero(total):
                medians[position] = (int(self.values[low[position]]) + int(self.values[high[position]])) / 2

        def summary(position: int) -> Summary:
            opened, reconciled, partly, referred, withdrawn = (int(v) for v in sums[position])
            return Summary(
                opened=opened,
                closed=reconciled + partly + referred + withdrawn,
                reconciled=reconciled,
                partly=partly,
                referred=referred,
                withdrawn=withdrawn,
                median_days=medians[position],
            )

        return {key: (summary(2 * i), summary(2 * i + 1)) for key, i in ids.items()}


def _table(summaries: dict, labels: dict) -> list[Row]:
    keys = sorted(summaries, key=lambda k: (str(labels.get(k, k)), k))
    return [Row(key, str(labels.get(key, key)), *summaries[key]) for key in keys]


def _months(start: int, end: int) -> list[int]:
    months, month = [], start
    while month <= end:
        months.append(month)
        month = month_add(month, 1)
    return months


def _kinds() -> dict[int, str]:
    return dict(DisputeKind.objects.values_list("pk", "name"))


def _figures(
    rows: list[tuple], start: int, end: int, unit_labels: dict, station_rows=None, station_labels=None
) -> Figures:
    block = _Block(rows, start, end)
    totals = block.summaries(0 for _row in rows)
    by_month = block.summaries(row[0] if start <= row[0] <= end else month_add(row[0], 12) for row in rows)
    figures = Figures(
        start,
        end,
        Row(0, "", *totals[0]) if totals else Row(0, "", Summary(), Summary()),
        units=_table(block.summaries(row[2] for row in rows), unit_labels),
        kinds=_table(block.summaries(row[1] for row in rows), _kinds()),
        months=[
            Row(month, str(month), *by_month.get(month, (Summary(), Summary())))
            for month in _months(start, end)
        ],
    )
    if station_rows is not None:
        stations = _Block(station_rows, start, end)
        figures.stations = _table(stations.summaries(row[2] for row in station_rows), station_labels or {})
    return figures


def _national(start: int, end: int) -> Figures:
    """The country, by province."""
    rows = _select(Level.PROVINCE, start, end)
    labels = dict(Region.objects.filter(pk__in={row[2] for row in rows}).values_list("pk", "name"))
    figures = _figures(rows, start, end, labels)
    figures.unit_level = Level.PROVINCE
    return figures


def _province(region_id: int, start: int, end: int) -> Figures:
    """A province, by county and by station."""
    rows = _select(Level.COUNTY, start, end, province_id=region_id)
    station_rows = _select(Level.STATION, start, end, province_id=region_id)
    labels = dict(Region.objects.filter(pk__in={row[2] for row in rows}).values_list("pk", "name"))
    station_labels = dict(
        Organization.objects.filter(pk__in={row[2] for row in station_rows}).values_list("pk", "name")
    )
    if not rows:  # stations placed on no county: the province's own rows make the total
        rows = _select(Level.PROVINCE, start, end, unit_id=region_id)
    figures = _figures(rows, start, end, labels, station_rows, station_labels)
    figures.unit_level = Level.COUNTY
    return figures


def _county(region_id: int, start: int, end: int) -> Figures:
    """A county, by station."""
    rows = _select(Level.STATION, start, end, county_id=region_id)
    labels = dict(Organization.objects.filter(pk__in={row[2] for row in rows}).values_list("pk", "name"))
    figures = _figures(rows, start, end, labels)
    figures.unit_level = Level.STATION
    return figures


def _station(station_id: int, start: int, end: int) -> Figures:
    """A station, by month and kind."""
    rows = _select(Level.STATION, start, end, unit_id=station_id)
    figures = _figures(rows, start, end, {})
    figures.unit_level = ""
    figures.units = []
    return figures


def _cached(scope: str, unit, start: int, end: int, compute) -> Figures:
    key = f"counseling:figures:{generation()}:{scope}:{unit}:{start}:{end}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, CACHE_SECONDS)
    return found


def national(start: int, end: int) -> Figures:
    """The country, by province."""
    return _cached("national", None, start, end, lambda: _national(start, end))


def province(region_id: int, start: int, end: int) -> Figures:
    """A province, by county and by station."""
    return _cached("province", region_id, start, end, lambda: _province(region_id, start, end))


def county(region_id: int, start: int, end: int) -> Figures:
    """A county, by station."""
    return _cached("county", region_id, start, end, lambda: _county(region_id, start, end))


def station(station_id: int, start: int, end: int) -> Figures:
    """A station, by month and kind."""
    return _cached("station", station_id, start, end, lambda: _station(station_id, start, end))


def area_summary(
    region_id: int | None, start: int, end: int, stations: Iterable[int] | None = None
) -> Summary:
    """One Summary over the months for the country (None), a province or county, or the given stations
    (whatever the region's kind): for the goals' counselling measures."""
    if stations is not None:
        rows = Tally.objects.filter(
            level=Level.STATION, unit_id__in=list(stations), month__range=(start, end)
        )
    elif region_id is None:
        rows = Tally.objects.filter(level=Level.PROVINCE, month__range=(start, end))
    else:
        kind = Region.objects.filter(pk=region_id).values_list("kind", flat=True).first()
        if kind == Region.Kind.PROVINCE:
            rows = Tally.objects.filter(level=Level.PROVINCE, unit_id=region_id, month__range=(start, end))
        elif kind == Region.Kind.COUNTY:
            rows = Tally.objects.filter(level=Level.COUNTY, unit_id=region_id, month__range=(start, end))
        else:
            return area_summary(None, start, end, stations=stations_in(region_id))
    total = Counts()
    for row in rows.only(*Counts.__slots__[:-1], "days"):
        total.add(row)
    return Summary.of(total)


def stations_in(region_id: int) -> list[int]:
    """The stations whose centre's neighbourhood or station region lies in the area."""
    tree = RegionTree.load()
    found = []
    for station, neighbourhood, region in Centre.objects.values_list(
        "station_id", "neighbourhood_id", "station__region_id"
    ):
        if tree.within(region, region_id) or (neighbourhood and tree.within(neighbourhood, region_id)):
            found.append(station)
    return found
