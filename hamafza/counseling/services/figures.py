"""The figures: cases opened, the reconciliation rate and the median days to close, by station, county,
province, month and kind of dispute, against the same months of the year before.

Read from the tallies alone (services.tallies), never from cases: a national page reads the provinces'
rows of the period and of the year before, a province's page its counties' and stations' rows.

The reconciliation rate is the cases reconciled out of the cases closed in the period, in percent
(partly reconciled cases are counted apart); the median days to close is that of the cases closed in the
period, from the days-to-close histograms (reported monthly statistics carry no days, so it counts the
recorded cases only).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from hamafza.atlas.services.queries import RegionTree, month_add
from hamafza.counseling.models import Centre, DisputeKind, Tally
from hamafza.counseling.services.tallies import Counts
from hamafza.orgs.models import Organization
from hamafza.places.models import Region

Level = Tally.Level


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


def _rows(rows: Iterable[Tally], start: int, end: int, key) -> tuple[dict, dict]:
    now: dict = defaultdict(Counts)
    before: dict = defaultdict(Counts)
    for row in rows:
        target = now if start <= row.month <= end else before
        target[key(row)].add(row)
    return now, before


def _table(now: dict, before: dict, labels: dict) -> list[Row]:
    keys = sorted(set(now) | set(before), key=lambda k: (str(labels.get(k, k)), k))
    return [
        Row(
            key,
            str(labels.get(key, key)),
            Summary.of(now.get(key, Counts())),
            Summary.of(before.get(key, Counts())),
        )
        for key in keys
    ]


def _periods(start: int, end: int) -> list[tuple[int, int]]:
    return [(start, end), (last_year(start), last_year(end))]


def _select(level: str, start: int, end: int, **filters):
    """The level's rows of the period and of the same months a year before."""
    months = _months(start, end) + _months(last_year(start), last_year(end))
    fields = ["month", "kind_id", "unit_id", "county_id", *Counts.__slots__[:-1], "days"]
    return Tally.objects.filter(level=level, month__in=months, **filters).order_by().only(*fields)


def _months(start: int, end: int) -> list[int]:
    months, month = [], start
    while month <= end:
        months.append(month)
        month = month_add(month, 1)
    return months


def _kinds() -> dict[int, str]:
    return dict(DisputeKind.objects.values_list("pk", "name"))


def _figures(
    rows: list[Tally], start: int, end: int, unit_labels: dict, station_rows=None, station_labels=None
) -> Figures:
    kinds = _kinds()
    now_total, before_total = _rows(rows, start, end, lambda row: 0)
    units_now, units_before = _rows(rows, start, end, lambda row: row.unit_id)
    kinds_now, kinds_before = _rows(rows, start, end, lambda row: row.kind_id)
    months_now, months_before = _rows(
        rows, start, end, lambda row: row.month if start <= row.month <= end else month_add(row.month, 12)
    )
    figures = Figures(
        start,
        end,
        _table(now_total, before_total, {0: ""})[0]
        if (now_total or before_total)
        else Row(0, "", Summary(), Summary()),
        units=_table(units_now, units_before, unit_labels),
        kinds=_table(kinds_now, kinds_before, kinds),
        months=[
            Row(
                month,
                str(month),
                Summary.of(months_now.get(month, Counts())),
                Summary.of(months_before.get(month, Counts())),
            )
            for month in _months(start, end)
        ],
    )
    if station_rows is not None:
        stations_now, stations_before = _rows(station_rows, start, end, lambda row: row.unit_id)
        figures.stations = _table(stations_now, stations_before, station_labels or {})
    return figures


def national(start: int, end: int) -> Figures:
    """The country, by province."""
    rows = list(_select(Level.PROVINCE, start, end))
    labels = dict(Region.objects.filter(pk__in={row.unit_id for row in rows}).values_list("pk", "name"))
    figures = _figures(rows, start, end, labels)
    figures.unit_level = Level.PROVINCE
    return figures


def province(region_id: int, start: int, end: int) -> Figures:
    """A province, by county and by station."""
    rows = list(_select(Level.COUNTY, start, end, province_id=region_id))
    station_rows = list(_select(Level.STATION, start, end, province_id=region_id))
    labels = dict(Region.objects.filter(pk__in={row.unit_id for row in rows}).values_list("pk", "name"))
    station_labels = dict(
        Organization.objects.filter(pk__in={row.unit_id for row in station_rows}).values_list("pk", "name")
    )
    if not rows:  # stations placed on no county: the province's own rows make the total
        rows = list(_select(Level.PROVINCE, start, end, unit_id=region_id))
    figures = _figures(rows, start, end, labels, station_rows, station_labels)
    figures.unit_level = Level.COUNTY
    return figures


def county(region_id: int, start: int, end: int) -> Figures:
    """A county, by station."""
    rows = list(_select(Level.STATION, start, end, county_id=region_id))
    labels = dict(Organization.objects.filter(pk__in={row.unit_id for row in rows}).values_list("pk", "name"))
    figures = _figures(rows, start, end, labels)
    figures.unit_level = Level.STATION
    return figures


def station(station_id: int, start: int, end: int) -> Figures:
    """A station, by month and kind."""
    rows = list(_select(Level.STATION, start, end, unit_id=station_id))
    figures = _figures(rows, start, end, {})
    figures.unit_level = ""
    figures.units = []
    return figures


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
