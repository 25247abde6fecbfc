"""Personal data shown in part: mobiles, national IDs, e-mails and addresses in lists, exports and logs.

Each `mask_*` keeps the digits' script of what it is given (a template's `digits` filter turns them
Persian afterwards), so «09121234567» becomes «0912***4567» and «۰۰۱۲۳۴۵۶۷۹» becomes «***۵۶۷۹».
`mask_text` finds Iranian mobile numbers and ten-digit national IDs inside free text (Persian, Arabic or
ASCII digits); `PersonalDataFilter` applies it to every log record a handler writes.
"""

import logging
import re

STARS = "***"
_DIGIT = "[0-9۰-۹٠-٩]"
_NOT_DIGIT_BEFORE = r"(?<![0-9۰-۹٠-٩])"
_NOT_DIGIT_AFTER = r"(?![0-9۰-۹٠-٩])"
# 09xxxxxxxxx, +989xxxxxxxxx, 00989xxxxxxxxx, 989xxxxxxxxx, with Persian digits too; the plus sign and the
# zeros are kept as typed, the last four digits stay.
_MOBILE_IN_TEXT = re.compile(
    _NOT_DIGIT_BEFORE
    + rf"(?P<head>(?:\+|00)?(?:98|۹۸|٩٨)|[0۰٠])?(?P<nine>[9۹٩]{_DIGIT}{{2}})(?P<middle>{_DIGIT}{{3}})"
    + rf"(?P<tail>{_DIGIT}{{4}})"
    + _NOT_DIGIT_AFTER
)
_NATIONAL_ID_IN_TEXT = re.compile(
    _NOT_DIGIT_BEFORE + rf"{_DIGIT}{{6}}(?P<tail>{_DIGIT}{{4}})" + _NOT_DIGIT_AFTER
)
_EMAIL_IN_TEXT = re.compile(r"(?P<first>[\w.+-])[\w.+-]*@(?P<domain>[\w-]+(?:\.[\w-]+)+)")


def mask_mobile(value: str | None) -> str:
    """«09121234567» → «0912***4567»: the operator's prefix and the last four digits."""
    text = str(value or "").strip()
    if not text:
        return ""
    if len(text) <= 8:
        return STARS + text[-2:]
    return text[:4] + STARS + text[-4:]


def mask_national_id(value: str | None) -> str:
    """«0012345679» → «***5679»."""
    text = str(value or "").strip()
    if not text:
        return ""
    return STARS + text[-4:] if len(text) > 4 else STARS


def mask_email(value: str | None) -> str:
    """«ali.rezaei@example.ir» → «a***@example.ir»."""
    text = str(value or "").strip()
    if not text:
        return ""
    local, at, domain = text.rpartition("@")
    if not at:
        return text[:1] + STARS
    return f"{local[:1]}{STARS}@{domain}"


def mask_address(value: str | None) -> str:
    """The first part of an address (the city, as Iranians write it first) and stars: «تهران، ***»."""
    text = " ".join(str(value or "").split())
    if not text:
        return ""
    first = re.split(r"[،,\-–]", text, maxsplit=1)[0].strip()
    words = first.split()
    return f"{' '.join(words[:2])}، {STARS}" if words else STARS


def _mobile_sub(match: re.Match) -> str:
    return (match.group("head") or "") + match.group("nine") + STARS + match.group("tail")


def mask_text(text: str) -> str:
    """Free text with every mobile number, ten-digit national ID and e-mail address in it masked."""
    if not text:
        return text
    text = _MOBILE_IN_TEXT.sub(_mobile_sub, text)
    text = _NATIONAL_ID_IN_TEXT.sub(lambda match: STARS + match.group("tail"), text)
    return _EMAIL_IN_TEXT.sub(lambda match: f"{match.group('first')}{STARS}@{match.group('domain')}", text)


class PersonalDataFilter(logging.Filter):
    """Masks mobiles, national IDs and e-mails in a log record's message and traceback (LOGGING's
    `personal_data` filter, on every handler). Never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave it to the handler to report
            return True
        record.msg = mask_text(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_text(record.stack_info)
        return True
