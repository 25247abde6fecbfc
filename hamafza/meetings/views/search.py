"""Search over resolutions and meetings, however the words and digits were typed."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render

from hamafza.lib.jalali import JalaliDateError, parse_jalali
from hamafza.lib.persian import search_terms
from hamafza.meetings.access import meetings_for_user, resolutions_for_user


def _jalali_or_none(term: str):
    try:
        return parse_jalali(term)
    except JalaliDateError:
        return None


@login_required
def search(request):
    query = request.GET.get("q", "").strip()
    terms = search_terms(query)
    resolutions = meetings = None
    if terms:
        rq = resolutions_for_user(request.user)
        mq = meetings_for_user(request.user)
        for term in terms:
            on = _jalali_or_none(term)
            if on is None:
                rq = rq.filter(search_text__contains=term)
                mq = mq.filter(search_text__contains=term)
            else:  # a Jalali date also finds the meetings of that day and their resolutions
                rq = rq.filter(Q(search_text__contains=term) | Q(meeting__held_on=on))
                mq = mq.filter(Q(search_text__contains=term) | Q(held_on=on))
        resolutions = Paginator(
            rq.select_related("meeting", "body").order_by("-meeting__held_on", "position"), 50
        ).get_page(request.GET.get("page"))
        meetings = list(mq.select_related("body").order_by("-held_on")[:50])
    return render(
        request,
        "meetings/search/page.html",
        {"query": query, "resolutions": resolutions, "meetings": meetings},
    )
