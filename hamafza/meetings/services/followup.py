"""The follow-up: organisations' assignments on a resolution, the progress they report with evidence,
and the secretariat's review (accept, or return with a comment)."""

import datetime as dt
import os
import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hamafza.accounts.models import User
from hamafza.audit.services import diff, record, snapshot
from hamafza.lib.persian import tidy
from hamafza.meetings.models import Assignment, Evidence, ProgressReport, Resolution
from hamafza.meetings.services import notify
from hamafza.meetings.services.common import (
    FollowUpError,
    UploadedFile,
    check_evidence,
    lock_resolution,
    require_manager,
)
from hamafza.orgs.models import Organization
from hamafza.templatetags_builtins import digits as n

ASSIGNMENT_FIELDS = [
    "organization",
    "role",
    "recurrence",
    "deadline",
    "interval",
    "interval_unit",
    "status",
    "progress",
]


@dataclass
class AssignmentSpec:
    organization: Organization
    role: str = Assignment.Role.LEAD
    recurrence: str = Assignment.Recurrence.ONCE
    deadline: dt.date | None = None
    interval: int | None = None
    interval_unit: str = Assignment.IntervalUnit.MONTH


def check_assignment_spec(spec: AssignmentSpec) -> None:
    if spec.recurrence == Assignment.Recurrence.ONCE and spec.deadline is None:
        raise FollowUpError(_("An assignment with a deadline needs the deadline date."))
    if spec.recurrence == Assignment.Recurrence.PERIODIC and not spec.interval:
        raise FollowUpError(_("A periodic assignment needs the number of days or months between reports."))
    if spec.recurrence != Assignment.Recurrence.ONCE and spec.deadline is not None:
        raise FollowUpError(_("A continuous or periodic assignment has no single deadline."))


def create_assignment(resolution: Resolution, *, by: User, spec: AssignmentSpec) -> Assignment:
    assignment = Assignment(
        resolution=resolution,
        organization=spec.organization,
        role=spec.role,
        recurrence=spec.recurrence,
        deadline=spec.deadline if spec.recurrence == Assignment.Recurrence.ONCE else None,
        interval=spec.interval if spec.recurrence == Assignment.Recurrence.PERIODIC else None,
        interval_unit=spec.interval_unit,
        start_on=resolution.meeting.held_on,
    )
    assignment.due_on = assignment.compute_due_on()
    assignment.save()
    record(
        actor=by,
        action="assignment.create",
        obj=assignment,
        changes=snapshot(assignment, ASSIGNMENT_FIELDS),
        resolution_id=resolution.pk,
        body_id=resolution.body_id,
    )
    transaction.on_commit(lambda: notify.assignment_created(assignment.pk))
    return assignment


@transaction.atomic
def add_assignment(resolution: Resolution, *, by: User, spec: AssignmentSpec) -> Assignment:
    resolution = lock_resolution(resolution)
    require_manager(by, resolution.body)
    if resolution.status != Resolution.Status.OPEN:
        raise FollowUpError(_("This resolution is closed."))
    if resolution.assignments.filter(organization=spec.organization).exists():
        raise FollowUpError(_("An organisation can be assigned to a resolution only once."))
    if (
        spec.role == Assignment.Role.LEAD
        and resolution.assignments.filter(role=Assignment.Role.LEAD).exists()
    ):
        raise FollowUpError(_("A resolution needs exactly one lead organisation."))
    check_assignment_spec(spec)
    return create_assignment(resolution, by=by, spec=spec)


@transaction.atomic
def update_assignment(
    assignment: Assignment,
    *,
    by: User,
    recurrence: str,
    deadline: dt.date | None = None,
    interval: int | None = None,
    interval_unit: str = Assignment.IntervalUnit.MONTH,
) -> Assignment:
    """Change the deadline or the recurrence; the next due date follows."""
    assignment = (
        Assignment.objects.select_for_update()
        .select_related("resolution__body", "organization")
        .get(pk=assignment.pk)
    )
    require_manager(by, assignment.resolution.body)
    if assignment.status == Assignment.Status.DONE:
        raise FollowUpError(_("This assignment is done; its deadline can no longer change."))
    if assignment.resolution.status != Resolution.Status.OPEN:
        raise FollowUpError(_("This resolution is closed."))
    check_assignment_spec(
        AssignmentSpec(assignment.organization, recurrence=recurrence, deadline=deadline, interval=interval)
    )
    before = snapshot(assignment, ASSIGNMENT_FIELDS)
    assignment.recurrence = recurrence
    assignment.deadline = deadline if recurrence == Assignment.Recurrence.ONCE else None
    assignment.interval = interval if recurrence == Assignment.Recurrence.PERIODIC else None
    assignment.interval_unit = interval_unit
    assignment.due_on = assignment.compute_due_on()
    assignment.save()
    changes = diff(before, snapshot(assignment, ASSIGNMENT_FIELDS))
    if changes:
        record(
            actor=by,
            action="assignment.update",
            obj=assignment,
            changes=changes,
            resolution_id=assignment.resolution_id,
            body_id=assignment.resolution.body_id,
        )
    return assignment


@transaction.atomic
def remove_assignment(assignment: Assignment, *, by: User) -> None:
    """Remove a supporting organisation that has not reported yet."""
    assignment = (
        Assignment.objects.select_for_update().select_related("resolution__body").get(pk=assignment.pk)
    )
    require_manager(by, assignment.resolution.body)
    if assignment.role == Assignment.Role.LEAD:
        raise FollowUpError(_("The lead organisation cannot be removed; assign another lead instead."))
    if assignment.reports.exists():
        raise FollowUpError(_("This organisation has already reported on the resolution."))
    record(
        actor=by,
        action="assignment.delete",
        obj=assignment,
        changes=snapshot(assignment, ASSIGNMENT_FIELDS),
        resolution_id=assignment.resolution_id,
        body_id=assignment.resolution.body_id,
    )
    assignment.delete()


def settle_duties(resolution: Resolution, *, by: User) -> int:
    """After the resolution closed (done or cancelled) or reopened, its duties not done follow it: closed,
    they owe nothing (no next due date, no reminder, never late); reopened, they owe again. Each duty's
    change is audited, also one whose due date does not move (a report under review owes nothing
    either way). Returns how many duties changed."""
    changed = 0
    for assignment in (
        Assignment.objects.select_for_update()
        .select_related("resolution")
        .filter(resolution=resolution)
        .exclude(status=Assignment.Status.DONE)
    ):
        assignment.resolution = resolution
        due_on = assignment.compute_due_on()
        before = snapshot(assignment, ["due_on"])
        assignment.due_on = due_on
        assignment.save(update_fields=["due_on"])
        record(
            actor=by,
            action="assignment.closed"
            if resolution.status != Resolution.Status.OPEN
            else "assignment.reopened",
            obj=assignment,
            changes=diff(before, snapshot(assignment, ["due_on"])),
            resolution_id=resolution.pk,
            body_id=resolution.body_id,
        )
        changed += 1
    return changed


def can_report(user: User, assignment: Assignment) -> bool:
    return bool(user.is_active and user.is_officer and user.organization_id == assignment.organization_id)


@transaction.atomic
def submit_progress(
    assignment: Assignment,
    *,
    by: User,
    percent: int,
    note: str,
    files: list[UploadedFile] | None = None,
) -> ProgressReport:
    assignment = (
        Assignment.objects.select_for_update().select_related("resolution__body").get(pk=assignment.pk)
    )
    if not can_report(by, assignment):
        raise PermissionDenied(_("Only an officer of the assigned organisation may report on it."))
    if assignment.resolution.status != Resolution.Status.OPEN:
        raise FollowUpError(_("This resolution is closed."))
    if assignment.status == Assignment.Status.DONE:
        raise FollowUpError(_("This assignment is already done."))
    if assignment.status == Assignment.Status.SUBMITTED:
        raise FollowUpError(
            _("A report on this assignment is awaiting review; wait for the secretariat's answer.")
        )
    if not isinstance(percent, int) or not 0 <= percent <= 100:
        raise FollowUpError(_("Progress is a whole number from 0 to 100."))
    if percent < assignment.progress:
        raise FollowUpError(
            _("Progress cannot go below the %(percent)s%% already accepted.")
            % {"percent": n(assignment.progress)}
        )
    note = tidy(note)
    if not note:
        raise FollowUpError(_("Describe what was done."))
    checked = check_evidence(files or [])
    now = timezone.now()
    before = snapshot(assignment, ASSIGNMENT_FIELDS)
    report = ProgressReport.objects.create(
        assignment=assignment, percent=percent, narrative=note, submitted_by=by, submitted_at=now
    )
    for upload, content_type in checked:
        extension = upload.name.rsplit(".", 1)[-1].lower()
        evidence = Evidence(
            report=report,
            original_name=os.path.basename(upload.name)[:255],
            content_type=content_type,
            size=upload.size,
        )
        evidence.file.save(f"{uuid.uuid4().hex}.{extension}", upload.content(), save=False)
        evidence.save()
    assignment.status = Assignment.Status.SUBMITTED
    assignment.last_report_on = timezone.localdate(now)
    assignment.due_on = assignment.compute_due_on()
    assignment.save(update_fields=["status", "last_report_on", "due_on"])
    body_id = assignment.resolution.body_id
    record(
        actor=by,
        action="report.submit",
        obj=report,
        changes={"percent": percent, "note": note, "files": [u.name for u, _ in checked]},
        resolution_id=assignment.resolution_id,
        body_id=body_id,
    )
    record(
        actor=by,
        action="assignment.status",
        obj=assignment,
        changes=diff(before, snapshot(assignment, ASSIGNMENT_FIELDS)),
        resolution_id=assignment.resolution_id,
        body_id=body_id,
    )
    transaction.on_commit(lambda: notify.report_submitted(report.pk))
    return report


def _lock_report(report: ProgressReport, by: User) -> ProgressReport:
    report = (
        ProgressReport.objects.select_for_update()
        .select_related("assignment__resolution__body")
        .get(pk=report.pk)
    )
    require_manager(by, report.assignment.resolution.body)
    if report.status != ProgressReport.Status.SUBMITTED:
        raise FollowUpError(_("This report has already been reviewed."))
    if report.assignment.resolution.status != Resolution.Status.OPEN:
        raise FollowUpError(_("This resolution is closed."))
    return report


def _record_review(by: User, report: ProgressReport, assignment: Assignment, before: dict) -> None:
    """The audit of a review: the report's verdict, and what it did to the assignment."""
    resolution = report.assignment.resolution
    action = "report.accept" if report.status == ProgressReport.Status.ACCEPTED else "report.return"
    record(
        actor=by,
        action=action,
        obj=report,
        changes={"status": ["submitted", report.status], "comment": report.review_comment},
        resolution_id=resolution.pk,
        body_id=resolution.body_id,
    )
    record(
        actor=by,
        action="assignment.status",
        obj=assignment,
        changes=diff(before, snapshot(assignment, ASSIGNMENT_FIELDS)),
        resolution_id=resolution.pk,
        body_id=resolution.body_id,
    )


@transaction.atomic
def accept_report(report: ProgressReport, *, by: User, comment: str = "") -> ProgressReport:
    report = _lock_report(report, by)
    assignment = Assignment.objects.select_for_update().get(pk=report.assignment_id)
    resolution = report.assignment.resolution
    before = snapshot(assignment, ASSIGNMENT_FIELDS)
    now = timezone.now()
    report.status = ProgressReport.Status.ACCEPTED
    report.reviewed_by = by
    report.reviewed_at = now
    report.review_comment = tidy(comment)
    report.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_comment"])
    assignment.progress = report.percent
    if report.percent == 100:
        assignment.status = Assignment.Status.DONE
        # Done when the organisation reported it done, not when the secretariat got round to reading it.
        assignment.completed_on = timezone.localdate(report.submitted_at)
    else:
        assignment.status = Assignment.Status.OPEN
    assignment.due_on = assignment.compute_due_on()
    assignment.save(update_fields=["progress", "status", "completed_on", "due_on"])
    _record_review(by, report, assignment, before)
    if assignment.role == Assignment.Role.LEAD and assignment.status == Assignment.Status.DONE:
        resolution.status = Resolution.Status.DONE
        resolution.done_at = now
        resolution.save(update_fields=["status", "done_at"])
        record(
            actor=by,
            action="resolution.done",
            obj=resolution,
            changes={"status": ["open", "done"]},
            resolution_id=resolution.pk,
            body_id=resolution.body_id,
        )
        settle_duties(resolution, by=by)
    transaction.on_commit(lambda: notify.report_reviewed(report.pk))
    return report


@transaction.atomic
def return_report(report: ProgressReport, *, by: User, comment: str) -> ProgressReport:
    report = _lock_report(report, by)
    comment = tidy(comment)
    if not comment:
        raise FollowUpError(_("Say what is missing, so the organisation can complete its report."))
    assignment = Assignment.objects.select_for_update().get(pk=report.assignment_id)
    before = snapshot(assignment, ASSIGNMENT_FIELDS)
    report.status = ProgressReport.Status.RETURNED
    report.reviewed_by = by
    report.reviewed_at = timezone.now()
    report.review_comment = comment
    report.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_comment"])
    assignment.status = Assignment.Status.RETURNED
    assignment.due_on = assignment.compute_due_on()
    assignment.save(update_fields=["status", "due_on"])
    _record_review(by, report, assignment, before)
    transaction.on_commit(lambda: notify.report_reviewed(report.pk))
    return report
