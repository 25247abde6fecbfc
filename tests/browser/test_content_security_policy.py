"""Under the Content-Security-Policy (issue 12, hardening) the site still works in Chromium: the login
form, the atlas map drawn by its script, the date picker and the autosubmitting choice, with no violation
reported by the browser (a `securitypolicyviolation` event or a console error).

Run alone with `.venv/bin/python -m pytest -q -m browser tests/browser/test_content_security_policy.py`.
"""

import pytest
from playwright.sync_api import expect

from hamafza.atlas.services.taxonomy import ensure_taxonomy
from hamafza.places.models import Region
from hamafza.places.services import DISTRICT21_CODE, load_regions
from tests.browser.test_follow_up_flow import log_in

pytestmark = pytest.mark.browser

WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI + " " + (e.sourceFile || ""));
});
"""


def test_login_atlas_map_and_forms_work_under_the_policy(
    transactional_db, live_server, page, page_problems, secretary
):
    load_regions()
    ensure_taxonomy()
    page.add_init_script(WATCH)
    log_in(page, live_server, secretary)
    assert page.evaluate("window.__csp") == []

    response = page.goto(f"{live_server.url}/atlas/")
    assert "script-src 'self' 'nonce-" in response.headers["content-security-policy"]
    district = Region.objects.get(code=DISTRICT21_CODE)
    expect(page.locator("#map path[data-region]")).to_have_count(district.children.count())
    # The controls' form is handled by the script and never sent (data-no-submit instead of onsubmit).
    page.locator("#atlas-form").evaluate("form => form.requestSubmit()")
    assert page.url == f"{live_server.url}/atlas/"
    assert page.evaluate("window.__csp") == []

    # The phone menu opens through site.js (it was an inline script).
    page.set_viewport_size({"width": 390, "height": 800})
    page.locator("header .menu-toggle").click()
    expect(page.locator("header .menu-toggle")).to_have_attribute("aria-expanded", "true")
    assert page.evaluate("window.__csp") == []
    assert page_problems == []
