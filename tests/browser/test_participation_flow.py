"""Participation as people do it, in a real browser: a visitor offers help on the public page, the
secretariat accepts the offer and links it to the need, the police (the receiving agency) records the
delivery with evidence, and the donor's certificate of appreciation is a real Persian PDF."""

import datetime as dt

import pytest
from PIL import Image
from playwright.sync_api import expect

from hamafza.participation.models import Need, Pledge
from hamafza.participation.services import needs
from tests.browser.test_follow_up_flow import fa, log_in, log_out
from tests.participation.test_certificates import has_persian, pdf_text

pytestmark = pytest.mark.browser

DONOR = "رضا مهرپرور"


def test_public_offer_accepted_delivered_and_certified(
    transactional_db,
    live_server,
    page,
    page_problems,
    shoot,
    tmp_path,
    body,
    secretary,
    officer,
    police,
    neighbourhood,
    today,
):
    need = needs.propose_need(
        by=officer,
        body=body,
        organization=police,
        region=neighbourhood,
        category="vehicle",
        title="خودروی گشت برای کلانتری محله",
        justification="گشت‌زنی شبانه در محله هدف",
        estimated_cost=900_000_000,
        deadline=today + dt.timedelta(days=60),
        urgency=Need.Urgency.HIGH,
    )
    needs.approve_need(need, by=secretary)
    receipt_photo = tmp_path / "رسید-تحویل.png"
    Image.new("RGB", (200, 120), (240, 240, 240)).save(receipt_photo)

    # A visitor, signed out: the public page lists the need; the offer is made on its page.
    page.goto(f"{live_server.url}/participation/public/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    card = page.locator("main").get_by_role("link", name=need.title)
    expect(card).to_have_count(1)
    shoot("09-public-needs")
    with page.expect_navigation():
        card.click()
    offer = page.locator("#offer form")
    offer.locator("[name=name]").fill(DONOR)
    offer.locator("[name=mobile]").fill("۰۹۱۲۳۴۵۶۷۸۹")
    offer.locator("[name=value]").fill("۳۰۰۰۰۰۰۰۰")
    offer.locator("[name=description]").fill("سهم من برای خرید خودرو")
    offer.locator("[name=consent]").check()
    with page.expect_navigation():
        offer.locator("button[type=submit]").click()
    expect(page.locator("main")).to_contain_text(DONOR)
    pledge = Pledge.objects.get()
    assert (pledge.state, pledge.need_id, pledge.value, pledge.donor.name) == (
        Pledge.State.OFFERED,
        need.pk,
        300_000_000,
        DONOR,
    )

    # The secretariat finds the offer among the pledges, accepts it and links it to the need.
    log_in(page, live_server, secretary)
    page.goto(f"{live_server.url}/participation/pledges/?state=offered")
    with page.expect_navigation():
        page.locator(f"main table a[href*='/pledges/{pledge.pk}/']").first.click()
    accept = page.locator("#accept-form")
    accept.locator("select[name=need]").select_option(str(need.pk))
    shoot("10-secretariat-accepts-offer")
    with page.expect_navigation():
        accept.locator("button[type=submit]").click()
    pledge.refresh_from_db()
    assert (pledge.state, pledge.need_id) == (Pledge.State.PLEDGED, need.pk)
    expect(page.locator("main")).to_contain_text(fa("Pledged"))
    log_out(page)

    # The police, who receive it, record the delivery with a photo of the receipt: that verifies it.
    log_in(page, live_server, officer)
    page.goto(f"{live_server.url}/participation/pledges/{pledge.pk}/")
    expect(page.locator("main")).to_contain_text(DONOR)
    deliver = page.locator("#deliver-form")
    deliver.locator("[name=value]").fill("۳۰۰۰۰۰۰۰۰")
    deliver.locator("[name=note]").fill("خودرو تحویل کلانتری شد")
    deliver.locator("input[type=file]").set_input_files(str(receipt_photo))
    with page.expect_navigation():
        deliver.locator("button[type=submit]").click()
    pledge.refresh_from_db()
    need.refresh_from_db()
    assert (pledge.state, pledge.delivered_value) == (Pledge.State.VERIFIED, 300_000_000)
    assert (need.state, need.value_met) == (Need.State.PARTLY_MET, 300_000_000)
    expect(page.locator("#evidence")).to_contain_text(receipt_photo.name)
    shoot("11-delivery-verified")
    log_out(page)

    # The secretariat hands the donor the certificate: a Persian PDF naming the donor.
    log_in(page, live_server, secretary)
    page.goto(f"{live_server.url}/participation/pledges/{pledge.pk}/")
    link = page.locator("a[href$='/certificate.pdf']")
    expect(link).to_have_count(1)
    response = page.request.get(live_server.url + link.get_attribute("href"))
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    text = pdf_text(response.body())
    pledge.refresh_from_db()
    assert pledge.certificate_number
    assert has_persian(text, DONOR)
    assert page_problems == []
