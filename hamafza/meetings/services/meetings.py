"""Meetings: recorded by the body's secretariat, with their minutes file."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from hamafza.accounts.models import User
from hamafza.audit.services import diff, record, snapshot
from hamafza.lib.persian import search_key, tidy
from hamafza.meetings.models import Body, Meeting
from hamafza.meetings.services.common import FollowUpError, require_manager
from hamafza.templatetags_builtins import digits as n

MEETING_FIELDS = ["number", "held_on", "place", "chair", "attendees", "agenda", "minutes_file"]


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
    require_manager(by, body)
    if Meeting.objects.filter(body=body, number=number).exists():
        raise FollowUpError(_("This body already has a meeting number %(number)s.") % {"number": n(number)})
    meeting = Meeting(
        body=body,
        number=number,
        held_on=held_on,
        place=tidy(place),
        chair=tidy(chair),
        attendees=tidy(attendees),
        agenda=tidy(agenda),
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
    require_manager(by, meeting.body)
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
        setattr(meeting, name, tidy(value) if isinstance(value, str) else value)
    meeting.search_text = _meeting_search_text(meeting)
    meeting.save()
    changes = diff(before, snapshot(meeting, MEETING_FIELDS))
    if changes:
        record(actor=by, action="meeting.update", obj=meeting, changes=changes, body_id=meeting.body_id)
    return meeting
