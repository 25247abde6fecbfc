"""The periodic follow-up report of a body: what its secretariat sends to the governor's office.

`gather(body, start, end)` collects, in a fixed number of queries, every resolution the body passed up to
the end of the period with its state (read off the lead assignment, as the dashboards do), each
responsible organisation's latest progress report up to the end of the period, each organisation's
on-time rate and the counts by state. The PDF and Excel renderers only format what it returns.

States are those of the day the report is made (`today`): the follow-up keeps no history of an
assignment's status, so a report on a past period shows where its resolutions stand now, next to the
latest report each organisation had given by the end of that period.
"""

import datetime as dt
from dataclasses import dataclass, field

import jdatetime
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from hamafza.lib.jalali import jalali_month_bounds, to_jalali
from hamafza.meetings.models import Assignment, Body, ProgressReport, Resolution
from hamafza.meetings.services import dashboards

NARRATIVE_CHARS = 240

# The order of the state sections in the summary (dashboards.STATES, overdue first as in the report).
SUMMARY_STATES = ["overdue", "in_progress", "not_started", "done", "cancelled"]


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The Jalali season (three months) today falls in: its first and last day."""
    j = to_jalali(today)
    first_month = 3 * ((j.month - 1) // 3) + 1
    start, _ = jalali_month_bounds(j.year, first_month)
    _, after = jalali_month_bounds(j.year, first_month + 2)
    return start, after - dt.timedelta(days=1)


def _start_of_day(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass
class Responsible:
    """One organisation's duty on a resolution and what it last reported."""

    assignment: Assignment
    state: str  # Assignment.follow_up_state: done · overdue · due_soon · in_review · returned · open
    days_late: int | None
    report: ProgressReport | None
    report_in_period: bool
    narrative: str

    @property
    def organization(self):
        return self.assignment.organization

    @property
    def is_lead(self) -> bool:
        return self.assignment.is_lead


@dataclass
class Row:
    resolution: Resolution
    state: str  # one of dashboards.STATES
    days_late: int | None
    responsibles: list[Responsible]

    @property
    def meeting(self):
        return self.resolution.meeting

    @property
    def lead(self) -> Responsible | None:
        return next((r for r in self.responsibles if r.is_lead), None)


@dataclass
class FollowupReport:
    body: Body
    start: dt.date
    end: dt.date
    today: dt.date
    generated_at: dt.datetime
    rows: list[Row]  # every resolution not cancelled: overdue first, then by meeting and number
    cancelled: list[Row]
    counts: dict[str, int]
    rates: list[dashboards.OrgRate]
    summary: list[tuple[str, int]] = field(default_factory=list)

    @property
    def all_rows(self) -> list[Row]:
        return self.rows + self.cancelled


def _shorten(text: str, limit: int = NARRATIVE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def resolutions_for_period(body: Body, end: dt.date) -> QuerySet[Resolution]:
    return Resolution.objects.filter(body=body, meeting__held_on__lte=end)


def gather(body: Body, start: dt.date, end: dt.date, *, today: dt.date | None = None) -> FollowupReport:
    """Everything the report shows, in four queries whatever the number of resolutions:

    * the resolutions passed up to the end of the period, with their meetings;
    * their assignments, with the organisations;
    * the latest progress report of each assignment submitted before the end of the period;
    * each organisation's record (dashboards.org_rates).
    """
    if start > end:
        raise ValueError("the period starts after it ends")
    today = today or timezone.localdate()
    period_start = _start_of_day(start)
    cutoff = _start_of_day(end + dt.timedelta(days=1))

    latest_id = (
        ProgressReport.objects.filter(assignment=OuterRef("assignment_id"), submitted_at__lt=cutoff)
        .order_by("-submitted_at", "-pk")
        .values("pk")[:1]
    )
    latest_reports = ProgressReport.objects.filter(submitted_at__lt=cutoff, pk=Subquery(latest_id))
    assignments = Assignment.objects.select_related("organization").prefetch_related(
        Prefetch("reports", queryset=latest_reports, to_attr="latest_reports")
    )
    resolutions = (
        resolutions_for_period(body, end)
        .select_related("meeting")
        .prefetch_related(Prefetch("assignments", queryset=assignments, to_attr="report_assignments"))
    )

    rows: list[Row] = []
    cancelled: list[Row] = []
    for resolution in resolutions:
        responsibles = []
        for assignment in sorted(
            resolution.report_assignments, key=lambda a: (not a.is_lead, a.organization.name, a.pk)
        ):
            state = assignment.follow_up_state(today)
            report = assignment.latest_reports[0] if assignment.latest_reports else None
            responsibles.append(
                Responsible(
                    assignment=assignment,
                    state=state,
                    days_late=(today - assignment.due_on).days if state == "overdue" else None,
                    report=report,
                    report_in_period=bool(report and report.submitted_at >= period_start),
                    narrative=_shorten(report.narrative) if report else "",
                )
            )
        lead = next((r.assignment for r in responsibles if r.is_lead), None)
        state = dashboards.resolution_state(resolution, lead, today)
        days_late = (today - lead.due_on).days if state == "overdue" else None
        row = Row(resolution=resolution, state=state, days_late=days_late, responsibles=responsibles)
        (cancelled if state == "cancelled" else rows).append(row)

    def order(row: Row):
        meeting = row.resolution.meeting
        usual = (meeting.held_on, meeting.number, row.resolution.position, row.resolution.pk)
        if row.state == "overdue":
            return (0, -row.days_late, *usual)
        return (1, 0, *usual)

    rows.sort(key=order)
    cancelled.sort(key=order)

    counts = {state: 0 for state in dashboards.STATES}
    for row in rows + cancelled:
        counts[row.state] += 1
    counts["total"] = len(rows) + len(cancelled)

    rates = dashboards.org_rates(
        Assignment.objects.filter(resolution__in=resolutions_for_period(body, end)), today
    )
    return FollowupReport(
        body=body,
        start=start,
        end=end,
        today=today,
        generated_at=timezone.localtime(),
        rows=rows,
        cancelled=cancelled,
        counts=counts,
        rates=rates,
        summary=[(state, counts[state]) for state in SUMMARY_STATES],
    )


def period_label(start: dt.date, end: dt.date) -> tuple[str, str]:
    """The period's ends as ASCII Jalali dates, for file names: ("1403-01-01", "1403-03-31")."""
    return tuple(jdatetime.date.fromgregorian(date=d).strftime("%Y-%m-%d") for d in (start, end))
