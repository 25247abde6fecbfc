"""What every assembly service shares: the error it raises, locks, the audit entry of a change."""

import logging
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext_lazy as _

from hamafza.accounts.models import User
from hamafza.assembly import access
from hamafza.assembly.models import Assembly, Election
from hamafza.audit.context import Origin, current_origin, reset_origin, set_origin

log = logging.getLogger("hamafza.assembly")

# Refusals about who asks, not about the object's state: the API answers 403 for these.
FORBIDDEN_CODES = {"not_secretariat", "not_supervisor", "not_teller", "not_representative", "not_allowed"}


class AssemblyError(ValidationError):
    """A change the assembly's rules do not allow now; the message is for the user."""


def require(condition: bool, message, code: str) -> None:
    if not condition:
        raise AssemblyError(message, code=code)


def require_manager(user: User, assembly: Assembly) -> None:
    require(
        access.can_manage_assembly(user, assembly),
        _("Only the secretariat of the body that convenes the assembly may do this."),
        "not_secretariat",
    )


def lock_election(election: Election | int) -> Election:
    """The election, locked for a change of state (FOR UPDATE: waits for ballots being cast)."""
    pk = election if isinstance(election, int) else election.pk
    return Election.objects.select_for_update().select_related("assembly__body").get(pk=pk)


def share_lock_election(election: Election | int) -> Election:
    """The election, read under a shared row lock: many ballots may be cast at once, but none while its
    state changes (a close waits for them, and they see the closed state after it). SQLite runs one
    writing transaction at a time (IMMEDIATE), so there the lock is the transaction itself."""
    pk = election if isinstance(election, int) else election.pk
    if connection.vendor == "postgresql":
        table = Election._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT 1 FROM "{table}" WHERE id = %s FOR SHARE', [pk])
    return Election.objects.select_related("assembly").get(pk=pk)


@contextmanager
def unattributed():
    """Audit entries written inside carry neither the user's address nor channel: «a ballot was cast»."""
    token = set_origin(Origin(ip=None, source="ballot"))
    try:
        yield
    finally:
        reset_origin(token)


def channel_of_request() -> str:
    """web or api, from where the current change comes; anything else counts as the site."""
    return "api" if current_origin().source == "api" else "web"
