"""No table, log or order of rows links a voter to a ballot.

Fifty member NGOs vote (on the site and through the API, with their notifications delivered); then every
table of the database, the audit log and every log record written during the vote are read, and the
ballots' keys and their order on disk are compared with the order of voting.
"""

import datetime as dt
import logging
import uuid

import pytest
from django.db import connection

from hamafza.assembly.models import Ballot, Member, VoterRecord
from hamafza.assembly.services import ballots
from hamafza.assembly.services import elections as services
from hamafza.audit.models import AuditEntry
from tests.assembly.conftest import make_ngo, make_user

VOTERS = 50


def kendall_tau(order: list[int]) -> float:
    """Rank correlation of a permutation of 0..n-1 with the identity (1: same order, -1: reversed)."""
    n = len(order)
    concordant = discordant = 0
    for i in range(n):
        for j in range(i + 1, n):
            if order[i] < order[j]:
                concordant += 1
            else:
                discordant += 1
    return (concordant - discordant) / (n * (n - 1) / 2)


def disk_order(election) -> list[str]:
    """The tracking hashes of the election's ballots in the order the database stores them."""
    table = Ballot._meta.db_table
    position = "ctid" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT tracking_hash FROM "{table}" WHERE election_id = %s ORDER BY {position}', [election.pk]
        )
        return [row[0] for row in cursor.fetchall()]


def every_row_of_every_table(skip: set[str]) -> list[tuple[str, str]]:
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table in skip:
                continue
            cursor.execute(f'SELECT * FROM "{table}"')
            for row in cursor.fetchall():
                found.append((table, " ".join(str(value) for value in row)))
    return found


@pytest.fixture
def fifty(assembly, province, today):
    created = []
    for n in range(VOTERS):
        ngo = make_ngo(f"سمن شماره {n}", province, expires=today + dt.timedelta(days=100))
        rep = make_user(f"voter{n}", ngo)
        created.append(
            Member.objects.create(assembly=assembly, organization=ngo, representative=rep, joined_on=today)
        )
    return created


def test_nothing_links_a_voter_to_a_ballot(
    voting, candidates, fifty, secretary, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    choices = [candidates["a"].pk, candidates["b"].pk, candidates["c"].pk]
    receipts = []
    for n, member in enumerate(fifty):
        with django_capture_on_commit_callbacks(execute=True):
            receipts.append(
                ballots.cast_ballot(
                    voting,
                    member,
                    by=member.representative,
                    choices=[choices[n % 3]],
                    channel="web" if n % 2 else "api",
                )
            )
    services.close_voting(voting, by=secretary)
    hashes = [ballots.tracking_hash(voting.pk, receipt.code) for receipt in receipts]
    rows = list(Ballot.objects.filter(election=voting))
    assert sorted(b.tracking_hash for b in rows) == sorted(hashes)

    # The ballot table holds what was voted and nothing else: no member, user, channel or time.
    assert {f.name for f in Ballot._meta.concrete_fields} == {
        "id",
        "election",
        "tracking_hash",
        "choices",
        "invalid_reason",
        "paper_number",
    }
    assert all(isinstance(b.id, uuid.UUID) and b.id.version == 4 for b in rows)
    # Who voted holds no ballot and no time.
    assert {f.name for f in VoterRecord._meta.concrete_fields} == {"id", "election", "member", "channel"}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            relations = connection.introspection.get_relations(cursor, table)
            assert all(target != Ballot._meta.db_table for _column, (_pk, target) in relations.items()), table

    # No other table holds a ballot's key, tracking hash, code or fingerprint.
    secrets = set()
    for ballot, receipt, hashed in zip(
        sorted(rows, key=lambda b: hashes.index(b.tracking_hash)), receipts, hashes, strict=True
    ):
        secrets |= {
            str(ballot.id),
            ballot.id.hex,
            hashed,
            receipt.code,
            receipt.display_code,
            receipt.fingerprint,
        }
    for table, text in every_row_of_every_table(skip={Ballot._meta.db_table}):
        leaked = [secret for secret in secrets if secret in text]
        assert not leaked, f"{table} holds {leaked}"

    # The audit log: «member X voted» names the member and no ballot; «a ballot was cast» names nobody.
    voted = AuditEntry.objects.filter(action="ballot.voter")
    cast = AuditEntry.objects.filter(action="ballot.cast")
    assert voted.count() == cast.count() == VOTERS
    assert set(voted.values_list("object_id", flat=True)) == {m.pk for m in fifty}
    assert {
        (*row[:5], repr(row[5]))
        for row in cast.values_list("actor", "actor_name", "ip", "object_type", "object_id", "changes")
    } == {(None, "", None, "assembly.election", voting.pk, "{}")}
    assert set(cast.values_list("source", flat=True)) == {"ballot"}

    # The log: the same two facts, apart.
    messages = [record.getMessage() for record in caplog.records]
    for secret in secrets:
        assert not any(secret in message for message in messages)
    assert sum("voted in election" in m for m in messages) == VOTERS
    assert sum(m == f"a ballot was cast in election {voting.pk}" for m in messages) == VOTERS

    # Order: neither the keys nor the place on disk follow the order of voting.
    voting_order = {hashed: n for n, hashed in enumerate(hashes)}
    by_key = [voting_order[b.tracking_hash] for b in Ballot.objects.filter(election=voting).order_by("pk")]
    on_disk = [voting_order[h] for h in disk_order(voting)]
    for order in (by_key, on_disk):
        assert order != list(range(VOTERS))
        # A random order of 50 has |tau| above 0.6 less than once in a billion runs.
        assert abs(kendall_tau(order)) < 0.6, order


def test_the_tracking_code_tells_the_voter_only_that_the_ballot_was_counted(
    voting, candidates, members, rep_a, secretary
):
    receipt = ballots.cast_ballot(voting, members["a"], by=rep_a, choices=[candidates["b"].pk], channel="web")
    assert ballots.is_counted(voting, receipt.display_code)
    persian = receipt.display_code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert ballots.is_counted(voting, persian)
    assert not ballots.is_counted(voting, "1111-2222-3333")
    services.close_voting(voting, by=secretary)
    assert ballots.published_fingerprints(voting) == [receipt.fingerprint]
    assert ballots.is_counted(voting, receipt.code)  # still there after the ballots were shuffled
