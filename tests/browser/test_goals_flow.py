"""Annual goals as people do it, in a real browser: the Tehran deputy adopts the national programme and
sets its own targets, reports a quarter with its evidence, writes its year-end reviews, and, once the
reviewer has accepted them, carries two goals into next year's programme."""

import pytest
from playwright.sync_api import expect

from hamafza.goals.models import Goal, Programme, QuarterReport, YearEndReview
from tests.browser.test_follow_up_flow import fa, log_in, log_out

pytestmark = pytest.mark.browser


def _click(page, locator):
    with page.expect_navigation():
        locator.click()


def test_a_province_adopts_reports_reviews_and_carries_over(
    transactional_db,
    live_server,
    page,
    page_problems,
    shoot,
    tmp_path,
    national_programme,
    tehran_officer,
    reviewer,
    year,
):
    page.set_viewport_size({"width": 1366, "height": 900})
    evidence = tmp_path / "صورتجلسه-فصل-اول.pdf"  # Django drops a ZWNJ from uploaded names (isprintable)
    evidence.write_bytes(b"%PDF-1.4\n%goals evidence\n")

    # The Tehran deputy's officer finds the national programme among those it can adopt, and adopts it.
    log_in(page, live_server, tehran_officer)
    page.goto(f"{live_server.url}/goals/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    _click(page, page.locator("#adoptable a").first)
    _click(page, page.locator("#adopt"))
    adoption = Programme.objects.get(organization=tehran_officer.organization, year=year)
    assert page.url.endswith(f"/goals/programmes/{adoption.pk}/")
    expect(page.locator("#programme-state")).to_have_text(fa("Draft"))

    # Its own baseline and target for the first goal, typed in Persian digits.
    first = adoption.goals.get(number=1)
    _click(page, page.locator(f"#goal-{first.pk} a[href$='/edit/']").first)
    page.fill("[name=baseline]", "۱۲۰")
    page.fill("[name=target]", "۲۶۰")
    shoot("12-goals-own-targets")
    _click(page, page.locator("#measure-form button[type=submit]"))
    measure = first.measures.get()
    measure.refresh_from_db()
    assert (measure.baseline, measure.target) == (120, 260)
    assert measure.adopted_from.target == 200  # the national target is untouched
    _click(page, page.locator("#activate"))
    expect(page.locator("#programme-state")).to_have_text(fa("Active"))

    # The first quarter's report with its evidence.
    _click(page, page.locator(f"#measure-{measure.pk} a.chip[href*='quarter=1']"))
    page.fill("[name=value]", "۷۰")
    page.fill("[name=narrative]", "۷۰ جلسه آموزش خانواده در کلانتری‌های استان")
    page.set_input_files("[name=files]", str(evidence))
    shoot("13-goals-quarter-report")
    _click(page, page.locator("#report-form button[type=submit]"))
    report = QuarterReport.objects.get(measure=measure)
    assert (report.quarter, report.value, report.state) == (1, 70, "submitted")
    expect(page.locator("#evidence")).to_contain_text(evidence.name)

    # The year-end review of both goals, each sent to the reviewer.
    for goal in adoption.goals.order_by("number"):
        page.goto(f"{live_server.url}/goals/goals/{goal.pk}/review/")
        form = page.locator("#review-form")
        form.locator("input[name^=figure_]").fill("۲۴۰" if goal.number == 1 else "۱۲")
        form.locator("[name=achieved]").fill("۲۴۰ جلسه آموزش خانواده برگزار شد")
        form.locator("[name=strengths]").fill("همکاری آموزش و پرورش")
        form.locator("[name=weaknesses]").fill("کمبود مشاور زن")
        form.locator("[name=causes]").fill("نبود ردیف بودجه")
        form.locator("[name=proposal]").fill("جذب مشاور داوطلب از دانشگاه‌ها")
        if goal.number == 1:
            shoot("14-goals-year-end-review")
        _click(page, page.locator("#submit-review"))
        expect(page.locator("#review-state")).to_have_text(fa("Awaiting review"))
    log_out(page)

    # The reviewer accepts the report and both reviews.
    log_in(page, live_server, reviewer)
    page.goto(f"{live_server.url}/goals/reports/{report.pk}/")
    _click(page, page.locator("#decision-form button[value=accept]"))
    expect(page.locator("#report-state")).to_have_text(fa("Accepted"))
    for goal in adoption.goals.all():
        page.goto(f"{live_server.url}/goals/goals/{goal.pk}/review/")
        _click(page, page.locator("#decision-form button[value=accept]"))
    assert set(YearEndReview.objects.values_list("state", flat=True)) == {"accepted"}
    log_out(page)

    # The officer carries both goals into next year: a draft whose baselines are the reviews' values.
    log_in(page, live_server, tehran_officer)
    page.goto(f"{live_server.url}/goals/programmes/{adoption.pk}/")
    expect(page.locator(f"#measure-{measure.pk}")).to_contain_text("۷۰")  # the accepted quarter
    _click(page, page.locator("#carry-link"))
    for box in page.locator("#carry-form input[type=checkbox]").all():
        box.check()
    _click(page, page.locator("#carry-form button[type=submit]"))
    following = Programme.objects.get(organization=tehran_officer.organization, year=year + 1)
    assert page.url.endswith(f"/goals/programmes/{following.pk}/")
    carried = list(Goal.objects.filter(programme=following).order_by("number"))
    assert [g.carried_from.programme_id for g in carried] == [adoption.pk, adoption.pk]
    assert [g.measures.get().baseline for g in carried] == [240, 12]
    expect(page.locator("#programme-state")).to_have_text(fa("Draft"))
    expect(page.locator("main")).to_contain_text("۲۴۰")
    shoot("15-goals-carried-into-next-year")
    assert page_problems == []
