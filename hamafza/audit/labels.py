"""The audit log as a person reads it: actions, fields and values in the page's language."""

import datetime as dt
from typing import Any

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from hamafza.lib.jalali import format_jalali
from hamafza.lib.persian import to_persian_digits

ACTIONS = {
    "assignment.create": _("Organisation assigned"),
    "assignment.delete": _("Organisation removed"),
    "assignment.status": _("Follow-up state changed"),
    "assignment.update": _("Deadline changed"),
    "assignment.closed": _("Closed with the resolution"),
    "assignment.reopened": _("Owed again: the resolution was reopened"),
    "bodyrole.grant": _("Role given"),
    "meeting.create": _("Meeting recorded"),
    "meeting.update": _("Meeting edited"),
    "minutes_import.start": _("Minutes read"),
    "minutes_import.save": _("Import draft saved"),
    "minutes_import.confirm": _("Imported minutes confirmed"),
    "minutes_import.discard": _("Import draft discarded"),
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
}


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


def value_label(value: Any, field=None, persian: bool = True) -> str:
    """One value of a change, shown as the site shows values: Jalali dates, choice labels, names."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, dict) and "repr" in value:
        return str(value["repr"])
    if isinstance(value, list):
        return "، ".join(value_label(item, None, persian) for item in value)
    if field is not None and getattr(field, "choices", None):
        labels = {str(key): label for key, label in field.flatchoices}
        if str(value) in labels:
            return str(labels[str(value)])
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return format_jalali(dt.date.fromisoformat(value), persian_digits=persian)
        except ValueError:
            pass
    if isinstance(value, int) and abs(value) >= 10_000:  # sums of rials, populations: grouped
        text = f"{value:,}"
        return to_persian_digits(text.replace(",", "٬")) if persian else text
    text = str(value)
    return to_persian_digits(text) if persian else text


def describe_changes(entry, persian: bool = True) -> list[tuple[str, str, str | None]]:
    """(field label, new value, old value or None) for each change of an audit entry."""
    rows = []
    for name, change in (entry.changes or {}).items():
        field = _field(entry.object_type, name)
        label = (
            str(field.verbose_name)
            if field is not None and hasattr(field, "verbose_name")
            else str(EXTRA_FIELDS.get(name, name))
        )
        if (
            isinstance(change, list)
            and len(change) == 2
            and entry.action.endswith(
                (
                    ".update",
                    ".status",
                    ".cancel",
                    ".reopen",
                    ".done",
                    ".accept",
                    ".return",
                    ".closed",
                    ".reopened",
                )
            )
        ):
            old, new = change
            rows.append((label, value_label(new, field, persian), value_label(old, field, persian)))
        else:
            rows.append((label, value_label(change, field, persian), None))
    return rows
