"""The reports as files: a station's monthly report and a province's quarterly report, PDF or Excel, with
the figures pages' access rules (404 outside the user's reach)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404

from hamafza.counseling.exports import reports
from hamafza.counseling.views.common import viewer
from hamafza.places.models import Region

TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _send(report, fmt: str, name: str) -> HttpResponse:
    data = reports.pdf(report) if fmt == "pdf" else reports.excel(report)
    response = HttpResponse(data, content_type=TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
def station_month(request, pk, year, month, fmt):
    if fmt not in TYPES or not (1 <= month <= 12):
        raise Http404
    station = viewer(request).station(pk)
    return _send(
        reports.station_month(station, year * 100 + month), fmt, f"counseling-station-{pk}-{year}-{month:02d}"
    )


@login_required
def province_quarter(request, pk, year, quarter, fmt):
    if fmt not in TYPES or not (1 <= quarter <= 4):
        raise Http404
    region = get_object_or_404(Region, pk=pk, kind=Region.Kind.PROVINCE)
    if not viewer(request).reads_area("province", region.pk):
        raise Http404
    return _send(
        reports.province_quarter(region, year, quarter), fmt, f"counseling-province-{pk}-{year}-q{quarter}"
    )
