"""Parties' names and national IDs, encrypted at rest with Fernet (AES-128-CBC and HMAC-SHA256) under a
key from the environment (settings.COUNSELING_FERNET_KEY). The database and its dumps hold tokens only.

Reading them back is `personal_data`, which writes an audit entry each time; nothing else decrypts.
"""

from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

from hamafza.audit.services import record


def _fernet() -> Fernet:
    return Fernet(settings.COUNSELING_FERNET_KEY.encode())


def seal(text: str) -> str:
    """The token of `text` ('' for nothing)."""
    text = (text or "").strip()
    if not text:
        return ""
    return _fernet().encrypt(text.encode("utf-8")).decode("ascii")


def _open(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken:
        return "?"  # encrypted under another key: shown as unreadable, never as the token


@dataclass(frozen=True)
class PersonalData:
    party_id: int
    role: str
    name: str
    national_id: str


def personal_data(case, *, by) -> list[PersonalData]:
    """The parties' names and national IDs in clear, for a user the caller has allowed to read the case;
    the read is audited (who, when, from where, which case), even when no party has any."""
    parties = list(case.parties.all())
    record(
        actor=by,
        action="counseling_case.read_personal",
        obj=case,
        changes={"parties": [party.pk for party in parties if party.has_personal_data]},
    )
    return [
        PersonalData(
            party.pk, party.get_role_display(), _open(party.name_token), _open(party.national_id_token)
        )
        for party in parties
        if party.has_personal_data
    ]
