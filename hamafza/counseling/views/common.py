"""What the counselling pages share: the user's reach, read once per request; the period asked for."""

from hamafza.atlas.services.queries import valid_month
from hamafza.counseling.access import Viewer
from hamafza.counseling.services.common import today
from hamafza.lib.jalali import jalali_month
from hamafza.lib.persian import to_ascii_digits


def viewer(request) -> Viewer:
    if not hasattr(request, "_counseling_viewer"):
        request._counseling_viewer = Viewer(request.user)
    return request._counseling_viewer


def period(request) -> tuple[int, int]:
    """The months asked for (?from=140301&to=140306), else the Jalali year so far."""
    current = jalali_month(today())
    end = _month(request.GET.get("to")) or current
    start = _month(request.GET.get("from")) or (end // 100) * 100 + 1
    if start > end:
        start, end = end, start
    return start, end


def _month(value: str | None) -> int | None:
    text = to_ascii_digits(value or "").replace("/", "").replace("-", "").strip()
    if text.isdigit() and len(text) == 6 and valid_month(int(text)):
        return int(text)
    return None
