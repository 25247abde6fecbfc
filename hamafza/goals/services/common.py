"""What every goals service shares: the error it raises, the audit actions' names, evidence files."""

import datetime as dt
import os
import uuid

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamafza.audit.services import record
from hamafza.meetings.services import FollowUpError, UploadedFile, check_evidence

__all__ = ["AUDIT_ACTIONS", "GoalsError", "UploadedFile", "checked_files", "decide", "store_files", "today"]

AUDIT_ACTIONS = {
    "programme.create": _("Annual programme created"),
    "programme.update": _("Annual programme edited"),
    "programme.activate": _("Annual programme activated"),
    "programme.adopt": _("National programme adopted"),
    "programme.refresh": _("Computed measures recomputed"),
    "goal.create": _("Goal added"),
    "goal.update": _("Goal edited"),
    "goal.delete": _("Goal removed"),
    "goal.carry": _("Goal carried into next year"),
    "measure.create": _("Measure added"),
    "measure.update": _("Measure edited"),
    "measure.delete": _("Measure removed"),
    "quarter_report.submit": _("Quarterly report submitted"),
    "quarter_report.accept": _("Quarterly report accepted"),
    "quarter_report.return": _("Quarterly report returned"),
    "year_review.save": _("Year-end review saved"),
    "year_review.submit": _("Year-end review submitted"),
    "year_review.accept": _("Year-end review accepted"),
    "year_review.return": _("Year-end review returned"),
    "goalrole.grant": _("Role in annual programmes given"),
}


class GoalsError(ValidationError):
    """A change the rules of annual programmes do not allow now; the message is for the user."""


def today() -> dt.date:
    return timezone.localdate()


def required_text(value: str | None) -> str:
    """What the user typed, kept as typed; only the blank edges are dropped."""
    return (value or "").strip()


def checked_files(files: list[UploadedFile]) -> list[tuple[UploadedFile, str]]:
    """Refuse every file if one is of the wrong type or size (the project's evidence rules)."""
    try:
        return check_evidence(files)
    except FollowUpError as error:
        raise GoalsError(error.messages[0], code=error.code) from None


def store_files(model, owner_field: str, owner, checked: list[tuple[UploadedFile, str]]) -> list:
    """One `model` row per checked file, stored under a random name, the user's name kept for download."""
    rows = []
    for upload, content_type in checked:
        extension = upload.name.rsplit(".", 1)[-1].lower()
        row = model(
            **{owner_field: owner},
            original_name=os.path.basename(upload.name)[:255],
            content_type=content_type,
            size=upload.size,
        )
        row.file.save(f"{uuid.uuid4().hex}.{extension}", upload.content(), save=False)
        row.save()
        rows.append(row)
    return rows


def decide(obj, *, by, state: str, comment: str, action: str) -> None:
    """The reviewer's verdict on a quarterly report or a year-end review awaiting it: the new state, who,
    when and the comment, saved and audited."""
    obj.state = state
    obj.reviewed_by = by
    obj.reviewed_at = timezone.now()
    obj.review_comment = comment
    obj.save(update_fields=["state", "reviewed_by", "reviewed_at", "review_comment"])
    record(actor=by, action=action, obj=obj, changes={"state": ["submitted", state], "comment": comment})
