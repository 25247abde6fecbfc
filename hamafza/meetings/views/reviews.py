"""The review queue: every progress report awaiting the secretariat's decision, accepted or returned in
place (through the same view and services as on a report's own page); sorted, filtered and exported like
every list (`hamafza/lib/listing.py`)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from hamafza.lib.listing import Listing, Sort, xlsx_response
from hamafza.meetings import services
from hamafza.meetings.access import managed_body_ids
from hamafza.meetings.exports import lists as exports
from hamafza.meetings.forms.followup import ReviewForm
from hamafza.meetings.services import lists
from hamafza.meetings.services.reviews import awaiting_review


@login_required
def review_queue(request):
    body_ids = managed_body_ids(request.user)
    if not body_ids:
        raise Http404
    queue = awaiting_review(body_ids)
    form = lists.review_filters(request.GET, body_ids, queue)
    listing = Listing(request.GET, Sort(request.GET, lists.REVIEW_COLUMNS, "submitted"), form)
    queue = lists.review_queue(queue, form, listing.sort)
    if listing.wants_xlsx:
        today = services.today()
        return xlsx_response(
            _("Reports awaiting review"),
            exports.review_columns(),
            queue,
            today=today,
            slug="review-queue",
        )
    page = listing.paginate(queue)
    return render(
        request,
        "meetings/reviews/queue.html",
        {"page": page, "listing": listing, "form": ReviewForm(), "back": request.get_full_path()},
    )
