"""Issue 10, the defects a newcomer met in the first week, each seen again in a real browser.

Each test failed before its fix. Run alone with `.venv/bin/python -m pytest -q -n 0 tests/browser/test_first_week.py`.
"""

import datetime as dt

import pytest
from playwright.sync_api import expect

from hamafza.meetings import services
from hamafza.meetings.models import Assignment
from tests.browser.test_follow_up_flow import log_in

pytestmark = pytest.mark.browser


def test_body_list_counts_each_resolution_once(
    transactional_db, live_server, page, page_problems, body, secretary, resolution, police, today
):
    """Defect 1: a body with three meetings and one open resolution read «۳ جلسه · ۳ مصوبه در دست اقدام»."""
    for number in (8, 9):
        services.create_meeting(body, by=secretary, number=number, held_on=today - dt.timedelta(days=number))
    second = services.ResolutionSpec(
        number="2",
        text="گزارش ماهانه",
        assignments=[services.AssignmentSpec(police, role=Assignment.Role.LEAD, deadline=today)],
    )
    services.create_resolution(resolution.meeting, by=secretary, spec=second)
    log_in(page, live_server, secretary)
    page.goto(f"{live_server.url}/bodies/")
    card = page.locator(".card", has_text=body.name)
    expect(card).to_contain_text("۳ جلسه · ۲ مصوبه در دست اقدام · ۰ انجام‌شده")
    assert page_problems == []
