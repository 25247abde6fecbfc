"""The figures behind the dashboards and the periodic report, each in a fixed number of queries."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, Count, Exists, F, IntegerField, Max, OuterRef, Prefetch, Q, QuerySet, When
from django.utils import timezone

from hamafza.lib.jalali import last_jalali_months
from hamafza.meetings.models import Assignment, Body, Resolution

STATES = ["not_started", "in_progress", "overdue", "done", "cancelled"]


def lead_state_filters(today: dt.date) -> dict[str, Q]:
    """A resolution's state is read off its lead assignment; overdue is derived from its next due date."""
    is_open = Q(resolution__status=Resolution.Status.OPEN) & ~Q(status=Assignment.Status.DONE)
    overdue = is_open & Q(due_on__lt=today)
    started = Q(progress__gt=0) | Q(status__in=[Assignment.Status.SUBMITTED, Assignment.Status.RETURNED])
    return {
        "cancelled": Q(resolution__status=Resolution.Status.CANCELLED),
        "done": Q(resolution__status=Resolution.Status.DONE),
        "overdue": overdue,
        "in_progress": is_open & ~overdue & started,
        "not_started": is_open & ~overdue & ~started,
    }


def resolution_state(resolution: Resolution, lead: Assignment | None, today: dt.date) -> str:
    """The state of one resolution, by the same rules as `lead_state_filters` counts them in SQL."""
    if resolution.status == Resolution.Status.CANCELLED:
        return "cancelled"
    if resolution.status == Resolution.Status.DONE:
        return "done"
    if lead is None or lead.status == Assignment.Status.DONE:
        # Not reachable through the services (a resolution always has a lead, and is done with it).
        return "done" if lead is not None else "not_started"
    if lead.due_on is not None and lead.due_on < today:
        return "overdue"
    started = lead.progress > 0 or lead.status in (Assignment.Status.SUBMITTED, Assignment.Status.RETURNED)
    return "in_progress" if started else "not_started"


def state_counts(assignments: QuerySet[Assignment], today: dt.date) -> dict[str, int]:
    """Resolutions by state, counted over their lead assignments (one query)."""
    filters = lead_state_filters(today)
    counts = assignments.filter(role=Assignment.Role.LEAD).aggregate(
        **{state: Count("pk", filter=filters[state]) for state in STATES}
    )
    counts["total"] = sum(counts[state] for state in STATES)
    return counts


def missed_deadline(today: dt.date) -> Q:
    """A deadline passed on a duty still owed. A duty that closed with its resolution (done or
    cancelled) before it was done never came due: it is not counted against the on-time rate."""
    return Q(deadline__lt=today) & Q(resolution__status=Resolution.Status.OPEN)


@dataclass
class OrgRate:
    organization_id: int
    name: str
    assigned: int
    done: int
    came_due: int
    on_time: int
    overdue: int

    @property
    def on_time_rate(self) -> float | None:
        """Share of the assignments that came due (deadline passed, or done) which were done in time."""
        return None if self.came_due == 0 else 100.0 * self.on_time / self.came_due


def org_rates(assignments: QuerySet[Assignment], today: dt.date) -> list[OrgRate]:
    """Each organisation's record on these assignments (one query)."""
    done = Q(status=Assignment.Status.DONE)
    missed = missed_deadline(today)
    with_deadline = Q(deadline__isnull=False)
    rows = (
        assignments.exclude(resolution__status=Resolution.Status.CANCELLED)
        .values("organization_id", "organization__name")
        .annotate(
            assigned=Count("pk"),
            done=Count("pk", filter=done),
            came_due=Count("pk", filter=with_deadline & (done | missed)),
            on_time=Count("pk", filter=with_deadline & done & Q(completed_on__lte=F("deadline"))),
            overdue=Count(
                "pk", filter=~done & Q(resolution__status=Resolution.Status.OPEN) & Q(due_on__lt=today)
            ),
        )
        .order_by("organization__name")
    )
    return [
        OrgRate(
            r["organization_id"],
            r["organization__name"],
            r["assigned"],
            r["done"],
            r["came_due"],
            r["on_time"],
            r["overdue"],
        )
        for r in rows
    ]


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def monthly_trend(resolutions: QuerySet[Resolution], today: dt.date, months: int = 12) -> list[dict]:
    """Resolutions passed and done in each of the last Jalali months (one query).

    Only the resolutions passed or done inside the window are read, and "done in a month" compares
    done_at with the month's local midnights (the same as comparing its local date, without
    converting every row): on years of history this is what keeps the query fast.
    """
    periods = last_jalali_months(today, months)
    aggregates = {}
    for index, (_year, _month, start, end) in enumerate(periods):
        aggregates[f"passed_{index}"] = Count(
            "pk", filter=Q(meeting__held_on__gte=start, meeting__held_on__lt=end)
        )
        aggregates[f"done_{index}"] = Count(
            "pk", filter=Q(done_at__gte=_local_midnight(start), done_at__lt=_local_midnight(end))
        )
    window_start = periods[0][2]
    in_window = Q(meeting__held_on__gte=window_start) | Q(done_at__gte=_local_midnight(window_start))
    values = resolutions.filter(in_window).aggregate(**aggregates)
    return [
        {"year": year, "month": month, "passed": values[f"passed_{i}"], "done": values[f"done_{i}"]}
        for i, (year, month, _s, _e) in enumerate(periods)
    ]


def overdue_list(assignments: QuerySet[Assignment], today: dt.date, limit: int = 50) -> list[Assignment]:
    return list(
        assignments.overdue(today)
        .select_related("organization", "resolution__meeting", "resolution__body")
        .order_by("due_on", "pk")[:limit]
    )


def _body_figures(
    assignments: QuerySet[Assignment], today: dt.date
) -> tuple[dict[str, int], list[OrgRate], int]:
    """state_counts, org_rates and the number overdue in one pass over the body's assignments.

    The same figures as those three functions give (the benchmark checks it on 100,000
    resolutions), but read in one query, since on a big body each of them reads every assignment.
    """
    filters = lead_state_filters(today)
    lead = Q(role=Assignment.Role.LEAD)
    counted = ~Q(resolution__status=Resolution.Status.CANCELLED)
    done = Q(status=Assignment.Status.DONE)
    missed = missed_deadline(today)
    with_deadline = Q(deadline__isnull=False)
    rows = (
        assignments.values("organization_id", "organization__name")
        .annotate(
            assigned=Count("pk", filter=counted),
            done=Count("pk", filter=counted & done),
            came_due=Count("pk", filter=counted & with_deadline & (done | missed)),
            on_time=Count("pk", filter=counted & with_deadline & done & Q(completed_on__lte=F("deadline"))),
            overdue=Count(
                "pk", filter=~done & Q(resolution__status=Resolution.Status.OPEN) & Q(due_on__lt=today)
            ),
            **{f"lead_{state}": Count("pk", filter=lead & filters[state]) for state in STATES},
        )
        .order_by("organization__name")
    )
    counts = dict.fromkeys(STATES, 0)
    rates = []
    for r in rows:
        for state in STATES:
            counts[state] += r[f"lead_{state}"]
        if r["assigned"]:
            rates.append(
                OrgRate(
                    r["organization_id"],
                    r["organization__name"],
                    r["assigned"],
                    r["done"],
                    r["came_due"],
                    r["on_time"],
                    r["overdue"],
                )
            )
    counts["total"] = sum(counts[state] for state in STATES)
    return counts, rates, sum(rate.overdue for rate in rates)


def body_dashboard(body: Body, today: dt.date) -> dict:
    assignments = Assignment.objects.for_body(body)
    counts, rates, overdue_total = _body_figures(assignments, today)
    return {
        "counts": counts,
        "overdue": overdue_list(assignments, today),
        "overdue_total": overdue_total,
        "rates": rates,
        "trend": monthly_trend(Resolution.objects.filter(body=body), today),
    }


def organization_assignments(organization_id: int, today: dt.date) -> QuerySet[Assignment]:
    """An organisation's assignments across all bodies: open ones first, the soonest due first.

    The database sorts only the organisation's assignment rows (whether the resolution is still
    open is asked in a subquery, not through a join); the resolutions of the one page shown, with
    their meeting and body, come in one more query. Joining them before the sort made it read every
    resolution for a busy organisation.
    """
    resolution_open = Exists(
        Resolution.objects.filter(pk=OuterRef("resolution_id"), status=Resolution.Status.OPEN)
    )
    return (
        Assignment.objects.filter(organization_id=organization_id)
        .prefetch_related(
            Prefetch("resolution", queryset=Resolution.objects.select_related("meeting", "body"))
        )
        .alias(
            is_closed=Case(
                When(status=Assignment.Status.DONE, then=1),
                When(~resolution_open, then=1),
                default=0,
                output_field=IntegerField(),
            )
        )
        .order_by("is_closed", F("due_on").asc(nulls_last=True), "-pk")
    )


def organization_dashboard(organization_id: int, today: dt.date) -> dict:
    assignments = Assignment.objects.filter(organization_id=organization_id)
    summary = assignments.aggregate(
        total=Count("pk"),
        open=Count(
            "pk", filter=Q(resolution__status=Resolution.Status.OPEN) & ~Q(status=Assignment.Status.DONE)
        ),
        overdue=Count(
            "pk",
            filter=Q(resolution__status=Resolution.Status.OPEN)
            & ~Q(status=Assignment.Status.DONE)
            & Q(due_on__lt=today),
        ),
        due_soon=Count(
            "pk",
            filter=Q(resolution__status=Resolution.Status.OPEN)
            & ~Q(status=Assignment.Status.DONE)
            & Q(due_on__gte=today, due_on__lte=today + dt.timedelta(days=settings.DUE_SOON_DAYS)),
        ),
        # A report left on a resolution that closed awaits nobody (issue 10, defect 5).
        in_review=Count(
            "pk",
            filter=Q(status=Assignment.Status.SUBMITTED, resolution__status=Resolution.Status.OPEN),
        ),
        returned=Count(
            "pk", filter=Q(status=Assignment.Status.RETURNED, resolution__status=Resolution.Status.OPEN)
        ),
        done=Count("pk", filter=Q(status=Assignment.Status.DONE)),
        came_due=Count(
            "pk",
            filter=Q(deadline__isnull=False) & (Q(status=Assignment.Status.DONE) | missed_deadline(today)),
        ),
        on_time=Count(
            "pk",
            filter=Q(deadline__isnull=False, status=Assignment.Status.DONE, completed_on__lte=F("deadline")),
        ),
        last_report=Max("last_report_on"),
    )
    summary["on_time_rate"] = (
        None if not summary["came_due"] else 100.0 * summary["on_time"] / summary["came_due"]
    )
    return summary


def state_labels() -> dict[str, str]:
    from django.utils.translation import gettext as _

    return {
        "not_started": _("Not started"),
        "in_progress": _("In progress"),
        "overdue": _("Overdue"),
        "done": _("Done"),
        "cancelled": _("Cancelled"),
    }


def chart_data(data: dict) -> dict:
    """What the dashboard's charts draw, with labels in the page's language."""
    from django.utils.translation import get_language
    from django.utils.translation import gettext as _

    from hamafza.lib.jalali import MONTHS_EN, MONTHS_FA
    from hamafza.lib.persian import to_persian_digits

    persian = (get_language() or "fa").startswith("fa")
    months = MONTHS_FA if persian else MONTHS_EN
    labels = state_labels()

    def month_label(row):
        text = f"{months[row['month'] - 1]} {str(row['year'])[2:]}"
        return to_persian_digits(text) if persian else text

    return {
        "persian": persian,
        "states": [{"key": s, "name": labels[s], "value": data["counts"][s]} for s in STATES],
        "months": [month_label(row) for row in data["trend"]],
        "passed": [row["passed"] for row in data["trend"]],
        "done": [row["done"] for row in data["trend"]],
        "passed_label": _("Passed"),
        "done_label": _("Done"),
    }
