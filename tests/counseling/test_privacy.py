"""Parties' names and national IDs: encrypted in the database and its dumps, never in lists, exports or
the API; shown only to the case's readers, and every read audited."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from hamafza.audit.models import AuditEntry
from hamafza.counseling.models import Party
from hamafza.lib.persian import to_persian_digits

pytestmark = pytest.mark.django_db

NAME, NATIONAL_ID = "مریم رضایی", "0012345679"


def test_the_database_and_a_dump_hold_no_name_or_national_id(case):
    with connection.cursor() as cursor:
        cursor.execute("SELECT name_token, national_id_token FROM counseling_party")
        rows = cursor.fetchall()
    text = repr(rows)
    assert NAME not in text and NATIONAL_ID not in text
    assert any(token.startswith("gAAAA") for row in rows for token in row if token)  # Fernet tokens
    out = io.StringIO()
    call_command("dumpdata", "counseling", stdout=out)
    assert NAME not in out.getvalue() and NATIONAL_ID not in out.getvalue()
    assert "\\u0645\\u0631\\u06cc\\u0645" not in out.getvalue()  # nor escaped


def test_another_key_cannot_read_them(case, settings):
    from hamafza.counseling.services.privacy import personal_data

    settings.COUNSELING_FERNET_KEY = "b3RoZXIta2V5LW90aGVyLWtleS1vdGhlci1rZXktMzI="
    people = personal_data(case, by=None)
    assert [p.name for p in people] == ["?"]


def test_lists_pages_and_the_api_never_show_them(client_for, case, counsellor, reviewer):
    client = client_for(counsellor)
    for url in (
        "/counseling/",
        f"/counseling/cases/{case.pk}/",
        "/api/counseling/cases/",
        f"/api/counseling/cases/{case.pk}/",
    ):
        text = client.get(url).content.decode()
        assert NAME not in text and NATIONAL_ID not in text and to_persian_digits(NATIONAL_ID) not in text, (
            url
        )
    assert not AuditEntry.objects.filter(action="counseling_case.read_personal").exists()


def test_reading_them_is_audited(client_for, case, reviewer):
    response = client_for(reviewer).get(f"/counseling/cases/{case.pk}/personal/")
    text = response.content.decode()
    assert NAME in text and to_persian_digits(NATIONAL_ID) in text
    entry = AuditEntry.objects.get(action="counseling_case.read_personal")
    assert (entry.actor, entry.object_id, entry.object_type) == (reviewer, case.pk, "counseling.case")
    assert entry.changes["parties"] == [Party.objects.get(role="complainant").pk]
    assert entry.ip == "127.0.0.1"
