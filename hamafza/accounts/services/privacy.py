"""A person's data on request (issue 12): found by mobile, national ID, e-mail or name; exported as a zip of
JSON and the files they uploaded; erased in one transaction.

A person is a user account, a donor record or an NGO contact person. Erasing replaces the identifying
fields by «حذف‌شده به درخواست» or empties them and disables the login; the records the person took part in
(resolutions, reports, pledges, evidence) and the audit log stay, the audit entries keeping their ids with
the person's identifying values redacted. The erasure is itself audited, without the erased values.
"""

import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import serializers
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user

from hamafza.accounts.models import User
from hamafza.audit import services as audit
from hamafza.audit.models import AuditEntry
from hamafza.lib.masking import mask_email, mask_mobile, mask_national_id
from hamafza.lib.persian import search_key, to_ascii_digits
from hamafza.participation.models import Contact, Donor

KINDS = {"user": User, "donor": Donor, "contact": Contact}
KIND_LABELS = {"user": _("user account"), "donor": _("donor"), "contact": _("contact person")}


def redacted() -> str:
    """The text an erased name reads, in the site's language (stored, so not in the reader's)."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(_("Erased on request"))


@dataclass(frozen=True)
class Person:
    kind: str
    obj: Any

    @property
    def pk(self) -> int:
        return self.obj.pk

    @property
    def name(self) -> str:
        """What the administrator types to confirm an erasure."""
        if self.kind == "user":
            return self.obj.get_full_name() or self.obj.get_username()
        return self.obj.name

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    def masked_contacts(self) -> str:
        """Mobile, national ID and e-mail as a list shows them."""
        obj = self.obj
        parts = [
            mask_mobile(getattr(obj, "mobile", "") or getattr(obj, "phone", "")),
            mask_national_id(getattr(obj, "national_id", "")),
            mask_email(getattr(obj, "email", "")),
        ]
        return " · ".join(part for part in parts if part)

    @property
    def is_erased(self) -> bool:
        if self.kind == "user":
            return not self.obj.is_active and self.obj.first_name == redacted() and not self.obj.email
        return self.obj.name == redacted()


class PersonNotFound(LookupError):
    pass


def get_person(kind: str, pk: int) -> Person:
    model = KINDS.get(kind)
    if model is None:
        raise PersonNotFound(kind)
    obj = model._default_manager.filter(pk=pk).first()
    if obj is None:
        raise PersonNotFound(f"{kind} {pk}")
    return Person(kind, obj)


def find_people(query: str, limit: int = 50) -> list[Person]:
    """Users, donors and contact people whose mobile, national ID, e-mail, username or name holds the
    query (digits in any script)."""
    text = to_ascii_digits(" ".join((query or "").split()))
    if len(text) < 3:
        return []
    key = search_key(text)
    users = User.objects.filter(
        Q(username__icontains=text)
        | Q(email__icontains=text)
        | Q(phone__icontains=text)
        | Q(first_name__icontains=text)
        | Q(last_name__icontains=text)
    ).order_by("pk")[:limit]
    donors = Donor.objects.filter(
        Q(search_text__contains=key) | Q(email__icontains=text) | Q(name__icontains=text)
    ).order_by("pk")[:limit]
    contacts = Contact.objects.filter(
        Q(name__icontains=text) | Q(mobile__icontains=text) | Q(email__icontains=text)
    ).order_by("pk")[:limit]
    return (
        [Person("user", u) for u in users]
        + [Person("donor", d) for d in donors]
        + [Person("contact", c) for c in contacts]
    )


# --- What is linked to a person ---------------------------------------------------------------------


def _linked_people(person: Person) -> list[Person]:
    """The person and their other records: a user's donor record, a donor's user account."""
    people = [person]
    if person.kind == "user":
        donor = Donor.objects.filter(user=person.obj).first()
        if donor is not None:
            people.append(Person("donor", donor))
    elif person.kind == "donor" and person.obj.user_id:
        people.append(Person("user", person.obj.user))
    return people


def _related_rows(obj: models.Model) -> dict[str, list[models.Model]]:
    """Every row that points at `obj` by a foreign key or a one-to-one field, by model label."""
    rows: dict[str, list[models.Model]] = {}
    relations: list[Any] = [
        field
        for field in obj._meta.get_fields(include_hidden=True)
        if field.auto_created and not field.concrete and (field.one_to_many or field.one_to_one)
    ]
    for relation in relations:
        model: Any = relation.related_model
        found = list(model._default_manager.filter(**{relation.field.name: obj}).order_by("pk"))
        if found:
            rows.setdefault(model._meta.label_lower, []).extend(found)
    return rows


def _audit_q(people: list[Person]) -> Q:
    q = Q(pk__in=[])
    for person in people:
        q |= Q(object_type=person.obj._meta.label_lower, object_id=person.pk)
        if person.kind == "user":
            q |= Q(actor=person.obj)
        if person.kind == "donor":
            pledge_ids = list(person.obj.pledges.values_list("pk", flat=True))
            q |= Q(object_type="participation.pledge", object_id__in=pledge_ids)
    return q


# Secrets (password hash, two-factor keys, API token keys) and derived search keys are not the person's data.
_HIDDEN_FIELDS = {"password", "search_text", "search_name", "key", "bin_key", "token", "secret"}


def _plain_rows(rows: list[models.Model]) -> list[dict[str, Any]]:
    plain = serializers.serialize("python", rows)
    for row in plain:
        for name in _HIDDEN_FIELDS & set(row["fields"]):
            del row["fields"][name]
    return json.loads(json.dumps(plain, default=str))


def export_data(person: Person) -> dict[str, Any]:
    """Everything linked to the person, as JSON-ready data."""
    people = _linked_people(person)
    found: dict[str, dict[int, models.Model]] = {}
    for linked in people:
        found.setdefault(linked.obj._meta.label_lower, {})[linked.pk] = linked.obj
        for label, rows in _related_rows(linked.obj).items():
            if label == "audit.auditentry":
                continue  # below, with the entries about the person
            found.setdefault(label, {}).update((row.pk, row) for row in rows)
    found["audit.auditentry"] = {entry.pk: entry for entry in AuditEntry.objects.filter(_audit_q(people))}
    records = {label: _plain_rows([rows[pk] for pk in sorted(rows)]) for label, rows in sorted(found.items())}
    return {
        "person": {"kind": person.kind, "id": person.pk},
        "exported_at": timezone.now().isoformat(),
        "records": records,
    }


def _files(person: Person) -> list[tuple[str, Any]]:
    """(name in the archive, stored file) for each file the person's linked rows hold."""
    found = []
    for linked in _linked_people(person):
        for rows in _related_rows(linked.obj).values():
            for row in rows:
                for field in row._meta.fields:
                    if isinstance(field, models.FileField):
                        stored = getattr(row, field.name)
                        if stored and stored.name:
                            found.append((f"files/{row._meta.label_lower}/{row.pk}/{stored.name}", stored))
    return found


def export_zip(person: Person) -> bytes:
    """person.json and the files linked to the person, in one zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("person.json", json.dumps(export_data(person), ensure_ascii=False, indent=2))
        for name, stored in _files(person):
            try:
                with stored.open("rb") as handle:
                    archive.writestr(name, handle.read())
            except FileNotFoundError:
                continue
    return buffer.getvalue()


# --- Erasure ----------------------------------------------------------------------------------------


def _identifying_values(people: list[Person]) -> set[str]:
    values: set[str] = set()
    for person in people:
        obj = person.obj
        for name in ("name", "first_name", "last_name", "email", "phone", "mobile", "national_id"):
            value = getattr(obj, name, "")
            if isinstance(value, str) and len(value.strip()) >= 3:
                values.add(value.strip())
        if person.kind == "user":
            values.add(obj.get_username())
            full = obj.get_full_name()
            if full:
                values.add(full)
    values.discard(redacted())
    return values


def _redact_value(value: Any, secrets: set[str]) -> Any:
    if isinstance(value, str):
        for secret in sorted(secrets, key=len, reverse=True):
            if secret in value:
                value = value.replace(secret, redacted())
        return value
    if isinstance(value, list):
        return [_redact_value(item, secrets) for item in value]
    if isinstance(value, dict):
        return {key: _redact_value(item, secrets) for key, item in value.items()}
    return value


def _erase_user(user: User) -> list[str]:
    changed = []
    for name, value in (("first_name", redacted()), ("last_name", ""), ("email", ""), ("phone", "")):
        if getattr(user, name) != value:
            setattr(user, name, value)
            changed.append(name)
    username = f"erased-{user.pk}"
    if user.username != username:
        user.username = username
        changed.append("username")
    if user.is_active or user.has_usable_password():
        user.is_active = False
        user.set_unusable_password()
        changed.append("is_active")
    if changed:
        user.save()
    devices = list(devices_for_user(user, confirmed=None))
    if devices:
        for device in devices:
            device.delete()
        changed.append("two_factor")
    if user.notifications.exists():
        user.notifications.all().delete()
        changed.append("notifications")
    return changed


def _erase_donor(donor: Donor) -> list[str]:
    blank = {
        "name": redacted(),
        "national_id": "",
        "mobile": "",
        "email": "",
        "postal_code": "",
        "address": "",
        "note": "",
        "consent_at": None,
        "may_contact": False,
        "is_active": False,
    }
    if donor.kind == Donor.Kind.PERSON:
        blank["legal_id"] = ""
    return _blank(donor, blank)


def _erase_contact(contact: Contact) -> list[str]:
    return _blank(contact, {"name": redacted(), "mobile": "", "email": ""})


def _blank(record, blank: dict) -> list[str]:
    """`record`'s fields set to `blank`'s values and saved, if any differed; the names of those that did
    (none the second time: an erasure repeated changes nothing)."""
    changed = [name for name, value in blank.items() if getattr(record, name) != value]
    for name in changed:
        setattr(record, name, blank[name])
    if changed:
        record.save()
    return changed


_ERASERS: dict[str, Callable[[Any], list[str]]] = {
    "user": _erase_user,
    "donor": _erase_donor,
    "contact": _erase_contact,
}


@dataclass
class Erasure:
    changed: dict[str, list[str]]
    audit_entries_redacted: int

    @property
    def did_anything(self) -> bool:
        return bool(self.changed) or bool(self.audit_entries_redacted)


def erase(person: Person, *, by: User) -> Erasure:
    """Erase the person's identifying data and their linked records' (a user's donor record, a donor's
    user account); redact it in the audit log; record the erasure. A second erasure changes nothing."""
    with transaction.atomic():
        people = _linked_people(person)
        secrets = _identifying_values(people)
        redacted_count = 0
        if secrets:
            for entry in AuditEntry.objects.select_for_update().filter(_audit_q(people)).order_by("pk"):
                repr_ = _redact_value(entry.object_repr, secrets)
                changes = _redact_value(entry.changes, secrets)
                actor_name = _redact_value(entry.actor_name, secrets)
                if (repr_, changes, actor_name) != (entry.object_repr, entry.changes, entry.actor_name):
                    entry.object_repr, entry.changes, entry.actor_name = (
                        repr_[:300],
                        changes,
                        actor_name[:150],
                    )
                    entry.save(update_fields=["object_repr", "changes", "actor_name"])
                    redacted_count += 1
        changed: dict[str, list[str]] = {}
        for linked in people:
            fields = _ERASERS[linked.kind](linked.obj)
            if fields:
                changed[f"{linked.kind}:{linked.pk}"] = fields
        result = Erasure(changed=changed, audit_entries_redacted=redacted_count)
        if result.did_anything:
            audit.record(
                actor=by,
                action="person.erase",
                obj=person.obj,
                changes={"erased": sorted({name for fields in changed.values() for name in fields})},
            )
    return result
