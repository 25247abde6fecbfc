"""Roles in bodies: who is a body's secretariat or viewer."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from hamafza.accounts.models import BodyRole, User
from hamafza.audit.services import record
from hamafza.meetings.models import Body


@transaction.atomic
def grant_body_role(body: Body, *, by: User, user: User, kind: str) -> BodyRole:
    if not by.is_system_admin:
        raise PermissionDenied(_("Only a system administrator may give roles."))
    role, created = BodyRole.objects.update_or_create(user=user, body=body, defaults={"kind": kind})
    record(
        actor=by,
        action="bodyrole.grant",
        obj=role,
        changes={"user": user.get_username(), "kind": kind},
        body_id=body.pk,
    )
    return role
