"""The name a downloaded file is saved under: in the page's language (Persian words and digits on a Persian
page), with a plain ASCII name beside it for old clients (RFC 6266)."""

from urllib.parse import quote

from django.utils.translation import get_language

from hamafza.lib.persian import to_persian_digits


def attachment(name: str, fallback: str) -> str:
    """The Content-Disposition of a download named `name` (its digits Persian on a Persian page)."""
    if (get_language() or "fa").startswith("fa"):
        stem, dot, extension = name.rpartition(".")
        name = f"{to_persian_digits(stem)}{dot}{extension}" if dot else to_persian_digits(name)
    safe = name.replace("/", "-").replace("\\", "-").replace('"', "")
    ascii_name = fallback.encode("ascii", "ignore").decode() or "download"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(safe, safe='')}"
