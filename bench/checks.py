"""On the big data set, the dashboards' figures must equal those of plain reference queries.

The dashboard queries are written for speed (one pass, subqueries instead of joins, date ranges
instead of date casts); these references are the straightforward forms of the same definitions,
so a difference is a bug in the fast form.
"""

import datetime as dt

from django.db.models import Case, F, IntegerField, Q, When

from hamafza.lib.jalali import last_jalali_months
from hamafza.meetings.models import Assignment, Body, Resolution
from hamafza.meetings.services import dashboards


def _reference_trend(resolutions, today: dt.date) -> list[dict]:
    rows = []
    for year, month, start, end in last_jalali_months(today, 12):
        rows.append(
            {
                "year": year,
                "month": month,
                "passed": resolutions.filter(meeting__held_on__gte=start, meeting__held_on__lt=end).count(),
                "done": resolutions.filter(done_at__date__gte=start, done_at__date__lt=end).count(),
            }
        )
    return rows


def _reference_org_page(organization_id: int, today: dt.date) -> list[int]:
    closed = Case(
        When(Q(status=Assignment.Status.DONE) | ~Q(resolution__status=Resolution.Status.OPEN), then=1),
        default=0,
        output_field=IntegerField(),
    )
    return list(
        Assignment.objects.filter(organization_id=organization_id)
        .alias(is_closed=closed)
        .order_by("is_closed", F("due_on").asc(nulls_last=True), "-pk")
        .values_list("pk", flat=True)[:50]
    )


def body_figures(body: Body, today: dt.date) -> list[str]:
    """The differences between the body dashboard and the references (empty when they agree)."""
    data = dashboards.body_dashboard(body, today)
    assignments = Assignment.objects.for_body(body)
    problems = []
    if data["counts"] != dashboards.state_counts(assignments, today):
        problems.append(f"{body}: state counts differ")
    if data["rates"] != dashboards.org_rates(assignments, today):
        problems.append(f"{body}: organisation rates differ")
    if data["overdue_total"] != assignments.overdue(today).count():
        problems.append(f"{body}: overdue total differs")
    expected = list(assignments.overdue(today).order_by("due_on", "pk").values_list("pk", flat=True)[:50])
    if [a.pk for a in data["overdue"]] != expected:
        problems.append(f"{body}: overdue list differs")
    if data["trend"] != _reference_trend(Resolution.objects.filter(body=body), today):
        problems.append(f"{body}: monthly trend differs")
    return problems


def organization_figures(organization_id: int, today: dt.date) -> list[str]:
    page = [a.pk for a in dashboards.organization_assignments(organization_id, today)[:50]]
    if page != _reference_org_page(organization_id, today):
        return [f"organisation {organization_id}: first page of assignments differs"]
    return []
