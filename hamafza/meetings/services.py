"""Every state change of bodies, meetings, resolutions, assignments and reports goes through here.

Each function checks who may do it and whether the change is allowed now, writes the audit record,
and enqueues notifications once the transaction has committed.
"""

import datetime as dt
import os
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hamafza.accounts.models import BodyRole, User
from hamafza.audit.services import diff, record, snapshot
from hamafza.lib.persian import normalize, search_key
from hamafza.lib.uploads import UploadRejected, sniff
from hamafza.meetings import notify
from hamafza.meetings.access import can_manage_body
from hamafza.meetings.models import (
    Assignment,
    Body,
    Evidence,
    Meeting,
    ProgressReport,
    Resolution,
    Topic,
)
from hamafza.orgs.models import Organization
from hamafza.places.models import Region
from hamafza.templatetags_builtins import digits as n


class FollowUpError(ValidationError):
    """A change the follow-up rules do not allow now; the message is for the user."""


MEETING_FIELDS = ["number", "held_on", "place", "chair", "attendees", "agenda", "minutes_file"]
RESOLUTION_FIELDS = ["number", "text", "status"]
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


def today() -> dt.date:
    return timezone.localdate()


def _require_manager(user: User, body: Body) -> None:
    if not can_manage_body(user, body):
        raise PermissionDenied(_("Only the secretariat of this body may do this."))


# --- Meetings ---------------------------------------------------------------------------------------


def _meeting_search_text(meeting: Meeting) -> str:
    return search_key(
        " ".join([str(meeting.number), meeting.place, meeting.chair, meeting.attendees, meeting.agenda])
    )


@transaction.atomic
def create_meeting(
    body: Body,
    *,
    by: User,
    number: int,
    held_on: dt.date,
    place: str = "",
    chair: str = "",
    attendees: str = "",
    agenda: str = "",
    minutes_file=None,
) -> Meeting:
    _require_manager(by, body)
    if Meeting.objects.filter(body=body, number=number).exists():
        raise FollowUpError(_("This body already has a meeting number %(number)s.") % {"number": n(number)})
    meeting = Meeting(
        body=body,
        number=number,
        held_on=held_on,
        place=normalize(place),
        chair=normalize(chair),
        attendees=normalize(attendees),
        agenda=normalize(agenda),
    )
    if minutes_file is not None:
        meeting.minutes_file = minutes_file
    meeting.search_text = _meeting_search_text(meeting)
    meeting.save()
    record(
        actor=by,
        action="meeting.create",
        obj=meeting,
        changes=snapshot(meeting, MEETING_FIELDS),
        body_id=body.pk,
    )
    return meeting


@transaction.atomic
def update_meeting(meeting: Meeting, *, by: User, **fields) -> Meeting:
    _require_manager(by, meeting.body)
    before = snapshot(meeting, MEETING_FIELDS)
    if "number" in fields and fields["number"] != meeting.number:
        if (
            Meeting.objects.filter(body=meeting.body_id, number=fields["number"])
            .exclude(pk=meeting.pk)
            .exists()
        ):
            raise FollowUpError(
                _("This body already has a meeting number %(number)s.") % {"number": n(fields["number"])}
            )
    for name, value in fields.items():
        if name not in MEETING_FIELDS:
            raise TypeError(name)
        if name == "minutes_file" and value is None:
            continue
        setattr(meeting, name, normalize(value) if isinstance(value, str) else value)
    meeting.search_text = _meeting_search_text(meeting)
    meeting.save()
    changes = diff(before, snapshot(meeting, MEETING_FIELDS))
    if changes:
        record(actor=by, action="meeting.update", obj=meeting, changes=changes, body_id=meeting.body_id)
    return meeting


# --- Resolutions ------------------------------------------------------------------------------------


@dataclass
class AssignmentSpec:
    organization: Organization
    role: str = Assignment.Role.LEAD
    recurrence: str = Assignment.Recurrence.ONCE
    deadline: dt.date | None = None
    interval: int | None = None
    interval_unit: str = Assignment.IntervalUnit.MONTH


@dataclass
class ResolutionSpec:
    number: str
    text: str
    assignments: list[AssignmentSpec] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    target_regions: list[Region] = field(default_factory=list)


def _resolution_search_text(resolution: Resolution, topics: list[str]) -> str:
    return search_key(" ".join([resolution.number, resolution.text, *topics]))


def _check_assignment_spec(spec: AssignmentSpec) -> None:
    if spec.recurrence == Assignment.Recurrence.ONCE and spec.deadline is None:
        raise FollowUpError(_("An assignment with a deadline needs the deadline date."))
    if spec.recurrence == Assignment.Recurrence.PERIODIC and not spec.interval:
        raise FollowUpError(_("A periodic assignment needs the number of days or months between reports."))
    if spec.recurrence != Assignment.Recurrence.ONCE and spec.deadline is not None:
        raise FollowUpError(_("A continuous or periodic assignment has no single deadline."))


def _set_topics(resolution: Resolution, topics: list[str]) -> None:
    names = [normalize(name) for name in topics if name and name.strip()]
    resolution.topics.set([Topic.objects.get_or_create(name=name)[0] for name in dict.fromkeys(names)])


@transaction.atomic
def create_resolution(meeting: Meeting, *, by: User, spec: ResolutionSpec) -> Resolution:
    _require_manager(by, meeting.body)
    number = normalize(str(spec.number))
    text = normalize(spec.text)
    if not text:
        raise FollowUpError(_("A resolution needs its text."))
    if Resolution.objects.filter(meeting=meeting, number=number).exists():
        raise FollowUpError(
            _("This meeting already has a resolution number %(number)s.") % {"number": n(number)}
        )
    leads = [a for a in spec.assignments if a.role == Assignment.Role.LEAD]
    if len(leads) != 1:
        raise FollowUpError(_("A resolution needs exactly one lead organisation."))
    organizations = [a.organization.pk for a in spec.assignments]
    if len(set(organizations)) != len(organizations):
        raise FollowUpError(_("An organisation can be assigned to a resolution only once."))
    for assignment_spec in spec.assignments:
        _check_assignment_spec(assignment_spec)
    position = (meeting.resolutions.count() or 0) + 1
    resolution = Resolution(
        meeting=meeting, body_id=meeting.body_id, number=number, text=text, position=position
    )
    resolution.search_text = _resolution_search_text(resolution, spec.topics)
    resolution.save()
    _set_topics(resolution, spec.topics)
    resolution.target_regions.set(spec.target_regions)
    record(
        actor=by,
        action="resolution.create",
        obj=resolution,
        changes={
            "number": number,
            "text": text,
            "topics": spec.topics,
            "target_regions": list(spec.target_regions),
        },
        resolution_id=resolution.pk,
        body_id=meeting.body_id,
    )
    for assignment_spec in spec.assignments:
        _create_assignment(resolution, by=by, spec=assignment_spec)
    return resolution


@transaction.atomic
def update_resolution(
    resolution: Resolution,
    *,
    by: User,
    number: str | None = None,
    text: str | None = None,
    topics: list[str] | None = None,
    target_regions: list[Region] | None = None,
) -> Resolution:
    _require_manager(by, resolution.body)
    before = snapshot(resolution, RESOLUTION_FIELDS)
    before["topics"] = sorted(resolution.topics.values_list("name", flat=True))
    before["target_regions"] = sorted(resolution.target_regions.values_list("name", flat=True))
    if number is not None:
        number = normalize(str(number))
        if (
            Resolution.objects.filter(meeting=resolution.meeting_id, number=number)
            .exclude(pk=resolution.pk)
            .exists()
        ):
            raise FollowUpError(
                _("This meeting already has a resolution number %(number)s.") % {"number": n(number)}
            )
        resolution.number = number
    if text is not None:
        if not normalize(text):
            raise FollowUpError(_("A resolution needs its text."))
        resolution.text = normalize(text)
    if topics is not None:
        _set_topics(resolution, topics)
    if target_regions is not None:
        resolution.target_regions.set(target_regions)
    topic_names = sorted(resolution.topics.values_list("name", flat=True))
    resolution.search_text = _resolution_search_text(resolution, topic_names)
    resolution.save()
    after = snapshot(resolution, RESOLUTION_FIELDS)
    after["topics"] = topic_names
    after["target_regions"] = sorted(resolution.target_regions.values_list("name", flat=True))
    changes = diff(before, after)
    if changes:
        record(
            actor=by,
            action="resolution.update",
            obj=resolution,
            changes=changes,
            resolution_id=resolution.pk,
            body_id=resolution.body_id,
        )
    return resolution


def _lock_resolution(resolution: Resolution) -> Resolution:
    """The resolution as it is in the database now, locked: its state is checked on this, not on the caller's copy."""
    return Resolution.objects.select_for_update().select_related("body", "meeting").get(pk=resolution.pk)


@transaction.atomic
def cancel_resolution(resolution: Resolution, *, by: User, reason: str) -> Resolution:
    resolution = _lock_resolution(resolution)
    _require_manager(by, resolution.body)
    if resolution.status != Resolution.Status.OPEN:
        raise FollowUpError(_("Only an open resolution can be cancelled."))
    if not (reason or "").strip():
        raise FollowUpError(_("Say why the resolution is cancelled."))
    resolution.status = Resolution.Status.CANCELLED
    resolution.cancel_reason = normalize(reason)
    resolution.save(update_fields=["status", "cancel_reason"])
    record(
        actor=by,
        action="resolution.cancel",
        obj=resolution,
        changes={"status": ["open", "cancelled"], "reason": resolution.cancel_reason},
        resolution_id=resolution.pk,
        body_id=resolution.body_id,
    )
    return resolution


@transaction.atomic
def reopen_resolution(resolution: Resolution, *, by: User) -> Resolution:
    resolution = _lock_resolution(resolution)
    _require_manager(by, resolution.body)
    if resolution.status != Resolution.Status.CANCELLED:
        raise FollowUpError(_("Only a cancelled resolution can be reopened."))
    resolution.status = Resolution.Status.OPEN
    resolution.cancel_reason = ""
    resolution.save(update_fields=["status", "cancel_reason"])
    record(
        actor=by,
        action="resolution.reopen",
        obj=resolution,
        changes={"status": ["cancelled", "open"]},
        resolution_id=resolution.pk,
        body_id=resolution.body_id,
    )
    return resolution


# --- Assignments ------------------------------------------------------------------------------------


def _create_assignment(resolution: Resolution, *, by: User, spec: AssignmentSpec) -> Assignment:
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
    resolution = _lock_resolution(resolution)
    _require_manager(by, resolution.body)
    if resolution.status != Resolution.Status.OPEN:
        raise FollowUpError(_("This resolution is closed."))
    if resolution.assignments.filter(organization=spec.organization).exists():
        raise FollowUpError(_("An organisation can be assigned to a resolution only once."))
    if (
        spec.role == Assignment.Role.LEAD
        and resolution.assignments.filter(role=Assignment.Role.LEAD).exists()
    ):
        raise FollowUpError(_("A resolution needs exactly one lead organisation."))
    _check_assignment_spec(spec)
    return _create_assignment(resolution, by=by, spec=spec)


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
    _require_manager(by, assignment.resolution.body)
    if assignment.status == Assignment.Status.DONE:
        raise FollowUpError(_("This assignment is done; its deadline can no longer change."))
    _check_assignment_spec(
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
    _require_manager(by, assignment.resolution.body)
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


# --- Progress reports -------------------------------------------------------------------------------


@dataclass
class UploadedFile:
    name: str
    data: bytes


def check_evidence(files: list[UploadedFile]) -> list[tuple[UploadedFile, str]]:
    """Refuse the whole report if any file is of the wrong type or size; return the content types."""
    if len(files) > settings.UPLOAD_MAX_FILES:
        raise FollowUpError(
            _("At most %(count)s files can be attached to a report.")
            % {"count": n(settings.UPLOAD_MAX_FILES)}
        )
    checked = []
    for upload in files:
        try:
            sniffed = sniff(upload.name, upload.data, max_bytes=settings.UPLOAD_MAX_BYTES)
        except UploadRejected as error:
            raise FollowUpError(upload_message(error.code, upload.name), code=error.code) from None
        checked.append((upload, sniffed.content_type))
    return checked


MINUTES_EXTENSIONS = {"pdf", "docx", "doc"}


def check_minutes_file(upload) -> None:
    """A meeting's minutes file must be a real PDF or Word file within the size limit; FollowUpError if not.
    `upload` is a Django UploadedFile; it is read and rewound."""
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise FollowUpError(upload_message("size", upload.name), code="size")
    data = upload.read()
    upload.seek(0)
    try:
        sniffed = sniff(upload.name, data, max_bytes=settings.UPLOAD_MAX_BYTES)
    except UploadRejected as error:
        raise FollowUpError(upload_message(error.code, upload.name), code=error.code) from None
    if sniffed.extension not in MINUTES_EXTENSIONS:
        raise FollowUpError(upload_message("type", upload.name), code="type")


def upload_message(code: str, name: str) -> str:
    from hamafza.templatetags_builtins import filesize

    limit = filesize(settings.UPLOAD_MAX_BYTES)
    messages = {
        "empty": _("The file «%(name)s» is empty."),
        "size": _("The file «%(name)s» is larger than %(limit)s."),
        "type": _("The file «%(name)s» is not accepted: attach PDF, image (PNG, JPEG), Word or Excel files."),
        "content": _("The file «%(name)s» is damaged or its content does not match its type."),
    }
    return messages[code] % {"name": name, "limit": limit}


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
    note = normalize(note or "")
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
            size=len(upload.data),
        )
        evidence.file.save(f"{uuid.uuid4().hex}.{extension}", ContentFile(upload.data), save=False)
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
    _require_manager(by, report.assignment.resolution.body)
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
    report.review_comment = normalize(comment or "")
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
    transaction.on_commit(lambda: notify.report_reviewed(report.pk))
    return report


@transaction.atomic
def return_report(report: ProgressReport, *, by: User, comment: str) -> ProgressReport:
    report = _lock_report(report, by)
    comment = normalize(comment or "")
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


# --- Roles ------------------------------------------------------------------------------------------


@transaction.atomic
def grant_body_role(body: Body, *, by: User, user: User, kind: str) -> BodyRole:
    if not by.is_system_admin:
        raise PermissionDenied(_("Only a system administrator may give roles."))
    role, created = BodyRole.objects.update_or_create(user=user, body=body, defaults={"kind": kind})
    record(
        actor=by,
        action="bodyrole.grant",
        obj=role,
        changes={"user": user.get_username(), "kind": kind},
        body_id=body.pk,
    )
    return role


def resolution_url(resolution_id: int) -> str:
    return reverse("meetings:resolution", args=[resolution_id])
