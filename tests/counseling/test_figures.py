"""The figures: counted from the cases (and the reported monthly statistics) into the tallies, by station,
county and province; the rate as an atlas indicator by county and province; a goals measure reading it."""

import datetime as dt

import pytest

from hamafza.atlas.models import Indicator
from hamafza.atlas.services.queries import indicator_values, month_add
from hamafza.counseling.models import MonthlyStatistic, Tally
from hamafza.counseling.services import cases as services
from hamafza.counseling.services import figures, tallies
from hamafza.counseling.services.figures import median
from hamafza.lib.jalali import jalali_month, jalali_month_bounds

pytestmark = pytest.mark.django_db


def _case(station, by, kind, opened_on, outcome=None, closed_on=None):
    case = services.open_case(station, by=by, opened_on=opened_on, channel="walk_in", kind=kind)
    if outcome:
        services.close_case(case, by=by, outcome=outcome, closed_on=closed_on)
    return case


@pytest.fixture
def month_start(today):
    """The first day of the current Jalali month (cases opened and closed in it)."""
    from hamafza.lib.jalali import to_jalali

    return today - dt.timedelta(days=to_jalali(today).day - 1)


def test_median_of_a_histogram():
    assert median({}) is None
    assert median({3: 1}) == 3
    assert median({1: 1, 5: 1}) == 3
    assert median({0: 2, 10: 1}) == 0
    assert median({2: 1, 4: 2, 9: 1}) == 4


def test_the_rate_and_median_by_station_county_and_province(
    station_a, station_b, counsellor, counsellor_b, kinds, month_start, province, county
):
    day = month_start
    for outcome in ("reconciled", "reconciled", "referred"):
        _case(station_a, counsellor, kinds["family"], day, outcome, day)
    _case(station_a, counsellor, kinds["neighbours"], day)  # still open
    _case(station_b, counsellor_b, kinds["financial"], day, "reconciled", day)
    month = jalali_month(day)
    tehran = figures.province(province.pk, month, month)
    assert (tehran.total.now.opened, tehran.total.now.closed, tehran.total.now.reconciled) == (5, 4, 3)
    assert tehran.total.now.rate == 75.0
    assert tehran.total.now.median_days == 0
    by_station = {row.key: row.now for row in tehran.stations}
    assert by_station[station_a.pk].rate == pytest.approx(200 / 3)
    assert by_station[station_b.pk].rate == 100.0
    by_kind = {row.key: row.now for row in tehran.kinds}
    assert by_kind[kinds["neighbours"].pk].opened == 1 and by_kind[kinds["neighbours"].pk].closed == 0
    assert [row.key for row in tehran.units] == [county.pk]
    # The tallies agree with a full rebuild from the cases.
    before = sorted(
        Tally.objects.values_list("level", "unit_id", "month", "kind_id", "opened", "reconciled", "referred")
    )
    tallies.rebuild()
    after = sorted(
        Tally.objects.values_list("level", "unit_id", "month", "kind_id", "opened", "reconciled", "referred")
    )
    assert before == after


def test_against_the_same_months_last_year(station_a, counsellor, kinds, today, province):
    month = month_add(jalali_month(today), -1)
    first, _last = jalali_month_bounds(month // 100, month % 100)
    before = month_add(month, -12)
    year_ago, _last = jalali_month_bounds(before // 100, before % 100)
    _case(station_a, counsellor, kinds["family"], year_ago, "referred", year_ago)
    _case(station_a, counsellor, kinds["family"], first, "reconciled", first)
    data = figures.province(province.pk, month, month)
    assert (data.total.before.closed, data.total.before.rate) == (1, 0.0)
    assert (data.total.now.closed, data.total.now.rate) == (1, 100.0)
    assert data.total.change == 100.0
    assert [(row.key, row.now.closed, row.before.closed) for row in data.months] == [(month, 1, 1)]


def test_reported_statistics_count_like_cases(station_a, station_b, counsellor, kinds, month_start, province):
    from hamafza.counseling.services import statistics

    month = jalali_month(month_start)
    _case(station_a, counsellor, kinds["family"], month_start, "reconciled", month_start)
    statistics.save_month(
        station_b,
        month,
        {kinds["family"].pk: {"opened": 10, "reconciled": 6, "partly": 1, "referred": 2, "withdrawn": 1}},
        by=None,
    )
    data = figures.province(province.pk, month, month)
    assert (data.total.now.opened, data.total.now.closed, data.total.now.reconciled) == (11, 11, 7)
    assert MonthlyStatistic.objects.get().closed == 10


def test_the_rate_is_an_atlas_indicator_by_county_and_province(
    station_a, station_b, counsellor, counsellor_b, kinds, month_start, province, county, neighbourhood
):
    _case(station_a, counsellor, kinds["family"], month_start, "reconciled", month_start)
    _case(station_a, counsellor, kinds["family"], month_start, "withdrawn", month_start)
    _case(station_b, counsellor_b, kinds["family"], month_start, "reconciled", month_start)
    _case(station_b, counsellor_b, kinds["family"], month_start, "reconciled", month_start)
    rate = Indicator.objects.get(code=tallies.ATLAS_INDICATOR)
    assert (rate.kind, rate.denominator, rate.per, rate.source, rate.higher_is_worse) == (
        "rate",
        "cases",
        100,
        "computed",
        False,
    )
    month = jalali_month(month_start)
    assert indicator_values(rate, "province", month, month) == {province.pk: 75.0}
    assert indicator_values(rate, "county", month, month) == {county.pk: 75.0}
    # Station B sits on the city: its figures are carried by the city's first neighbourhood.
    assert indicator_values(rate, "neighbourhood", month, month) == {neighbourhood.pk: 75.0}


def test_a_goals_measure_reads_a_counselling_figure(
    station_a, counsellor, kinds, month_start, province, tehran_command, today
):
    from hamafza.goals.services.sources import SOURCES, Context, Scope

    _case(station_a, counsellor, kinds["family"], month_start, "reconciled", month_start)
    _case(station_a, counsellor, kinds["family"], month_start, "referred", month_start)
    _case(station_a, counsellor, kinds["family"], month_start)
    source = SOURCES["counseling"]
    scope = Scope(region_id=province.pk, organization_id=tehran_command.pk, start=month_start, end=today)

    class Measure:
        figure = "rate"

    assert source.compute(Measure, scope, Context()).value == 50.0
    Measure.figure = "opened"
    assert source.compute(Measure, scope, Context()).value == 3.0
    Measure.figure = "reconciled"
    assert source.compute(Measure, scope, Context()).value == 1.0
    national = Scope(region_id=None, organization_id=tehran_command.pk, start=month_start, end=today)
    Measure.figure = "closed"
    assert source.compute(Measure, national, Context()).value == 2.0
    assert source.aggregation_of(type("M", (), {"figure": "rate"})) == "level"
