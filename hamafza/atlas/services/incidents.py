"""Receiving a file of incidents: refused, recognised as a repeat, or stored and imported (inline when
small, by the background task otherwise). The import itself is hamafza.atlas.imports; this service checks
who may, audits the upload and hands big files to the task that runs the import."""

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from hamafza.atlas.imports.access import can_import_incidents
from hamafza.atlas.imports.reading import XLSX_MAX_UNCOMPRESSED, csv_header, header_fields, read_xlsx
from hamafza.atlas.imports.reasons import ImportRefused
from hamafza.atlas.imports.running import run_import
from hamafza.atlas.models import DataBatch
from hamafza.atlas.tasks import import_incidents_task
from hamafza.audit.services import record
from hamafza.lib.uploads import ZIP_BOMB_MESSAGE, UploadRejected, check_zip

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 2 * 1024**3
DEFAULT_INLINE_BYTES = 1024**2
EXTENSIONS = (".csv", ".xlsx")


@dataclass(frozen=True)
class Submission:
    batch: DataBatch
    # The same file (by SHA-256) was imported before, or is being imported: nothing was done.
    already_imported: bool
    # The header's columns the import does not use (a CSV's; told to the uploader, then ignored).
    ignored_columns: list[str] = field(default_factory=list)


def _check_content(upload, extension: str, head: bytes) -> None:
    refused = ImportRefused("content", _("The file could not be read as CSV or Excel."))
    if extension == ".xlsx":
        upload.seek(0)
        try:
            names = check_zip(upload, max_uncompressed=XLSX_MAX_UNCOMPRESSED)
        except UploadRejected as error:
            if error.code == "zip_bomb":
                raise ImportRefused("zip_bomb", str(ZIP_BOMB_MESSAGE)) from None
            raise refused from None
        if "xl/workbook.xml" not in names:
            raise refused
        return
    if b"\x00" in head or head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF")):
        raise refused


def _check_header(upload, extension: str, head: bytes) -> list[str]:
    """Refuse a file whose header lacks a needed column, or a CSV with a header and no row, before
    anything is stored. The CSV header's columns that are not used."""
    if extension == ".xlsx":
        upload.seek(0)
        read_xlsx(upload)
        return []
    header = csv_header(head)
    fields = header_fields(header.names)
    if upload.size <= len(head) and not head[header.end :].strip():
        raise ImportRefused("empty", _("The file has no rows under its header."))
    used = set(fields.values())
    return [
        name.strip() for position, name in enumerate(header.names) if position not in used and name.strip()
    ]


def submit_incident_file(upload, *, by, organization=None, inline: bool | None = None) -> Submission:
    """Receive a file of incidents from `by`: refuse it, recognise it, or store it and import it.

    `upload` is a Django File (an UploadedFile from a form, or File(open(path, "rb"))). Refusals raise
    ImportRefused (Persian message in .message) and write nothing; PermissionDenied when `by` may not
    import. A file already imported (same SHA-256) gives back its batch with already_imported=True.
    Small files (≤ ATLAS_IMPORT_INLINE_BYTES) are imported before this returns unless inline=False;
    bigger ones are handed to import_incidents_task once the transaction commits.
    """
    if not can_import_incidents(by):
        raise PermissionDenied(
            _("Only system administrators and the secretariat of a body may import incidents.")
        )
    name = Path(upload.name or "").name
    extension = Path(name).suffix.lower()
    if extension not in EXTENSIONS:
        raise ImportRefused("type", _("Only CSV and Excel (.xlsx) files can be imported."))
    limit = getattr(settings, "ATLAS_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)
    if upload.size > limit:
        raise ImportRefused(
            "size", _("The file is larger than %(size)s megabytes.") % {"size": max(limit // 1024**2, 1)}
        )
    digest = hashlib.sha256()
    head = b""
    upload.seek(0)
    for piece in upload.chunks():
        if not head:
            head = piece[:65536]
        digest.update(piece)
    if not head:
        raise ImportRefused("empty", _("The file has no rows."))
    _check_content(upload, extension, head)
    ignored = _check_header(upload, extension, head)
    sha256 = digest.hexdigest()

    existing = (
        DataBatch.objects.filter(kind=DataBatch.Kind.INCIDENTS, sha256=sha256)
        .exclude(status=DataBatch.Status.FAILED)
        .order_by("-uploaded_at")
        .first()
    )
    if existing is not None:
        return Submission(batch=existing, already_imported=True, ignored_columns=ignored)

    small = upload.size <= getattr(settings, "ATLAS_IMPORT_INLINE_BYTES", DEFAULT_INLINE_BYTES)
    if inline is None:
        inline = small
    if inline and small:
        # A small file is imported whole or not at all: a refusal met while reading it (or an error)
        # leaves no batch, no stored file and no incident behind.
        return Submission(
            batch=_import_whole(upload, by, organization, name, sha256, extension),
            already_imported=False,
            ignored_columns=ignored,
        )
    batch = _store(upload, by, organization, name, sha256, extension)
    if inline:
        batch = run_import(batch.pk)
    else:
        batch_id = batch.pk
        transaction.on_commit(lambda: import_incidents_task.enqueue(batch_id))
    return Submission(batch=batch, already_imported=False, ignored_columns=ignored)


def _store(upload, by, organization, name: str, sha256: str, extension: str) -> DataBatch:
    batch = DataBatch(
        kind=DataBatch.Kind.INCIDENTS,
        organization=organization or getattr(by, "organization", None),
        uploaded_by=by,
        file_name=name[:255],
        sha256=sha256,
    )
    upload.seek(0)
    batch.file.save(f"{sha256[:20]}{extension}", upload, save=False)
    batch.save()
    record(
        actor=by, action="atlas.incidents_uploaded", obj=batch, changes={"file_name": name, "sha256": sha256}
    )
    return batch


def _import_whole(upload, by, organization, name: str, sha256: str, extension: str) -> DataBatch:
    stored = None
    try:
        with transaction.atomic():
            batch = _store(upload, by, organization, name, sha256, extension)
            stored = batch.file.name
            batch = run_import(batch.pk)
            if batch.status == DataBatch.Status.FAILED:
                refusal = batch.errors[-1]
                raise ImportRefused(refusal["code"], refusal["reason"])
            if batch.rows_done == 0:
                raise ImportRefused("empty", _("The file has no rows under its header."))
    except ImportRefused:
        _delete_file(stored)
        raise
    except Exception as error:
        logger.exception("incident import of %s failed", name)
        _delete_file(stored)
        raise ImportRefused(
            "failed",
            _("The file could not be imported; nothing was changed. Check its format and try again."),
        ) from error
    return batch


def _delete_file(name: str | None) -> None:
    if name:
        DataBatch._meta.get_field("file").storage.delete(name)
