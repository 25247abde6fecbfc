"""Pinned query counts of the goals pages: they do not grow with the number of provinces adopting the
national programme, nor with their goals, measures and reports."""

import pytest
from django.urls import reverse

from hamafza.goals.services import programmes as services
from hamafza.goals.services import reports, reviews
from hamafza.goals.services.programmes import MeasureSpec
from hamafza.orgs.models import Organization
from hamafza.places.models import Region
from tests.conftest import _user

pytestmark = pytest.mark.django_db


@pytest.fixture
def grow(national_programme, national, reviewer):
    """Add provinces: each a deputy under the national one that adopts the programme, adds a goal of its
    own, activates, reports a quarter (accepted) and writes a review."""
    made = []

    def add(count: int) -> None:
        for _ in range(count):
            index = len(made) + 1
            region = Region.objects.create(name=f"استان {index}", kind="province", code=f"IR-X{index}")
            deputy = Organization.objects.create(
                name=f"معاونت اجتماعی استان {index}", region=region, parent=national
            )
            officer = _user(f"deputy{index}", deputy, officer=True)
            adoption = services.adopt_programme(national_programme, by=officer)
            own = services.add_goal(adoption, by=officer, title=f"هدف ویژه استان {index}")
            services.add_measure(
                own, by=officer, spec=MeasureSpec(name="جلسات", source="manual", baseline=0, target=9)
            )
            adoption = services.activate_programme(adoption, by=officer)
            goal = adoption.goals.get(number=1)
            report = reports.submit_report(
                goal.measures.get(), by=officer, quarter=1, value=50, narrative="گزارش"
            )
            reports.accept_report(report, by=reviewer)
            reviews.save_review(goal, by=officer, achieved="x", strengths="", weaknesses="", causes="", proposal="",
                                figures={}, submit=False)  # fmt: skip
            made.append(adoption)

    return add


# Every page as a signed-in user starts with the session and the user, and its base template ends with
# the unread notifications and the user's organisation (4 queries).
EXPECTED = {
    # * the organisations' tree and the user's roles (the user's scope)
    # * the years of the programmes read, the count for the paginator, the page of programmes
    # * their goals, and their measures (the goal states)
    # (an officer of an organisation with one above it: 2 more, the programmes above it may adopt)
    "programmes": 11,
    # * the tree and the roles; the programme (with organisation, area, adopted programme)
    # * its goals (with owner, review, adopted-from, carried-from), their measures, the goals carried
    #   from them, the quarterly reports of its measures
    # * next year's programme; the adoptions the user reads (a count)
    "programme": 13,
    # * the tree and the roles; the programme; its goals
    # * the adopting programmes the user reads (with organisation and area), their goals, their measures
    "side_by_side": 11,
    "scorecard": 11,
}


def _pages(national_programme):
    return {
        "programmes": reverse("goals:programmes"),
        "programme": reverse("goals:programme", args=[national_programme.pk]),
        "side_by_side": reverse("goals:side_by_side", args=[national_programme.pk]),
        "scorecard": reverse("goals:scorecard", args=[national_programme.pk]),
    }


def test_query_counts_are_pinned_and_do_not_grow(
    django_assert_num_queries, client_for, national_owner, national_programme, grow
):
    client = client_for(national_owner)
    urls = _pages(national_programme)
    sizes: dict[str, list[int]] = {}
    total = 0
    for count in (2, 6):
        grow(count)
        total += count
        for page, url in urls.items():
            with django_assert_num_queries(EXPECTED[page], info=f"{page} with {total} provinces"):
                response = client.get(url)
            assert response.status_code == 200
            sizes.setdefault(page, []).append(len(response.content))
    # The pages that list the provinces did show the added ones.
    for page in ("programmes", "side_by_side", "scorecard"):
        assert sizes[page][1] > sizes[page][0], page


def test_the_api_does_not_grow_either(
    django_assert_num_queries, client_for, national_owner, national_programme, grow
):
    client = client_for(national_owner)
    counts = []
    for count in (2, 6):
        grow(count)
        for url in (
            "/api/goals/programmes/",
            f"/api/goals/programmes/{national_programme.pk}/",
            f"/api/goals/programmes/{national_programme.pk}/adoptions/",
        ):
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counts.append(len(captured))
    assert counts[:3] == counts[3:]
