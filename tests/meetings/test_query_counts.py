"""Pinned query counts of the list pages and dashboards, which must not grow with the data."""

import pytest
from django.urls import reverse

from hamafza.meetings import services
from hamafza.meetings.models import Assignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def grow(make_resolutions, officer, other_officer, secretary, neighbourhood, lead, supporting):
    """Add resolutions with reports (some with evidence, some reviewed), some overdue, some done;
    and as many rounds of reports and reviews on the cast's `resolution`."""
    made = []

    def add(count: int) -> None:
        for _ in range(count):
            files = [
                services.UploadedFile("a.pdf", b"%PDF-1.4\n%a\n"),
                services.UploadedFile("b.pdf", b"%PDF-1.4\n%b\n"),
            ]
            services.return_report(
                services.submit_progress(lead, by=officer, percent=10, note="x", files=files),
                by=secretary,
                comment="z",
            )
            services.accept_report(
                services.submit_progress(supporting, by=other_officer, percent=10, note="y"), by=secretary
            )
        start = 100 + len(made)
        for index, resolution in enumerate(make_resolutions(count, start=start), start=start):
            made.append(resolution)
            services.update_resolution(resolution, by=secretary, target_regions=[neighbourhood])
            its_lead = resolution.assignments.get(role=Assignment.Role.LEAD)
            its_supporting = resolution.assignments.get(role=Assignment.Role.SUPPORTING)
            files = [services.UploadedFile(f"r{index}.pdf", b"%PDF-1.4\n%evidence\n")]
            percent = 100 if index % 4 == 0 else 40
            report = services.submit_progress(its_lead, by=officer, percent=percent, note="x", files=files)
            services.submit_progress(its_supporting, by=other_officer, percent=20, note="y")
            if index % 2 == 0:
                services.accept_report(report, by=secretary)

    return add


def _pages(body, meeting, resolution, police):
    return {
        "body": reverse("meetings:body", args=[body.pk]),
        "body_resolutions": reverse("meetings:body_resolutions", args=[body.pk]),
        "meeting": reverse("meetings:meeting", args=[meeting.pk]),
        "resolution": reverse("meetings:resolution", args=[resolution.pk]),
        "organization": reverse("meetings:organization", args=[police.pk]),
        "search": reverse("meetings:search") + "?q=" + "آسیب",
    }


# Every page as a logged-in user starts with:
#   * the session
#   * the user
# and its base template ends with:
#   * the number of unread notifications (the navigation badge)
#   * the user's organisation (shown next to the name)
EXPECTED = {
    # * the body, through bodies_for_user
    # * state counts, organisations' rates and the overdue total, in one pass over the assignments
    # * the overdue list (with organisation, resolution, meeting and body)
    # * the monthly trend (one aggregate)
    # * the 10 latest meetings with their resolution counts
    # * is the user the body's secretariat?
    "body": 10,
    # * the body, through bodies_for_user
    # * the count for the paginator
    # * the page of resolutions (with the meeting)
    # * their assignments (with the organisation), prefetched
    # * the organisations and the topics of the filter form (hamafza/lib/listing.py)
    "body_resolutions": 10,
    # * the meeting (with the body), through meetings_for_user
    # * is the user the body's secretariat?
    # * the resolutions of the meeting
    # * their assignments (with the organisation), prefetched
    # * may the user read every organisation's notification letter? (a role in the body)
    "meeting": 9,
    # * the resolution (with meeting and body), through resolutions_for_user
    # * its topics, prefetched
    # * its target regions (without boundaries), prefetched
    # * its assignments (with the organisation)
    # * may the user see every organisation's reports? (a role in the body)
    # * the reports (with organisation, submitter and reviewer)
    # * their evidence, prefetched
    # * is the user the body's secretariat?
    "resolution": 12,
    # * the organisation, through organizations_dashboard_for_user
    # * the summary (one aggregate)
    # * the count for the paginator
    # * the page of assignments
    # * their resolutions (with meeting and body), prefetched
    # * the bodies and the topics of the filter form (hamafza/lib/listing.py)
    "organization": 11,
    # * the count of matching resolutions, for the paginator
    # * the matching meetings
    # * the page of matching resolutions (with meeting and body)
    # * the bodies the user sees, for the body filter
    # * the organisations responsible for a resolution the user sees, for the organisation filter
    # * the topics of the resolutions the user sees, for the topic filter
    "search": 10,
}


def test_query_counts_are_pinned_and_do_not_grow(
    django_assert_num_queries, client_for, secretary, officer, body, meeting, resolution, police, grow
):
    urls = _pages(body, meeting, resolution, police)
    clients = {page: client_for(officer if page == "organization" else secretary) for page in urls}
    sizes = {}
    total = 0
    for count in (5, 20):  # 5 resolutions and 5 rounds of reports, then 25 of each
        grow(count)
        total += count
        for page, url in urls.items():
            with django_assert_num_queries(EXPECTED[page], info=f"{page} with {total} more resolutions"):
                response = clients[page].get(url)
            assert response.status_code == 200
            sizes.setdefault(page, []).append(len(response.content))
    # The pages did show the added rows.
    assert all(big > small for small, big in sizes.values()), sizes
