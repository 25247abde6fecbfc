"""Import of minutes: a file or pasted text becomes a draft, a person checks it, and one transaction
creates the meeting, its resolutions and their assignments.

The reading itself is `hamafza.minutes` (no Django); this module keeps the draft, matches the
responsible names to the registry, refuses bad input with a Persian message, and writes nothing
until the draft is confirmed.
"""

import datetime as dt
import hashlib
import os

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from hamafza.accounts.models import User
from hamafza.audit.services import record
from hamafza.lib.persian import normalize, search_key
from hamafza.meetings import services
from hamafza.meetings.access import can_manage_body
from hamafza.meetings.models import Assignment, Body, Meeting, MinutesImport
from hamafza.minutes.extract import MAX_TEXT, extract_text, read_source
from hamafza.minutes.readers import ReaderError
from hamafza.minutes.responsible import from_sentence, match_organizations
from hamafza.orgs.models import Organization
from hamafza.templatetags_builtins import digits as n

ACCEPTED_EXTENSIONS = {"txt", "docx", "pdf"}


class ImportRefused(services.FollowUpError):
    """The minutes cannot be imported; the message says why, in the user's language."""


def reader_message(code: str) -> str:
    """The reader's refusal in the user's language (the reader itself knows no Django)."""
    messages = {
        "empty": _("The file is empty: there is no text to read."),
        "too_large": _("The file is too large for minutes; upload a smaller file."),
        "too_many_pages": _(
            "The file has too many pages for one set of minutes; upload the minutes on their own."
        ),
        "zip_bomb": _(
            "This Word file has a suspicious structure (it unpacks to an abnormal size) and was not opened."
        ),
        "encrypted_docx": _(
            "The Word file is protected with a password; remove the password and upload it again."
        ),
        "legacy_doc": _(
            "The old Word format (.doc) cannot be read; save the file as .docx in Word and upload it again."
        ),
        "corrupt_docx": _("The Word file is damaged or is not a .docx file and could not be read."),
        "corrupt_pdf": _("The PDF file is damaged or is not really a PDF and could not be read."),
        "encrypted_pdf": _("The PDF file is protected with a password; upload a copy without a password."),
        "scanned_pdf": _(
            "This PDF is a scanned document (images only, no text layer), so its text could not be read; "
            "upload the Word file or a text PDF of the minutes, or paste the text."
        ),
        "no_text": _("No text was found in this file."),
        "binary_text": _("This file is not text; only text (.txt), Word (.docx) or PDF files are accepted."),
        "unsupported": _(
            "This file format is not supported; only text (.txt), Word (.docx) or PDF files are accepted."
        ),
    }
    return messages.get(code, _("The file could not be read."))


def _require_manager(user: User, body: Body) -> None:
    if not can_manage_body(user, body):
        raise PermissionDenied(_("Only the secretariat of this body may do this."))


def _fingerprint(text: str) -> str:
    """The same minutes give the same fingerprint: the same file again, the file saved anew, or its text
    pasted, whatever letters, digits and spacing it was typed with."""
    return hashlib.sha256(search_key(text).encode()).hexdigest()


def read_upload(data: bytes | None, filename: str | None, text: str | None) -> str:
    """The text of an uploaded file or of pasted text; ImportRefused for anything that cannot be read."""
    if data is not None:
        name = os.path.basename(filename or "")
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if not data:
            raise ImportRefused(_("The file «%(name)s» is empty.") % {"name": name}, code="empty")
        if len(data) > settings.MINUTES_MAX_BYTES:
            raise ImportRefused(
                _("The file «%(name)s» is too large for minutes.") % {"name": name}, code="size"
            )
        if extension not in ACCEPTED_EXTENSIONS:
            raise ImportRefused(
                _("«%(name)s» cannot be read: upload the minutes as Word (.docx), PDF or text.")
                % {"name": name},
                code="type",
            )
        try:
            text = read_source(data, name)
        except ReaderError as error:
            raise ImportRefused(reader_message(error.code), code=error.code) from None
    text = text or ""
    if len(text) > MAX_TEXT:
        raise ImportRefused(_("The text is too long to be one set of minutes."), code="size")
    if not normalize(text):
        raise ImportRefused(_("There is no text to read."), code="empty")
    return text


def _registry(body: Body) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Organisations to match names against: the body's members, and the rest of the registry."""
    members = list(body.members.filter(is_active=True).values_list("pk", "name"))
    member_ids = {pk for pk, _name in members}
    others = Organization.objects.filter(is_active=True).exclude(pk__in=member_ids).values_list("pk", "name")
    return members, list(others)


def match_names(names: list[str], body: Body) -> list[dict]:
    """Each name as written, matched to an organisation: among the body's members first (minutes say
    «دادگستری استان» for the province's justice department that sits in the body, not for the other 30
    provinces' ones), then in the whole registry; the members' suggestions come first."""
    if not names:
        return []
    members, others = _registry(body)
    among_members = match_organizations(names, members)
    among_all = match_organizations(names, members + others)
    results = []
    for in_body, in_all in zip(among_members, among_all, strict=True):
        seen = {s["id"] for s in in_body["suggestions"]}
        suggestions = in_body["suggestions"] + [s for s in in_all["suggestions"] if s["id"] not in seen]
        match = in_body["match"] if in_body["match"] is not None else in_all["match"]
        results.append({"name": in_body["name"], "suggestions": suggestions[:5], "match": match})
    return results


def body_name_differs(body: Body, named: str) -> bool:
    """Whether the body named in the minutes is plainly another one than the body they are imported into
    («شورای فرهنگ عمومی» into a working group); a shorter or longer form of the same name is not."""
    named_key, body_key = search_key(named or ""), search_key(body.name)
    if not named_key:
        return False
    return fuzz.token_set_ratio(named_key, body_key) < 80


def build_draft(body: Body, text: str) -> dict:
    """The extracted draft as the review page edits it: meeting fields, and each resolution with its
    responsible names matched to organisations (a confident match preselected, suggestions ranked)."""
    minutes = extract_text(text)
    next_number = (body.meetings.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    resolutions = []
    for item in minutes.resolutions:
        matches = match_names(list(item.responsible), body)
        resolutions.append(
            {
                "include": True,
                "number": item.key,
                "text": item.text,
                "responsible": [
                    {"name": m["name"], "organization": m["match"], "suggestions": m["suggestions"]}
                    for m in matches
                ],
                "deadline": item.deadline.isoformat() if item.deadline else None,
                "deadline_text": item.deadline_text,
                "confidence": round(item.confidence, 2),
                "span": list(item.span),
            }
        )
    return {
        "meeting": {
            "number": minutes.session_number or next_number,
            "number_found": minutes.session_number is not None,
            "held_on": minutes.meeting_date.isoformat() if minutes.meeting_date else None,
            "place": minutes.place or "",
            "chair": minutes.chair or "",
            "attendees": list(minutes.attendees),
            "body_name": minutes.body or "",
        },
        "resolutions": resolutions,
        "layout": minutes.layout,
        "repaired_lines": minutes.repaired_lines,
        "warnings": list(minutes.warnings),
        "missed": [m.to_json() for m in minutes.missed],
    }


@transaction.atomic
def start_import(
    body: Body, *, by: User, data: bytes | None = None, filename: str | None = None, text: str | None = None
) -> MinutesImport:
    """Read the minutes into a draft. The same file again resumes its draft, or is refused once confirmed."""
    _require_manager(by, body)
    source_text = read_upload(data, filename, text)
    fingerprint = _fingerprint(source_text)
    earlier = (
        MinutesImport.objects.filter(body=body, source_sha256=fingerprint)
        .exclude(status=MinutesImport.Status.DISCARDED)
        .select_related("meeting")
        .first()
    )
    if earlier is not None and earlier.status == MinutesImport.Status.CONFIRMED:
        meeting = earlier.meeting
        raise ImportRefused(
            _("These minutes were already imported as session %(number)s.")
            % {"number": n(meeting.number) if meeting else "?"},
            code="duplicate",
        )
    if earlier is not None:
        return earlier
    draft = build_draft(body, source_text)
    if not draft["resolutions"]:
        raise ImportRefused(
            _("No resolutions were found in this text. Check that it is the minutes, with its resolutions."),
            code="no-resolutions",
        )
    minutes_import = MinutesImport(
        body=body,
        created_by=by,
        source_name=os.path.basename(filename or "")[:255],
        source_sha256=fingerprint,
        source_text=source_text,
        draft=draft,
    )
    if data is not None:
        extension = minutes_import.source_name.rsplit(".", 1)[-1].lower()
        minutes_import.source_file.save(f"{fingerprint[:16]}.{extension}", ContentFile(data), save=False)
    minutes_import.save()
    record(
        actor=by,
        action="minutes_import.start",
        obj=minutes_import,
        body_id=body.pk,
        changes={"file": minutes_import.source_name, "resolutions": len(draft["resolutions"])},
    )
    return minutes_import


def _lock_draft(minutes_import: MinutesImport, by: User) -> MinutesImport:
    minutes_import = (
        MinutesImport.objects.select_for_update().select_related("body").get(pk=minutes_import.pk)
    )
    _require_manager(by, minutes_import.body)
    if minutes_import.status != MinutesImport.Status.DRAFT:
        raise ImportRefused(_("This import is no longer a draft."), code="closed")
    return minutes_import


@transaction.atomic
def save_draft(minutes_import: MinutesImport, *, by: User, draft: dict) -> MinutesImport:
    minutes_import = _lock_draft(minutes_import, by)
    minutes_import.draft = draft
    minutes_import.save(update_fields=["draft", "updated_at"])
    record(actor=by, action="minutes_import.save", obj=minutes_import, body_id=minutes_import.body_id)
    return minutes_import


@transaction.atomic
def add_missed(minutes_import: MinutesImport, *, by: User, index: int) -> MinutesImport:
    """A passage the reader offered as a likely missed decision becomes a resolution of the draft."""
    minutes_import = _lock_draft(minutes_import, by)
    draft = dict(minutes_import.draft)
    missed = list(draft.get("missed") or [])
    if not 0 <= index < len(missed):
        raise ImportRefused(_("That passage is no longer offered."), code="missed")
    passage = missed.pop(index)
    resolutions = list(draft.get("resolutions") or [])
    numbers = [
        int(str(r.get("number")).split("-")[0])
        for r in resolutions
        if str(r.get("number")).split("-")[0].isdigit()
    ]
    names = from_sentence(passage["text"])
    matches = match_names(names, minutes_import.body)
    resolutions.append(
        {
            "include": True,
            "number": str(max(numbers, default=0) + 1),
            "text": passage["text"],
            "responsible": [
                {"name": m["name"], "organization": m["match"], "suggestions": m["suggestions"]}
                for m in matches
            ],
            "deadline": None,
            "deadline_text": "",
            "confidence": 0.5,
            "span": list(passage.get("span") or []),
        }
    )
    minutes_import.draft = {**draft, "resolutions": resolutions, "missed": missed}
    minutes_import.save(update_fields=["draft", "updated_at"])
    record(actor=by, action="minutes_import.save", obj=minutes_import, body_id=minutes_import.body_id)
    return minutes_import


@transaction.atomic
def discard_import(minutes_import: MinutesImport, *, by: User) -> MinutesImport:
    minutes_import = _lock_draft(minutes_import, by)
    minutes_import.status = MinutesImport.Status.DISCARDED
    minutes_import.save(update_fields=["status", "updated_at"])
    record(actor=by, action="minutes_import.discard", obj=minutes_import, body_id=minutes_import.body_id)
    return minutes_import


def _assignment_specs(item: dict, organizations: dict[int, Organization]) -> list[services.AssignmentSpec]:
    deadline = dt.date.fromisoformat(item["deadline"]) if item.get("deadline") else None
    timing = (
        {"recurrence": Assignment.Recurrence.ONCE, "deadline": deadline}
        if deadline
        else {"recurrence": Assignment.Recurrence.CONTINUOUS}
    )
    chosen = []
    for entry in item["responsible"]:
        org_id = entry.get("organization")
        if org_id and org_id not in chosen:
            chosen.append(org_id)
    specs = []
    for index, org_id in enumerate(chosen):
        role = Assignment.Role.LEAD if index == 0 else Assignment.Role.SUPPORTING
        specs.append(services.AssignmentSpec(organizations[org_id], role=role, **timing))
    return specs


def recorded_sessions(body: Body, meeting: dict) -> list[Meeting]:
    """The body's meetings already recorded with the draft's session number or on its date: the review
    page warns of them before the confirmation (the same number is refused when confirming)."""
    number, held_on = meeting.get("number"), meeting.get("held_on")
    if not number and not held_on:
        return []
    same = Q()
    if number:
        same |= Q(number=int(number))
    if held_on:
        same |= Q(held_on=dt.date.fromisoformat(held_on))
    return list(body.meetings.filter(same).order_by("held_on", "number"))


@transaction.atomic
def confirm_import(minutes_import: MinutesImport, *, by: User) -> Meeting:
    """Create the meeting, its resolutions and their assignments from the draft, all or nothing."""
    minutes_import = _lock_draft(minutes_import, by)
    draft = minutes_import.draft
    meeting_fields = draft["meeting"]
    if not meeting_fields.get("held_on"):
        raise ImportRefused(_("Enter the date of the meeting."), code="no-date")
    items = [item for item in draft["resolutions"] if item.get("include", True)]
    if not items:
        raise ImportRefused(_("Keep at least one resolution."), code="no-resolutions")
    missing = [
        item["number"] for item in items if not any(e.get("organization") for e in item["responsible"])
    ]
    if missing:
        raise ImportRefused(
            _("Choose the responsible organisation of resolutions %(numbers)s.")
            % {"numbers": "، ".join(n(number) for number in missing)},
            code="no-lead",
        )
    org_ids = {e["organization"] for item in items for e in item["responsible"] if e.get("organization")}
    organizations = Organization.objects.in_bulk(org_ids)
    if set(organizations) != org_ids:
        raise ImportRefused(
            _("An organisation chosen in the draft no longer exists."), code="unknown-organization"
        )
    number = int(meeting_fields["number"])
    if minutes_import.body.meetings.filter(number=number).exists():
        raise ImportRefused(
            _(
                "Session %(number)s of this body is already recorded: correct the session number, or discard the draft."
            )
            % {"number": n(number)},
            code="duplicate-number",
        )
    minutes_file = None
    if minutes_import.source_file:
        minutes_file = ContentFile(
            minutes_import.source_file.read(), name=minutes_import.source_name or "minutes"
        )
    meeting = services.create_meeting(
        minutes_import.body,
        by=by,
        number=number,
        held_on=dt.date.fromisoformat(meeting_fields["held_on"]),
        place=meeting_fields.get("place", ""),
        chair=meeting_fields.get("chair", ""),
        attendees="\n".join(meeting_fields.get("attendees", [])),
        minutes_file=minutes_file,
    )
    for item in items:
        spec = services.ResolutionSpec(
            number=str(item["number"]), text=item["text"], assignments=_assignment_specs(item, organizations)
        )
        services.create_resolution(meeting, by=by, spec=spec)
    minutes_import.status = MinutesImport.Status.CONFIRMED
    minutes_import.meeting = meeting
    minutes_import.save(update_fields=["status", "meeting", "updated_at"])
    record(
        actor=by,
        action="minutes_import.confirm",
        obj=minutes_import,
        body_id=minutes_import.body_id,
        changes={"meeting": meeting.pk, "resolutions": len(items)},
    )
    return meeting
