"""The writers of tests/ops/test_sqlite_writers.py, on Django's real settings, in one process.

DATABASE_URL points at a temporary SQLite file, so every connection is made exactly as `make run` makes
it (WAL, IMMEDIATE transactions, the busy timeout of hamafza/settings.py). Ten threads, each with its own
connection (Django keeps one per thread), wait at a barrier and then write together:

    python -m tests.ops.sqlite_writer WRITERS ROUNDS EACH

1. the tables of every model (as the test database is built without migrations) and a shared counter;
2. raw: ROUNDS read-then-write transactions per writer (read the counter, write rows, raise it);
3. services: EACH resolutions per writer, created by the secretariat, reported on by the writer's own
   officer and accepted, through the follow-up's services;
4. the control: the raw writers again on a second file in DEFERRED transactions, Django's default.

It prints one line of JSON: what each step did and every error it met.
"""

import datetime as dt
import json
import os
import sys
import threading
import traceback
from concurrent.futures import ThreadPoolExecutor

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hamafza.settings")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

import django  # noqa: E402

django.setup()

from django.apps import apps  # noqa: E402
from django.db import OperationalError, connection, transaction  # noqa: E402


def pragma(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA {name}")
        return str(cursor.fetchone()[0])


def schema() -> dict:
    """The tables of every model (as the test database is built without migrations), in one go."""
    with connection.schema_editor() as editor:
        for model in apps.get_models():
            if model._meta.managed and not model._meta.proxy:
                editor.create_model(model)
        editor.execute("CREATE TABLE writer_counter (id INTEGER PRIMARY KEY, total INTEGER NOT NULL)")
        editor.execute("INSERT INTO writer_counter (id, total) VALUES (1, 0)")
        editor.execute(
            "CREATE TABLE writer_row (id INTEGER PRIMARY KEY, writer INTEGER, seq INTEGER, total INTEGER)"
        )
    return {"journal_mode": pragma("journal_mode")}


def cast(organisations: int) -> dict:
    from hamafza.accounts.models import BodyRole, User
    from hamafza.meetings import services
    from hamafza.meetings.models import Body
    from hamafza.orgs.models import Organization
    from hamafza.places.models import Region

    province = Region.objects.create(name="تهران", kind="province", code="IR-23")
    governorate = Organization.objects.create(name="استانداری", region=province, kind="agency")
    body = Body.objects.create(name="کارگروه", kind="working_group", region=province, secretariat=governorate)
    body.members.add(governorate)
    secretary = User.objects.create_user(username="secretary", password=None, organization=governorate)
    BodyRole.objects.create(user=secretary, body=body, kind=BodyRole.Kind.SECRETARIAT)
    for i in range(organisations):
        org = Organization.objects.create(name=f"دستگاه {i}", region=province, kind="agency")
        body.members.add(org)
        User.objects.create_user(username=f"officer{i}", password=None, organization=org, is_officer=True)
    services.create_meeting(body, by=secretary, number=1, held_on=services.today() - dt.timedelta(days=1))
    return {"organisations": organisations}


def raw(writer: int, rounds: int, barrier: threading.Barrier) -> dict:
    """Read-then-write transactions: read the shared counter, write a row with what was read, raise it.

    In a deferred transaction two writers both read, then both try to write: SQLite refuses one at once
    with "database is locked" whatever the busy timeout. IMMEDIATE takes the write lock at BEGIN."""
    connection.ensure_connection()
    barrier.wait()
    done, errors = 0, []
    for seq in range(rounds):
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT total FROM writer_counter WHERE id = 1")
                total = cursor.fetchone()[0]
                for _ in range(5):
                    cursor.execute(
                        "INSERT INTO writer_row (writer, seq, total) VALUES (%s, %s, %s)",
                        [writer, seq, total],
                    )
                cursor.execute("UPDATE writer_counter SET total = %s WHERE id = 1", [total + 1])
            done += 1
        except OperationalError as error:
            errors.append(str(error))
    return {"done": done, "errors": errors, "journal_mode": pragma("journal_mode")}


def run_services(writer: int, count: int, barrier: threading.Barrier) -> dict:
    """The follow-up's own services: a resolution, its officer's report, the secretariat's acceptance."""
    from hamafza.accounts.models import User
    from hamafza.meetings import services
    from hamafza.meetings.models import Meeting

    secretary = User.objects.get(username="secretary")
    officer = User.objects.get(username=f"officer{writer}")
    meeting = Meeting.objects.get()
    barrier.wait()
    done, errors = 0, []
    for k in range(count):
        try:
            spec = services.ResolutionSpec(
                number=f"{writer}-{k}",
                text=f"مصوبه {writer}-{k}",
                assignments=[
                    services.AssignmentSpec(
                        officer.organization, deadline=services.today() + dt.timedelta(days=30)
                    )
                ],
            )
            resolution = services.create_resolution(meeting, by=secretary, spec=spec)
            report = services.submit_progress(
                resolution.assignments.get(), by=officer, percent=50, note="نیمی انجام شد"
            )
            services.accept_report(report, by=secretary)
            done += 1
        except OperationalError as error:
            errors.append(str(error))
        except Exception:  # anything else is a failure of the test too, with its trace
            errors.append(traceback.format_exc())
    return {"done": done, "errors": errors}


def together(work, writers: int, amount: int) -> list[dict]:
    """`writers` threads, each on its own connection, released at once by a barrier."""
    barrier = threading.Barrier(writers)

    def one(writer: int) -> dict:
        try:
            return work(writer, amount, barrier)
        finally:
            connection.close()

    with ThreadPoolExecutor(writers) as pool:
        return list(pool.map(one, range(writers)))


def counted() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT total FROM writer_counter")
        total = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM writer_row")
        rows = cursor.fetchone()[0]
    return {"total": total, "rows": rows}


def main(writers: int, rounds: int, each: int) -> dict:
    from hamafza.meetings.models import ProgressReport, Resolution

    out: dict = {"settings": {k: v for k, v in connection.settings_dict["OPTIONS"].items()}}
    out["schema"] = schema()
    cast(writers)
    out["raw"] = together(raw, writers, rounds)
    out["raw_counted"] = counted()
    out["services"] = together(run_services, writers, each)
    out["resolutions"] = Resolution.objects.count()
    out["accepted"] = ProgressReport.objects.filter(status=ProgressReport.Status.ACCEPTED).count()
    connection.close()
    # The control: a second file, DEFERRED transactions (the settings dict is shared by every thread's
    # connection, so the change reaches the writers' new connections).
    connection.settings_dict["NAME"] = os.environ["CONTROL_DATABASE"]
    connection.settings_dict["OPTIONS"]["transaction_mode"] = "DEFERRED"
    connection.settings_dict["OPTIONS"]["timeout"] = 2
    with connection.schema_editor() as editor:
        editor.execute("CREATE TABLE writer_counter (id INTEGER PRIMARY KEY, total INTEGER NOT NULL)")
        editor.execute("INSERT INTO writer_counter (id, total) VALUES (1, 0)")
        editor.execute(
            "CREATE TABLE writer_row (id INTEGER PRIMARY KEY, writer INTEGER, seq INTEGER, total INTEGER)"
        )
    out["control"] = together(raw, writers, rounds)
    return out


if __name__ == "__main__":
    print(json.dumps(main(*map(int, sys.argv[1:4]))))
