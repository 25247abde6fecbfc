"""What every participation service shares: the error it raises and the storing of evidence files."""

from django.core.exceptions import ValidationError

from hamafza.meetings.services import FollowUpError, UploadedFile, check_evidence

__all__ = ["ParticipationError", "UploadedFile", "checked_files", "required_reason", "store_files"]


class ParticipationError(ValidationError):
    """A change the participation rules do not allow now; the message is for the user."""


def required_reason(reason: str | None, message: str) -> str:
    """The reason given for a refusal, withdrawal or cancellation, trimmed; `message` when none was."""
    reason = (reason or "").strip()
    if not reason:
        raise ParticipationError(message, code="reason")
    return reason


def checked_files(files: list[UploadedFile]) -> list[tuple[UploadedFile, str]]:
    """Refuse every file if one is of the wrong type or size (the evidence rules of the follow-up)."""
    try:
        return check_evidence(files)
    except FollowUpError as error:
        raise ParticipationError(error.messages[0], code=error.code) from None


def store_files(model, owner_field: str, owner, checked: list[tuple[UploadedFile, str]], **extra) -> list:
    """Create one `model` row per checked file, attached to `owner` through `owner_field`."""
    rows = []
    for upload, content_type in checked:
        row = model(
            **{owner_field: owner},
            original_name=upload.name[:255],
            content_type=content_type,
            size=upload.size,
            **extra,
        )
        row.file.save(upload.name, upload.content(), save=False)
        row.save()
        rows.append(row)
    return rows
