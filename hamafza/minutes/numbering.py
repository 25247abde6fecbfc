"""Item markers: «۱-», «1)», «1.», «بند ۱:», «(۱)», «1-1-», «اول/دوم/سوم», «الف-», bullets.

`leading_marker` reads a marker at the start of a line in reading order; `trailing_marker` reads one at
the end of a line that came in visual order («... ۵» or «... -۱»). Patterns run on ASCII digits.
"""

import re
from dataclasses import dataclass

ORDINALS = {
    "اول": 1, "اولا": 1, "نخست": 1, "یکم": 1, "دوم": 2, "دوما": 2, "سوم": 3, "سوما": 3, "چهارم": 4,
    "پنجم": 5, "ششم": 6, "هفتم": 7, "هشتم": 8, "نهم": 9, "دهم": 10, "یازدهم": 11, "دوازدهم": 12,
    "سیزدهم": 13, "چهاردهم": 14, "پانزدهم": 15, "شانزدهم": 16, "هفدهم": 17, "هجدهم": 18, "هیجدهم": 18,
    "نوزدهم": 19, "بیستم": 20,
}  # fmt: skip
ABJAD = {"الف": 1, "ب": 2, "پ": 3, "ت": 4, "ث": 5, "ج": 6, "چ": 7, "ح": 8, "خ": 9, "د": 10}
_ORDINAL = "|".join(sorted(ORDINALS, key=len, reverse=True))
_ABJAD = "|".join(sorted(ABJAD, key=len, reverse=True))

_PREFIX = r"(?:(?:بند|ردیف|مصوبه|مورد|شماره|موضوع|ماده)\s*(?:شماره\s*)?)"
_NUM = r"(\d{1,3}(?:\s?[-.\/]\s?\d{1,3}){0,3})"

_NUMERIC = re.compile(rf"^\s*(?:{_PREFIX})?\(?\s*{_NUM}\s*(?:[-.)\]:ـ–—/]+|\s+[-–—:]+)\s*(?=[^\s\d])")
# «۲-۱ این برنامه ...»: a number of two levels needs nothing after it but a space.
_MULTI = re.compile(r"^\s*(\d{1,3}(?:\s?[-.\/]\s?\d{1,3}){1,3})\s+(?=[^\s\d/.\-])")
_PREFIXED = re.compile(rf"^\s*{_PREFIX}{_NUM}\s*[-.:)ـ–—]*\s*(?=\S)")
_PAREN = re.compile(rf"^\s*\(\s*{_NUM}\s*\)\s*")
_ORDINAL_MARK = re.compile(rf"^\s*(?:{_PREFIX})?({_ORDINAL})(?:ا|اً)?\s*[-.:)ـ–—]+\s*(?=\S)")
_ABJAD_MARK = re.compile(rf"^\s*({_ABJAD})\s*[-)ـ–—]\s*(?=\S)")
_BULLET = re.compile(r"^\s*[•●○◦▪▫■□◆◇►▶➢✓✔\-–—*٭]\s*(?=\S)")
_BARE = re.compile(rf"^\s*{_NUM}\s+(?=[^\d\s/.\-])")
_ALONE = re.compile(r"^\s*(\d{1,3})\s*[-.)]?\s*$")

_TRAILING = re.compile(r"(?<=\S)\s+[-.(]?\s*(\d{1,3})\s*[-.(]?\s*$")


@dataclass
class Marker:
    number: int | None  # None for a bullet
    sub: str | None  # «2» of «1-2», «2-1» of «1-2-1»
    label: str  # the marker as written, trimmed
    end: int  # where the item's text starts
    kind: str  # numeric, ordinal, abjad, bullet, bare


def _split(num: str) -> tuple[int, str | None]:
    parts = [p for p in re.split(r"\s?[-.\/]\s?", num) if p]
    return int(parts[0]), ("-".join(parts[1:]) or None)


def leading_marker(key: str, *, allow_bare: bool = False) -> Marker | None:
    """The item marker a line starts with, if any."""
    for pattern, kind in (
        (_PAREN, "numeric"),
        (_PREFIXED, "numeric"),
        (_NUMERIC, "numeric"),
        (_MULTI, "numeric"),
    ):
        m = pattern.match(key)
        if m:
            number, sub = _split(m.group(1))
            return Marker(number, sub, m.group(0).strip(), m.end(), kind)
    m = _ORDINAL_MARK.match(key)
    if m:
        return Marker(ORDINALS[m.group(1)], None, m.group(0).strip(), m.end(), "ordinal")
    m = _ABJAD_MARK.match(key)
    if m:
        return Marker(ABJAD[m.group(1)], None, m.group(0).strip(), m.end(), "abjad")
    m = _BULLET.match(key)
    if m:
        return Marker(None, None, m.group(0).strip(), m.end(), "bullet")
    if allow_bare:
        m = _BARE.match(key)
        if m:
            number, sub = _split(m.group(1))
            return Marker(number, sub, m.group(1), m.end(), "bare")
    return None


def alone_number(key: str) -> int | None:
    """A line that holds nothing but an item number (a table's number cell on its own line)."""
    m = _ALONE.match(key)
    return int(m.group(1)) if m else None


def trailing_marker(key: str) -> tuple[int, int] | None:
    """(number, start) of a number that ends a line in visual order, as in «... ارسال  ۵»."""
    m = _TRAILING.search(key)
    if not m:
        return None
    return int(m.group(1)), m.start()
