"""The review queue: every progress report awaiting the secretariat's decision, accepted or returned in
place (through the same view and services as on a report's own page)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render

from hamafza.meetings.access import managed_body_ids
from hamafza.meetings.forms.followup import ReviewForm
from hamafza.meetings.models import Body
from hamafza.meetings.services.reviews import awaiting_review
from hamafza.orgs.models import Organization


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
def review_queue(request):
    body_ids = managed_body_ids(request.user)
    if not body_ids:
        raise Http404
    queue = awaiting_review(body_ids)
    bodies = Body.objects.filter(pk__in=body_ids).order_by("name")
    body_id, organization_id = _int(request.GET.get("body")), _int(request.GET.get("organization"))
    # the organisations with a report waiting, and the one chosen even once its last report is decided
    organizations = Organization.objects.filter(
        Q(pk__in=queue.values("assignment__organization_id")) | Q(pk=organization_id or 0)
    ).order_by("name")
    if body_id:
        queue = queue.filter(assignment__resolution__body_id=body_id)
    if organization_id:
        queue = queue.filter(assignment__organization_id=organization_id)
    page = Paginator(queue, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/reviews/queue.html",
        {
            "page": page,
            "bodies": bodies,
            "organizations": organizations,
            "body_id": body_id,
            "organization_id": organization_id,
            "form": ReviewForm(),
            "back": request.get_full_path(),
        },
    )
