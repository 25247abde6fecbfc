"""The figures' fast path (tallies summed as arrays, the median from the summed days-to-close histograms,
the cache per scope and period) against a direct count of the cases and statistics, on a random data set;
then after cases close, a case opens and statistics are saved through the services (the tallies' refresh
and the cache's invalidation)."""

import datetime as dt
import random
import statistics as stats

import pytest

from hamafza.atlas.services.queries import month_add
from hamafza.counseling.models import Case, Centre, MonthlyStatistic
from hamafza.counseling.services import cases as case_services
from hamafza.counseling.services import figures, tallies
from hamafza.counseling.services import statistics as statistic_services
from hamafza.lib.jalali import jalali_month

pytestmark = pytest.mark.django_db
OUTCOMES = ("reconciled", "partly", "referred", "withdrawn")


def _random_data(rng, stations, kinds, today):
    cases = []
    for number in range(400):
        opened_on = today - dt.timedelta(days=rng.randrange(0, 800))
        days = int(rng.expovariate(1 / 20))
        closed_on = opened_on + dt.timedelta(days=days)
        still_open = closed_on > today or rng.random() < 0.1
        cases.append(
            Case(
                station=rng.choice(stations),
                number=f"R{number}",
                opened_on=opened_on,
                channel="walk_in",
                kind=rng.choice(kinds),
                outcome="open" if still_open else rng.choice(OUTCOMES),
                closed_on=None if still_open else closed_on,
                opened_month=jalali_month(opened_on),
                closed_month=None if still_open else jalali_month(closed_on),
                days_to_close=None if still_open else days,
            )
        )
    Case.objects.bulk_create(cases)
    month = jalali_month(today)
    for _ in range(30):
        MonthlyStatistic.objects.update_or_create(
            station=rng.choice(stations),
            month=month_add(month, -rng.randrange(0, 26)),
            kind=rng.choice(kinds),
            defaults={name: rng.randrange(0, 9) for name in ("opened", *OUTCOMES)},
        )


def _records(start, end, centres):
    """(centre, kind, month shown, period, counted name, count, days to close or None) of every case
    event and statistic of the centres' stations in the period (0) or the same months a year before (1,
    its month moved on by twelve)."""
    before = (month_add(start, -12), month_add(end, -12))

    def place(month):
        if start <= month <= end:
            return 0, month
        if before[0] <= month <= before[1]:
            return 1, month_add(month, 12)
        return None, None

    found = []
    for case in Case.objects.filter(station_id__in=centres):
        period, shown = place(case.opened_month)
        if period is not None:
            found.append((centres[case.station_id], case.kind_id, shown, period, "opened", 1, None))
        if case.outcome != "open":
            period, shown = place(case.closed_month)
            if period is not None:
                found.append(
                    (
                        centres[case.station_id],
                        case.kind_id,
                        shown,
                        period,
                        case.outcome,
                        1,
                        case.days_to_close,
                    )
                )
    for statistic in MonthlyStatistic.objects.filter(station_id__in=centres):
        period, shown = place(statistic.month)
        if period is not None:
            for name in ("opened", *OUTCOMES):
                count = getattr(statistic, name)
                if count:
                    found.append(
                        (centres[statistic.station_id], statistic.kind_id, shown, period, name, count, None)
                    )
    return found


def _direct(records, key):
    """{key: (now, before)} as tuples (opened, closed, reconciled, partly, referred, withdrawn, median)."""
    grouped = {}
    for centre, kind, month, period, name, count, days in records:
        rows = grouped.setdefault(key(centre, kind, month), ([], []))
        rows[period].append((name, count, days))
    return {group: (_summary(now), _summary(before)) for group, (now, before) in grouped.items()}


def _summary(events):
    counts = {name: sum(count for n, count, _days in events if n == name) for name in ("opened", *OUTCOMES)}
    days = [d for n, _count, d in events if n != "opened" and d is not None]
    return (
        counts["opened"],
        sum(counts[name] for name in OUTCOMES),
        *(counts[name] for name in OUTCOMES),
        float(stats.median(days)) if days else None,
    )


EMPTY = _summary([])


def _fast(summary):
    return (
        summary.opened,
        summary.closed,
        summary.reconciled,
        summary.partly,
        summary.referred,
        summary.withdrawn,
        summary.median_days,
    )


def _rows(table):
    return {row.key: (_fast(row.now), _fast(row.before)) for row in table}


def _check(figures_, start, end, centres, unit_key, station_rows=False):
    records = _records(start, end, centres)
    total = _direct(records, lambda centre, kind, month: 0).get(0, (EMPTY, EMPTY))
    assert (_fast(figures_.total.now), _fast(figures_.total.before)) == total
    months = _direct(records, lambda centre, kind, month: month)
    assert _rows(figures_.months) == {row.key: months.get(row.key, (EMPTY, EMPTY)) for row in figures_.months}
    assert _rows(figures_.kinds) == _direct(records, lambda centre, kind, month: kind)
    if unit_key is not None:
        assert _rows(figures_.units) == _direct(records, lambda centre, kind, month: unit_key(centre))
    if station_rows:
        assert _rows(figures_.stations) == _direct(records, lambda centre, kind, month: centre.station_id)


def _check_all(today):
    end = jalali_month(today)
    centres_all = {c.station_id: c for c in Centre.objects.all()}
    for start in (month_add(end, -11), month_add(end, -2), end):
        _check(figures.national(start, end), start, end, centres_all, lambda centre: centre.province_id)
        for province in {c.province_id for c in centres_all.values()}:
            centres = {s: c for s, c in centres_all.items() if c.province_id == province}
            _check(
                figures.province(province, start, end),
                start,
                end,
                centres,
                lambda centre: centre.county_id,
                station_rows=True,
            )
        for county in {c.county_id for c in centres_all.values()}:
            centres = {s: c for s, c in centres_all.items() if c.county_id == county}
            _check(figures.county(county, start, end), start, end, centres, lambda centre: centre.station_id)
        for station, centre in centres_all.items():
            _check(figures.station(station, start, end), start, end, {station: centre}, None)


def test_fast_figures_equal_a_direct_count(
    station_a, station_b, fars_station, counsellor, kinds, today, deputy
):
    rng = random.Random(14)
    _random_data(rng, [station_a, station_b, fars_station], list(kinds.values()), today)
    tallies.rebuild()
    _check_all(today)
    # Through the services: cases close, one opens, a month's statistics change; the cached figures
    # move on with them.
    for case in Case.objects.filter(outcome="open", station=station_a)[:5]:
        case_services.close_case(case, by=counsellor, outcome=rng.choice(OUTCOMES), closed_on=today)
    case_services.open_case(
        station_a, by=counsellor, opened_on=today, channel="walk_in", kind=kinds["family"]
    )
    statistic_services.save_month(
        station_b,
        jalali_month(today),
        {kinds["family"].pk: {"opened": 7, "reconciled": 5, "referred": 1}},
        by=deputy,
    )
    _check_all(today)


def _tally_rows():
    from hamafza.atlas.models import IndicatorValue
    from hamafza.counseling.models import Tally

    rows = {
        (t.level, t.unit_id, t.month, t.kind_id): (
            t.county_id,
            t.province_id,
            t.opened,
            t.reconciled,
            t.partly,
            t.referred,
            t.withdrawn,
            {int(days): count for days, count in t.days.items()},
        )
        for t in Tally.objects.all()
    }
    values = set(
        IndicatorValue.objects.filter(indicator=tallies.indicator()).values_list(
            "region_id", "month", "value", "denominator"
        )
    )
    return rows, values


def test_the_set_based_refresh_equals_the_rebuild(station_a, station_b, fars_station, kinds, today):
    """tallies.refresh (grouped in SQL) writes exactly the rows tallies.rebuild (summed in Python) does."""
    rng = random.Random(41)
    _random_data(rng, [station_a, station_b, fars_station], list(kinds.values()), today)
    tallies.rebuild()
    expected = _tally_rows()
    assert expected[0] and expected[1]
    from hamafza.atlas.models import IndicatorValue
    from hamafza.counseling.models import Tally

    pairs = set(Case.objects.values_list("station_id", "opened_month"))
    pairs |= set(Case.objects.exclude(closed_month=None).values_list("station_id", "closed_month"))
    pairs |= set(MonthlyStatistic.objects.values_list("station_id", "month"))
    Tally.objects.all().delete()
    IndicatorValue.objects.all().delete()
    tallies.refresh(pairs)
    assert _tally_rows() == expected
    # Refreshing a part again changes nothing.
    tallies.refresh(list(pairs)[:7])
    assert _tally_rows() == expected
