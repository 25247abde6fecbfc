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
# What Excel and other programs add after an ISO date: a time of day («2026-12-01 00:00:00», «…T08:30»).
_TIME_TAIL = re.compile(r"[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*$")
# «۱۳ آذر ۱۴۰۵», «۱۳ آذرماه ۱۴۰۵», «۱۳ام آذر سال ۱۴۰۵» (day first); with ASCII digits by then.
_MONTH_NAMES = {name: number for number, name in enumerate(MONTHS_FA, 1)} | {"امرداد": 5}
_MONTH_NAMES |= {name.lower(): number for number, name in enumerate(MONTHS_EN, 1)}
_MONTH = "|".join(sorted(_MONTH_NAMES, key=len, reverse=True))
_NAMED = re.compile(
    rf"^\s*(\d{{1,2}})\s*(?:ام|م)?\s*({_MONTH})(?:\s*\u200c?\s*ماه)?\s*[,،]?\s*(?:سال\s*)?(\d{{2,4}})\s*$"
)
# Letters a pasted date may carry in Arabic or with a keyboard's variants (ي ك, ZWNJ, tatweel).
_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ـ": None, "\u200f": None, "\u200e": None})
# A four-digit year from here on is a Gregorian one (2026-12-01 as Excel writes it); a Jalali year is
# below it for centuries to come.
GREGORIAN_FROM = 1700


class JalaliDateError(ValueError):
    pass


def _jalali_date(year: int, month: int, day: int, text: str) -> dt.date:
    if year < 100:
        year += 1400 if year < 50 else 1300
    try:
        return jdatetime.date(year, month, day).togregorian()
    except ValueError:
        raise JalaliDateError(text) from None


def parse_jalali(text: str) -> dt.date:
    """A date as people type or paste it, to a Gregorian date: «۱۴۰۲/۰۷/۲۹», «1402-7-29», «۰۲/۷/۲۹»
    (two-digit year, 1300s or 1400s), «۲۹ مهر ۱۴۰۲» or «۲۹ مهرماه ۱۴۰۲» (any digits), and a Gregorian
    ISO date «2023-10-21» as Excel writes it (a year from 1700 on is Gregorian). The year is not checked
    for plausibility here: `JalaliDateField` does that."""
    key = to_ascii_digits(text or "").translate(_LETTERS).strip().lower()
    key = _TIME_TAIL.sub("", key)
    match = _NUMERIC.match(key)
    if match:
        year, month, day = (int(part) for part in match.groups())
        if year >= GREGORIAN_FROM:
            try:
                return dt.date(year, month, day)
            except ValueError:
                raise JalaliDateError(text) from None
        return _jalali_date(year, month, day, text)
    match = _NAMED.match(key)
    if match:
        day, month, year = int(match.group(1)), _MONTH_NAMES[match.group(2)], int(match.group(3))
        return _jalali_date(year, month, day, text)
    raise JalaliDateError(text)


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


def jalali_year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """1 Farvardin of the Jalali year and 1 Farvardin of the next, as Gregorian dates."""
    return jdatetime.date(year, 1, 1).togregorian(), jdatetime.date(year + 1, 1, 1).togregorian()


def jalali_quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """First day of a Jalali quarter (1: Farvardin–Khordad … 4: Dey–Esfand) and first day of the next."""
    if not 1 <= quarter <= 4:
        raise ValueError(f"a quarter is 1 to 4, not {quarter}")
    start, _end = jalali_month_bounds(year, quarter * 3 - 2)
    _start, end = jalali_month_bounds(year, quarter * 3)
    return start, end


def jalali_quarter(value: dt.date) -> tuple[int, int]:
    """(Jalali year, quarter 1–4) of a date."""
    j = to_jalali(value)
    return j.year, (j.month - 1) // 3 + 1


def jalali_month(value: dt.date) -> int:
    """The Jalali month of a date as YYYYMM (140307 = Mehr 1403)."""
    j = to_jalali(value)
    return j.year * 100 + j.month
