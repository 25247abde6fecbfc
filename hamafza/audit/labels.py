"""The audit log as a person reads it: actions, fields and values in the page's language."""

import datetime as dt
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _

from hamafza.lib.jalali import format_jalali
from hamafza.lib.masking import mask_address, mask_email, mask_mobile, mask_national_id
from hamafza.lib.persian import format_number, to_persian_digits

ACTIONS = {
    "assignment.create": _("Organisation assigned"),
    "assignment.delete": _("Organisation removed"),
    "assignment.status": _("Follow-up state changed"),
    "assignment.update": _("Deadline changed"),
    "assignment.closed": _("Closed with the resolution"),
    "assignment.reopened": _("Owed again: the resolution was reopened"),
    "assignment.reassign": _("Duty passed to another organisation"),
    "bodyrole.grant": _("Role given"),
    "user.two_factor_on": _("Two-factor sign-in turned on"),
    "user.two_factor_off": _("Two-factor sign-in turned off"),
    "user.two_factor_backup_codes": _("New two-factor backup codes made"),
    "meeting.create": _("Meeting recorded"),
    "meeting.update": _("Meeting edited"),
    "minutes_import.start": _("Minutes read"),
    "minutes_import.save": _("Import draft saved"),
    "minutes_import.confirm": _("Imported minutes confirmed"),
    "minutes_import.discard": _("Import draft discarded"),
    "resolution_table.confirm": _("Pasted table of resolutions saved"),
    "region.target": _("Target neighbourhood marked"),
    "indicator.values": _("Indicator values saved"),
    "regionyear.set": _("Denominators set"),
    "assessment.create": _("Priority assessment saved"),
    "assessment.mark_targets": _("Target neighbourhoods marked from an assessment"),
    "report.submit": _("Progress reported"),
    "report.accept": _("Report accepted"),
    "report.return": _("Report returned"),
    "resolution.create": _("Resolution recorded"),
    "resolution.update": _("Resolution edited"),
    "resolution.cancel": _("Resolution cancelled"),
    "resolution.reopen": _("Resolution reopened"),
    "resolution.done": _("Resolution done"),
}
SOURCES = {"web": _("site"), "api": _("API"), "system": _("system"), "demo": _("demo data")}
EXTRA_FIELDS = {
    "note": _("report"),
    "files": _("evidence files"),
    "comment": _("comment"),
    "reason": _("reason"),
    "file": _("file"),
    "resolutions": _("resolutions"),
    "meeting": _("meeting"),
    "user": _("user"),
    "kind": _("role"),
    # What a visitor typed on the public page (shown to the secretariat only), and other recorded facts
    "typed_name": _("name as typed"),
    "typed_email": _("e-mail as typed"),
    "typed_mobile": _("mobile as typed"),
    "typed_national_id": _("national ID as typed"),
    "anonymous": _("asked to stay anonymous"),
    "certificate_number": _("certificate number"),
    "needs": _("needs"),
    "lines": _("allocation lines"),
    "amount": _("amount (rials)"),
    "name": _("name"),
    "mobile": _("mobile"),
    "role": _("role"),
}
# Personal data recorded in a change: a history is a list, so it shows them masked (issue 12).
MASKED = {
    "mobile": mask_mobile,
    "typed_mobile": mask_mobile,
    "phone": mask_mobile,
    "national_id": mask_national_id,
    "typed_national_id": mask_national_id,
    "postal_code": mask_national_id,
    "email": mask_email,
    "typed_email": mask_email,
    "address": mask_address,
}
# Recorded values that are lists by nature (not an old and a new value).
LIST_VALUES = {"files", "needs", "topics", "target_regions", "interest_categories", "interest_regions"}
# Facts an entry records that say nothing about its object: for a one-off or continuous assignment, the
# reporting interval and its unit.
PERIODIC_ONLY = {"interval", "interval_unit"}


def action_label(action: str) -> str:
    if action in ACTIONS:
        return str(ACTIONS[action])
    model, _dot, verb = action.partition(".")
    verbs = {"create": _("created"), "update": _("changed"), "delete": _("deleted")}
    return f"{model} {verbs.get(verb, verb)}"


def source_label(source: str) -> str:
    return str(SOURCES.get(source, source))


def _field(object_type: str, name: str):
    try:
        model = apps.get_model(object_type)
        return model._meta.get_field(name)
    except (LookupError, ValueError, Exception):
        return None


def field_label(object_type: str, name: str, field=None) -> str:
    """The field's verbose name; a name the code gave no words (or that is no field) from EXTRA_FIELDS."""
    field = field if field is not None else _field(object_type, name)
    verbose = getattr(field, "verbose_name", None)
    if verbose is not None and str(verbose) != field.name.replace("_", " "):
        return str(verbose)
    return str(EXTRA_FIELDS.get(name, verbose if verbose is not None else name))


def _is_list_valued(field, name: str) -> bool:
    return name in LIST_VALUES or bool(
        field is not None and (field.many_to_many or isinstance(field, models.JSONField))
    )


def _is_pair(change: Any, field, name: str) -> bool:
    """Whether a recorded change is [old, new]: a two-item list of a single-valued field, or of a
    list-valued field whose two items are lists themselves (or nothing)."""
    if not isinstance(change, list) or len(change) != 2:
        return False
    if _is_list_valued(field, name):
        return all(item is None or isinstance(item, list) for item in change)
    return True


def _related_names(field, value: Any, reveal_donors: bool) -> str | None:
    """The names of the objects a foreign key or a many-to-many field recorded by id; an anonymous
    donor stays «anonymous donor» for whoever may not see the name; None when not ids."""
    if field is None or not (field.many_to_one or field.one_to_one or field.many_to_many):
        return None
    ids = value if isinstance(value, list) else [value]
    if not ids or not all(isinstance(item, int) and not isinstance(item, bool) for item in ids):
        return None
    model = field.related_model
    found = {obj.pk: obj for obj in model._default_manager.filter(pk__in=ids)}
    names = []
    for pk in ids:
        obj = found.get(pk)
        if obj is None:
            names.append(str(_("(deleted)")))
        elif getattr(obj, "is_anonymous", False) is True and not reveal_donors:
            names.append(str(_("Anonymous donor")))
        elif hasattr(obj, "get_full_name"):  # a user: the name, never the username's e-mail or mobile
            names.append(obj.get_full_name() or obj.get_username())
        else:
            names.append(str(obj))
    return "، ".join(names)


def value_label(value: Any, field=None, persian: bool = True, reveal_donors: bool = False) -> str:
    """One value of a change, shown as the site shows values: Jalali dates, choice labels, names."""
    if value is None or value == "" or value == []:
        return "—"
    names = _related_names(field, value, reveal_donors)
    if names is not None:
        return names
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, dict) and "repr" in value:
        return str(value["repr"])
    if isinstance(value, list):
        inner = field if field is not None and getattr(field, "choices", None) else None
        return "، ".join(value_label(item, inner, persian) for item in value)
    if field is not None and getattr(field, "choices", None):
        labels = {str(key): label for key, label in field.flatchoices}
        if str(value) in labels:
            return str(labels[str(value)])
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return format_jalali(dt.date.fromisoformat(value), persian_digits=persian)
        except ValueError:
            pass
    if isinstance(field, models.DecimalField | models.FloatField):  # a quantity stored as "10.00"
        text = format_number(value, persian=persian)
        if text is not None:
            return text
    if isinstance(value, int) and abs(value) >= 10_000:  # sums of rials, populations: grouped
        text = f"{value:,}"
        return to_persian_digits(text.replace(",", "٬")) if persian else text
    text = str(value)
    return to_persian_digits(text) if persian else text


def _relevant(entry, name: str, change: Any) -> bool:
    """Whether a recorded fact says something about the object: an empty value at its creation does not,
    nor the reporting interval of an assignment that reports once or continuously."""
    if name in PERIODIC_ONLY and entry.object_type == "meetings.assignment":
        recurrence = (entry.changes or {}).get("recurrence")
        recurrence = recurrence[-1] if isinstance(recurrence, list) else recurrence
        if recurrence is None:
            model = apps.get_model(entry.object_type)
            recurrence = model.objects.filter(pk=entry.object_id).values_list("recurrence", flat=True).first()
        return recurrence == "periodic"
    return True


def _masked(mask, change: Any) -> Any:
    if isinstance(change, list):
        return [_masked(mask, item) for item in change]
    return mask(change) if isinstance(change, str) and change else change


def describe_changes(
    entry, persian: bool = True, reveal_donors: bool = False, mask_personal: bool = True
) -> list[tuple[str, str, str | None]]:
    """(field label, new value, old value or None) for each change of an audit entry, in the page's words:
    field names by their verbose name, codes by their choice label, ids by the object's name (an anonymous
    donor's only for those who may see it, `reveal_donors`); mobiles, national IDs, e-mails and addresses
    masked unless the page is a record's own, shown to those it is for (`mask_personal=False`)."""
    rows = []
    for name, change in (entry.changes or {}).items():
        if not _relevant(entry, name, change):
            continue
        field = _field(entry.object_type, name)
        label = field_label(entry.object_type, name, field)
        if mask_personal and name in MASKED:
            change = _masked(MASKED[name], change)
        if _is_pair(change, field, name):
            old, new = change
            if old in (None, "", []) and new in (None, "", []):
                continue
            new_text = value_label(new, field, persian, reveal_donors)
            rows.append((label, new_text, value_label(old, field, persian, reveal_donors)))
        else:
            if change in (None, "", []):
                continue  # nothing recorded: not worth a line
            rows.append((label, value_label(change, field, persian, reveal_donors), None))
    return rows
