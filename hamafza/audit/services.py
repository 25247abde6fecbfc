"""The one way to write the audit log."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile

from hamafza.audit.context import current_origin
from hamafza.audit.models import AuditEntry


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return {"id": value.pk, "repr": str(value)}
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_plain(item) for item in value]
    if isinstance(value, FieldFile):
        return value.name or ""
    return value


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    return {name: _plain(getattr(instance, name)) for name in fields}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value changed."""
    return {name: [before.get(name), value] for name, value in after.items() if before.get(name) != value}


def record(
    *,
    actor,
    action: str,
    obj: models.Model,
    changes: dict[str, Any] | None = None,
    resolution_id: int | None = None,
    body_id: int | None = None,
) -> AuditEntry:
    origin = current_origin()
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        actor_name=(actor.get_username() if actor is not None else "") or "",
        ip=origin.ip,
        source=origin.source,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
        object_repr=str(obj)[:300],
        changes={key: _plain(value) for key, value in (changes or {}).items()},
        resolution_id=resolution_id,
        body_id=body_id,
    )
