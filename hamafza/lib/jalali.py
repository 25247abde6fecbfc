"""Jalali (Solar Hijri) dates: parsing what people type and formatting what they read."""

import datetime as dt
import re

import jdatetime

from hamafza.lib.persian import to_ascii_digits, to_persian_digits

MONTHS_FA = [
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
]
MONTHS_EN = [
    "Farvardin",
    "Ordibehesht",
    "Khordad",
    "Tir",
    "Mordad",
    "Shahrivar",
    "Mehr",
    "Aban",
    "Azar",
    "Dey",
    "Bahman",
    "Esfand",
]

_NUMERIC = re.compile(r"^\s*(\d{2,4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*$")


class JalaliDateError(ValueError):
    pass


def parse_jalali(text: str) -> dt.date:
    """Parse «۱۴۰۲/۰۷/۲۹», «1402-7-29» or «۰۲/۷/۲۹» (two-digit year, 1300s or 1400s) to a Gregorian date."""
    match = _NUMERIC.match(to_ascii_digits(text or ""))
    if not match:
        raise JalaliDateError(text)
    year, month, day = (int(part) for part in match.groups())
    if year < 100:
        year += 1400 if year < 50 else 1300
    try:
        return jdatetime.date(year, month, day).togregorian()
    except ValueError:
        raise JalaliDateError(text) from None


def to_jalali(value: dt.date | dt.datetime) -> jdatetime.date:
    if isinstance(value, dt.datetime):
        value = value.date()
    return jdatetime.date.fromgregorian(date=value)


def format_jalali(
    value: dt.date | dt.datetime | None, *, persian_digits: bool = True, long: bool = False
) -> str:
    """1402/07/29 (or «۲۹ مهر ۱۴۰۲» when long), in Persian digits unless asked otherwise."""
    if value is None:
        return ""
    j = to_jalali(value)
    if long:
        text = f"{j.day} {MONTHS_FA[j.month - 1] if persian_digits else MONTHS_EN[j.month - 1]} {j.year}"
    else:
        text = f"{j.year:04d}/{j.month:02d}/{j.day:02d}"
    return to_persian_digits(text) if persian_digits else text


def jalali_month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    """First day of a Jalali month and first day of the next, as Gregorian dates."""
    start = jdatetime.date(year, month, 1).togregorian()
    next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
    return start, jdatetime.date(next_year, next_month, 1).togregorian()


def last_jalali_months(today: dt.date, count: int) -> list[tuple[int, int, dt.date, dt.date]]:
    """The `count` Jalali months ending with today's, oldest first: (year, month, start, end)."""
    j = to_jalali(today)
    year, month = j.year, j.month
    months = []
    for _ in range(count):
        start, end = jalali_month_bounds(year, month)
        months.append((year, month, start, end))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return list(reversed(months))


def add_months(value: dt.date, months: int) -> dt.date:
    """Add Jalali calendar months, keeping the day where the month allows (31 Shahrivar + 1 → 30 Mehr)."""
    j = to_jalali(value)
    total = j.year * 12 + (j.month - 1) + months
    year, month = divmod(total, 12)
    month += 1
    last_day = (
        31 if month <= 6 else 30 if month <= 11 else (30 if jdatetime.date(year, 1, 1).isleap() else 29)
    )
    return jdatetime.date(year, month, min(j.day, last_day)).togregorian()
