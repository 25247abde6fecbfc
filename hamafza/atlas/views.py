"""The atlas as people see it: the choropleth map, its data and boundaries, its exports, and the
neighbourhood profile. Every logged-in user reads the atlas; the figures come from `queries` only."""

import csv
import hashlib
import io
import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db.models import Count, Max
from django.http import Http404, HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from hamafza.atlas import queries
from hamafza.atlas.imports import can_import_incidents
from hamafza.atlas.models import Indicator
from hamafza.atlas.queries import LEVELS, MapQuery, QueryError
from hamafza.meetings.access import resolutions_for_user
from hamafza.orgs.models import Organization
from hamafza.participation.models import Need
from hamafza.participation.views_capacity import neighbourhood_capacities
from hamafza.places.models import Region

BOUNDARY_CACHE_SECONDS = 600


def _indicators():
    return Indicator.objects.filter(is_active=True).select_related("category")


def _indicator_groups(indicators) -> list[tuple[str, list[Indicator]]]:
    groups: dict[str, list[Indicator]] = {}
    for indicator in indicators:
        groups.setdefault(indicator.category.name, []).append(indicator)
    return list(groups.items())


def _unit_label(indicator: Indicator) -> str:
    if indicator.kind != Indicator.Kind.RATE:
        return _("cases")
    return _("per %(per)s %(denominator)s") % {
        "per": queries.format_number(indicator.per),
        "denominator": indicator.get_denominator_display() or _("residents"),
    }


def _indicator_json(indicator: Indicator) -> dict:
    return {
        "code": indicator.code,
        "name": indicator.name,
        "name_en": indicator.name_en,
        "kind": indicator.kind,
        "source": indicator.source,
        "unit": _unit_label(indicator),
        "higher_is_worse": indicator.higher_is_worse,
    }


@login_required
@require_GET
def map_page(request):
    indicators = list(_indicators())
    config = {
        "persian": queries._persian(),
        "dataUrl": reverse("atlas:map_data"),
        "boundariesUrl": reverse("atlas:boundaries", args=["LEVEL"]),
        "profileUrl": reverse("atlas:profile", args=[0]),
        "hotspotsUrl": reverse("atlas:hotspots"),
        "tileUrl": settings.MAP_TILE_URL,
        "attribution": "© OpenStreetMap contributors (ODbL)",
        "labels": {
            "noData": _("No data"),
            "loading": _("Loading…"),
            "openProfile": _("Click to open the neighbourhood's profile"),
        },
    }
    return render(
        request,
        "atlas/map.html",
        {
            "groups": _indicator_groups(indicators),
            "selected": request.GET.get("indicator") or getattr(queries.default_indicator(), "code", ""),
            "levels": queries.LEVEL_LABELS.items(),
            "level": request.GET.get("level") if request.GET.get("level") in LEVELS else "neighbourhood",
            "methods": queries.CLASS_METHODS.items(),
            "spans": [(span, _month_span_label(span)) for span in queries.SPANS],
            "config": config,
            "can_import": can_import_incidents(request.user),
        },
    )


def _month_span_label(span: int) -> str:
    if span == 1:
        return _("One month")
    return _("%(n)s months") % {"n": queries.format_number(span)}


@login_required
@require_GET
def boundaries(request, level):
    """The level's boundaries as GeoJSON; built once per level (and area) and revalidated by ETag."""
    if level not in LEVELS:
        raise Http404
    try:
        area_id = int(request.GET["area"]) if request.GET.get("area") else None
    except ValueError:
        raise Http404 from None
    units = queries.map_units(level, area_id, with_boundary=False)
    # Loads of regions add rows; the key changes with them (edits to a boundary show within the timeout).
    stamp = units.order_by().aggregate(n=Count("pk"), last=Max("pk"))
    key = f"atlas:boundaries:{level}:{area_id}:{stamp['n']}:{stamp['last']}"
    cached = cache.get(key)
    if cached is None:
        features = [
            {
                "type": "Feature",
                "id": pk,
                "properties": {
                    "name": name,
                    "name_en": name_en,
                    "code": code,
                    "kind": kind,
                    "target": target,
                },
                "geometry": boundary,
            }
            for pk, name, name_en, code, kind, target, boundary in queries.map_units(
                level, area_id
            ).values_list("pk", "name", "name_en", "code", "kind", "is_target", "boundary")
        ]
        body = json.dumps(
            {"type": "FeatureCollection", "features": features}, ensure_ascii=False, separators=(",", ":")
        ).encode()
        cached = (f'"{hashlib.sha256(body).hexdigest()[:32]}"', body)
        cache.set(key, cached, BOUNDARY_CACHE_SECONDS)
    etag, body = cached
    headers = {"ETag": etag, "Cache-Control": f"private, max-age={BOUNDARY_CACHE_SECONDS}"}
    if etag in {tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")}:
        return HttpResponseNotModified(headers=headers)
    return HttpResponse(body, content_type="application/geo+json", headers=headers)


def _read_query(request) -> MapQuery:
    return MapQuery.from_params(request.GET, indicators=Indicator.objects.select_related("category"))


def map_payload(query: MapQuery) -> dict:
    """The map's data for a query: the period, the months to choose from, values, classes and legend."""
    payload = {
        "indicator": _indicator_json(query.indicator),
        "level": query.level,
        "method": query.method,
        "start": query.start,
        "end": query.end,
        "span": query.span,
        "label": query.label,
        "months": [{"value": month, "label": queries.month_label(month)} for month in query.months],
        "regions": {},
        "breaks": [],
        "classes": [],
    }
    if query.end is not None:
        payload.update(
            queries.map_data(
                query.indicator,
                query.level,
                query.start,
                query.end,
                query.method,
                query.area_id,
                categories=query.categories,
            )
        )
        params = urlencode(query.params())
        payload["exports"] = {
            "xlsx": f"{reverse('atlas:export', args=['xlsx'])}?{params}",
            "csv": f"{reverse('atlas:export', args=['csv'])}?{params}",
        }
    return payload


@login_required
@require_GET
def map_data(request):
    # * the indicator, the categories, the indicator's months, the region tree, the summary (or value)
    #   table, and the denominators for a rate
    try:
        query = _read_query(request)
    except QueryError as error:
        return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse(map_payload(query), json_dumps_params={"ensure_ascii": False})


@login_required
@require_GET
def hotspots(request):
    """Hot and cold spots of the map's indicator and period (Getis-Ord Gi*, queen contiguity, FDR)."""
    try:
        query = _read_query(request)
    except QueryError as error:
        return JsonResponse({"error": str(error)}, status=400)
    payload = {
        "indicator": query.indicator.code,
        "level": query.level,
        "start": query.start,
        "end": query.end,
    }
    payload.update({"regions": {}, "legend": []})
    if query.end is not None:
        payload.update(
            queries.hot_spots(
                query.indicator,
                query.level,
                query.start,
                query.end,
                query.area_id,
                categories=query.categories,
            )
        )
    return JsonResponse(payload, json_dumps_params={"ensure_ascii": False})


# --- exports ------------------------------------------------------------------------------------------


def export_rows(query: MapQuery) -> list[list]:
    """[code, name, parent, value] per unit of the map, highest value first."""
    values = query.values()
    regions = Region.objects.filter(pk__in=list(values)).values_list("pk", "code", "name", "parent__name")
    rows = [[code, name, parent or "", values[pk]] for pk, code, name, parent in regions]
    rows.sort(key=lambda row: (row[3] is None, -(row[3] or 0), row[1]))
    return rows


def _headers() -> list[str]:
    return [_("Code"), _("Name"), _("Within"), _("Value")]


def _export_name(query: MapQuery, extension: str) -> str:
    return f"atlas-{query.indicator.code}-{query.level}-{query.start}-{query.end}.{extension}"


def _xlsx(query: MapQuery, rows: list[list]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("Map")[:31]
    sheet.sheet_view.rightToLeft = queries._persian()
    sheet.append([query.indicator.name, _unit_label(query.indicator)])
    sheet.append([str(queries.LEVEL_LABELS[query.level]), query.label])
    sheet.append([])
    sheet.append(_headers())
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    sheet["A1"].font = Font(bold=True, size=13)
    number_format = "#,##0.00" if query.indicator.kind == Indicator.Kind.RATE else "#,##0"
    for row in rows:
        sheet.append(row)
        sheet.cell(row=sheet.max_row, column=4).number_format = number_format
    for column, width in zip("ABCD", (16, 32, 32, 14), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A5"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _plain(value: float | None) -> str:
    """A number as machines read it: ASCII digits, no separators, whole numbers without «.0»."""
    if value is None:
        return ""
    value = round(value, 4)
    return str(int(value)) if float(value).is_integer() else str(value)


def _csv(query: MapQuery, rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*_headers(), _("Indicator"), _("Period")])
    period = f"{query.start}-{query.end}"
    for code, name, parent, value in rows:
        writer.writerow([code, name, parent, _plain(value), query.indicator.code, period])
    # A byte-order mark, so that Excel reads the file as UTF-8 and shows the Persian names.
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


@login_required
@require_GET
def export(request, fmt):
    try:
        query = _read_query(request)
    except QueryError as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    rows = export_rows(query)
    if fmt == "xlsx":
        content = _xlsx(query, rows)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "csv":
        content = _csv(query, rows)
        content_type = "text/csv; charset=utf-8"
    else:
        raise Http404
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{_export_name(query, fmt)}"'
    return response


# --- the neighbourhood profile ------------------------------------------------------------------------

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
    indicators = list(_indicators())
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
            "indicators": [
                {
                    "code": row.indicator.code,
                    "name": row.indicator.name,
                    "ratio": None if row.ratio is None else round(row.ratio, 1),
                    "decimals": 2 if row.indicator.kind == Indicator.Kind.RATE else 0,
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
                "unit": _unit_label(row.indicator),
                "trend": _trend(row),
            }
            for row in rows
        ],
        "chart": chart,
        "resolutions": resolutions,
        "local_orgs": local,
        "wider_orgs": wider,
        "spans": [(value, _month_span_label(value)) for value in queries.SPANS],
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
    return render(request, "atlas/profile.html", context)


def _trend(row: queries.ProfileRow) -> str:
    """«up», «down» or «same» against the period before; empty when either is missing."""
    if row.value is None or row.previous is None:
        return ""
    if row.value == row.previous:
        return "same"
    return "up" if row.value > row.previous else "down"
