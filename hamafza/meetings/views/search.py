"""Search over resolutions and meetings, however the words and digits were typed, filtered by body,
responsible organisation, state and the dates of the meetings."""

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hamafza.lib.jalali import JalaliDateError, parse_jalali
from hamafza.lib.listing import Column, Listing, Sort, xlsx_response
from hamafza.lib.persian import search_terms
from hamafza.meetings import services
from hamafza.meetings.access import bodies_for_user, meetings_for_user, resolutions_for_user
from hamafza.meetings.exports import lists as exports
from hamafza.meetings.forms.search import SearchForm
from hamafza.meetings.models import Resolution, Topic
from hamafza.orgs.models import Organization


def _jalali_or_none(term: str):
    try:
        return parse_jalali(term)
    except JalaliDateError:
        return None


SEARCH_COLUMNS = [
    Column("meeting", gettext_lazy("Meeting"), ("meeting__held_on", "position")),
    Column("resolution", gettext_lazy("Resolution"), ("text",)),
]


@login_required
def search(request):
    visible = resolutions_for_user(request.user)
    form = SearchForm(
        request.GET or None,
        bodies=bodies_for_user(request.user).order_by("name"),
        # the organisations responsible for a resolution the user sees, and no other
        organizations=Organization.objects.filter(
            pk__in=visible.values("assignments__organization_id")
        ).order_by("name"),
        topics=Topic.objects.filter(pk__in=visible.values("topics")).order_by("name"),
    )
    listing = Listing(request.GET, Sort(request.GET, SEARCH_COLUMNS))
    resolutions = meetings = None
    terms: list[str] = []
    if form.is_valid():
        data = form.cleaned_data
        terms = search_terms(data["q"])
    if terms or (form.is_bound and form.is_valid() and form.filtered):
        rq = visible
        mq = meetings_for_user(request.user)
        for term in terms:
            on = _jalali_or_none(term)
            if on is None:
                rq = rq.filter(search_text__contains=term)
                mq = mq.filter(search_text__contains=term)
            else:  # a Jalali date also finds the meetings of that day and their resolutions
                rq = rq.filter(Q(search_text__contains=term) | Q(meeting__held_on=on))
                mq = mq.filter(Q(search_text__contains=term) | Q(held_on=on))
        if data["body"]:
            rq = rq.filter(body=data["body"])
            mq = mq.filter(body=data["body"])
        if data["held_from"]:
            rq = rq.filter(meeting__held_on__gte=data["held_from"])
            mq = mq.filter(held_on__gte=data["held_from"])
        if data["held_to"]:
            rq = rq.filter(meeting__held_on__lte=data["held_to"])
            mq = mq.filter(held_on__lte=data["held_to"])
        if data["organization"]:
            rq = rq.assigned_to(data["organization"].pk)
        if data["state"]:
            rq = rq.filter(status=data["state"])
        if data["topic"]:
            rq = rq.filter(pk__in=Resolution.objects.filter(topics=data["topic"]).values("pk"))
        if data["organization"] or data["state"] or data["topic"]:
            # a meeting has no responsible organisation nor state: those of its resolutions found
            mq = mq.filter(pk__in=rq.values("meeting_id"))
        rq = listing.sort.apply(
            rq.select_related("meeting", "body").order_by("-meeting__held_on", "position")
        )
        if listing.wants_xlsx:
            today = services.today()
            return xlsx_response(
                _("Search"),
                exports.resolution_columns(today, with_body=True),
                exports.resolution_rows(rq, with_assignments=True),
                today=today,
                slug="search",
            )
        resolutions = listing.paginate(rq)
        meetings = list(mq.select_related("body").order_by("-held_on")[:50])
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "meetings/search/page.html",
        {
            "form": form,
            "query": request.GET.get("q", "").strip(),
            "terms": terms,
            "resolutions": resolutions,
            "meetings": meetings,
            "searched": resolutions is not None or bool(request.GET.get("q", "").strip()),
            "keep": params.urlencode(),
            "listing": listing,
        },
    )
