"""The follow-up's lists as Word and Excel users expect them (issue 10): a body's resolutions, an
organisation's assignments and the review queue, each with its sortable columns, its filters and the
rows its page and its Excel file both show (the mechanism is `hamafza/lib/listing.py`)."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from hamafza.lib.listing import Column, ListFilterForm, Sort, apply_filters, filter_form
from hamafza.meetings.models import Assignment, Body, ProgressReport, Resolution, Topic
from hamafza.meetings.services import dashboards
from hamafza.orgs.models import Organization

# ------------------------------------------------------------------------------- a body's resolutions

RESOLUTION_COLUMNS = [
    Column("number", _("No."), ("meeting__held_on", "position")),
    Column("text", _("Resolution"), ("text",)),
    Column("lead", _("Responsible"), ("lead_name",)),
    Column("due", _("Due"), ("lead_due",)),
]


def resolution_states() -> list[tuple[str, str]]:
    labels = dashboards.state_labels()
    return [(state, labels[state]) for state in dashboards.STATES]


def body_resolution_filters(params, body: Body) -> ListFilterForm:
    return filter_form(
        params,
        organizations=Organization.objects.filter(
            pk__in=Assignment.objects.filter(resolution__body=body).values("organization_id")
        ).order_by("name"),
        states=resolution_states(),
        topics=Topic.objects.filter(pk__in=body.resolutions.values("topics")).order_by("name"),
    )


def body_resolutions(body: Body, today: dt.date, form: ListFilterForm, sort: Sort) -> QuerySet[Resolution]:
    """The body's resolutions: state and due dates are read off the lead assignment; organisation
    (lead or supporting) and topic off the resolution. In the asked order, else the latest meeting
    first and each meeting's resolutions in their order."""
    leads: QuerySet[Assignment] = Assignment.objects.filter(role=Assignment.Role.LEAD, resolution__body=body)
    leads = apply_filters(
        leads, form, paths={"due": ("due_on", "deadline")}, states=dashboards.lead_state_filters(today)
    )
    resolutions: QuerySet[Resolution] = Resolution.objects.filter(pk__in=leads.values("resolution_id"))
    resolutions = apply_filters(
        resolutions, form, paths={"organization": "assignments__organization", "topic": "topics"}
    )
    lead = Assignment.objects.filter(resolution=OuterRef("pk"), role=Assignment.Role.LEAD)
    resolutions = (
        resolutions.select_related("meeting")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("organization").order_by("role", "pk"),
            )
        )
        .annotate(
            lead_name=Subquery(lead.values("organization__name")[:1]),
            lead_due=Subquery(lead.annotate(due=Coalesce("due_on", "deadline")).values("due")[:1]),
        )
        .order_by("-meeting__held_on", "position")
    )
    return sort.apply(resolutions)


# ------------------------------------------------------------------------------- an organisation's work

ASSIGNMENT_COLUMNS = [
    Column("body", _("Body"), ("resolution__body__name",)),
    Column("resolution", _("Resolution"), ("resolution__meeting__held_on", "resolution__position")),
    Column("role", _("Role"), ("role",)),
    Column("due", _("Due"), ("due_on", "deadline")),
    Column("progress", _("Progress"), ("progress",)),
    Column("state", _("State")),
]


def assignment_states() -> list[tuple[str, Any]]:
    return [
        ("overdue", _("Overdue")),
        ("due_soon", _("Due soon")),
        ("in_review", _("Under review")),
        ("returned", _("Returned")),
        ("open", _("Awaiting report")),
        ("done", _("Done")),
        ("closed", _("Closed with the resolution")),
    ]


def assignment_state_filters(today: dt.date) -> dict[str, Q]:
    """The states of `Assignment.follow_up_state`, by the same rules, in SQL."""
    soon = today + dt.timedelta(days=settings.DUE_SOON_DAYS)
    done = Q(status=Assignment.Status.DONE)
    open_ = ~done & Q(resolution__status=Resolution.Status.OPEN)
    not_due = open_ & ~Q(due_on__lte=soon)
    return {
        "done": done,
        "closed": ~done & ~Q(resolution__status=Resolution.Status.OPEN),
        "overdue": open_ & Q(due_on__lt=today),
        "due_soon": open_ & Q(due_on__gte=today, due_on__lte=soon),
        "in_review": not_due & Q(status=Assignment.Status.SUBMITTED),
        "returned": not_due & Q(status=Assignment.Status.RETURNED),
        "open": not_due & Q(status=Assignment.Status.OPEN),
    }


def organization_assignment_filters(params, organization: Organization) -> ListFilterForm:
    return filter_form(
        params,
        bodies=Body.objects.filter(
            pk__in=Assignment.objects.filter(organization=organization).values("resolution__body_id")
        ).order_by("name"),
        states=assignment_states(),
        topics=Topic.objects.filter(
            pk__in=Resolution.objects.filter(assignments__organization=organization).values("topics")
        ).order_by("name"),
    )


def organization_assignments(
    organization: Organization, today: dt.date, form: ListFilterForm, sort: Sort
) -> QuerySet[Assignment]:
    """The organisation's assignments across its bodies; by default the open ones first, the soonest
    due first (`dashboards.organization_assignments`)."""
    assignments = dashboards.organization_assignments(organization.pk, today)
    assignments = apply_filters(
        assignments,
        form,
        paths={"body": "resolution__body", "due": ("due_on", "deadline"), "topic": "resolution__topics"},
        states=assignment_state_filters(today),
    )
    return sort.apply(assignments)


# ------------------------------------------------------------------------------- the review queue

REVIEW_COLUMNS = [
    Column("submitted", _("Submitted"), ("submitted_at",)),
    Column("body", _("Body"), ("assignment__resolution__body__name",)),
    Column("organization", _("Organisation"), ("assignment__organization__name",)),
    Column("percent", _("Progress"), ("percent",)),
    Column("deadline", _("Deadline"), ("assignment__deadline",)),
]


def review_filters(params, body_ids, queue: QuerySet[ProgressReport]) -> ListFilterForm:
    chosen = params.get("organization", "")
    chosen_pk = int(chosen) if chosen.isdigit() else 0
    return filter_form(
        params,
        bodies=Body.objects.filter(pk__in=body_ids).order_by("name"),
        # the organisations with a report waiting, and the one chosen even once its last report is decided
        organizations=Organization.objects.filter(
            Q(pk__in=queue.values("assignment__organization_id")) | Q(pk=chosen_pk)
        ).order_by("name"),
        due_labels=(_("Deadline from"), _("Deadline to")),
        topics=Topic.objects.filter(
            pk__in=Resolution.objects.filter(body_id__in=body_ids).values("topics")
        ).order_by("name"),
    )


def review_queue(
    queue: QuerySet[ProgressReport], form: ListFilterForm, sort: Sort
) -> QuerySet[ProgressReport]:
    """The reports awaiting review, narrowed and in the asked order (else the oldest first); «due»
    reads the assignment's deadline, since nothing is owed while a report awaits review."""
    queue = apply_filters(
        queue,
        form,
        paths={
            "body": "assignment__resolution__body",
            "organization": "assignment__organization",
            "due": "assignment__deadline",
            "topic": "assignment__resolution__topics",
        },
    )
    return sort.apply(queue)
