"""Dates in minutes: every common way of writing one, which of them is the meeting's, and deadlines.

All patterns run on text with ASCII digits (`Line.key`), so Persian, Arabic and ASCII digits are alike.
"""

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

import jdatetime

from hamafza.lib.jalali import add_months

MONTHS = {
    "فروردین": 1, "اردیبهشت": 2, "خرداد": 3, "تیر": 4, "مرداد": 5, "امرداد": 5, "شهریور": 6,
    "مهر": 7, "آبان": 8, "آذر": 9, "دی": 10, "بهمن": 11, "اسفند": 12,
}  # fmt: skip
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
WEEKDAYS = (
    r"(?:شنبه|یک\u200c?\s?شنبه|دو\u200c?\s?شنبه|سه\u200c?\s?شنبه|چهار\u200c?\s?شنبه|پنج\u200c?\s?شنبه|جمعه)"
)

NUMBER_WORDS = {
    "یک": 1, "یه": 1, "دو": 2, "سه": 3, "چهار": 4, "پنج": 5, "شش": 6, "شیش": 6, "هفت": 7, "هشت": 8,
    "نه": 9, "ده": 10, "یازده": 11, "دوازده": 12, "سیزده": 13, "چهارده": 14, "پانزده": 15, "پونزده": 15,
    "شانزده": 16, "هفده": 17, "هجده": 18, "هیجده": 18, "نوزده": 19, "بیست": 20, "سی": 30, "چهل": 40,
    "چهل و پنج": 45, "شصت": 60, "نود": 90,
}  # fmt: skip
_NUMBER_WORD = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))

# 1402/07/29, 29/7/1402, ۹۸/۱۲/۱۵, 1402-07-29, 2026-01-02 (ISO, Gregorian).
_NUMERIC = re.compile(r"(?<![\d/.\-])(\d{1,4})\s?([/\-.٫])\s?(\d{1,2})\s?\2\s?(\d{1,4})(?![\d/])")
# «۲۹ مهر ۱۴۰۲», «۲۹ مهرماه ۱۴۰۲», «۲۹ام مهر ماه سال ۱۴۰۲»; the year may be missing.
_TEXTUAL = re.compile(
    rf"(?<!\d)(\d{{1,2}})\s*(?:ام|م)?\s*({_MONTH})(?:\s*\u200c?ماه)?(?:\s*(?:سال\s*)?(\d{{4}}|\d{{2}})(?!\d))?"
)


@dataclass
class DateMatch:
    start: int
    end: int
    date: dt.date
    text: str
    jalali: bool  # written in the Jalali calendar


@lru_cache(maxsize=4096)
def _jalali(year: int, month: int, day: int) -> dt.date | None:
    if year < 100:
        year += 1300 if year >= 50 else 1400
    if not 1300 <= year <= 1500:
        return None
    try:
        return jdatetime.date(year, month, day).togregorian()
    except ValueError:
        return None


def _numeric(m: re.Match) -> tuple[dt.date, bool] | None:
    a, sep, b, c = m.group(1), m.group(2), m.group(3), m.group(4)
    x, y, z = int(a), int(b), int(c)
    if len(a) == 4 and 1900 <= x <= 2100:
        try:
            return dt.date(x, y, z), False
        except ValueError:
            return None
    if len(c) == 4 and 1900 <= z <= 2100:
        try:
            return dt.date(z, y, x), False
        except ValueError:
            return None
    if len(a) == 4:
        d = _jalali(x, y, z)
        return (d, True) if d else None
    if len(c) == 4:
        d = _jalali(z, y, x)
        return (d, True) if d else None
    if sep != "/" or len(a) == 3 or len(c) == 3:
        return None  # «1-2-3» is a number, not a date
    if x > 31 and len(a) == 2:
        d = _jalali(x, y, z)
    elif z > 31 and len(c) == 2:
        d = _jalali(z, y, x)
    else:
        d = _jalali(x, y, z) or _jalali(z, y, x)
    return (d, True) if d else None


def find_dates(key: str, default_year: int | None = None) -> list[DateMatch]:
    """Every date written in `key` (text with ASCII digits), in order."""
    found: list[DateMatch] = []
    for m in _NUMERIC.finditer(key):
        parsed = _numeric(m)
        if parsed:
            found.append(DateMatch(m.start(), m.end(), parsed[0], m.group(0), parsed[1]))
    for m in _TEXTUAL.finditer(key):
        if any(f.start <= m.start() < f.end for f in found):
            continue
        day, month, year = int(m.group(1)), MONTHS[m.group(2)], m.group(3)
        if year is None:
            if default_year is None:
                continue
            y = default_year
        else:
            y = int(year)
        d = _jalali(y, month, day)
        if d:
            found.append(DateMatch(m.start(), m.end(), d, m.group(0), True))
    found.sort(key=lambda f: f.start)
    return found


# --- the meeting's date -------------------------------------------------------------------------------

_MEETING_CUE = re.compile(r"(مورخ|مورخه|تاریخ|روز|زمان)")
_MEETING_WORD = re.compile(r"(جلسه|نشست|صورتجلسه|صورت\u200c?\s?جلسه|برگزار|گردهمایی|همایش|اجلاس)")
_STRONG_CUE = re.compile(r"(تاریخ|زمان)\s*(جلسه|برگزاری|تشکیل)")
_DEADLINE_BEFORE = re.compile(
    r"(تا|حداکثر|مهلت|لغایت|پایان|قبل\s*از|پیش\s*از|ظرف|تاریخ\s*انجام|انجام)\s*(تاریخ)?\s*[:\-]?\s*$"
)
_NEXT_MEETING = re.compile(r"(جلسه|نشست)\s*(بعد|بعدی|آتی|آینده)|(بعد|بعدی|آتی|آینده)\s*(در|:)")
_LETTER = re.compile(r"(نامه|بخشنامه|ابلاغیه|دستورالعمل|مصوبه|مصوبات|شماره\s*\d|صورتجلسه\s*(قبل|قبلی|پیشین))")
_METADATA = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})")


@dataclass
class DateCandidate:
    match: DateMatch
    line: int
    score: float


def score_meeting_date(key: str, match: DateMatch, line_rank: int, in_resolutions: bool) -> float:
    """How much a date looks like the date of the meeting, from where it stands and what surrounds it."""
    before = key[max(0, match.start - 45) : match.start]
    after = key[match.end : match.end + 30]
    around = before + " " + after
    score = 0.0
    if line_rank < 6:
        score += 2.0
    elif line_rank < 15:
        score += 1.0
    if _STRONG_CUE.search(around):
        score += 4.0
    elif _MEETING_CUE.search(around) and _MEETING_WORD.search(key):
        score += 3.5
    elif _MEETING_CUE.search(before[-20:]) or _MEETING_CUE.search(after[:12]):
        score += 1.0
    if re.search(WEEKDAYS, around):
        score += 1.0
    if _DEADLINE_BEFORE.search(before):
        score -= 6.0
    if _NEXT_MEETING.search(around):
        score -= 6.0
    if _LETTER.search(before[-40:]):
        score -= 5.0
    if in_resolutions:
        score -= 3.0
    return score


def metadata_date(key: str) -> dt.date | None:
    """The «date 2026-01-02» line that a news page's text starts with."""
    m = _METADATA.match(key)
    if not m:
        return None
    try:
        return dt.date.fromisoformat(m.group(1))
    except ValueError:
        return None


# --- deadlines ----------------------------------------------------------------------------------------

_DL_DATE = re.compile(
    r"(?:حداکثر\s*)?(?:تا|لغایت|قبل\s*از|پیش\s*از|مهلت(?:\s*اجرا|\s*انجام)?\s*[:：]?)\s*(?:تاریخ\s*)?(?:مورخ\s*)?"
    rf"(?=\d|{WEEKDAYS})"
)
_DL_MONTH_END = re.compile(
    rf"(?:حداکثر\s*)?تا\s*(?:پایان|آخر|انتهای|اواخر|نیمه)\s*({_MONTH})(?:\s*\u200c?ماه)?(?:\s*(?:سال\s*)?(\d{{4}}|\d{{2}})(?!\d))?"
)
_DL_YEAR_END = re.compile(
    r"(?:حداکثر\s*)?تا\s*(?:پایان|آخر|انتهای)\s*سال(?:\s*(?:جاری|\u200c?جاری|(\d{4})))?"
)
_DL_RELATIVE = re.compile(
    rf"(?:حداکثر\s*)?(?:ظرف|طی|تا|در\s*مدت|به\s*مدت|در\s*طول|در\s*ظرف)\s*(?:مدت\s*)?(\d{{1,3}}|{_NUMBER_WORD})\s*"
    r"(روز|هفته|ماه|سال|ساعت)(?:\s*(?:آینده|آتی|کاری|پس\s*از\s*ابلاغ|بعد))?"
)


def _has_year(text: str) -> bool:
    return bool(re.search(r"\d{4}|\d+\s*[/\-.]\s*\d+\s*[/\-.]\s*\d+|(?:ماه|[^\d])\s*\d{2}$", text))


def _month_end(year: int, month: int) -> dt.date:
    if month == 12:
        last = 30 if jdatetime.date(year, 1, 1).isleap() else 29
    else:
        last = 31 if month <= 6 else 30
    return jdatetime.date(year, month, last).togregorian()


@dataclass
class Deadline:
    date: dt.date | None
    text: str
    start: int
    end: int


def find_deadline(key: str, meeting: dt.date | None) -> Deadline | None:
    """The deadline a resolution sets, if any; relative deadlines count from the meeting date."""
    meeting_j = jdatetime.date.fromgregorian(date=meeting) if meeting else None
    for m in _DL_DATE.finditer(key):
        window = key[m.end() : m.end() + 30]
        found = find_dates(window, meeting_j.year if meeting_j else 1400)
        if found and found[0].start <= 12:
            d = found[0]
            text = key[m.start() : m.end() + d.end].strip()
            if not _has_year(d.text):
                if meeting is None:
                    return Deadline(None, text, m.start(), m.end() + d.end)
                if d.date < meeting:  # «تا ۱۵ دی» after a meeting in بهمن is next year's دی
                    j = jdatetime.date.fromgregorian(date=d.date)
                    d.date = _jalali(j.year + 1, j.month, j.day) or d.date
            return Deadline(d.date, text, m.start(), m.end() + d.end)
    m = _DL_MONTH_END.search(key)
    if m:
        month = MONTHS[m.group(1)]
        year = m.group(2)
        if year:
            y = int(year)
            y = y + (1300 if y >= 50 else 1400) if y < 100 else y
        elif meeting_j:
            y = meeting_j.year if month >= meeting_j.month else meeting_j.year + 1
        else:
            return Deadline(None, m.group(0).strip(), m.start(), m.end())
        return Deadline(_month_end(y, month), m.group(0).strip(), m.start(), m.end())
    m = _DL_YEAR_END.search(key)
    if m:
        if m.group(1):
            y = int(m.group(1))
        elif meeting_j:
            y = meeting_j.year
        else:
            return Deadline(None, m.group(0).strip(), m.start(), m.end())
        return Deadline(_month_end(y, 12), m.group(0).strip(), m.start(), m.end())
    m = _DL_RELATIVE.search(key)
    if m:
        amount = m.group(1)
        n = int(amount) if amount.isdigit() else NUMBER_WORDS[amount]
        unit = m.group(2)
        if meeting is None:
            return Deadline(None, m.group(0).strip(), m.start(), m.end())
        if unit == "روز":
            d = meeting + dt.timedelta(days=n)
        elif unit == "هفته":
            d = meeting + dt.timedelta(weeks=n)
        elif unit == "ماه":
            d = add_months(meeting, n)
        elif unit == "سال":
            d = add_months(meeting, 12 * n)
        else:
            d = meeting + dt.timedelta(days=max(1, (n + 23) // 24))
        return Deadline(d, m.group(0).strip(), m.start(), m.end())
    return None
