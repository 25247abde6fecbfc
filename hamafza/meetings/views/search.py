"""Search over resolutions and meetings, however the words and digits were typed, filtered by body,
responsible organisation, state and the dates of the meetings."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render

from hamafza.lib.jalali import JalaliDateError, parse_jalali
from hamafza.lib.persian import search_terms
from hamafza.meetings.access import bodies_for_user, meetings_for_user, resolutions_for_user
from hamafza.meetings.forms.search import SearchForm
from hamafza.orgs.models import Organization


def _jalali_or_none(term: str):
    try:
        return parse_jalali(term)
    except JalaliDateError:
        return None


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
    )
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
        if data["organization"] or data["state"]:
            # a meeting has no responsible organisation nor state: those of its resolutions found
            mq = mq.filter(pk__in=rq.values("meeting_id"))
        resolutions = Paginator(
            rq.select_related("meeting", "body").order_by("-meeting__held_on", "position"), 50
        ).get_page(request.GET.get("page"))
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
        },
    )
