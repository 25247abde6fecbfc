"""Issue 10: the secretariat records a resolution on a phone, choosing its target regions by typing.

hamafza/static/hamafza/picker.js turns the regions' <select multiple> into a search box: part of a name
typed with Arabic letters (ي) finds the region written with Persian ones (ی), each match shows where it
lies, the chosen ones are chips that can be removed, all by keyboard. The resolution saved shows the
region on its page. The page keeps within 390 px with the list open.

Run alone with `.venv/bin/python -m pytest -q -n 0 -m browser tests/browser/test_resolution_pickers.py`.
"""

import re

import pytest
from playwright.sync_api import expect

from hamafza.lib.persian import search_key
from hamafza.meetings.models import Resolution
from hamafza.places.models import Region
from tests.browser.test_follow_up_flow import fa, log_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def places(city):
    district = Region.objects.create(name="منطقه ۱", kind="district", code="D-1", parent=city)
    made = {
        name: Region.objects.create(name=name, kind="neighbourhood", code=f"N-{n}", parent=district)
        for n, name in enumerate(["نیاوران", "دزاشیب", "تجریش", "نعمت آباد"])
    }
    made["district"] = district
    return made


def sideways(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_choosing_target_regions_by_typing_with_arabic_letters(
    transactional_db,
    live_server,
    page,
    page_problems,
    shoot,
    secretary,
    meeting,
    body,
    police,
    inspection,
    places,
):
    page.set_viewport_size(PHONE)
    log_in(page, live_server, secretary)
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/resolutions/new/")
    expect(page.locator("h1")).to_have_text(fa("Add a resolution"))

    # The member organisations come first.
    groups = page.locator("#id_lead optgroup")
    expect(groups.first).to_have_attribute("label", f"اعضای {body.name}")
    expect(groups.nth(1)).to_have_attribute("label", "سایر دستگاه‌ها")

    # The select is still in the form, hidden behind the search box the label now names.
    expect(page.locator("select#id_target_regions")).to_be_hidden()
    search = page.get_by_role("combobox", name=fa("Target regions"))
    expect(search).to_be_visible()
    expect(search).to_have_attribute("placeholder", fa("Type part of a region's name"))

    # «نياو» with an Arabic yeh finds «نیاوران», shown with where it lies; Enter picks it.
    search.press_sequentially("نياو")
    listbox = page.locator("#id_target_regions-options")  # the supporting organisations are a listbox too
    expect(listbox.get_by_role("option")).to_have_count(1)
    expect(listbox.get_by_role("option").first).to_contain_text("نیاوران")
    expect(listbox.get_by_role("option").first).to_contain_text("منطقه ۱، تهران")
    expect(search).to_have_attribute("aria-expanded", "true")
    assert sideways(page) <= 0, "the open list pushes the page sideways at 390 px"
    shoot("resolution-region-picker-phone")
    search.press("Enter")
    chips = page.locator("#field-target_regions .picker-chip")
    expect(chips).to_have_count(1)
    expect(chips.first).to_contain_text("نیاوران")
    expect(search).to_have_value("")
    expect(search).to_be_focused()

    # A ZWNJ where the name has a space, arrow keys, and Escape closing the list without picking.
    search.press_sequentially("نعمت\u200cآ")
    expect(listbox.get_by_role("option")).to_have_count(1)
    search.press("Escape")
    expect(listbox).to_be_hidden()
    expect(chips).to_have_count(1)
    search.fill("")
    search.press_sequentially("منطقه ۱")  # the district, and its neighbourhoods by where they lie
    options = listbox.get_by_role("option")
    expect(options.first).to_contain_text("منطقه ۱")
    search.press("ArrowDown")
    second = options.nth(1).inner_text().split("\n")[0].strip()
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    search.press("Enter")
    expect(chips).to_have_count(2)
    expect(chips.nth(1 if second > "نیاوران" else 0)).to_contain_text(second)

    # Nothing found: said so, and Enter does not send the half-filled form.
    search.press_sequentially("ققق")
    expect(page.locator("#field-target_regions .picker-status")).to_have_text(fa("No region of that name"))
    search.press("Enter")
    expect(page.locator("h1")).to_have_text(fa("Add a resolution"))
    search.fill("")

    # A chip's button removes it (by keyboard: Tab to it, Enter).
    remove = chips.filter(has_text=second).get_by_role("button")
    expect(remove).to_have_attribute("aria-label", f"{fa('Remove')} {second}")
    remove.focus()
    remove.press("Enter")
    expect(chips).to_have_count(1)
    chosen = page.eval_on_selector(
        "#id_target_regions", "s => [...s.selectedOptions].map(o => o.dataset.name)"
    )
    assert chosen == ["نیاوران"]
    assert sideways(page) <= 0

    page.fill("#id_text", "ساماندهی کودکان کار در محلات هدف")
    page.select_option("#id_lead", label=police.name)

    # The supporting organisations: a picker too, whose empty box lists the body's members first.
    helpers = page.get_by_role("combobox", name=fa("Supporting organisations"))
    helpers.focus()
    offered = page.locator("#id_supporting-options [role=option]")
    expect(offered).to_have_count(body.members.count() + 1)  # and the inspection office, outside the body
    expect(offered.first.locator(".where")).to_have_text(f"اعضای {body.name}")
    expect(offered.last).to_contain_text(inspection.name)
    expect(offered.last.locator(".where")).to_have_text("سایر دستگاه‌ها")
    shoot("resolution-organisation-picker-phone")
    helpers.press_sequentially("بهزيستي")  # Arabic yeh again
    expect(offered).to_have_count(1)
    helpers.press("Enter")
    expect(page.locator("#field-supporting .picker-chip")).to_have_text([re.compile("بهزیستی")])
    assert sideways(page) <= 0
    page.select_option("#id_recurrence", "continuous")
    with page.expect_navigation():
        page.click("form button[type=submit]:not([name])")
    resolution = Resolution.objects.get(meeting=meeting)
    assert list(resolution.target_regions.values_list("name", flat=True)) == ["نیاوران"]
    assert {(a.organization.name, a.role) for a in resolution.assignments.all()} == {
        (police.name, "lead"),
        ("اداره کل بهزیستی", "supporting"),
    }
    assert page.url.endswith(f"/resolutions/{resolution.pk}/")
    expect(page.locator("dl.meta")).to_contain_text("نیاوران")

    # Editing: the chosen region is a chip from the start.
    page.goto(f"{live_server.url}/resolutions/{resolution.pk}/edit/")
    expect(page.locator(".picker-chip")).to_have_count(1)
    expect(page.locator(".picker-chip")).to_contain_text("نیاوران")
    assert page_problems == []


def test_without_scripts_the_plain_lists_record_the_resolution(
    transactional_db, browser, live_server, secretary, meeting, police, welfare, places
):
    """Progressive enhancement: with JavaScript off the selects are there, grouped and labelled with where
    each region lies, and they are what the form sends."""
    context = browser.new_context(java_script_enabled=False, locale="fa-IR", viewport=PHONE)
    page = context.new_page()
    log_in(page, live_server, secretary)
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/resolutions/new/")
    expect(page.locator(".picker-input")).to_have_count(0)
    regions = page.locator("select#id_target_regions")
    expect(regions).to_be_visible()
    regions.select_option(label="تجریش — منطقه ۱، تهران")
    page.locator("#id_supporting").select_option(label=welfare.name)
    page.fill("#id_text", "متن مصوبه بدون اسکریپت")
    page.select_option("#id_lead", label=police.name)
    page.select_option("#id_recurrence", "continuous")
    with page.expect_navigation():
        page.click("form button[type=submit]:not([name])")
    resolution = Resolution.objects.get(meeting=meeting)
    assert list(resolution.target_regions.values_list("name", flat=True)) == ["تجریش"]
    assert resolution.assignments.filter(organization=welfare, role="supporting").exists()
    context.close()


def test_the_pickers_folding_agrees_with_search_key(transactional_db, live_server, page, secretary, meeting):
    """The client's fold gives what the server's search_key gives, but for the spaces it drops."""
    log_in(page, live_server, secretary)
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/resolutions/new/")
    samples = [
        "شهر ري",
        "كرج",
        "آسيب‌هاي اجتماعي",
        "نعمت\u200cآباد",
        "منطقه ۲۱",
        "منطقه ٢١",
        "منطقه 21",
        "مؤسسه",
        "هيئت",
        "خانهٔ",
        "آسِیب",
        "ﺗﻬﺮﺍﻥ",  # presentation forms, as copied out of a PDF
        "Tehran",
    ]
    folded = page.evaluate("samples => samples.map(window.hamafzaFold)", samples)
    assert folded == [search_key(s).replace(" ", "") for s in samples]
