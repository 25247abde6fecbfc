"""The crawl of issue 10: the whole demo (`make demo`'s five loaders), signed in as every demo role and as a
visitor, in a real browser with DEBUG off. From each role's landing page every same-site link is followed
(breadth first; at most two addresses per URL name and role, so the walk stays short), and each page is read
as a person reads it, at a desktop width and at a phone's (390 px). The crawl fails on

- a server error (5xx) on any page or download;
- a Latin digit or an English word in the visible text: text nodes, the tooltips (title), placeholders and
  labels (aria-label), the options of a select, the values of form fields, the text of charts drawn in SVG,
  the page's title and the names of downloaded files;
- a page wider than the screen at 390 px (the document scrolls sideways).

What may stay Latin is a short list, each for a reason: the names of file formats and of the API that
people know by those names (API, PDF, Excel, Word, CSV), the map's required attribution (OpenStreetMap,
ODbL), e-mail addresses and web addresses, and text a page marks as another language (lang="en", such as
the «English» button of the language switch).
"""

import re
import time
from collections import Counter, deque
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from django.conf import settings
from django.urls import Resolver404, resolve

from hamafza.assembly import demo_data as assembly_data
from hamafza.assembly.demo import load_assembly_demo
from hamafza.atlas.demo import load_atlas_demo
from hamafza.demo import PASSWORD, load_demo
from hamafza.goals.demo import USERS as GOALS_USERS
from hamafza.goals.demo import load_goals_demo
from hamafza.participation.demo import DONOR_USERNAME, load_participation_demo

pytestmark = pytest.mark.browser

# Every kind of person the demo has (None: a visitor who has not signed in).
ROLES = [
    "wg-secretary",  # secretariat of the working group
    "hq21-secretary",  # secretariat of district 21's headquarters
    "police",  # officer of a member agency, lead on many resolutions
    "education21",  # officer of a district agency
    "viewer",  # reads both bodies' work
    "ngo-children",  # officer of an NGO
    "charity",  # officer of a charity
    DONOR_USERNAME,  # a person who pledges
    "judiciary-secretary",  # the assembly's secretariat
    "assembly-supervisor",
    "assembly-teller",
    assembly_data.REPRESENTATIVE,
    *GOALS_USERS,  # the annual goals: national owner, provinces, reviewer
    None,
]
PER_NAME = 2  # addresses per URL name and role
PER_NAME_IN_ALL = 4  # addresses per URL name over all roles (a download's: one)
WIDTHS = (1280, 390)

# Never followed: the English API documentation and the JSON API, Django's admin (its own translation), the
# language switch and logging out (forms, not links), static files.
SKIPPED = ("/api/", "/admin/", "/i18n/", "/static/", "/accounts/logout/")

ALLOWED_WORDS = {"API", "PDF", "Excel", "Word", "CSV", "OpenStreetMap", "ODbL"}
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
WEB_ADDRESS = re.compile(r"(https?://|www\.)\S+")
FILE_EXTENSION = re.compile(r"\.(pdf|xlsx|docx|csv|json|geojson|zip)\b", re.IGNORECASE)
LATIN = re.compile(r"[A-Za-z]{2,}|[0-9]")

# Everything a person reads on a page, skipping what is hidden, scripts and text marked as another language.
READ_PAGE = """() => {
  const out = [document.title];
  const foreign = (el) => el.closest('[lang]:not([lang^="fa"])');
  const seen = (el) => el.checkVisibility ? el.checkVisibility({visibilityProperty: true}) : true;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.nodeValue.trim() || !el || el.closest('script,style,noscript,template')) continue;
    if (foreign(el) || !seen(el)) continue;
    out.push(node.nodeValue);
  }
  for (const el of document.body.querySelectorAll('[title],[placeholder],[aria-label],input,textarea,option')) {
    if (foreign(el)) continue;
    if (el.tagName !== 'OPTION' && !seen(el) && !el.closest('.leaflet-control')) continue;
    for (const name of ['title', 'placeholder', 'aria-label']) if (el.getAttribute(name)) out.push(el.getAttribute(name));
    if (el.tagName === 'OPTION') out.push(el.textContent);
    else if (el.matches('textarea, input:not([type=hidden]):not([type=password]):not([type=file]):not([type=checkbox]):not([type=radio])')) out.push(el.value);
  }
  return out.join('\\n');
}"""
LINKS = """() => Array.from(document.querySelectorAll('a[href]'), (a) => a.href)"""
REPORT = Path(__file__).resolve().parents[2] / "var" / "crawl-failures.txt"
SPILL = "document.documentElement.scrollWidth - window.innerWidth"


def latin_in(text: str) -> list[str]:
    """The Latin digits and English words of a text that are not on the allow-list."""
    text = WEB_ADDRESS.sub(" ", EMAIL.sub(" ", text))
    text = FILE_EXTENSION.sub(" ", text)
    found = []
    for line in text.splitlines():
        for match in LATIN.finditer(line):
            if match.group() in ALLOWED_WORDS:
                continue
            found.append(line.strip()[:120])
            break
    return found


def test_latin_in_reads_as_the_crawl_means():
    assert latin_in("مصوبه ۱ ثبت شد · API · PDF · Excel · a.b@demo.hamafza.ir · https://x.ir/a1") == []
    assert latin_in("مصوبه 1 ثبت شد") == ["مصوبه 1 ثبت شد"]
    assert latin_in("Zoom in") == ["Zoom in"]
    assert latin_in("گزارش.xlsx") == []


@pytest.fixture
def demo(transactional_db):
    """`make demo`'s five loaders, in this process (the atlas with fewer synthetic incidents: the pages are
    the same, the sums smaller)."""
    started = time.perf_counter()
    load_demo()
    load_atlas_demo(incidents=20_000)
    load_participation_demo()
    load_goals_demo()
    load_assembly_demo()
    print(f"demo loaded in {time.perf_counter() - started:.0f} s")


def url_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("form.stack button[type=submit]")
    assert "/accounts/login/" not in page.url, username


def read(page, base: str, url: str, role: str, failures: list[str]) -> list[str] | None:
    """Opens one address, checks it and returns the same-site links it offers (None for a download)."""
    from playwright.sync_api import Error

    where = f"{role} {url[len(base) :]}"
    try:
        response = page.goto(url)
    except Error as error:
        if "Download is starting" not in str(error):
            failures.append(f"{where}: {error}")
            return []
        download = page.context.request.get(url)
        if download.status >= 500:
            failures.append(f"{where}: HTTP {download.status}")
        disposition = download.headers.get("content-disposition", "")
        name = re.search(r"filename\*=UTF-8''([^;]+)|filename=\"?([^\";]+)", disposition)
        if name:
            filename = unquote(name.group(1) or name.group(2))
            failures += [f"{where}: file name «{item}»" for item in latin_in(filename)]
        return None
    if response is None:
        return []
    if response.status >= 500:
        failures.append(f"{where}: HTTP {response.status}")
        return []
    if not response.headers.get("content-type", "").startswith("text/html"):
        return None
    page.wait_for_load_state("load")
    failures += [f"{where}: «{line}»" for line in latin_in(page.evaluate(READ_PAGE))]
    page.set_viewport_size({"width": WIDTHS[1], "height": 800})
    spill = page.evaluate(SPILL)
    if spill > 0:
        failures.append(f"{where}: {spill} px wider than a 390 px screen")
    page.set_viewport_size({"width": WIDTHS[0], "height": 800})
    return page.evaluate(LINKS)


def test_every_page_of_the_demo_as_every_role(demo, live_server, browser):
    assert settings.DEBUG is False
    base = live_server.url
    failures: list[str] = []
    visited_total = 0
    in_all: Counter = Counter()
    downloads: set[str] = set()
    for role in ROLES:
        started = time.perf_counter()
        context = browser.new_context(
            viewport={"width": WIDTHS[0], "height": 800},
            locale="fa-IR",
            timezone_id="Asia/Tehran",
            reduced_motion="reduce",
        )
        context.set_default_timeout(20_000)
        page = context.new_page()
        page.on("pageerror", lambda error, role=role: failures.append(f"{role}: script error {error}"))
        if role:
            sign_in(page, base, role)
        start = page.url if role else f"{base}/"
        queue = deque([start])
        seen: set[str] = set()
        per_name: Counter = Counter()
        while queue:
            url = queue.popleft().split("#")[0]
            parts = urlsplit(url)
            if url in seen or f"{parts.scheme}://{parts.netloc}" != base or parts.path.startswith(SKIPPED):
                continue
            seen.add(url)
            name = url_name(parts.path)
            if (
                name is None
                or name in downloads
                or per_name[name] >= PER_NAME
                or in_all[name] >= PER_NAME_IN_ALL
            ):
                continue
            per_name[name] += 1
            in_all[name] += 1
            visited_total += 1
            links = read(page, base, url, role or "visitor", failures)
            if links is None:
                downloads.add(name)
            else:
                queue.extend(links)
        context.close()
        print(f"{role}: {sum(per_name.values())} addresses in {time.perf_counter() - started:.0f} s")
    print(f"{visited_total} addresses read")
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text("\n".join(failures) + "\n", encoding="utf-8")
    assert failures == [], "\n".join(failures)
