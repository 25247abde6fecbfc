"""Issue 10, defect 10: a form too large is refused in the browser before it is sent, and the text stays.

A 6 MB note was answered with Django's English «RequestDataTooBig» page and the typed text was lost.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.test_follow_up_flow import log_in

pytestmark = pytest.mark.browser

SENTENCE = "گزارش کامل جلسه با همهٔ پیوست‌ها. "
REPEAT = 100_000  # 3.4 million characters: 6 MB of UTF-8, far more once a plain form encodes it


def test_an_oversize_text_is_refused_before_sending_and_kept(
    transactional_db, live_server, page, page_problems, secretary, resolution
):
    before = resolution.text
    log_in(page, live_server, secretary)
    edit = f"{live_server.url}/resolutions/{resolution.pk}/edit/"
    page.goto(edit)
    # A note pasted from a long document, put in the page as a paste does (Playwright's fill and its
    # keyboard time out on a textarea of 6 MB).
    page.locator("#id_text").evaluate(
        "(el, [s, n]) => { el.value = s.repeat(n) + 'پایان'; el.dispatchEvent(new Event('input')); }",
        [SENTENCE, REPEAT],
    )
    note = SENTENCE * REPEAT + "پایان"
    page.locator("#id_text").evaluate("el => el.form.requestSubmit()")
    alert = page.locator("form [role=alert].form-limit-error")
    expect(alert).to_contain_text("فرستاده نشد")
    expect(alert).to_contain_text("۵ مگابایت")
    expect(alert).to_contain_text("«متن»")
    assert page.url == edit
    kept = page.locator("#id_text").evaluate(
        "(el, [s, n]) => el.value === s.repeat(n) + 'پایان'", [SENTENCE, REPEAT]
    )
    assert kept, f"the note was not kept ({len(note):,} characters typed)"
    resolution.refresh_from_db()
    assert resolution.text == before

    # Within the server's limit but over the field's own (limits.LONG_TEXT): said in the page, text kept.
    longer = "ب" * 20_001
    page.fill("#id_text", longer)
    page.locator("#id_text").evaluate("el => el.form.requestSubmit()")
    expect(alert).to_contain_text("۲۰٬۰۰۰")
    expect(alert).to_contain_text("۲۰٬۰۰۱")
    assert page.locator("#id_text").input_value() == longer

    # A text within both limits is sent as before.
    page.fill("#id_text", "متن کوتاه")
    with page.expect_navigation():
        page.locator("#id_text").evaluate("el => el.form.requestSubmit()")
    resolution.refresh_from_db()
    assert resolution.text == "متن کوتاه"
    assert page_problems == []
