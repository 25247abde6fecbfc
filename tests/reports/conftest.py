"""A body with a resolution in every state, for the follow-up report.

On the shared cast's meeting (30 days ago), besides the shared `resolution` (police lead, due in 20 days,
welfare supporting with an accepted 30% report):

- overdue_10: police lead and education supporting, both due 10 days ago;
- overdue_3: welfare lead, due 3 days ago;
- done_on_time: police, due in 5 days, reported 100% and accepted today;
- done_late: police, due 5 days ago, reported 100% and accepted today;
- cancelled: police, cancelled;
- in_review: police, due in 40 days, a 40% report awaiting review;
- later: on a meeting after the period's end (education lead), so it is left out.

The period runs from 90 days ago to today.
"""

import datetime as dt
from dataclasses import dataclass

import pytest

from hamafza.meetings import services
from hamafza.meetings.models import Assignment, Resolution

LEAD, SUPPORTING = Assignment.Role.LEAD, Assignment.Role.SUPPORTING

TEXTS = {
    "resolution": "پیشگیری از آسیب‌های اجتماعی در محلات هدف",
    "overdue_10": "ساماندهی معتادان متجاهر در گرمخانه",
    "overdue_3": "نصب دوربین در معابر کم‌نور",
    "done_on_time": "تشکیل کمیته حمایت از کودکان کار",
    "done_late": "پاکسازی دیوارنوشته‌ها از میادین",
    "cancelled": "احداث پارک بانوان",
    "in_review": "شناسایی خانوارهای نیازمند محله",
    "later": "ایجاد کتابخانه عمومی",
}


@dataclass
class Scenario:
    body: object
    start: dt.date
    end: dt.date
    today: dt.date
    resolutions: dict[str, Resolution]


def add_resolution(meeting, secretary, number, text, assignments):
    spec = services.ResolutionSpec(
        number=str(number),
        text=text,
        assignments=[
            services.AssignmentSpec(org, role=role, deadline=deadline) for org, role, deadline in assignments
        ],
    )
    return services.create_resolution(meeting, by=secretary, spec=spec)


def report_and_review(assignment, *, by, reviewer, percent, note, accept=True):
    report = services.submit_progress(assignment, by=by, percent=percent, note=note)
    if accept:
        services.accept_report(report, by=reviewer)
    return report


@pytest.fixture
def scenario(body, meeting, resolution, secretary, officer, other_officer, police, welfare, education, today):
    days = dt.timedelta
    made = {"resolution": resolution}
    made["overdue_10"] = add_resolution(
        meeting,
        secretary,
        2,
        TEXTS["overdue_10"],
        [(police, LEAD, today - days(10)), (education, SUPPORTING, today - days(10))],
    )
    made["overdue_3"] = add_resolution(
        meeting, secretary, 3, TEXTS["overdue_3"], [(welfare, LEAD, today - days(3))]
    )
    made["done_on_time"] = add_resolution(
        meeting, secretary, 4, TEXTS["done_on_time"], [(police, LEAD, today + days(5))]
    )
    made["done_late"] = add_resolution(
        meeting, secretary, 5, TEXTS["done_late"], [(police, LEAD, today - days(5))]
    )
    made["cancelled"] = add_resolution(
        meeting, secretary, 6, TEXTS["cancelled"], [(police, LEAD, today + days(10))]
    )
    made["in_review"] = add_resolution(
        meeting, secretary, 7, TEXTS["in_review"], [(police, LEAD, today + days(40))]
    )
    later_meeting = services.create_meeting(body, by=secretary, number=8, held_on=today + days(3))
    made["later"] = add_resolution(
        later_meeting, secretary, 1, TEXTS["later"], [(education, LEAD, today + days(60))]
    )

    supporting = resolution.assignments.get(role=SUPPORTING)
    report_and_review(
        supporting, by=other_officer, reviewer=secretary, percent=30, note="جلسات آموزش خانواده برگزار شد"
    )
    for key in ("done_on_time", "done_late"):
        lead = made[key].assignments.get(role=LEAD)
        report_and_review(lead, by=officer, reviewer=secretary, percent=100, note="کار به پایان رسید")
    in_review = made["in_review"].assignments.get(role=LEAD)
    report_and_review(
        in_review,
        by=officer,
        reviewer=secretary,
        percent=40,
        note="شناسایی در دو محله انجام شد",
        accept=False,
    )
    services.cancel_resolution(made["cancelled"], by=secretary, reason="نبود اعتبار")
    for key in made:
        made[key].refresh_from_db()
    return Scenario(body=body, start=today - days(90), end=today, today=today, resolutions=made)
