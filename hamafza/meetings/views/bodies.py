"""Pages of bodies: the home page, the list of bodies, a body's dashboard and its resolutions."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hamafza.lib.listing import Listing, Sort, xlsx_response
from hamafza.meetings import services
from hamafza.meetings.access import (
    bodies_for_user,
    body_for_user,
    can_manage_body,
    can_review_body,
    managed_body_ids,
)
from hamafza.meetings.exports import lists as exports
from hamafza.meetings.models import Meeting, Resolution
from hamafza.meetings.services import dashboards, lists
from hamafza.meetings.services.reviews import awaiting_review


@login_required
def home(request):
    user = request.user
    if user.organization_id and user.is_officer and not user.body_roles.exists():
        return redirect("meetings:organization", pk=user.organization_id)
    donor = getattr(user, "donor", None)  # a donor's account: its own record, pledges and certificates
    if donor is not None and not user.organization_id and not user.body_roles.exists():
        return redirect("participation:donor_detail", pk=donor.pk)
    return redirect("meetings:bodies")


@login_required
def body_list(request):
    # * bodies visible to the user, with counts of meetings, open and done resolutions: each count is a
    # subquery of its own, since counting over two joined relations counts a resolution once per meeting.
    def count_of(queryset):
        counted = queryset.filter(body=OuterRef("pk")).order_by().values("body").annotate(n=Count("pk"))
        return Coalesce(Subquery(counted.values("n")[:1]), 0)

    bodies = (
        bodies_for_user(request.user)
        .select_related("region", "secretariat")
        .annotate(
            open_count=count_of(Resolution.objects.filter(status=Resolution.Status.OPEN)),
            done_count=count_of(Resolution.objects.filter(status=Resolution.Status.DONE)),
            meeting_count=count_of(Meeting.objects.all()),
        )
        .order_by("name")
    )
    managed = managed_body_ids(request.user)
    awaiting = awaiting_review(managed).count() if managed else None
    return render(request, "meetings/bodies/list.html", {"bodies": bodies, "awaiting": awaiting})


@login_required
def body_dashboard(request, pk):
    body = body_for_user(request.user, pk)
    today = services.today()
    data = dashboards.body_dashboard(body, today)
    # The ten latest meetings are picked before their resolutions are counted (not after counting all).
    latest = body.meetings.order_by("-held_on").values("pk")[:10]
    meetings = list(
        body.meetings.filter(pk__in=latest)
        .annotate(resolution_count=Count("resolutions"))
        .order_by("-held_on")
    )
    can_manage = can_manage_body(request.user, body)
    return render(
        request,
        "meetings/bodies/dashboard.html",
        {
            "body": body,
            "today": today,
            "meetings": meetings,
            "can_manage": can_manage,
            # The follow-up report shows every organisation's reports: offered to whom may open it only.
            "can_review": can_manage or can_review_body(request.user, body),
            "states": dashboards.STATES,
            "chart_data": dashboards.chart_data(data),
            **data,
        },
    )


@login_required
def body_resolutions(request, pk):
    body = body_for_user(request.user, pk)
    today = services.today()
    form = lists.body_resolution_filters(request.GET, body)
    listing = Listing(request.GET, Sort(request.GET, lists.RESOLUTION_COLUMNS), form)
    resolutions = lists.body_resolutions(body, today, form, listing.sort)
    if listing.wants_xlsx:
        return xlsx_response(
            _("Resolutions"),
            exports.resolution_columns(today),
            exports.resolution_rows(resolutions),
            today=today,
            slug="resolutions",
            subject=body.name,
            key=body.pk,
        )
    listing.paginate(resolutions)
    return render(
        request,
        "meetings/bodies/resolutions.html",
        {"body": body, "listing": listing, "page": listing.page, "today": today},
    )
