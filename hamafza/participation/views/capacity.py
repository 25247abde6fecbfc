"""Pages of the capacity inventory and the coverage matrix (seed 001 resolution 4).

Every signed-in user reads both; an organisation's officers add, change and remove their own
organisation's capacities, a system administrator any organisation's (access.capacity_for_editor).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from openpyxl import Workbook

from hamafza.atlas.services.queries import RegionTree
from hamafza.participation.access import capacity_for_editor
from hamafza.participation.exports.capacity import (
    STATUS_LABELS,
    XLSX,
    _coverage_csv,
    _coverage_xlsx,
    _download,
    _persian,
    _sheet,
    _workbook_bytes,
)
from hamafza.participation.forms.capacity import CapacityFilterForm, CapacityForm, subtree_ids
from hamafza.participation.models import Capacity, ServiceKind
from hamafza.participation.services import coverage
from hamafza.participation.services.capacity import remove_capacity, save_capacity
from hamafza.participation.services.common import ParticipationError
from hamafza.places.models import Region
from hamafza.templatetags_builtins import amount

ROWS_PER_PAGE = 100


def number(value: float | None, places: int = 2) -> str:
    """12,345.67 as a reader writes it (the `amount` filter); a dash when there is none."""
    return "—" if value is None else amount(value, places)


def _percent(fraction: float | None) -> str:
    if fraction is None:
        return "—"
    return number(fraction * 100, 1) + ("٪" if _persian() else "%")


# --- the inventory -------------------------------------------------------------------------------------


def _filtered(request) -> tuple[CapacityFilterForm, object]:
    form = CapacityFilterForm(request.GET or None)
    capacities = Capacity.objects.select_related("organization", "service", "region").defer(
        "region__boundary"
    )
    if form.is_valid():
        data = form.cleaned_data
        if data["organization"]:
            capacities = capacities.filter(organization=data["organization"])
        if data["service"]:
            capacities = capacities.filter(service=data["service"])
        if data["region"]:
            capacities = capacities.filter(region_id__in=subtree_ids(data["region"].pk))
    return form, capacities.order_by("organization__name", "service__order", "service__name", "region__name")


def _may_add(user) -> bool:
    return user.is_system_admin or (user.is_officer and user.organization_id is not None)


@login_required
@require_GET
def capacity_list(request):
    """The inventory: filters by organisation, service and region, totals per service, pages of rows."""
    form, capacities = _filtered(request)
    totals = (
        capacities.order_by()
        .values("service__pk", "service__name", "service__unit", "service__order")
        .annotate(total=Sum("amount"), rows=Count("pk"), organizations=Count("organization", distinct=True))
        .order_by("service__order", "service__name")
    )
    units = dict(ServiceKind.Unit.choices)
    page = Paginator(capacities, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    for capacity in page:
        capacity.amount_text = number(float(capacity.amount))
    query = request.GET.copy()
    query.pop("page", None)
    user = request.user
    return render(
        request,
        "participation/capacity/list.html",
        {
            "form": form,
            "page": page,
            "totals": [
                {
                    **row,
                    "unit": units.get(row["service__unit"], ""),
                    "total_text": number(float(row["total"])),
                }
                for row in totals
            ],
            "query": query.urlencode(),
            "may_add": _may_add(user),
            "editable_org": None
            if user.is_system_admin
            else (user.organization_id if user.is_officer else -1),
        },
    )


@login_required
@require_GET
def capacity_export(request):
    """The filtered inventory as an Excel workbook (right to left in Persian)."""
    _form, capacities = _filtered(request)
    headings = [
        (_("Organization"), 40),
        (_("Service"), 28),
        (_("Unit"), 14),
        (_("Where"), 26),
        (_("Kind of region"), 14),
        (_("Amount"), 12),
        (_("Staff"), 10),
        (_("Hours a week"), 12),
        (_("Place / address"), 36),
        (_("Note"), 36),
    ]
    workbook = Workbook()
    ws = _sheet(workbook.active, _("Capacities"), headings)
    for capacity in capacities:
        ws.append(
            [
                capacity.organization.name,
                capacity.service.name,
                capacity.service.get_unit_display(),
                capacity.region.name,
                capacity.region.get_kind_display(),
                float(capacity.amount),
                capacity.staff,
                capacity.hours_per_week,
                capacity.place,
                capacity.note,
            ]
        )
    return _download(_workbook_bytes(workbook), XLSX, "capacities.xlsx", _("Capacities") + ".xlsx")


def _form_page(request, form, capacity=None):
    return render(
        request,
        "participation/capacity/form.html",
        {"form": form, "capacity": capacity, "organization": capacity.organization if capacity else None},
    )


@login_required
def capacity_add(request):
    user = request.user
    if not _may_add(user):
        raise PermissionDenied
    form = CapacityForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            capacity = save_capacity(data.get("organization") or user.organization, by=user, **_values(data))
        except ParticipationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Capacity recorded."))
            return redirect(f"{_list_url()}?organization={capacity.organization_id}")
    return _form_page(request, form)


@login_required
def capacity_edit(request, pk):
    capacity = capacity_for_editor(request.user, pk)
    form = CapacityForm(request.POST or None, user=request.user, capacity=capacity)
    if request.method == "POST" and form.is_valid():
        try:
            save_capacity(
                capacity.organization, by=request.user, capacity=capacity, **_values(form.cleaned_data)
            )
        except ParticipationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Capacity saved."))
            return redirect(f"{_list_url()}?organization={capacity.organization_id}")
    return _form_page(request, form, capacity)


@login_required
@require_POST
def capacity_remove(request, pk):
    capacity = capacity_for_editor(request.user, pk)
    organization_id = capacity.organization_id
    try:
        remove_capacity(capacity, by=request.user)
    except ParticipationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Capacity removed."))
    return redirect(f"{_list_url()}?organization={organization_id}")


def _values(data: dict) -> dict:
    return {
        "service": data["service"],
        "region": data["region"],
        "amount": data["amount"],
        "staff": data["staff"],
        "hours_per_week": data["hours_per_week"],
        "place": data["place"],
        "note": data["note"],
    }


def _list_url() -> str:
    return reverse("participation:capacity_list")


# --- the coverage matrix ----------------------------------------------------------------------------------


def load_coverage(area_param: str | None, all_rows: bool):
    """The matrix of the chosen area (default: the district or city with the most target neighbourhoods).

    Queries, whatever the number of neighbourhoods: the region tree; the areas to choose from; the target
    neighbourhoods (only to find the default area); the area's neighbourhoods; the active services; the
    capacities on the area, on regions under it and on the regions above it.
    """
    tree = RegionTree.load()
    areas = list(
        Region.objects.filter(kind__in=coverage.AREA_KINDS)
        .order_by("kind", "name")
        .values_list("pk", "name", "kind")
    )
    names = {pk: name for pk, name, _kind in areas}
    area_id = int(area_param) if area_param and area_param.isdigit() and int(area_param) in names else None
    if area_id is None:
        targets = Region.objects.filter(kind=Region.Kind.NEIGHBOURHOOD, is_target=True).values_list(
            "pk", flat=True
        )
        area_id = coverage.default_area(tree, list(targets))
        if area_id not in names:
            area_id = areas[0][0] if areas else None
    services = [
        coverage.Service(
            s.pk, s.name, s.get_unit_display(), None if s.norm_per_1000 is None else float(s.norm_per_1000)
        )
        for s in ServiceKind.objects.filter(is_active=True)
    ]
    if area_id is None:
        result = coverage.compute(neighbourhoods=[], services=services, holdings=[], tree=tree)
        return None, areas, result
    spreader = coverage.Spreader(tree)
    hood_ids = spreader.neighbourhoods(area_id)
    hoods = [
        coverage.Neighbourhood(pk, name, population, is_target)
        for pk, name, population, is_target in Region.objects.filter(pk__in=hood_ids)
        .order_by("name")
        .values_list("pk", "name", "population", "is_target")
    ]
    relevant = spreader.subtree(area_id) + spreader.ancestors(area_id)
    holdings = [
        coverage.Holding(org, org_name, service, region, float(amount))
        for org, org_name, service, region, amount in Capacity.objects.filter(
            region_id__in=relevant, service__is_active=True
        ).values_list("organization_id", "organization__name", "service_id", "region_id", "amount")
    ]
    result = coverage.compute(
        neighbourhoods=hoods, services=services, holdings=holdings, tree=tree, all_rows=all_rows
    )
    return {"id": area_id, "name": names[area_id]}, areas, result


def _cell(cell: coverage.Cell) -> dict:
    return {
        "status": cell.status,
        "label": STATUS_LABELS[cell.status],
        "total": number(cell.total),
        "rate": number(cell.per_1000),
        "agencies": [(name, number(amount)) for name, amount in cell.agencies],
    }


@login_required
@require_GET
def coverage_matrix(request):
    all_rows = request.GET.get("rows") == "all"
    area, areas, result = load_coverage(request.GET.get("area"), all_rows)
    region_kinds = dict(Region.Kind.choices)
    context = {
        "area": area,
        "areas": [(pk, f"{name} ({region_kinds[kind]})") for pk, name, kind in areas],
        "all_rows": all_rows,
        "result": result,
        "services": [
            {"name": c.service.name, "unit": c.service.unit, "norm": number(c.service.norm)}
            for c in result.columns
        ],
        "rows": [
            {
                "hood": row.neighbourhood,
                "population": number(row.neighbourhood.population, 0),
                "cells": [_cell(cell) for cell in row.cells],
            }
            for row in result.rows
        ],
        "columns": [
            {
                "status": c.status,
                "total": number(c.total),
                "rate": number(c.per_1000),
                "gaps": c.gaps,
                "below": c.below,
            }
            for c in result.columns
        ],
        "gaps": [
            {
                "hood": g.neighbourhood,
                "service": g.service,
                "status": g.status,
                "label": STATUS_LABELS[g.status],
                "rate": number(g.per_1000),
                "norm": number(g.service.norm),
                "needed": number(g.needed),
            }
            for g in result.gaps
        ],
        "agencies": [_agency(a, result) for a in result.agencies],
        "shown_population": number(sum(row.neighbourhood.population or 0 for row in result.rows), 0),
        "area_population": number(result.area_population, 0),
        "target_population": number(result.target_population, 0),
        "population_share": _percent(result.population_share),
        "legend": list(STATUS_LABELS.items()),
        "export_query": _export_query(area, all_rows),
    }
    return render(request, "participation/capacity/coverage.html", context)


def _agency(agency: coverage.AgencyRatio, result: coverage.Coverage) -> dict:
    return {
        "name": agency.organization,
        "share": _percent(agency.share),
        "ratio": number(agency.ratio),
        "trend": ""
        if agency.ratio is None or abs(agency.ratio - 1) < 1e-6
        else "favours"
        if agency.ratio > 1
        else "neglects",
        "reached": agency.targets_reached,
        "targets": result.targets,
        "services": [
            {
                "name": s.service.name,
                "unit": s.service.unit,
                "in_area": number(s.in_area),
                "in_targets": number(s.in_targets),
                "share": _percent(s.share),
            }
            for s in agency.services
        ],
    }


def _export_query(area, all_rows: bool) -> str:
    parts = []
    if area:
        parts.append(f"area={area['id']}")
    if all_rows:
        parts.append("rows=all")
    return "&".join(parts)


@login_required
@require_GET
def coverage_export(request):
    """The matrix as Excel (the matrix, the agencies' service ratios, the gaps) or as CSV (one line per
    neighbourhood and service, UTF-8 with a byte-order mark so that Excel reads the Persian)."""
    kind = request.GET.get("format")
    if kind not in ("xlsx", "csv"):
        raise Http404
    area, _areas, result = load_coverage(request.GET.get("area"), request.GET.get("rows") == "all")
    if kind == "csv":
        return _download(
            _coverage_csv(result), "text/csv; charset=utf-8", "coverage.csv", _("Coverage") + ".csv"
        )
    return _download(_coverage_xlsx(result, area), XLSX, "coverage.xlsx", _("Coverage") + ".xlsx")


# --- the neighbourhood's capacities on its atlas profile ----------------------------------------------


def neighbourhood_capacities(region: Region, tree: RegionTree) -> list[dict]:
    """Per active service: what reaches the neighbourhood (its own capacities in full, its district's,
    city's, … spread by population), per 1,000 residents, against the norm. Two queries."""
    services = [
        coverage.Service(
            s.pk, s.name, s.get_unit_display(), None if s.norm_per_1000 is None else float(s.norm_per_1000)
        )
        for s in ServiceKind.objects.filter(is_active=True)
    ]
    spreader = coverage.Spreader(tree)
    holdings = [
        coverage.Holding(*row[:4], float(row[4]))
        for row in Capacity.objects.filter(
            region_id__in=[region.pk, *spreader.ancestors(region.pk)], service__is_active=True
        ).values_list("organization_id", "organization__name", "service_id", "region_id", "amount")
    ]
    hood = coverage.Neighbourhood(region.pk, region.name, region.population, region.is_target)
    result = coverage.compute(
        neighbourhoods=[hood], services=services, holdings=holdings, tree=tree, all_rows=True
    )
    return [
        {**_cell(cell), "service": cell.service, "norm": number(cell.service.norm)}
        for cell in (result.rows[0].cells if result.rows else [])
    ]
