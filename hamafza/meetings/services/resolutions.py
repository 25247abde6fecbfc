"""Resolutions: created with their assignments, edited, cancelled and reopened by the body's secretariat."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from hamafza.accounts.models import User
from hamafza.audit.services import diff, record, snapshot
from hamafza.lib.persian import normalize, search_key, tidy
from hamafza.meetings.models import Assignment, Meeting, Resolution, Topic
from hamafza.meetings.services.common import FollowUpError, lock_resolution, require_manager
from hamafza.meetings.services.followup import (
    AssignmentSpec,
    check_assignment_spec,
    create_assignment,
    settle_duties,
)
from hamafza.places.models import Region
from hamafza.templatetags_builtins import digits as n

RESOLUTION_FIELDS = ["number", "text", "status"]


@dataclass
class ResolutionSpec:
    number: str
    text: str
    assignments: list[AssignmentSpec] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    target_regions: list[Region] = field(default_factory=list)


def _resolution_search_text(resolution: Resolution, topics: list[str]) -> str:
    return search_key(" ".join([resolution.number, resolution.text, *topics]))


def _set_topics(resolution: Resolution, topics: list[str]) -> None:
    names = [normalize(name) for name in topics if name and name.strip()]
    resolution.topics.set([Topic.objects.get_or_create(name=name)[0] for name in dict.fromkeys(names)])


@transaction.atomic
def create_resolution(meeting: Meeting, *, by: User, spec: ResolutionSpec) -> Resolution:
    require_manager(by, meeting.body)
    number = normalize(str(spec.number))
    text = tidy(spec.text)
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
        check_assignment_spec(assignment_spec)
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
        create_assignment(resolution, by=by, spec=assignment_spec)
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
    require_manager(by, resolution.body)
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
        if not tidy(text):
            raise FollowUpError(_("A resolution needs its text."))
        resolution.text = tidy(text)
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


@transaction.atomic
def cancel_resolution(resolution: Resolution, *, by: User, reason: str) -> Resolution:
    resolution = lock_resolution(resolution)
    require_manager(by, resolution.body)
    if resolution.status != Resolution.Status.OPEN:
        raise FollowUpError(_("Only an open resolution can be cancelled."))
    if not (reason or "").strip():
        raise FollowUpError(_("Say why the resolution is cancelled."))
    resolution.status = Resolution.Status.CANCELLED
    resolution.cancel_reason = tidy(reason)
    resolution.save(update_fields=["status", "cancel_reason"])
    record(
        actor=by,
        action="resolution.cancel",
        obj=resolution,
        changes={"status": ["open", "cancelled"], "reason": resolution.cancel_reason},
        resolution_id=resolution.pk,
        body_id=resolution.body_id,
    )
    settle_duties(resolution, by=by)
    return resolution


@transaction.atomic
def reopen_resolution(resolution: Resolution, *, by: User) -> Resolution:
    resolution = lock_resolution(resolution)
    require_manager(by, resolution.body)
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
    settle_duties(resolution, by=by)
    return resolution
