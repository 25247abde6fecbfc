"""The atlas in a real browser: the map of District 21, the period changed with the slider, a hover, a
click on a neighbourhood, and its profile.

Run alone with `.venv/bin/python -m pytest -q -m browser tests/browser/test_atlas_map.py`.
"""

import datetime as dt
import math

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hamafza.atlas.models import HarmCategory, IncidentSummary
from hamafza.atlas.services.queries import month_label
from hamafza.atlas.services.taxonomy import ensure_taxonomy
from hamafza.lib.jalali import to_jalali
from hamafza.lib.persian import to_persian_digits
from hamafza.meetings import services
from hamafza.meetings.models import Assignment
from hamafza.places.models import Region
from hamafza.places.services import DISTRICT21_CODE, load_regions
from tests.browser.test_follow_up_flow import log_in

pytestmark = pytest.mark.browser

CATEGORIES = ["theft", "assault", "addiction", "divorce"]


def last_months(count: int) -> list[int]:
    j = to_jalali(timezone.localdate())
    months, year, month = [], j.year, j.month
    for _ in range(count):
        months.append(year * 100 + month)
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months[::-1]


def summaries(neighbourhoods: list[Region], months: list[int]) -> None:
    """A year of counts with a hot spot around the first neighbourhood and a seasonal swing."""
    from shapely.geometry import shape

    centres = [shape(n.boundary).centroid for n in neighbourhoods]
    hot = centres[0]
    rows = []
    for category_index, code in enumerate(CATEGORIES):
        category = HarmCategory.objects.get(code=code)
        for month_index, month in enumerate(months):
            season = 1 + 0.3 * math.sin((month_index + category_index) / 2)
            for index, (region, centre) in enumerate(zip(neighbourhoods, centres, strict=True)):
                distance = centre.distance(hot) / 0.035
                base = 3 + (index * 7) % 5 + 60 * math.exp(-distance * distance)
                count = round(base * season * (1 + category_index / 3) * region.population / 20_000)
                rows.append(IncidentSummary(region=region, month=month, category=category, count=count))
    IncidentSummary.objects.bulk_create(rows)


def test_map_period_hover_click_profile(
    transactional_db, live_server, page, page_problems, shoot, secretary, meeting, police
):
    load_regions()
    ensure_taxonomy()
    district = Region.objects.get(code=DISTRICT21_CODE)
    # The first target neighbourhood first: the hot spot is centred on it.
    neighbourhoods = list(district.children.order_by("-is_target", "code"))
    target = neighbourhoods[0]
    assert target.is_target
    months = last_months(12)
    summaries(neighbourhoods, months)
    resolution = services.create_resolution(
        meeting,
        by=secretary,
        spec=services.ResolutionSpec(
            number="3",
            text=f"گشت‌های پیشگیرانه و کارگاه‌های مهارت زندگی در {target.name}",
            assignments=[
                services.AssignmentSpec(
                    police, role=Assignment.Role.LEAD, deadline=timezone.localdate() + dt.timedelta(days=45)
                )
            ],
            target_regions=[target],
        ),
    )

    log_in(page, live_server, secretary)
    page.click("header nav.mainnav a[href='/atlas/']")
    map_el = page.locator("#map")
    expect(map_el).to_have_attribute("data-period", str(months[-1]))
    shapes = page.locator("#map path[data-region]")
    expect(shapes).to_have_count(len(neighbourhoods))
    expect(page.locator("#month-label")).to_have_text(month_label_fa(months[-1]))
    expect(page.locator("#legend li")).to_have_count(6)  # five classes and «no data»

    # The thefts per 10,000 residents, then the period moved back to the first month with the slider.
    page.select_option("#indicator", "theft_rate")
    expect(map_el).to_have_attribute("data-indicator", "theft_rate")
    expect(map_el).to_have_attribute("data-period", str(months[-1]))
    slider = page.locator("#month")
    slider.focus()
    page.keyboard.press("Home")
    expect(map_el).to_have_attribute("data-period", str(months[0]))
    expect(page.locator("#month-label")).to_have_text(month_label_fa(months[0]))
    expect(page.locator("#legend-subtitle")).to_contain_text(month_label_fa(months[0]))
    page.keyboard.press("End")
    expect(map_el).to_have_attribute("data-period", str(months[-1]))

    # Hover: the name and the value in Persian digits.
    shape = page.locator(f"#map path[data-region='{target.pk}']")
    shape.hover()
    tooltip = page.locator(".leaflet-tooltip")
    expect(tooltip).to_contain_text(target.name)
    assert any(ch in "۰۱۲۳۴۵۶۷۸۹" for ch in tooltip.inner_text())
    # Hot and cold spots of the same indicator and month: the legend lists the six classes.
    page.check("#hotspots")
    expect(page.locator("#hot-legend")).to_be_visible()
    expect(page.locator("#hot-legend-items li")).to_have_count(6)
    # The cluster drawn around the target neighbourhood is found: some shapes carry a hot spot's ring.
    expect(page.locator("#map path[stroke-width='4']")).not_to_have_count(0)
    # Each ring lies on a white halo drawn under it, so that it shows on the darkest fill (issue 10, 15).
    rings = page.locator("#map path[data-spot]")
    expect(rings).not_to_have_count(0)
    halos = page.locator("#map path[stroke='#ffffff'][stroke-width='8']")
    assert halos.count() == rings.count()
    expect(map_el).to_have_attribute("data-loading", "0")
    shape.hover()
    page.evaluate("document.fonts.ready")
    shoot("07-atlas-map")

    # Click: the neighbourhood's profile for the month on the map.
    with page.expect_navigation():
        shape.click()
    assert f"/atlas/regions/{target.pk}/" in page.url
    assert f"month={months[-1]}" in page.url
    expect(page.locator("h1")).to_have_text(target.name)
    expect(page.locator("#target-badge")).to_be_visible()
    expect(page.locator("#indicators tbody tr[data-indicator]")).not_to_have_count(0)
    expect(page.locator("#resolutions")).to_contain_text(resolution.text[:30])
    for chart in ("#chart-ratio", "#chart-series"):
        expect(page.locator(f"{chart} svg")).to_have_count(1)
    # The comparison says what its axis means, and no two of its labels overlap (issue 10, defect 15).
    expect(page.locator("#chart-ratio svg")).to_contain_text("میانگین منطقه = ۱۰۰")
    for chart in ("#chart-ratio", "#chart-series"):
        boxes = page.eval_on_selector_all(
            f"{chart} svg text",
            "els => els.filter(e => e.textContent.trim() && getComputedStyle(e).display !== 'none'"
            " && e.getAttribute('opacity') !== '0').map(e => { const b = e.getBoundingClientRect();"
            " return [b.left, b.top, b.right, b.bottom, e.textContent]; })",
        )
        overlaps = [
            (a[4], b[4])
            for i, a in enumerate(boxes)
            for b in boxes[i + 1 :]
            if min(a[2], b[2]) - max(a[0], b[0]) > 1 and min(a[3], b[3]) - max(a[1], b[1]) > 1
        ]
        assert overlaps == [], (chart, overlaps)
        frame = page.locator(f"{chart} svg").bounding_box()
        outside = [
            box[4] for box in boxes if box[0] < frame["x"] - 2 or box[2] > frame["x"] + frame["width"] + 2
        ]
        assert outside == [], (chart, outside)  # no label cut off at the chart's edge
    page.evaluate("document.fonts.ready")
    shoot("08-neighbourhood-profile")
    assert page_problems == []


def month_label_fa(month: int) -> str:
    from django.utils import translation

    with translation.override("fa"):
        label = month_label(month)
    assert to_persian_digits(str(month // 100)) in label
    return label
