"""What every follow-up service shares: the error they raise, today's date, the secretariat check,
locking a resolution, and the checks of uploaded files (evidence and minutes)."""

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any, BinaryIO

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile, File
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hamafza.accounts.models import User
from hamafza.lib.uploads import UploadRejected, sniff_file
from hamafza.meetings.access import can_manage_body
from hamafza.meetings.models import Body, Resolution
from hamafza.templatetags_builtins import digits as n


class FollowUpError(ValidationError):
    """A change the follow-up rules do not allow now; the message is for the user."""


def today() -> dt.date:
    return timezone.localdate()


def require_manager(user: User, body: Body) -> None:
    if not can_manage_body(user, body):
        raise PermissionDenied(_("Only the secretariat of this body may do this."))


def lock_resolution(resolution: Resolution) -> Resolution:
    """The resolution as it is in the database now, locked: its state is checked on this, not on the caller's copy."""
    return Resolution.objects.select_for_update().select_related("body", "meeting").get(pk=resolution.pk)


@dataclass
class UploadedFile:
    """A file attached as evidence: its bytes (a file made in code) or the upload itself (`file`).

    An upload stays where Django put it (above FILE_UPLOAD_MAX_MEMORY_SIZE, a temporary file on disk)
    and is checked and stored in chunks, so a large file is never held in memory, nor read at all
    when its size alone refuses it."""

    name: str
    data: bytes | None = None
    file: Any = None  # a django.core.files.File (an UploadedFile from request.FILES)

    @classmethod
    def from_upload(cls, upload) -> "UploadedFile":
        return cls(name=upload.name, file=upload)

    @property
    def size(self) -> int:
        return len(self.data) if self.data is not None else self.file.size

    def stream(self) -> BinaryIO:
        """The content as a rewound binary file."""
        if self.data is not None:
            return io.BytesIO(self.data)
        self.file.seek(0)
        return self.file

    def content(self) -> File:
        """The content for FieldFile.save, which copies it in chunks (or moves a temporary file)."""
        if self.data is not None:
            return ContentFile(self.data)
        self.file.seek(0)
        return self.file


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
            sniffed = sniff_file(
                upload.name, upload.stream(), upload.size, max_bytes=settings.UPLOAD_MAX_BYTES
            )
        except UploadRejected as error:
            raise FollowUpError(upload_message(error.code, upload.name), code=error.code) from None
        checked.append((upload, sniffed.content_type))
    return checked


MINUTES_EXTENSIONS = {"pdf", "docx", "doc"}


def check_minutes_file(upload) -> None:
    """A meeting's minutes file must be a real PDF or Word file within the size limit; FollowUpError if not.
    `upload` is a Django UploadedFile; it is read and rewound."""
    try:
        sniffed = sniff_file(upload.name, upload, upload.size, max_bytes=settings.UPLOAD_MAX_BYTES)
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
        "zip_bomb": _(
            "The file «%(name)s» was not opened: it would unpack to far more than its size, as a zip bomb does."
        ),
    }
    return messages[code] % {"name": name, "limit": limit}


def resolution_url(resolution_id: int) -> str:
    return reverse("meetings:resolution", args=[resolution_id])
