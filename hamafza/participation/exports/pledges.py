"""The donor's papers, as PDF in Persian: a receipt (رسید) for a delivered pledge and a recognition
certificate (گواهی قدردانی) for a verified one. Laid out by WeasyPrint with the local Vazirmatn only
(the report's `font_faces` and `local_fonts_only`): nothing is fetched from the network.

Both name the donor, even an anonymous one: they are given to the donor, and the views let only the donor,
the secretariat and an administrator download an anonymous donor's papers.
"""

import weasyprint
from django.template.loader import render_to_string
from django.utils import timezone, translation

from hamafza.lib.persian import to_persian_digits
from hamafza.participation.models import Pledge
from hamafza.reports.pdf import font_dir, font_faces, local_fonts_only

RECEIPT_STATES = (Pledge.State.DELIVERED, Pledge.State.VERIFIED)
CERTIFICATE_STATES = (Pledge.State.VERIFIED,)

_ONES = ["", "یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه"]
_TEENS = ["ده", "یازده", "دوازده", "سیزده", "چهارده", "پانزده", "شانزده", "هفده", "هجده", "نوزده"]
_TENS = ["", "", "بیست", "سی", "چهل", "پنجاه", "شصت", "هفتاد", "هشتاد", "نود"]
_HUNDREDS = ["", "یکصد", "دویست", "سیصد", "چهارصد", "پانصد", "ششصد", "هفتصد", "هشتصد", "نهصد"]
_SCALES = ["", "هزار", "میلیون", "میلیارد", "هزار میلیارد", "میلیون میلیارد"]


def _below_thousand(number: int) -> str:
    hundreds, rest = divmod(number, 100)
    parts = [_HUNDREDS[hundreds]] if hundreds else []
    if 10 <= rest < 20:
        parts.append(_TEENS[rest - 10])
    else:
        tens, ones = divmod(rest, 10)
        parts += [word for word in (_TENS[tens], _ONES[ones]) if word]
    return " و ".join(parts)


def number_in_words(number: int) -> str:
    """A whole number in Persian words: 2_500_000 → «دو میلیون و پانصد هزار»."""
    if number == 0:
        return "صفر"
    if number < 0:
        return "منفی " + number_in_words(-number)
    groups = []
    while number:
        number, group = divmod(number, 1000)
        groups.append(group)
    if len(groups) > len(_SCALES):
        return to_persian_digits(f"{number:,}")
    words = [
        f"{_below_thousand(group)} {_SCALES[i]}".strip()
        for i, group in reversed(list(enumerate(groups)))
        if group
    ]
    return " و ".join(words)


def rials(value: int) -> str:
    """An amount in Persian digits with the Persian thousands separator: ۱۵۰٬۰۰۰٬۰۰۰."""
    return to_persian_digits(f"{value:,}".replace(",", "٬"))


def _context(pledge: Pledge) -> dict:
    need = pledge.need
    return {
        "value": rials(pledge.value),
        "delivered": rials(pledge.delivered_value),
        "pledge": pledge,
        "donor": pledge.donor,
        "need": need,
        "agency": need.organization if need is not None else None,
        "body": pledge.body,
        "value_words": number_in_words(pledge.delivered_value or pledge.value),
        "fonts": font_faces(),
        "generated_at": timezone.now(),
    }


def _render(template: str, pledge: Pledge) -> bytes:
    # Always in Persian: the papers are handed to the donor as an official document of the body.
    with translation.override("fa"):
        html = render_to_string(template, _context(pledge))
    document = weasyprint.HTML(
        string=html, base_url=font_dir().resolve().as_uri() + "/", url_fetcher=local_fonts_only
    )
    return document.write_pdf()


def receipt_pdf(pledge: Pledge) -> bytes:
    """The receipt for what the donor handed over (delivered or verified)."""
    if pledge.state not in RECEIPT_STATES:
        raise ValueError("a receipt is made only for a delivered or verified pledge")
    return _render("participation/pledges/receipt_pdf.html", pledge)


def certificate_pdf(pledge: Pledge) -> bytes:
    """The recognition certificate for a verified pledge, addressed to the donor."""
    if pledge.state not in CERTIFICATE_STATES:
        raise ValueError("a certificate is made only for a verified pledge")
    return _render("participation/pledges/certificate_pdf.html", pledge)
