"""Jalali years and quarters: the periods of annual programmes and their quarterly reports."""

import datetime as dt

import pytest

from hamafza.lib.jalali import jalali_month, jalali_quarter, jalali_quarter_bounds, jalali_year_bounds

DAY = dt.timedelta(days=1)


def test_year_bounds_are_nowruz_to_nowruz():
    assert jalali_year_bounds(1402) == (dt.date(2023, 3, 21), dt.date(2024, 3, 20))
    # 1403 is a leap year: 30 Esfand 1403 is 2025-03-20, Nowruz 1404 the day after.
    assert jalali_year_bounds(1403) == (dt.date(2024, 3, 20), dt.date(2025, 3, 21))


def test_quarters_tile_the_year():
    start, end = jalali_year_bounds(1403)
    bounds = [jalali_quarter_bounds(1403, q) for q in (1, 2, 3, 4)]
    assert bounds[0][0] == start and bounds[-1][1] == end
    assert all(bounds[i][1] == bounds[i + 1][0] for i in range(3))
    # The first two quarters have 31-day months, the third 30-day ones, the fourth ends with Esfand.
    assert [(e - s).days for s, e in bounds] == [93, 93, 90, 90]
    assert (jalali_quarter_bounds(1402, 4)[1] - jalali_quarter_bounds(1402, 4)[0]).days == 89


@pytest.mark.parametrize(
    "day, expected",
    [
        (dt.date(2024, 3, 20), (1403, 1)),  # 1 Farvardin 1403
        (dt.date(2024, 6, 20), (1403, 1)),  # 31 Khordad
        (dt.date(2024, 6, 21), (1403, 2)),  # 1 Tir
        (dt.date(2024, 12, 21), (1403, 4)),  # 1 Dey
        (dt.date(2025, 3, 20), (1403, 4)),  # 30 Esfand 1403
        (dt.date(2025, 3, 21), (1404, 1)),
    ],
)
def test_quarter_of_a_day(day, expected):
    assert jalali_quarter(day) == expected
    year, quarter = expected
    start, end = jalali_quarter_bounds(year, quarter)
    assert start <= day < end


def test_quarter_out_of_range_is_refused():
    with pytest.raises(ValueError):
        jalali_quarter_bounds(1403, 5)


def test_month_code():
    assert jalali_month(dt.date(2024, 10, 20)) == 140307
    assert jalali_month(dt.date(2025, 3, 20)) == 140312
