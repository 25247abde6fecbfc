"""The participation hub: where a user's participation work starts."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, Sum
from django.shortcuts import render

from hamafza.participation import access
from hamafza.participation.models import Need, Pledge


@login_required
def hub(request):
    """Counts of the needs and pledges the user sees, by state, with the ways into each part."""
    user = request.user
    needs = access.needs_for_user(user).aggregate(
        proposed=Count("pk", filter=Q(state=Need.State.PROPOSED)),
        open=Count("pk", filter=Q(state__in=Need.OPEN_STATES)),
        met=Count("pk", filter=Q(state=Need.State.MET)),
        lacking=Sum("estimated_cost", filter=Q(state__in=Need.OPEN_STATES)),
        met_value=Sum("value_met", filter=Q(state__in=Need.OPEN_STATES)),
    )
    pledges = access.pledges_for_user(user).aggregate(
        offered=Count("pk", filter=Q(state=Pledge.State.OFFERED)),
        live=Count("pk", filter=Q(state__in=(Pledge.State.PLEDGED, Pledge.State.DELIVERED))),
        verified=Sum("delivered_value", filter=Q(state=Pledge.State.VERIFIED)),
    )
    managed = access.secretariat_body_ids(user)
    return render(
        request,
        "participation/hub.html",
        {
            "needs": needs,
            "pledges": pledges,
            "manages": user.is_system_admin or bool(managed),
            "reviews": user.is_system_admin or bool(access.reviewing_body_ids(user)),
        },
    )
