"""Playwright driving Debian's chromium against pytest-django's live server.

Nothing is downloaded: the browser is /usr/bin/chromium (`make chromium` installs it). Every page a test
opens is watched; a failed request to the live server, an HTTP error status, a console error or an
uncaught script error is recorded in `page_problems`, which the tests assert is empty.
"""

import os
from pathlib import Path

import pytest

from tests.goals.cast import *  # noqa: F403 (the goals cast, for the goals flows)

# Playwright's sync API runs an event loop in the test thread; Django then refuses database calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 800}
# The tests always take their screenshots; `make screenshots` points them at docs/screenshots (the README's).
SCREENSHOTS = Path(
    os.environ.get("SCREENSHOT_DIR") or Path(__file__).resolve().parents[2] / "var" / "screenshots"
)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make chromium` (Debian's chromium package).")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page_problems():
    """What went wrong in the browser: failed requests, error statuses, console and script errors."""
    return []


@pytest.fixture
def page(browser, live_server, page_problems):
    # A Persian browser (LocaleMiddleware reads Accept-Language from the locale); charts drawn without
    # animation, so that a screenshot never catches one half drawn.
    context = browser.new_context(
        viewport=VIEWPORT, locale="fa-IR", timezone_id="Asia/Tehran", reduced_motion="reduce"
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    ours = live_server.url

    def on_response(response):
        if response.url.startswith(ours) and response.status >= 400:
            page_problems.append(f"HTTP {response.status} {response.url}")

    def on_request_failed(request):
        if request.url.startswith(ours):
            page_problems.append(f"request failed ({request.failure}) {request.url}")

    def on_console(message):
        if message.type == "error":
            page_problems.append(f"console error: {message.text} at {message.location.get('url', '')}")

    page.on("response", on_response)
    page.on("requestfailed", on_request_failed)
    page.on("console", on_console)
    page.on("pageerror", lambda error: page_problems.append(f"script error: {error}"))
    yield page
    context.close()


@pytest.fixture
def shoot(page):
    """Saves a screenshot of the current page in SCREENSHOTS (docs/screenshots with `make screenshots`)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=False)
        return path

    return take
