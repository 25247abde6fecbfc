"""Monthly statistics of a station that keeps its cases elsewhere, typed in month by month. They count in
the figures as recorded cases do (services.tallies); uploads from Excel are in services.imports."""

from django.db import transaction
from django.utils.translation import gettext as _

from hamafza.audit.services import record
from hamafza.counseling.models import Centre, MonthlyStatistic
from hamafza.counseling.services import tallies
from hamafza.counseling.services.common import CounselingError, today
from hamafza.lib.jalali import jalali_month

FIELDS = ("opened", "reconciled", "partly", "referred", "withdrawn")


def check_month(month: int) -> None:
    year, index = divmod(int(month), 100)
    if not (1300 <= year <= 1500 and 1 <= index <= 12):
        raise CounselingError(_("Enter a Jalali month such as ۱۴۰۳/۰۷."), code="month")
    if month > jalali_month(today()):
        raise CounselingError(_("A month in the future cannot be reported."), code="future")


@transaction.atomic
def save_month(station, month: int, rows: dict[int, dict[str, int]], *, by) -> int:
    """Set the station's statistics of the month, {kind id: {field: count}}; a kind whose counts are all
    zero is removed. Returns the rows written."""
    if not Centre.objects.filter(station=station).exists():
        raise CounselingError(_("This station has no counselling centre."), code="no_centre")
    check_month(month)
    written = 0
    for kind_id, counts in rows.items():
        values = {name: int(counts.get(name) or 0) for name in FIELDS}
        if any(value < 0 for value in values.values()):
            raise CounselingError(_("A count cannot be negative."), code="negative")
        if not any(values.values()):
            MonthlyStatistic.objects.filter(station=station, month=month, kind_id=kind_id).delete()
            continue
        MonthlyStatistic.objects.update_or_create(
            station=station, month=month, kind_id=kind_id, defaults={**values, "entered_by": by}
        )
        written += 1
    if by is not None:
        record(
            actor=by,
            action="counseling_statistic.save",
            obj=station,
            changes={"month": month, "rows": written},
        )
    tallies.refresh([(station.pk, month)])
    return written
