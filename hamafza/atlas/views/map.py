"""The atlas map as people see it: the choropleth page, its data and boundaries, hot spots, and the
map's export. Every logged-in user reads the atlas; the figures come from `services.queries` only."""

import hashlib
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

from hamafza.atlas.exports.map import export_name, export_rows, map_csv, map_xlsx, unit_label
from hamafza.atlas.imports import can_import_incidents
from hamafza.atlas.models import Indicator
from hamafza.atlas.services import queries
from hamafza.atlas.services.queries import LEVELS, MapQuery, QueryError

BOUNDARY_CACHE_SECONDS = 600


def active_indicators():
    return Indicator.objects.filter(is_active=True).select_related("category")


def _indicator_groups(indicators) -> list[tuple[str, list[Indicator]]]:
    groups: dict[str, list[Indicator]] = {}
    for indicator in indicators:
        groups.setdefault(indicator.category.name, []).append(indicator)
    return list(groups.items())


def _indicator_json(indicator: Indicator) -> dict:
    return {
        "code": indicator.code,
        "name": indicator.name,
        "name_en": indicator.name_en,
        "kind": indicator.kind,
        "source": indicator.source,
        "unit": unit_label(indicator),
        "higher_is_worse": indicator.higher_is_worse,
    }


@login_required
@require_GET
def map_page(request):
    indicators = list(active_indicators())
    config = {
        "persian": queries._persian(),
        "dataUrl": reverse("atlas:map_data"),
        "boundariesUrl": reverse("atlas:boundaries", args=["LEVEL"]),
        "profileUrl": reverse("atlas:profile", args=[0]),
        "hotspotsUrl": reverse("atlas:hotspots"),
        "tileUrl": settings.MAP_TILE_URL,
        "attribution": _("Map data © OpenStreetMap contributors (ODbL)"),
        "labels": {
            "noData": _("No data"),
            "loading": _("Loading…"),
            "openProfile": _("Click to open the neighbourhood's profile"),
            "zoomIn": _("Zoom in"),
            "zoomOut": _("Zoom out"),
        },
    }
    return render(
        request,
        "atlas/map/page.html",
        {
            "groups": _indicator_groups(indicators),
            "selected": request.GET.get("indicator") or getattr(queries.default_indicator(), "code", ""),
            "levels": queries.LEVEL_LABELS.items(),
            "level": request.GET.get("level") if request.GET.get("level") in LEVELS else "neighbourhood",
            "methods": queries.CLASS_METHODS.items(),
            "spans": [(span, month_span_label(span)) for span in queries.SPANS],
            "config": config,
            "can_import": can_import_incidents(request.user),
        },
    )


def month_span_label(span: int) -> str:
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


@login_required
@require_GET
def export(request, fmt):
    try:
        query = _read_query(request)
    except QueryError as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    rows = export_rows(query)
    if fmt == "xlsx":
        content = map_xlsx(query, rows)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "csv":
        content = map_csv(query, rows)
        content_type = "text/csv; charset=utf-8"
    else:
        raise Http404
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{export_name(query, fmt)}"'
    return response
