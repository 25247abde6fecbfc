"""The figures pages: the country by province, a province by county and station, a county by station, a
station by month and kind; each against the same months of the year before. Numbers only."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from hamafza.atlas.services.queries import month_label, period_label
from hamafza.counseling.services import figures
from hamafza.counseling.services.tallies import ATLAS_INDICATOR
from hamafza.counseling.views.common import period, viewer
from hamafza.places.models import Region


def _render(request, data, *, title, scope, unit_url=None, station_url=True, reports=None):
    start, end = data.start, data.end
    for row in data.months:
        row.label = month_label(row.key)
    return render(
        request,
        "counseling/figures/area.html",
        {
            "figures": data,
            "title": title,
            "scope": scope,
            "period": period_label(start, end),
            "previous": period_label(figures.last_year(start), figures.last_year(end)),
            "start": start,
            "end": end,
            "query": f"?from={start}&to={end}",
            "unit_url": unit_url,
            "station_url": station_url,
            "atlas_indicator": ATLAS_INDICATOR,
            "reports": reports,
        },
    )


@login_required
def national(request):
    v = viewer(request)
    if not v.reads_area("national", None):
        raise Http404
    start, end = period(request)
    return _render(request, figures.national(start, end), title=None, scope="national", unit_url="province")


@login_required
def province(request, pk):
    v = viewer(request)
    region = get_object_or_404(Region, pk=pk, kind=Region.Kind.PROVINCE)
    if not v.reads_area("province", region.pk):
        raise Http404
    start, end = period(request)
    year, quarter = end // 100, ((end % 100) - 1) // 3 + 1
    reports = [
        (
            _("Quarterly report (%(format)s)") % {"format": label},
            reverse("counseling:province_report", args=[region.pk, year, quarter, fmt]),
        )
        for fmt, label in (("pdf", "PDF"), ("xlsx", "Excel"))
    ]
    return _render(
        request,
        figures.province(region.pk, start, end),
        title=region.name,
        scope="province",
        unit_url="county",
        reports=reports,
    )


@login_required
def county(request, pk):
    v = viewer(request)
    region = get_object_or_404(Region, pk=pk, kind=Region.Kind.COUNTY)
    if not v.reads_area("county", region.pk):
        raise Http404
    start, end = period(request)
    return _render(
        request, figures.county(region.pk, start, end), title=region.name, scope="county", unit_url="station"
    )


@login_required
def station(request, pk):
    v = viewer(request)
    organization = v.station(pk)
    start, end = period(request)
    reports = [
        (
            _("Monthly report (%(format)s)") % {"format": label},
            reverse("counseling:station_report", args=[organization.pk, end // 100, end % 100, fmt]),
        )
        for fmt, label in (("pdf", "PDF"), ("xlsx", "Excel"))
    ]
    return _render(
        request,
        figures.station(organization.pk, start, end),
        title=organization.name,
        scope="station",
        reports=reports,
    )
