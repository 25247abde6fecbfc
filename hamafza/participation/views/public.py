"""The public page (no login): approved open needs of every body, by region and category, and a visitor's
offer of help, which waits for the secretariat.

Shown of a need: its title, description, region, category, what is still lacking, the deadline and the
name of the agency that needs it; never its justification, costs breakdown, state notes or donors.
"""

import time

from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hamafza.lib.persian import search_terms
from hamafza.ops.ratelimit import limit_per_address
from hamafza.participation.forms.public import PublicNeedFilter, PublicOfferForm
from hamafza.participation.models import Need
from hamafza.participation.services.common import ParticipationError
from hamafza.participation.services.public import make_public_offer, public_needs
from hamafza.places.models import Region
from hamafza.templatetags_builtins import amount

PAGE_SIZE = 20
# A visitor's session may make this many offers per window; more is a script, or a person the
# secretariat will call anyway.
OFFERS_PER_WINDOW = 3
WINDOW_SECONDS = 3600
SESSION_OFFERS = "participation_public_offers"
SESSION_THANKS = "participation_public_thanks"


def _region_tree(region_ids: set[int]) -> dict[int, Region]:
    """The regions of the open needs and every region above them, walking up one level per query."""
    nodes: dict[int, Region] = {}
    wanted = set(region_ids)
    while wanted:
        found = (
            Region.objects.without_boundaries().filter(pk__in=wanted).only("pk", "name", "parent_id", "kind")
        )
        for region in found:
            nodes[region.pk] = region
        wanted = {r.parent_id for r in found if r.parent_id and r.parent_id not in nodes}
    return nodes


def _region_choices(nodes: dict[int, Region]) -> list[tuple[int, str]]:
    """The regions as a tree, each indented under its parent."""
    children: dict[int | None, list[Region]] = {}
    for region in nodes.values():
        parent = region.parent_id if region.parent_id in nodes else None
        children.setdefault(parent, []).append(region)
    choices = []

    def walk(parent, depth):
        for region in sorted(children.get(parent, []), key=lambda r: r.name):
            choices.append((region.pk, f"{'— ' * depth}{region.name}"))
            walk(region.pk, depth + 1)

    walk(None, 0)
    return choices


def _inside(nodes: dict[int, Region], top: int) -> set[int]:
    """The regions of `nodes` that are `top` or below it."""
    inside = set()
    for pk in nodes:
        node = pk
        while node is not None:
            if node == top:
                inside.add(pk)
                break
            node = nodes[node].parent_id if node in nodes else None
    return inside


def _ordered(needs):
    """Highest priority first (the secretariat's where it set one), then the nearest deadline."""
    return needs.order_by(
        F("priority_override").desc(nulls_last=True),
        F("priority_computed").desc(),
        F("deadline").asc(nulls_last=True),
        "-pk",
    )


def _decorate(needs) -> None:
    for need in needs:
        need.lacking_display = amount(max(0, need.room))


@require_GET
def public(request):
    """Approved open needs, filtered by region (and everything below it), category and words."""
    needs = public_needs().filter(room__gt=0)  # a need fully pledged takes no more offers
    nodes = _region_tree(set(needs.values_list("region_id", flat=True).distinct()))
    form = PublicNeedFilter(request.GET or None, regions=_region_choices(nodes))
    if form.is_valid():
        data = form.cleaned_data
        if data["region"]:
            needs = needs.filter(region_id__in=_inside(nodes, data["region"]))
        if data["category"]:
            needs = needs.filter(category=data["category"])
        for term in search_terms(data["q"]):
            needs = needs.filter(search_text__contains=term)
    page = Paginator(
        _ordered(needs)
        .select_related("region", "organization")
        .only(
            "pk",
            "title",
            "description",
            "category",
            "estimated_cost",
            "value_met",
            "deadline",
            "state",
            "region__name",
            "organization__name",
        ),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    _decorate(page.object_list)
    filters = request.GET.copy()
    filters.pop("page", None)
    return render(
        request,
        "participation/public/list.html",
        {"form": form, "page": page, "filters": filters.urlencode()},
    )


def _public_need(pk) -> Need:
    need = get_object_or_404(public_needs().select_related("region", "organization"), pk=pk)
    need.lacking_display = amount(max(0, need.room))
    return need


@require_GET
def public_need(request, pk):
    need = _public_need(pk)
    return render(request, "participation/public/need.html", {"need": need, "form": PublicOfferForm()})


def _recent_offers(request) -> list[float]:
    now = time.time()
    return [t for t in request.session.get(SESSION_OFFERS, []) if now - t < WINDOW_SECONDS]


@require_POST
@limit_per_address("public-offer", setting="public_offer", default=(10, 3600))
def public_offer(request, pk):
    """Record a visitor's offer for the need; it waits for the secretariat, who is told."""
    need = _public_need(pk)
    form = PublicOfferForm(request.POST)

    def again(status, error=None):
        if error:
            form.add_error(None, error)
        return render(request, "participation/public/need.html", {"need": need, "form": form}, status=status)

    if form.is_spam:
        return again(400, _("Your offer could not be recorded."))
    recent = _recent_offers(request)
    if len(recent) >= OFFERS_PER_WINDOW:
        return again(429, _("You have made several offers in a short time; please try again later."))
    if not form.is_valid():
        return again(200)
    data = form.cleaned_data
    try:
        make_public_offer(
            need,
            name=data["name"],
            mobile=data["mobile"],
            national_id=data["national_id"],
            email=data["email"],
            anonymous=data["anonymous"],
            kind=data["kind"],
            value=data["value"],
            hours=data["hours"],
            description=data["description"],
        )
    except ParticipationError as error:
        return again(200, error.messages[0])
    request.session[SESSION_OFFERS] = [*recent, time.time()]
    request.session[SESSION_THANKS] = {
        "need": need.pk,
        "title": need.title,
        "name": data["name"],
        "anonymous": data["anonymous"],
        "kind": data["kind"],
        "value": data["value"],
        "hours": data["hours"],
    }
    return redirect("participation:public_thanks")


@require_GET
def public_thanks(request):
    """Thanks, and what happens next; shows back only what the visitor typed, once."""
    thanks = request.session.pop(SESSION_THANKS, None)
    if thanks is None:  # opened again, or without an offer
        return redirect("participation:public")
    if thanks.get("value"):
        thanks["value_display"] = amount(thanks["value"])
    return render(request, "participation/public/thanks.html", {"thanks": thanks})
