"""Every state change of bodies, meetings, resolutions, assignments and reports goes through the service
functions of this package, one module per sub-domain: `meetings`, `resolutions`, `followup` (assignments,
progress reports and their review), `bodies` (roles), `imports` (minutes). Each function checks who may do
it and whether the change is allowed now, writes the audit record, and enqueues notifications once the
transaction has committed.

The follow-up functions are gathered here, so callers write `services.submit_progress(...)`. The other
modules are imported by name: `imports`, the reads behind the dashboards (`dashboards`), who is told what
(`notify`) and the daily reminders (`reminders`).
"""

from hamafza.meetings.services.bodies import grant_body_role
from hamafza.meetings.services.common import (
    MINUTES_EXTENSIONS,
    FollowUpError,
    UploadedFile,
    check_evidence,
    check_minutes_file,
    resolution_url,
    today,
    upload_message,
)
from hamafza.meetings.services.followup import (
    ASSIGNMENT_FIELDS,
    AssignmentSpec,
    accept_report,
    add_assignment,
    can_report,
    remove_assignment,
    return_report,
    submit_progress,
    update_assignment,
)
from hamafza.meetings.services.meetings import MEETING_FIELDS, create_meeting, update_meeting
from hamafza.meetings.services.resolutions import (
    RESOLUTION_FIELDS,
    ResolutionSpec,
    cancel_resolution,
    create_resolution,
    reopen_resolution,
    update_resolution,
)

__all__ = [
    "ASSIGNMENT_FIELDS",
    "MEETING_FIELDS",
    "MINUTES_EXTENSIONS",
    "RESOLUTION_FIELDS",
    "AssignmentSpec",
    "FollowUpError",
    "ResolutionSpec",
    "UploadedFile",
    "accept_report",
    "add_assignment",
    "cancel_resolution",
    "can_report",
    "check_evidence",
    "check_minutes_file",
    "create_meeting",
    "create_resolution",
    "grant_body_role",
    "remove_assignment",
    "reopen_resolution",
    "resolution_url",
    "return_report",
    "submit_progress",
    "today",
    "update_assignment",
    "update_meeting",
    "update_resolution",
    "upload_message",
]
