"""Why a row or a whole file of incidents is refused, and the words that say it."""

from django.utils.translation import gettext as _

# Why a row was refused. The messages are built when the error is stored (in the site's language).
OK = 0
REASONS = {
    1: "missing_date",
    2: "bad_date",
    3: "date_out_of_range",
    4: "missing_category",
    5: "unknown_category",
    6: "missing_place",
    7: "bad_coordinates",
    8: "outside",
    9: "unknown_neighbourhood",
    10: "outside_area",
    11: "extra_cells",
}
_CODE = {name: number for number, name in REASONS.items()}


def reason_text(code: str, value: str) -> str:
    messages = {
        "missing_date": _("The date is empty."),
        "bad_date": _("«%(value)s» is not a date (write 1403/02/15 or 2024-05-04)."),
        "date_out_of_range": _("The date «%(value)s» is outside the years the atlas covers."),
        "missing_category": _("The category is empty."),
        "unknown_category": _("Unknown category «%(value)s»."),
        "missing_place": _("The row has neither coordinates nor a neighbourhood code."),
        "bad_coordinates": _("«%(value)s» is not a latitude and longitude."),
        "outside": _("The point %(value)s is outside every neighbourhood."),
        "unknown_neighbourhood": _("Unknown neighbourhood code «%(value)s»."),
        "outside_area": _("The neighbourhood «%(value)s» is outside your area."),
        "extra_cells": _(
            "The row has %(value)s cells, more than the header's columns; a value may be in the wrong column."
        ),
    }
    return messages[code] % {"value": value}


def error_text(entry: dict) -> str:
    """A failed row's reason in the page's language: rebuilt from its code and value where the entry
    keeps them; the text stored at import time otherwise (a refusal of the whole file)."""
    if entry.get("code") in _CODE and "value" in entry:
        return reason_text(entry["code"], entry["value"])
    return entry.get("reason", "")


class ImportRefused(Exception):
    """The whole file is refused (type, size, content, columns); nothing was written."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message
