"""The neighbourhood profile: its indicators against the district and its own past, its rank, the
resolutions that target it, the agencies that serve it, its capacities and open needs."""

from django.contrib.auth.decorators import login_required
from django.db.models import Max
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from hamafza.atlas.exports.map import unit_label
from hamafza.atlas.models import Indicator
from hamafza.atlas.services import queries
from hamafza.atlas.views.map import active_indicators, month_span_label
from hamafza.meetings.access import resolutions_for_user
from hamafza.orgs.models import Organization
from hamafza.participation.models import Need
from hamafza.participation.views.capacity import neighbourhood_capacities
from hamafza.places.models import Region

SERIES_MONTHS = 12


def _latest_month(region: Region) -> int | None:
    from hamafza.atlas.models import IncidentSummary, IndicatorValue

    months = [
        IncidentSummary.objects.filter(region=region).aggregate(m=Max("month"))["m"],
        IndicatorValue.objects.filter(region=region).aggregate(m=Max("month"))["m"],
    ]
    months = [month for month in months if month]
    return max(months) if months else None


def _profile_period(request, region: Region) -> tuple[int | None, int | None, int, list[int]]:
    try:
        span = int(request.GET.get("span") or 1)
        end = int(request.GET.get("month") or 0) or None
    except ValueError:
        raise Http404 from None
    if span not in queries.SPANS or end is not None and not queries.valid_month(end):
        raise Http404
    latest = _latest_month(region)
    end = end or latest
    if end is None:
        return None, None, span, []
    choices = queries.month_range(queries.month_add(max(end, latest or end), -23), max(end, latest or end))
    return queries.month_add(end, 1 - span), end, span, choices[::-1]


def _serving(region: Region, tree: queries.RegionTree) -> tuple[list[Organization], list[Organization]]:
    """Organisations serving the neighbourhood: those of the neighbourhood, its district and city
    (local), and those of its county and province (wider)."""
    chain, node = [], region.pk
    while node is not None:
        chain.append(node)
        node = tree.parent.get(node)
    local_kinds = {Region.Kind.NEIGHBOURHOOD, Region.Kind.DISTRICT, Region.Kind.CITY}
    local, wider = [], []
    organizations = (
        Organization.objects.filter(region_id__in=chain, is_active=True)
        .select_related("region")
        .defer("region__boundary")
        .order_by("name")
    )
    for organization in organizations:
        (local if tree.kind[organization.region_id] in local_kinds else wider).append(organization)
    return local, wider


@login_required
@require_GET
def profile(request, pk):
    region = Region.objects.defer("boundary").filter(pk=pk, kind=Region.Kind.NEIGHBOURHOOD).first()
    if region is None:
        raise Http404
    tree = queries.RegionTree.load()
    district_id = tree.district_of(region.pk)
    district = Region.objects.defer("boundary").filter(pk=district_id).first()
    start, end, span, choices = _profile_period(request, region)
    indicators = list(active_indicators())
    categories = queries.category_ids(indicators)
    rows, chart = [], None
    if end is not None:
        rows = queries.neighbourhood_profile(region.pk, indicators, start, end, tree, categories=categories)
        shown = [row.indicator for row in rows]
        months = queries.month_range(queries.month_add(end, 1 - SERIES_MONTHS), end)
        series = queries.neighbourhood_series(shown, region.pk, months, tree, categories=categories)
        chart = {
            "persian": queries._persian(),
            "months": [queries.month_label(month) for month in months],
            "own_label": region.name,
            "district_label": district.name if district else _("District"),
            "ratio_label": _("Neighbourhood against the district average (100 = the same)"),
            "ratio_axis": _("Index: the district average = 100 (above 100: more than the district)"),
            "month_axis": _("Month"),
            "indicators": [
                {
                    "code": row.indicator.code,
                    "name": row.indicator.name,
                    "ratio": None if row.ratio is None else round(row.ratio, 1),
                    "decimals": 2 if row.indicator.kind == Indicator.Kind.RATE else 0,
                    "unit": unit_label(row.indicator),
                    **series[row.indicator.pk],
                }
                for row in rows
            ],
        }
    resolutions = (
        resolutions_for_user(request.user)
        .filter(target_regions=region)
        .select_related("body", "meeting")
        .order_by("-meeting__held_on", "position")[:50]
    )
    local, wider = _serving(region, tree)
    context = {
        "region": region,
        "district": district,
        "population": queries.format_number(region.population) if region.population else "",
        "households": queries.format_number(region.households) if region.households else "",
        "start": start,
        "end": end,
        "span": span,
        "period": queries.period_label(start, end) if end else "",
        "rows": [
            {
                "row": row,
                "value": queries.format_value(row.indicator, row.value),
                "district": queries.format_value(row.indicator, row.district),
                "previous": queries.format_value(row.indicator, row.previous),
                "unit": unit_label(row.indicator),
                "trend": _trend(row),
            }
            for row in rows
        ],
        "chart": chart,
        "resolutions": resolutions,
        "local_orgs": local,
        "wider_orgs": wider,
        "spans": [(value, month_span_label(value)) for value in queries.SPANS],
        "month_choices": [(month, queries.month_label(month)) for month in choices],
        "map_url": f"{reverse('atlas:map')}?{urlencode({'month': end})}" if end else reverse("atlas:map"),
    }
    # The neighbourhood's capacities by service (participation's coverage rule; two queries).
    context["capacities"] = neighbourhood_capacities(region, tree)
    # Its approved open needs (public to everyone), most important first (one query).
    context["open_needs"] = (
        Need.objects.filter(region=region, state__in=Need.OPEN_STATES)
        .select_related("organization")
        .order_by("-priority_computed", "pk")[:20]
    )
    return render(request, "atlas/profile/page.html", context)


def _trend(row: queries.ProfileRow) -> str:
    """«up», «down» or «same» against the period before; empty when either is missing."""
    if row.value is None or row.previous is None:
        return ""
    if row.value == row.previous:
        return "same"
    return "up" if row.value > row.previous else "down"
