"""The follow-up's lists as Excel files: the same rows, filters and order as their pages
(`hamafza/meetings/services/lists.py`), written by `hamafza/lib/listing.py`."""

import datetime as dt

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from hamafza.lib.listing import ExportColumn
from hamafza.meetings.models import Assignment, Resolution
from hamafza.meetings.services import dashboards
from hamafza.meetings.services.lists import assignment_states


def _lead(resolution: Resolution) -> Assignment | None:
    return next((a for a in resolution.assignments.all() if a.role == Assignment.Role.LEAD), None)


def _supporting(resolution: Resolution) -> str:
    return "، ".join(
        a.organization.name for a in resolution.assignments.all() if a.role != Assignment.Role.LEAD
    )


def _topics(resolution: Resolution) -> str:
    return "، ".join(topic.name for topic in resolution.topics.all())


def _due(assignment: Assignment | None) -> dt.date | None:
    if assignment is None:
        return None
    return assignment.due_on or assignment.deadline


def resolution_columns(today: dt.date, *, with_body: bool = False) -> list[ExportColumn]:
    labels = dashboards.state_labels()

    def state(resolution):
        return labels[dashboards.resolution_state(resolution, _lead(resolution), today)]

    body = [ExportColumn(_("Body"), lambda r: r.body.name, "text", 28)] if with_body else []
    return body + [
        ExportColumn(_("Session"), lambda r: r.meeting.number, "number", 9),
        ExportColumn(_("Session date"), lambda r: r.meeting.held_on, "date"),
        ExportColumn(_("No."), lambda r: r.number, "number", 8),
        ExportColumn(_("Resolution"), lambda r: r.text, "text", 60),
        ExportColumn(_("State"), state, "text", 14),
        ExportColumn(_("Lead"), lambda r: _lead(r).organization.name if _lead(r) else "", "text", 28),
        ExportColumn(_("Supporting"), _supporting, "text", 36),
        ExportColumn(_("Due"), lambda r: _due(_lead(r)), "date"),
        ExportColumn(_("Progress"), lambda r: _lead(r).progress if _lead(r) else None, "percent", 10),
        ExportColumn(_("Topics"), _topics, "text", 24),
    ]


def resolution_rows(resolutions, *, with_assignments: bool = False):
    """The resolutions with what their columns read: topics, and the assignments (with the
    organisation) unless the list prefetched them already."""
    if with_assignments:
        resolutions = resolutions.prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("organization").order_by("role", "pk"),
            )
        )
    return resolutions.prefetch_related("topics")


def assignment_columns(today: dt.date) -> list[ExportColumn]:
    states = {key: str(label) for key, label in assignment_states()}
    return [
        ExportColumn(_("Body"), lambda a: a.resolution.body.name, "text", 28),
        ExportColumn(_("Session"), lambda a: a.resolution.meeting.number, "number", 9),
        ExportColumn(_("Session date"), lambda a: a.resolution.meeting.held_on, "date"),
        ExportColumn(_("No."), lambda a: a.resolution.number, "number", 8),
        ExportColumn(_("Resolution"), lambda a: a.resolution.text, "text", 60),
        ExportColumn(_("Role"), lambda a: a.get_role_display(), "text", 10),
        ExportColumn(_("Deadline"), lambda a: a.deadline, "date"),
        ExportColumn(_("Next due"), lambda a: a.due_on, "date"),
        ExportColumn(_("Progress"), lambda a: a.progress, "percent", 10),
        ExportColumn(_("State"), lambda a: states.get(a.follow_up_state(today), ""), "text", 16),
        ExportColumn(_("Last report"), lambda a: a.last_report_on, "date"),
    ]


def review_columns() -> list[ExportColumn]:
    return [
        ExportColumn(_("Submitted"), lambda p: p.submitted_at, "date"),
        ExportColumn(_("Body"), lambda p: p.assignment.resolution.body.name, "text", 28),
        ExportColumn(_("Session"), lambda p: p.assignment.resolution.meeting.number, "number", 9),
        ExportColumn(_("No."), lambda p: p.assignment.resolution.number, "number", 8),
        ExportColumn(_("Resolution"), lambda p: p.assignment.resolution.text, "text", 50),
        ExportColumn(_("Organisation"), lambda p: p.assignment.organization.name, "text", 28),
        ExportColumn(_("Role"), lambda p: p.assignment.get_role_display(), "text", 10),
        ExportColumn(_("Progress"), lambda p: p.percent, "percent", 10),
        ExportColumn(_("Deadline"), lambda p: p.assignment.deadline, "date"),
        ExportColumn(_("Report"), lambda p: p.narrative, "text", 60),
        ExportColumn(
            _("Submitted by"), lambda p: p.submitted_by.get_full_name() or p.submitted_by.username, "text", 20
        ),
    ]
