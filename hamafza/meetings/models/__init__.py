"""Bodies, their meetings and resolutions, assignments to organisations, progress reports, and imports of
minutes. One module per sub-domain; this package gathers them so that Django finds every model (and the
migrations find the upload paths they name)."""

from hamafza.meetings.models.bodies import Body
from hamafza.meetings.models.followup import (
    Assignment,
    AssignmentQuerySet,
    Evidence,
    ProgressReport,
    ReminderLog,
    evidence_upload_to,
)
from hamafza.meetings.models.imports import MinutesImport, import_upload_to
from hamafza.meetings.models.meetings import Meeting, minutes_upload_to
from hamafza.meetings.models.resolutions import Resolution, ResolutionQuerySet, Topic

__all__ = [
    "Assignment",
    "AssignmentQuerySet",
    "Body",
    "Evidence",
    "Meeting",
    "MinutesImport",
    "ProgressReport",
    "ReminderLog",
    "Resolution",
    "ResolutionQuerySet",
    "Topic",
    "evidence_upload_to",
    "import_upload_to",
    "minutes_upload_to",
]
