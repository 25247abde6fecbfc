"""Every annual goals page as each role would open it, in a real browser at a desktop width (1366 px) and a
phone's (390 px), with DEBUG off (pytest-django's live server): the page answers, nothing spills past the
screen's edge, no script fails, and it reads right to left in Vazirmatn."""

import pytest
from django.conf import settings
from django.urls import reverse

from hamafza.goals.services import programmes as services
from hamafza.goals.services.programmes import MeasureSpec
from tests.browser.test_follow_up_flow import log_in, log_out

pytestmark = pytest.mark.browser

WIDTHS = (1366, 390)


@pytest.fixture
def pages(world, national_programme, tehran_programme, tehran_officer, year):
    draft = services.create_programme(
        tehran_programme.organization, by=tehran_officer, year=year + 1, title="پیش‌نویس"
    )
    goal = services.add_goal(draft, by=tehran_officer, title="هدف پیش‌نویس")
    measure = services.add_measure(
        goal, by=tehran_officer, spec=MeasureSpec(name="سنجه", source="manual", baseline=1, target=2)
    )
    reading = [
        reverse("goals:programmes"),
        reverse("goals:programme", args=[tehran_programme.pk]),
        reverse("goals:review", args=[world["goal"].pk]),
        reverse("goals:report", args=[world["report"].pk]),
    ]
    national_pages = [
        reverse("goals:programme", args=[national_programme.pk]),
        reverse("goals:side_by_side", args=[national_programme.pk]),
        reverse("goals:scorecard", args=[national_programme.pk]),
    ]
    owning = [
        reverse("goals:programme_create"),
        reverse("goals:programme", args=[draft.pk]),
        reverse("goals:programme_edit", args=[draft.pk]),
        reverse("goals:goal_create", args=[draft.pk]),
        reverse("goals:goal_edit", args=[goal.pk]),
        reverse("goals:measure_create", args=[goal.pk]),
        reverse("goals:measure_edit", args=[measure.pk]),
        reverse("goals:report_create", args=[world["measure"].pk]),
        reverse("goals:carry_over", args=[tehran_programme.pk]),
    ]
    return {
        "tehran_officer": reading + national_pages + owning,
        "national_owner": reading + national_pages + [reverse("goals:report", args=[world["pending"].pk])],
        "reviewer": reading + national_pages,
        "goals_viewer": reading,
    }


def test_every_page_as_every_role_at_desktop_and_phone_widths(
    transactional_db, live_server, page, page_problems, shoot, request, pages, national_programme
):
    assert settings.DEBUG is False
    for role, urls in pages.items():
        user = request.getfixturevalue(role)
        log_in(page, live_server, user)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            for url in urls:
                response = page.goto(live_server.url + url)
                assert response.status == 200, (role, width, url)
                spill = page.evaluate(
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth"
                )
                assert spill <= 0, (role, width, url, spill)
                assert page.locator("html").get_attribute("dir") == "rtl"
                font = page.evaluate("getComputedStyle(document.querySelector('main')).fontFamily")
                assert font.startswith("Vazirmatn"), font
                if role == "national_owner" and width == 1366 and url.endswith("/adoptions/"):
                    shoot("16-goals-side-by-side")
        log_out(page)
    assert page_problems == []
