"""Needs pages: the list, a need's page with its priority and history, proposing and editing, and the
secretariat's decisions (approve, turn down, withdraw, set the priority, mark met)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hamafza.audit.models import AuditEntry
from hamafza.lib.listing import Column, Listing, Sort, xlsx_response
from hamafza.lib.persian import search_terms
from hamafza.meetings.models import Body
from hamafza.orgs.models import Organization
from hamafza.participation import access
from hamafza.participation.exports import needs as need_export
from hamafza.participation.forms.needs import (
    ApproveForm,
    MarkMetForm,
    NeedFilterForm,
    NeedForm,
    PriorityForm,
    ReasonForm,
)
from hamafza.participation.models import Need, NeedCategory
from hamafza.participation.services import needs as services
from hamafza.participation.services import priority
from hamafza.participation.services.common import ParticipationError
from hamafza.participation.views.common import act
from hamafza.places.models import Region
from hamafza.templatetags_builtins import digits as n

PAGE_SIZE = 50


def _subtree(region_id: int, prefix: str = "") -> Q:
    """The region and everything under it (province › county › city › district › neighbourhood)."""
    q = Q(**{f"{prefix}pk": region_id})
    path = "parent_id"
    for _depth in range(4):
        q |= Q(**{f"{prefix}{path}": region_id})
        path = "parent__" + path
    return q


def _form_error(form, error) -> None:
    for message in getattr(error, "messages", [str(error)]):
        form.add_error(None, message)


# --- the list -------------------------------------------------------------------------------------------


def filter_needs(queryset, filters: dict):
    state = filters.get("state")
    if state:
        queryset = queryset.filter(state=state)
    category = filters.get("category")
    if category == "material":
        queryset = queryset.filter(category__in=NeedCategory.material())
    elif category == "non_material":
        queryset = queryset.exclude(category__in=NeedCategory.material())
    elif category:
        queryset = queryset.filter(category=category)
    if filters.get("region"):
        queryset = queryset.filter(_subtree(filters["region"], "region__"))
    if filters.get("body"):
        queryset = queryset.filter(body_id=filters["body"])
    if filters.get("organization"):
        queryset = queryset.filter(organization_id=filters["organization"])
    if filters.get("due_from"):
        queryset = queryset.filter(deadline__gte=filters["due_from"])
    if filters.get("due_to"):
        queryset = queryset.filter(deadline__lte=filters["due_to"])
    for term in search_terms(filters.get("q") or ""):
        queryset = queryset.filter(search_text__contains=term)
    return queryset


NEED_COLUMNS = [
    Column("priority", gettext_lazy("Priority"), ("rank",)),
    Column("title", gettext_lazy("Need"), ("title",)),
    Column("for", gettext_lazy("For"), ("organization__name",)),
    Column("kind", gettext_lazy("Kind"), ("category",)),
    Column("cost", gettext_lazy("Estimated cost (rials)"), ("estimated_cost",)),
    Column("met", gettext_lazy("Met (rials)"), ("value_met",)),
    Column("deadline", gettext_lazy("Needed by"), ("deadline",)),
    Column("state", gettext_lazy("State"), ("state",)),
]


@login_required
def need_list(request):
    user = request.user
    visible = access.needs_for_user(user)
    # The filters' choices: the regions of the needs the user sees and their bodies.
    regions = Region.objects.without_boundaries().filter(pk__in=visible.values("region_id")).order_by("name")
    bodies = Body.objects.filter(pk__in=visible.values("body_id")).order_by("name")
    organizations = Organization.objects.filter(pk__in=visible.values("organization_id")).order_by("name")
    form = NeedFilterForm(request.GET or None, regions=regions, bodies=bodies, organizations=organizations)
    managed = set() if user.is_system_admin else access.secretariat_body_ids(user)
    filters = form.values() if request.GET else {}
    needs = filter_needs(visible, filters)
    listing = Listing(request.GET, Sort(request.GET, NEED_COLUMNS))
    needs = listing.sort.apply(
        needs.select_related("body", "organization", "region")
        .defer("region__boundary")
        .annotate(rank=Coalesce(F("priority_override"), F("priority_computed")))
        .order_by("-rank", "-pk")
    )
    if listing.wants_xlsx:
        today = timezone.localdate()
        return xlsx_response(
            _("Needs"),
            need_export.need_columns(),
            needs,
            today=today,
            slug="needs",
        )
    totals = needs.aggregate(count=Count("pk"), cost=Sum("estimated_cost"), met=Sum("value_met"))
    page = listing.paginate(needs, PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "participation/needs/list.html",
        {
            "form": form,
            "listing": listing,
            "page": page,
            "totals": totals,
            "query": query.urlencode(),
            "may_propose": _proposable_bodies(user, managed).exists(),
            "recompute_bodies": _managed(user, bodies, managed),
        },
    )


def _managed(user, bodies, managed: set[int]) -> list[Body]:
    """Of the list's bodies, those whose needs' priorities the user may recompute."""
    if user.is_system_admin:
        return list(bodies)
    return [body for body in bodies if body.pk in managed]


# --- a need's page --------------------------------------------------------------------------------------


@login_required
def need_detail(request, pk):
    user = request.user
    need = access.need_for_user(user, pk)
    manager = access.can_manage_participation(user, need.body_id)
    own = access.is_receiving_agency(user, need)
    pledges = list(access.pledges_for_user(user).filter(need=need).select_related("donor").order_by("-pk"))
    named = {}
    for pledge in pledges:
        if pledge.donor_id not in named:
            named[pledge.donor_id] = access.may_see_donor_name(user, pledge.donor)
        pledge.donor_shown = pledge.donor.name if named[pledge.donor_id] else _("Anonymous donor")
    history = (
        AuditEntry.objects.filter(object_type=Need._meta.label_lower, object_id=need.pk)
        .select_related("actor")
        .order_by("-at", "-pk")
    )
    return render(
        request,
        "participation/needs/detail.html",
        {
            "need": need,
            "body": need.body,
            "parts": priority.describe(need.priority_parts),
            "pledges": pledges,
            "history": history,
            "manager": manager,
            "may_edit": access.can_edit_need(user, need) and need.state not in services.CLOSED_STATES,
            "may_withdraw": (manager or own) and need.state not in services.CLOSED_STATES,
            # Several forms on one page: each its own ids.
            "approve_form": ApproveForm(auto_id="approve_%s"),
            "reason_form": ReasonForm(auto_id="reject_%s"),
            "withdraw_form": ReasonForm(auto_id="withdraw_%s"),
            "met_form": MarkMetForm(auto_id="met_%s"),
            "priority_form": PriorityForm(
                auto_id="priority_%s",
                initial={"priority": round(need.priority), "reason": need.priority_reason},
            ),
        },
    )


# --- proposing and editing ------------------------------------------------------------------------------


def _proposable_bodies(user, managed: set[int] | None = None):
    """Bodies the user may propose needs to: those whose secretariat they are (every body for an
    administrator), and those their organisation is a member of if they are its officer."""
    if user.is_system_admin:
        return Body.objects.all()
    q = Q(pk__in=access.secretariat_body_ids(user) if managed is None else managed)
    if user.is_officer and user.organization_id:
        q |= Q(members=user.organization_id)
    return Body.objects.filter(q).distinct()


def _choices(user, bodies):
    """The agencies and regions a proposal to one of `bodies` may name."""
    body_ids = list(bodies.values_list("pk", flat=True))
    managed = body_ids if user.is_system_admin else access.secretariat_body_ids(user) & set(body_ids)
    organizations = Organization.objects.filter(
        Q(bodies__in=managed) | Q(pk=user.organization_id if user.is_officer else None)
    ).distinct()
    regions = Region.objects.none()
    for area_id in set(bodies.values_list("region_id", flat=True)):
        regions = regions | Region.objects.filter(_subtree(area_id))
    return organizations.order_by("name"), regions.without_boundaries().order_by("kind", "name")


@login_required
def need_create(request):
    user = request.user
    bodies = _proposable_bodies(user).order_by("name")
    if not bodies.exists():
        if access.reviewing_body_ids(user):
            raise PermissionDenied  # a viewer: sees needs, proposes none
        raise Http404
    organizations, regions = _choices(user, bodies)
    initial = {"organization": user.organization_id if user.is_officer else None}
    if request.GET.get("body"):
        initial["body"] = request.GET["body"]
    form = NeedForm(
        request.POST or None, bodies=bodies, organizations=organizations, regions=regions, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            need = services.propose_need(by=user, **form.cleaned_data)
        except ParticipationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The need was proposed; the secretariat will review it."))
            return redirect("participation:need_detail", pk=need.pk)
    return render(request, "participation/needs/form.html", {"form": form, "need": None})


@login_required
def need_edit(request, pk):
    user = request.user
    need = access.need_for_user(user, pk)
    if not access.can_edit_need(user, need):
        raise PermissionDenied
    bodies = Body.objects.filter(pk=need.body_id)
    _organizations, regions = _choices(user, bodies)
    initial = {name: getattr(need, name) for name in services.EDITABLE}
    initial["region"] = need.region_id
    form = NeedForm(
        request.POST or None,
        bodies=bodies,
        organizations=Organization.objects.none(),
        regions=regions,
        fixed_body=True,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_need(need, by=user, **form.cleaned_data)
        except ParticipationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The need was saved."))
            return redirect("participation:need_detail", pk=need.pk)
    return render(request, "participation/needs/form.html", {"form": form, "need": need, "body": need.body})


# --- decisions (POST) -----------------------------------------------------------------------------------


def _managed_need(request, pk) -> Need:
    need = access.need_for_user(request.user, pk)
    if not access.can_manage_participation(request.user, need.body_id):
        raise PermissionDenied
    return need


def _act(request, need: Need, action, success: str):
    return act(request, action, success, reverse("participation:need_detail", args=[need.pk]))


@login_required
@require_POST
def need_approve(request, pk):
    need = _managed_need(request, pk)
    form = ApproveForm(request.POST)
    note = form.data.get("note", "")
    return _act(
        request,
        need,
        lambda: services.approve_need(need, by=request.user, note=note),
        _("The need was approved."),
    )


@login_required
@require_POST
def need_reject(request, pk):
    need = _managed_need(request, pk)
    reason = ReasonForm(request.POST).data.get("reason", "")
    return _act(
        request,
        need,
        lambda: services.reject_need(need, by=request.user, reason=reason),
        _("The need was not approved."),
    )


@login_required
@require_POST
def need_withdraw(request, pk):
    need = access.need_for_user(request.user, pk)
    if not (
        access.can_manage_participation(request.user, need.body_id)
        or access.is_receiving_agency(request.user, need)
    ):
        raise PermissionDenied
    reason = ReasonForm(request.POST).data.get("reason", "")
    return _act(
        request,
        need,
        lambda: services.withdraw_need(need, by=request.user, reason=reason),
        _("The need was withdrawn."),
    )


@login_required
@require_POST
def need_priority(request, pk):
    need = _managed_need(request, pk)
    if "clear" in request.POST:
        reason = request.POST.get("reason", "")
        return _act(
            request,
            need,
            lambda: services.clear_priority(need, by=request.user, reason=reason),
            _("The priority is the computed one again."),
        )
    form = PriorityForm(request.POST)
    if not form.is_valid() or form.cleaned_data["priority"] is None:
        messages.error(request, _("The priority must be between 0 and 100."))
        return redirect("participation:need_detail", pk=need.pk)
    data = form.cleaned_data
    return _act(
        request,
        need,
        lambda: services.set_priority(
            need, by=request.user, priority=data["priority"], reason=data["reason"]
        ),
        _("The priority was set."),
    )


@login_required
@require_POST
def need_mark_met(request, pk):
    need = _managed_need(request, pk)
    note = MarkMetForm(request.POST).data.get("note", "")
    return _act(
        request,
        need,
        lambda: services.mark_met(need, by=request.user, note=note),
        _("The need was marked met."),
    )


@login_required
@require_POST
def need_recompute(request, pk):
    """The secretariat recomputes the priorities of its body's needs (after a new atlas assessment)."""
    body = access.participation_bodies(request.user).filter(pk=pk).first()
    if body is None:
        raise Http404
    if not access.can_manage_participation(request.user, body):
        raise PermissionDenied
    changed = services.recompute_priorities(body, by=request.user)
    messages.success(request, _("Priorities recomputed; %(count)s changed.") % {"count": n(changed)})
    return redirect(f"{reverse('participation:need_list')}?body={body.pk}")
