"""A real document imported in a browser (tests/data/minutes-real/040.txt, a decision of the supreme
council of cultural revolution as published, with the publisher's form fields under it): the reader's
low-confidence items are marked «check this one», the decision it missed — the sentence that introduces
the lettered items — is offered in the list of missed decisions, added with one click, and the meeting
is confirmed with it while the form's labels it took for items are left out."""

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from hamafza.meetings.models import Meeting
from tests.browser.test_follow_up_flow import fa, log_in

pytestmark = pytest.mark.browser

SOURCE = Path(__file__).resolve().parents[1] / "data" / "minutes-real" / "040.txt"
MISSED = "روزها و هفته های خاص که از طرف شورای فرهنگ عمومی پیشنهاد شده بود بررسی شد"


def test_a_missed_decision_is_added_from_the_list_and_confirmed(
    page, live_server, page_problems, tmp_path, body, secretary, police
):
    upload = tmp_path / "مصوبه-۳۸۲.txt"
    shutil.copy(SOURCE, upload)
    log_in(page, live_server, secretary)
    page.goto(f"{live_server.url}/bodies/{body.pk}/import/")
    page.set_input_files("#id_file", str(upload))
    with page.expect_navigation():
        page.click("#import-form button[type=submit]")

    items = page.locator(".draft-item")
    expect(items).to_have_count(8)
    low = page.locator(".draft-item.low")
    expect(low).to_have_count(5)  # «تصویب نامه», «شماره انتشار» … : labels of the publisher's form
    expect(low.first).to_contain_text(fa("check this one"))
    expect(page.locator(".draft-item:not(.low)")).to_have_count(3)
    missed = page.locator("#missed .missed-item")
    expect(missed).to_have_count(1)
    expect(missed.first).to_contain_text(MISSED)

    # The three lettered decisions get their organisation; the form's labels are left out.
    for index in range(3):
        page.select_option(f"#id_r{index}-extra", str(police.pk))
    for index in range(3, 8):
        page.uncheck(f"#id_r{index}-include")
    with page.expect_navigation():
        missed.first.get_by_role("button", name=fa("Add as a resolution")).click()
    expect(page.locator(".flash")).to_contain_text(fa("The passage was added as a resolution; check it."))
    expect(page.locator("#missed")).to_have_count(0)
    expect(items).to_have_count(9)
    added = page.locator(".draft-item").filter(has=page.locator(f"textarea:has-text('{MISSED[:30]}')"))
    expect(added).to_have_count(1)
    # The choices made before the click were kept.
    expect(page.locator("#id_r0-resp_0 option:checked")).to_have_text(police.name)
    expect(page.locator("#id_r3-include")).not_to_be_checked()

    number = added.locator("input[name$='-number']").input_value()
    prefix = added.locator("textarea").get_attribute("name").split("-")[0]
    page.select_option(f"#id_{prefix}-extra", str(police.pk))
    page.fill("#id_m-number", "382")
    with page.expect_navigation():
        page.get_by_role("button", name=fa("Confirm and create the meeting")).click()

    meeting = Meeting.objects.get(body=body, number=382)
    texts = list(meeting.resolutions.order_by("position").values_list("text", flat=True))
    assert len(texts) == 4
    assert any(text.startswith(MISSED) for text in texts)
    assert not any(text in ("تصویب نامه", "شماره انتشار") for text in texts)
    assert number
    assert page_problems == []
