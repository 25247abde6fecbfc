import datetime as dt

import jdatetime
import pytest

from hamafza.meetings.models import Assignment
from hamafza.meetings.services import dashboards
from hamafza.reports import followup, render


def keys_of(scenario, rows):
    by_pk = {r.pk: key for key, r in scenario.resolutions.items()}
    return [by_pk[row.resolution.pk] for row in rows]


def test_rows_overdue_first_then_by_meeting_and_number(scenario):
    report = followup.gather(scenario.body, scenario.start, scenario.end, today=scenario.today)
    assert keys_of(scenario, report.rows) == [
        "overdue_10",
        "overdue_3",
        "resolution",
        "done_on_time",
        "done_late",
        "in_review",
    ]
    assert keys_of(scenario, report.cancelled) == ["cancelled"]
    states = {
        key: row.state for key, row in zip(keys_of(scenario, report.all_rows), report.all_rows, strict=True)
    }
    assert states == {
        "overdue_10": "overdue",
        "overdue_3": "overdue",
        "resolution": "not_started",
        "done_on_time": "done",
        "done_late": "done",
        "in_review": "in_progress",
        "cancelled": "cancelled",
    }
    assert [row.days_late for row in report.rows] == [10, 3, None, None, None, None]


def test_summary_matches_the_dashboard_counts(scenario):
    report = followup.gather(scenario.body, scenario.start, scenario.end, today=scenario.today)
    in_period = Assignment.objects.filter(
        resolution__in=followup.resolutions_for_period(scenario.body, scenario.end)
    )
    assert report.counts == dashboards.state_counts(in_period, scenario.today)
    assert report.counts == {
        "not_started": 1,
        "in_progress": 1,
        "overdue": 2,
        "done": 2,
        "cancelled": 1,
        "total": 7,
    }
    assert report.summary == [
        ("overdue", 2),
        ("in_progress", 1),
        ("not_started", 1),
        ("done", 2),
        ("cancelled", 1),
    ]


def test_responsibles_lead_first_with_their_latest_report(scenario, police, welfare, education):
    report = followup.gather(scenario.body, scenario.start, scenario.end, today=scenario.today)
    rows = dict(zip(keys_of(scenario, report.all_rows), report.all_rows, strict=True))
    overdue = rows["overdue_10"].responsibles
    assert [(r.organization, r.is_lead, r.state, r.days_late, r.report) for r in overdue] == [
        (police, True, "overdue", 10, None),
        (education, False, "overdue", 10, None),
    ]
    first = rows["resolution"].responsibles
    assert [(r.organization, r.state) for r in first] == [(police, "open"), (welfare, "open")]
    assert first[0].report is None
    assert (first[1].report.percent, first[1].report.status, first[1].narrative) == (
        30,
        "accepted",
        "جلسات آموزش خانواده برگزار شد",
    )
    assert first[1].report_in_period is True
    review = rows["in_review"].responsibles[0]
    assert (review.state, review.report.percent, review.report.status) == ("in_review", 40, "submitted")


def test_reports_after_the_period_are_left_out(scenario):
    # Every report was submitted today: a period that ends yesterday has the resolutions but no reports.
    report = followup.gather(
        scenario.body, scenario.start, scenario.end - dt.timedelta(days=1), today=scenario.today
    )
    assert len(report.all_rows) == 7
    assert all(r.report is None for row in report.all_rows for r in row.responsibles)


def test_long_narratives_are_shortened(scenario, officer):
    lead = scenario.resolutions["resolution"].assignments.get(role=Assignment.Role.LEAD)
    from hamafza.meetings import services

    services.submit_progress(lead, by=officer, percent=10, note="گزارش " * 200)
    report = followup.gather(scenario.body, scenario.start, scenario.end, today=scenario.today)
    row = next(row for row in report.rows if row.resolution == scenario.resolutions["resolution"])
    assert len(row.responsibles[0].narrative) == followup.NARRATIVE_CHARS
    assert row.responsibles[0].narrative.endswith("…")


def test_rates_hand_computed(scenario):
    """Police: five assignments in the period (the cancelled one does not count); three came due
    (overdue_10, done_on_time, done_late) and one of them was done by its deadline: 1/3.
    Welfare: overdue_3 came due and is late: 0/1; the supporting one on `resolution` is not due yet.
    Education: overdue_10 came due, late: 0/1; `later` is after the period and left out."""
    report = followup.gather(scenario.body, scenario.start, scenario.end, today=scenario.today)
    rates = {
        r.name: (r.assigned, r.done, r.came_due, r.on_time, r.overdue, r.on_time_rate) for r in report.rates
    }
    assert rates == {
        "فرماندهی انتظامی استان": (5, 2, 3, 1, 1, pytest.approx(100 / 3)),
        "اداره کل بهزیستی": (2, 0, 1, 0, 1, 0.0),
        "اداره کل آموزش و پرورش": (1, 0, 1, 0, 1, 0.0),
    }


def test_query_count_does_not_grow_with_resolutions(
    scenario, secretary, police, officer, django_assert_num_queries
):
    from tests.reports.conftest import add_resolution

    # * the resolutions up to the end of the period, with their meetings
    # * their assignments, with the organisations
    # * the latest report of each assignment before the end of the period
    # * each organisation's record (dashboards.org_rates)
    with django_assert_num_queries(4):
        followup.gather(scenario.body, scenario.start, scenario.end, today=scenario.today)
    meeting = scenario.resolutions["resolution"].meeting
    for number in range(20, 35):
        extra = add_resolution(
            meeting, secretary, number, f"مصوبه آزمایشی {number}", [(police, "lead", scenario.today)]
        )
        from hamafza.meetings import services

        services.submit_progress(extra.assignments.get(), by=officer, percent=20, note="آغاز شد")
    with django_assert_num_queries(4):
        report = followup.gather(scenario.body, scenario.start, scenario.end, today=scenario.today)
    assert len(report.all_rows) == 22
    # Rendering adds nothing: the templates and the workbook read only what gather() loaded.
    for fmt in ("pdf", "xlsx"):
        with django_assert_num_queries(4):
            render.render(scenario.body, scenario.start, scenario.end, fmt, today=scenario.today)


def test_default_period_is_the_jalali_season():
    start, end = followup.default_period(jdatetime.date(1403, 5, 20).togregorian())
    assert (jdatetime.date.fromgregorian(date=start), jdatetime.date.fromgregorian(date=end)) == (
        jdatetime.date(1403, 4, 1),
        jdatetime.date(1403, 6, 31),
    )
    start, end = followup.default_period(jdatetime.date(1403, 12, 1).togregorian())
    # 1403 is a leap year: Esfand has 30 days.
    assert (jdatetime.date.fromgregorian(date=start), jdatetime.date.fromgregorian(date=end)) == (
        jdatetime.date(1403, 10, 1),
        jdatetime.date(1403, 12, 30),
    )


def test_period_must_not_be_reversed(body):
    with pytest.raises(ValueError):
        followup.gather(body, dt.date(2024, 5, 1), dt.date(2024, 4, 1))
