"""Jalali dates: parsing what people type, formatting what they read, and month arithmetic."""

import datetime as dt

import jdatetime
import pytest

from hamafza.lib.jalali import (
    JalaliDateError,
    add_months,
    format_jalali,
    jalali_month_bounds,
    last_jalali_months,
    parse_jalali,
    to_jalali,
)
from hamafza.lib.persian import to_persian_digits

DAY = dt.timedelta(days=1)

# Nowruz (1 Farvardin) of each year, as published in the official calendar.
NOWRUZ = {
    1398: dt.date(2019, 3, 21),
    1399: dt.date(2020, 3, 20),
    1400: dt.date(2021, 3, 21),
    1401: dt.date(2022, 3, 21),
    1402: dt.date(2023, 3, 21),
    1403: dt.date(2024, 3, 20),
    1404: dt.date(2025, 3, 21),
    1405: dt.date(2026, 3, 21),
}
LEAP = {1399, 1403}


def _month_lengths(year: int) -> list[int]:
    return [31] * 6 + [30] * 5 + [30 if year in LEAP else 29]


@pytest.mark.parametrize("year", sorted(NOWRUZ)[:-1])
def test_every_day_of_the_year_round_trips_both_ways(year):
    """Walk the year day by day: each Jalali date typed in any digits lands on the next Gregorian day."""
    expected = NOWRUZ[year]
    for month, length in enumerate(_month_lengths(year), start=1):
        for day in range(1, length + 1):
            ascii_text = f"{year}/{month:02d}/{day:02d}"
            assert parse_jalali(ascii_text) == expected, ascii_text
            assert parse_jalali(to_persian_digits(f"{year}/{month}/{day}")) == expected
            assert (
                parse_jalali(f"{year}-{month}-{day}".translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")))
                == expected
            )
            assert format_jalali(expected, persian_digits=False) == ascii_text
            assert format_jalali(expected) == to_persian_digits(ascii_text)
            assert to_jalali(expected) == jdatetime.date(year, month, day)
            expected += DAY
    assert expected == NOWRUZ[year + 1], "the year has the right number of days"


def test_every_gregorian_day_of_a_decade_round_trips():
    day = dt.date(2018, 1, 1)
    while day < dt.date(2028, 1, 1):
        assert parse_jalali(format_jalali(day)) == day
        assert parse_jalali(format_jalali(day, persian_digits=False)) == day
        day += DAY


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("۰۲/۷/۲۹", dt.date(2023, 10, 21)),
        ("02/07/29", dt.date(2023, 10, 21)),
        ("1402/07/29", dt.date(2023, 10, 21)),
        ("99/12/30", dt.date(2021, 3, 20)),  # two-digit years from 50 are the 1300s
        ("49/1/1", jdatetime.date(1449, 1, 1).togregorian()),  # below 50, the 1400s
        ("50/1/1", jdatetime.date(1350, 1, 1).togregorian()),
        (" ۱۴۰۳ / ۱ / ۱ ", dt.date(2024, 3, 20)),
        ("1403.01.01", dt.date(2024, 3, 20)),
    ],
)
def test_parse_accepts_what_people_type(text, expected):
    assert parse_jalali(text) == expected


def test_leap_years():
    assert parse_jalali("1403/12/30") == dt.date(2025, 3, 20)  # 1403 is a leap year
    assert parse_jalali("1399/12/30") == dt.date(2021, 3, 20)
    assert parse_jalali("1402/12/29") == dt.date(2024, 3, 19)
    for text in ["1402/12/30", "1404/12/30", "1401/12/30"]:
        with pytest.raises(JalaliDateError):
            parse_jalali(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "abc",
        "1403/13/01",
        "1403/00/10",
        "1403/07/31",
        "1403/01/32",
        "1403/01/00",
        "1403/1",
        "14031/01/01",
        "1403/01/01/01",
        "۱۴۰۳ فروردین ۱",
    ],
)
def test_parse_refuses_what_is_not_a_date(text):
    with pytest.raises(JalaliDateError):
        parse_jalali(text)


def test_parse_of_none_is_refused():
    with pytest.raises(JalaliDateError):
        parse_jalali(None)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        ("1403/01/15", 1, "1403/02/15"),
        ("1403/06/31", 1, "1403/07/30"),  # Shahrivar has 31 days, Mehr 30
        ("1403/01/31", 6, "1403/07/30"),
        ("1403/06/31", 6, "1403/12/30"),  # leap year: Esfand 30
        ("1402/06/31", 6, "1402/12/29"),  # not leap: Esfand 29
        ("1403/11/30", 1, "1403/12/30"),
        ("1402/11/30", 1, "1402/12/29"),
        ("1403/12/30", 12, "1404/12/29"),
        ("1403/10/15", 3, "1404/01/15"),  # across Nowruz
        ("1403/01/15", -1, "1402/12/15"),
        ("1403/07/30", -1, "1403/06/30"),
        ("1403/05/05", 0, "1403/05/05"),
        ("1403/05/05", 24, "1405/05/05"),
    ],
)
def test_add_months_keeps_the_day_where_the_month_allows(start, months, expected):
    assert add_months(parse_jalali(start), months) == parse_jalali(expected)


def test_format():
    nowruz = dt.date(2024, 3, 20)
    assert format_jalali(nowruz) == "۱۴۰۳/۰۱/۰۱"
    assert format_jalali(nowruz, persian_digits=False) == "1403/01/01"
    assert format_jalali(nowruz, long=True) == "۱ فروردین ۱۴۰۳"
    assert format_jalali(nowruz, long=True, persian_digits=False) == "1 Farvardin 1403"
    assert format_jalali(dt.datetime(2023, 10, 21, 23, 59)) == "۱۴۰۲/۰۷/۲۹"
    assert format_jalali(dt.date(2025, 3, 20), long=True) == "۳۰ اسفند ۱۴۰۳"
    assert format_jalali(None) == ""


def test_month_bounds_and_the_last_months():
    assert jalali_month_bounds(1403, 12) == (parse_jalali("1403/12/01"), parse_jalali("1404/01/01"))
    assert jalali_month_bounds(1403, 1) == (dt.date(2024, 3, 20), dt.date(2024, 4, 20))
    months = last_jalali_months(parse_jalali("1404/02/10"), 4)
    assert [(y, m) for y, m, _s, _e in months] == [(1403, 11), (1403, 12), (1404, 1), (1404, 2)]
    # Contiguous: each month starts where the one before ended.
    for (_y1, _m1, _s1, end), (_y2, _m2, start, _e2) in zip(months, months[1:], strict=False):
        assert end == start
    assert months[-1][2] <= parse_jalali("1404/02/10") < months[-1][3]


# --- What people type or paste (issue 10, defect 3) -------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["۱۳ آذر ۱۴۰۵", "13 آذر 1405", "١٣ آذر ١٤٠٥", "۱۳ آذرماه ۱۴۰۵", "۱۳ام آذر سال ۱۴۰۵",
     "۱۴۰۵/۰۹/۱۳", "1405-9-13", "۰۵/۹/۱۳", "2026-12-04", "2026/12/04", "2026-12-04 00:00:00"],
)  # fmt: skip
def test_every_form_of_a_date_people_type(typed):
    assert parse_jalali(typed) == dt.date(2026, 12, 4)


def test_the_date_field_refuses_an_implausible_year_in_persian():
    from django.utils import translation

    from hamafza.lib.forms import JalaliDateField

    field = JalaliDateField()
    with translation.override("fa"), pytest.raises(Exception) as refused:
        field.clean("1500/01/01")
    message = refused.value.messages[0]
    assert "۱۵۰۰" in message and "۱۳۵۰" in message and not any(c.isascii() and c.isdigit() for c in message)
    assert field.clean("2026-12-01") == dt.date(2026, 12, 1)
