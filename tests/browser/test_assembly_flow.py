"""An assembly's election in a real browser: the secretariat opens the vote, three representatives vote
(one on a 390 px phone), two tellers enter two paper ballots, the supervisors count and sign, the
secretariat publishes, and the letters of introduction are real Persian PDFs."""

import re

import pytest
from playwright.sync_api import expect

from hamafza.assembly.models import Ballot, Election, IntroductionLetter, Member, VoterRecord
from hamafza.assembly.services import elections as services
from hamafza.lib.persian import to_ascii_digits
from tests.assembly import conftest as assembly_cast
from tests.assembly.conftest import make_ngo, make_user, stand_all
from tests.browser.test_follow_up_flow import fa, log_in, log_out
from tests.participation.test_certificates import has_persian, pdf_text

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}

# The assembly's cast (tests/assembly/conftest.py) made fixtures of this module as well.
globals().update(
    {
        name: getattr(assembly_cast, name)
        for name in ("assembly", "ngos", "members", "election", "sup1", "sup2", "teller1", "teller2")
    }
)


def click_and_wait(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def vote(page, live_server, user, contest, names) -> str:
    """Sign in as a representative, open the election, vote for `names`; the tracking code shown."""
    log_in(page, live_server, user)
    page.goto(f"{live_server.url}/assembly/elections/{contest.pk}/")
    click_and_wait(page, page.locator("#vote-link"))
    for name in names:
        page.locator("label.choice", has_text=name).click()
    expect(page.locator("#count")).to_contain_text("۲" if len(names) == 2 else "۱")
    click_and_wait(page, page.locator("#cast"))
    expect(page.locator("h1")).to_have_text(fa("Your ballot was cast"))
    code = page.locator("#tracking-code").inner_text()
    assert re.fullmatch(r"\d{4}-\d{4}-\d{4}", to_ascii_digits(code)), code
    return code


def test_an_election_in_the_browser(
    transactional_db,
    live_server,
    browser,
    page,
    page_problems,
    shoot,
    province,
    today,
    secretary,
    assembly,
    members,
    election,
    sup1,
    sup2,
    teller1,
    teller2,
):
    e = make_ngo("انجمن یاوران قانون", province, expires=today.replace(year=today.year + 2))
    members["e"] = Member.objects.create(
        assembly=assembly, organization=e, representative=make_user("rep_e", e), joined_on=today
    )
    services.open_candidacy(election, by=secretary)
    candidates = stand_all(election, members, secretary)
    services.close_candidacy(election, by=secretary)
    names = {key: c.name for key, c in candidates.items()}

    # The secretariat opens the vote.
    log_in(page, live_server, secretary)
    page.goto(f"{live_server.url}/assembly/elections/{election.pk}/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    click_and_wait(page, page.locator("#step-open-voting"))
    expect(page.locator("#stepper li.current")).to_have_text(fa("Voting open"))
    log_out(page)

    # Two representatives vote at the desk.
    vote(page, live_server, members["a"].representative, election, [names["a"], names["b"]])
    log_out(page)
    vote(page, live_server, members["b"].representative, election, [names["b"]])
    shoot("12-assembly-receipt")
    log_out(page)

    # The third votes on a phone: nothing wider than the screen, the cast button within reach.
    phone = browser.new_context(
        viewport=PHONE, locale="fa-IR", timezone_id="Asia/Tehran", is_mobile=True, has_touch=True
    )
    mobile = phone.new_page()
    mobile.on("pageerror", lambda error: page_problems.append(f"script error: {error}"))
    log_in(mobile, live_server, members["c"].representative)
    mobile.goto(f"{live_server.url}/assembly/elections/{election.pk}/vote/")
    width = mobile.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the ballot is {width} px wide on a {PHONE['width']} px phone"
    mobile.locator("label.choice", has_text=names["c"]).click()
    mobile.locator("label.choice", has_text=names["a"]).click()
    mobile.screenshot(path=str(shoot("13-assembly-ballot-phone").parent / "13-assembly-ballot-phone.png"))
    box = mobile.locator("#cast").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    with mobile.expect_navigation():
        mobile.locator("#cast").click()
    expect(mobile.locator("#tracking-code")).to_be_visible()
    phone.close()
    assert VoterRecord.objects.filter(election=election).count() == 3

    # The tellers hand out two paper ballots and enter each twice.
    log_in(page, live_server, teller1)
    page.goto(f"{live_server.url}/assembly/elections/{election.pk}/paper/")
    for key in ("d", "e"):
        page.locator("#paper-voter select[name=member]").select_option(str(members[key].pk))
        click_and_wait(page, page.locator("#paper-voter button[type=submit]"))
    expect(page.locator("#paper-voters")).to_contain_text(members["e"].organization.name)
    papers = {1: [names["a"]], 2: [names["b"], names["c"]]}

    def enter(number, chosen):
        form = page.locator("#paper-entry")
        form.locator("[name=paper_number]").fill(
            str(number).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
        )
        for name in chosen:
            form.locator("label", has_text=name).click()
        click_and_wait(page, form.locator("button[type=submit]"))

    for number, chosen in papers.items():
        enter(number, chosen)
    expect(page.locator("#sheets")).to_contain_text(fa("Awaiting a second teller"))
    log_out(page)
    log_in(page, live_server, teller2)
    page.goto(f"{live_server.url}/assembly/elections/{election.pk}/paper/")
    expect(page.locator("#sheets")).to_contain_text(fa("hidden until the second reading"))
    for number, chosen in papers.items():
        enter(number, chosen)
    expect(page.locator("#sheets tr.counted")).to_have_count(2)
    shoot("14-assembly-paper-ballots")
    log_out(page)
    assert Ballot.objects.filter(election=election, paper_number__isnull=False).count() == 2

    # A supervisor closes and counts; both sign.
    log_in(page, live_server, sup1)
    page.goto(f"{live_server.url}/assembly/elections/{election.pk}/")
    click_and_wait(page, page.locator("#step-close-voting"))
    click_and_wait(page, page.locator("#step-count"))
    click_and_wait(page, page.locator("#results-link"))
    click_and_wait(page, page.locator("#confirm-form button"))
    log_out(page)
    log_in(page, live_server, sup2)
    page.goto(f"{live_server.url}/assembly/elections/{election.pk}/results/")
    click_and_wait(page, page.locator("#confirm-form button"))
    election.refresh_from_db()
    assert election.state == Election.State.CONFIRMED
    log_out(page)

    # The secretariat publishes and downloads the letters.
    log_in(page, live_server, secretary)
    page.goto(f"{live_server.url}/assembly/elections/{election.pk}/results/")
    click_and_wait(page, page.locator("#publish-form button"))
    expect(page.locator("#letters .letter-link")).to_have_count(2)
    shoot("15-assembly-results")
    votes = {line.candidate_id: line.votes for line in election.results.all()}
    assert votes == {candidates["a"].pk: 3, candidates["b"].pk: 3, candidates["c"].pk: 2}
    letters = IntroductionLetter.objects.filter(election=election).select_related(
        "candidate__member__organization"
    )
    for letter in letters:
        link = page.locator(f"#letters a[href$='/letters/{letter.pk}.pdf']")
        response = page.request.get(live_server.url + link.get_attribute("href"))
        assert response.ok and response.headers["content-type"] == "application/pdf"
        text = pdf_text(response.body())
        assert has_persian(text, letter.candidate.member.organization.name)
        assert has_persian(text, "قوه قضاییه")
        serial = letter.number.rsplit("/", 1)[1].translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
        assert serial in text
    assert not page_problems, page_problems
