"""Iranian identifiers: national ID (کد ملی), legal entity national ID (شناسه ملی), mobile numbers and
postal codes. Each `clean_*` accepts Persian, Arabic or ASCII digits and spaces or dashes, and returns the
canonical form or raises InvalidIdentifier with a code the caller turns into a message."""

import re

from hamafza.lib.persian import to_ascii_digits


class InvalidIdentifier(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def _digits(value: str) -> str:
    return re.sub(r"[\s\-‐‑–—_.]", "", to_ascii_digits(str(value or "")))


def clean_national_id(value: str) -> str:
    """کد ملی: ten digits whose last is a mod-11 check digit; «0012345679»."""
    digits = _digits(value)
    if not digits.isdigit() or not 8 <= len(digits) <= 10:
        raise InvalidIdentifier("format")
    digits = digits.zfill(10)  # a leading zero is often dropped by spreadsheets
    if len(set(digits)) == 1:
        raise InvalidIdentifier("format")
    remainder = sum(int(digits[i]) * (10 - i) for i in range(9)) % 11
    check = remainder if remainder < 2 else 11 - remainder
    if int(digits[9]) != check:
        raise InvalidIdentifier("checksum")
    return digits


_LEGAL_WEIGHTS = (29, 27, 23, 19, 17, 29, 27, 23, 19, 17)


def clean_legal_id(value: str) -> str:
    """شناسه ملی of a legal entity: eleven digits; the tenth digit plus two, added to each of the first
    ten, weighted 29, 27, 23, 19, 17 (twice), gives the eleventh as the sum mod 11 (10 counts as 0)."""
    digits = _digits(value)
    if not digits.isdigit() or len(digits) != 11 or len(set(digits)) == 1:
        raise InvalidIdentifier("format")
    shift = int(digits[9]) + 2
    total = sum((int(digits[i]) + shift) * weight for i, weight in enumerate(_LEGAL_WEIGHTS))
    check = total % 11
    if check == 10:
        check = 0
    if int(digits[10]) != check:
        raise InvalidIdentifier("checksum")
    return digits


_MOBILE = re.compile(r"^(?:\+?98|0098|0)?(9\d{9})$")


def clean_mobile(value: str) -> str:
    """An Iranian mobile number, as 09XXXXXXXXX (from +98 9…, 0098 9…, 98 9… or 9…)."""
    match = _MOBILE.match(_digits(value).replace("(", "").replace(")", ""))
    if not match:
        raise InvalidIdentifier("format")
    return "0" + match.group(1)


# Ten digits; the first five never hold 0 or 2, the fifth never 5 (the post's own rule), and no run of
# four equal digits at the start.
_POSTAL = re.compile(r"^(?!(\d)\1{3})[13-9]{4}[1346-9][013-9]{5}$")


def clean_postal_code(value: str) -> str:
    digits = _digits(value)
    if not _POSTAL.match(digits):
        raise InvalidIdentifier("format")
    return digits
