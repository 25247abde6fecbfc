"""A large, realistic follow-up data set on PostgreSQL, for the dashboard benchmark.

This is the one place in the project that writes meetings, resolutions, assignments and progress
reports without the service functions: going through them would take hours for a million reports
and would also write a million audit entries. Instead the rows are computed here, consistently with
the rules the services enforce, and loaded with COPY:

- a resolution has exactly one lead assignment and 0-3 supporting ones, from the body's members;
- a resolution is done when its lead assignment is done (done_at is the lead's acceptance), and a
  cancelled resolution's assignments stay as they were;
- an assignment's progress is the percent of its last accepted report; a done assignment has an
  accepted 100% report and completed_on; a submitted one has a report awaiting review as its last, a
  returned one a returned report as its last;
- due_on is derived as the services derive it: the deadline, the last report (or the meeting date)
  plus the interval for a periodic assignment, nothing for a continuous or done one.

The database is reused when its marker says it already holds this data set.
"""

import datetime as dt
import random
import time
from zoneinfo import ZoneInfo

from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from hamafza.accounts.models import BodyRole, User
from hamafza.lib.jalali import add_months
from hamafza.lib.persian import search_key
from hamafza.meetings.models import Assignment, Body, Meeting, ProgressReport, Resolution
from hamafza.orgs.models import Organization
from hamafza.places.models import Region

VERSION = "dashboards-v1"
SEED = 20251123
RESOLUTIONS = 100_000
REPORTS_TARGET = 1_000_000
ORGANIZATIONS = 60
BODIES = 20
BIGGEST_BODY = 40_000
YEARS = 5
TEHRAN = ZoneInfo("Asia/Tehran")

COUNTIES = ["مرکزی", "شمالی", "جنوبی", "شرقی", "غربی"]
AGENCIES = [
    ("استانداری", Organization.Sector.GOVERNORATE),
    ("فرماندهی انتظامی", Organization.Sector.POLICE),
    ("اداره کل بهزیستی", Organization.Sector.WELFARE),
    ("اداره کل آموزش و پرورش", Organization.Sector.EDUCATION),
    ("دانشگاه علوم پزشکی", Organization.Sector.HEALTH),
    ("شهرداری", Organization.Sector.MUNICIPALITY),
    ("دادگستری", Organization.Sector.JUDICIARY),
    ("اداره کل فرهنگ و ارشاد اسلامی", Organization.Sector.CULTURE),
    ("اداره کل ورزش و جوانان", Organization.Sector.SPORTS),
    ("کمیته امداد امام خمینی", Organization.Sector.RELIEF),
    ("سازمان تبلیغات اسلامی", Organization.Sector.CULTURE),
    ("اداره کل زندان‌ها", Organization.Sector.JUDICIARY),
]
BODY_KINDS = [
    ("قرارگاه اجتماعی", Body.Kind.HEADQUARTERS),
    ("کارگروه اجتماعی", Body.Kind.WORKING_GROUP),
    ("شورای نظم و امنیت", Body.Kind.COUNCIL),
]
ACTIONS = [
    "نسبت به شناسایی و ساماندهی",
    "با همکاری دستگاه‌های عضو نسبت به اجرای برنامه پیشگیری از",
    "گزارش اقدامات انجام‌شده در خصوص",
    "طرح جامع کاهش",
    "برنامه آموزشی خانواده‌محور برای پیشگیری از",
    "اعتبار لازم برای مقابله با",
    "پایش ماهانه شاخص‌های",
    "نسبت به راه‌اندازی پایگاه مشاوره در زمینه",
]
SUBJECTS = [
    "اعتیاد در محلات هدف",
    "طلاق و اختلافات خانوادگی",
    "خشونت خانگی",
    "سرقت‌های خرد",
    "ساخت‌وساز غیرمجاز",
    "سد معبر در بافت فرسوده",
    "فک پلمب واحدهای صنفی",
    "ترک تحصیل دانش‌آموزان",
    "کودکان کار",
    "حاشیه‌نشینی",
]
ENDINGS = [
    "اقدام و نتیجه را به دبیرخانه گزارش نماید.",
    "تا پایان مهلت تعیین‌شده اقدام کند.",
    "را با مشارکت سمن‌ها و خیرین پیگیری کند.",
    "را تهیه و در جلسه آینده ارائه نماید.",
]
NARRATIVES = [
    "جلسه هماهنگی با دستگاه‌های همکار برگزار شد و صورت‌جلسه پیوست است.",
    "فهرست محلات هدف تهیه و برای تأیید به دبیرخانه ارسال شد.",
    "دوره آموزشی برای {n} نفر از خانواده‌های محله برگزار شد.",
    "اعتبار مورد نیاز تأمین و قرارداد با پیمانکار منعقد شد.",
    "گزارش آماری {n} مورد رسیدگی‌شده در سه ماه گذشته پیوست است.",
    "پایگاه مشاوره در {n} محله راه‌اندازی شد.",
    "بازدید میدانی انجام و موارد تخلف به مراجع ذی‌ربط اعلام شد.",
]
RETURN_COMMENTS = [
    "مستندات کافی پیوست نشده است.",
    "آمار ارائه‌شده با گزارش قبلی همخوانی ندارد.",
    "درصد پیشرفت با شرح اقدامات متناسب نیست.",
]


def body_sizes() -> list[int]:
    """Resolutions per body: one very big body, the rest falling off geometrically."""
    rest = RESOLUTIONS - BIGGEST_BODY
    ratio = 0.82
    weights = [ratio**k for k in range(BODIES - 1)]
    sizes = [int(rest * w / sum(weights)) for w in weights]
    sizes[0] += rest - sum(sizes)
    return [BIGGEST_BODY, *sizes]


# --- marker ----------------------------------------------------------------------------------------


def _write_marker(seconds: float, reports: int, today: dt.date) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_marker (version text, seed integer, made_on date, seconds double precision,"
            " resolutions integer, reports integer)"
        )
        cursor.execute(
            "INSERT INTO bench_marker VALUES (%s, %s, %s, %s, %s, %s)",
            [VERSION, SEED, today, seconds, RESOLUTIONS, reports],
        )


# --- generation ------------------------------------------------------------------------------------


class Generator:
    def __init__(self, today: dt.date):
        self.today = today
        self.rng = random.Random(SEED)
        self.meeting_rows: list[tuple] = []
        self.resolution_rows: list[tuple] = []
        self.assignment_rows: list[tuple] = []
        self.report_rows: list[tuple] = []
        self.next_assignment = 1
        self.next_report = 1

    # Reference data, created through the ORM (not domain objects).

    def reference(self) -> None:
        rng = self.rng
        province = Region.objects.create(
            name="استان نمونه", name_en="Sample province", kind="province", code="B-0"
        )
        counties = Region.objects.bulk_create(
            Region(name=name, kind="county", parent=province, code=f"B-{i + 1}")
            for i, name in enumerate(COUNTIES)
        )
        orgs = []
        for i in range(ORGANIZATIONS):
            agency, sector = AGENCIES[i % len(AGENCIES)]
            county = counties[(i // len(AGENCIES)) % len(counties)]
            name = f"{agency} {county.name}" if i >= len(AGENCIES) else f"{agency} استان"
            region = province if i < len(AGENCIES) else county
            orgs.append(Organization(name=name, sector=sector, region=region, search_text=search_key(name)))
        self.orgs = Organization.objects.bulk_create(orgs)
        # Agencies differ in how much they are given: a Zipf-like weight makes one clearly the busiest.
        self.org_weight = {org.pk: 1.0 / (rank + 1) ** 0.9 for rank, org in enumerate(self.orgs)}

        self.officers = {}
        users = []
        for org in self.orgs:
            users.append(
                User(
                    username=f"officer-{org.pk}",
                    password="!",
                    organization=org,
                    is_officer=True,
                    is_active=True,
                )
            )
        self.officers = {u.organization_id: u for u in User.objects.bulk_create(users)}

        sizes = body_sizes()
        bodies = []
        for i in range(BODIES):
            label, kind = BODY_KINDS[i % len(BODY_KINDS)]
            region = province if i == 0 else counties[i % len(counties)]
            bodies.append(
                Body(
                    name=f"{label} {region.name} {i + 1}",
                    kind=kind,
                    region=region,
                    secretariat=self.orgs[i % 3],
                )
            )
        self.bodies = Body.objects.bulk_create(bodies)
        self.body_size = {body.pk: size for body, size in zip(self.bodies, sizes, strict=True)}
        self.members = {}
        through = []
        for i, body in enumerate(self.bodies):
            count = ORGANIZATIONS if i == 0 else rng.randint(8, 30)
            members = self.orgs[:count] if i == 0 else rng.sample(self.orgs, count)
            self.members[body.pk] = [org.pk for org in members]
            through += [Body.members.through(body=body, organization=org) for org in members]
        Body.members.through.objects.bulk_create(through)

        self.secretaries = {}
        for body in self.bodies:
            user = User.objects.create(
                username=f"secretary-{body.pk}",
                password="!",
                organization_id=body.secretariat_id,
                is_active=True,
            )
            BodyRole.objects.create(user=user, body=body, kind=BodyRole.Kind.SECRETARIAT)
            self.secretaries[body.pk] = user

    # Meetings and resolutions.

    def meetings_and_resolutions(self) -> None:
        rng = self.rng
        start = self.today - dt.timedelta(days=365 * YEARS)
        span = (self.today - start).days - 2
        meeting_id = resolution_id = 0
        texts = [f"{a} {s} {e}" for a in ACTIONS for s in SUBJECTS for e in ENDINGS]
        for body in self.bodies:
            remaining = self.body_size[body.pk]
            sittings = []
            while remaining > 0:
                count = min(remaining, rng.randint(5, 25))
                sittings.append(count)
                remaining -= count
            dates = sorted(start + dt.timedelta(days=rng.randrange(span)) for _ in sittings)
            for number, (held_on, count) in enumerate(zip(dates, sittings, strict=True), start=1):
                meeting_id += 1
                place = "سالن جلسات استانداری"
                chair = "معاون سیاسی، امنیتی و اجتماعی استاندار"
                created = dt.datetime.combine(held_on, dt.time(16, 0), TEHRAN)
                self.meeting_rows.append(
                    (
                        meeting_id,
                        body.pk,
                        number,
                        held_on,
                        place,
                        chair,
                        "",
                        "",
                        "",
                        created,
                        search_key(f"{number} {place} {chair}"),
                    )
                )
                for position in range(1, count + 1):
                    resolution_id += 1
                    text = rng.choice(texts)
                    self.resolution(resolution_id, meeting_id, body.pk, position, held_on, text)

    def resolution(self, pk: int, meeting_id: int, body_id: int, position: int, held_on: dt.date, text: str):
        rng = self.rng
        cancelled = rng.random() < 0.04
        members = self.members[body_id]
        weights = [self.org_weight[m] for m in members]
        lead_org = rng.choices(members, weights)[0]
        supporting = set()
        for _ in range(rng.choices([0, 1, 2, 3], [0.3, 0.35, 0.2, 0.15])[0]):
            org = rng.choices(members, weights)[0]
            if org != lead_org:
                supporting.add(org)
        lead_done_on = self.assignment(pk, lead_org, Assignment.Role.LEAD, held_on, body_id, cancelled)
        for org in sorted(supporting):
            self.assignment(pk, org, Assignment.Role.SUPPORTING, held_on, body_id, cancelled)
        status, done_at = Resolution.Status.OPEN, None
        if cancelled:
            status = Resolution.Status.CANCELLED
        elif lead_done_on is not None:
            status, done_at = Resolution.Status.DONE, lead_done_on
        number = str(position)
        self.resolution_rows.append(
            (
                pk,
                meeting_id,
                body_id,
                number,
                position,
                text,
                status,
                done_at,
                "دیگر موضوعیت ندارد." if cancelled else "",
                dt.datetime.combine(held_on, dt.time(17, 0), TEHRAN),
                search_key(f"{number} {text}"),
            )
        )

    def assignment(self, resolution_id, org_id, role, held_on, body_id, cancelled) -> dt.datetime | None:
        """One assignment and its reports; returns when it was accepted as done, if it is."""
        rng, today = self.rng, self.today
        pk = self.next_assignment
        self.next_assignment += 1
        age = (today - held_on).days
        recurrence = rng.choices(
            [Assignment.Recurrence.ONCE, Assignment.Recurrence.PERIODIC, Assignment.Recurrence.CONTINUOUS],
            [0.8, 0.12, 0.08],
        )[0]
        deadline = interval = None
        if recurrence == Assignment.Recurrence.ONCE:
            deadline = held_on + dt.timedelta(days=rng.choice([14, 30, 45, 60, 90, 180]))
            allowed = (deadline - held_on).days
            p_done = 0.8 if deadline < today else 0.3 * age / allowed
        else:
            if recurrence == Assignment.Recurrence.PERIODIC:
                interval = rng.choice([1, 3, 6])
            p_done = min(0.65, age / 900)
        done = not cancelled and age > 2 and rng.random() < p_done

        # The last day anything happened on it: when it was accepted as done, or today.
        if done:
            if deadline is not None and rng.random() < 0.7:
                end = held_on + dt.timedelta(
                    days=rng.randint(1, max(1, min((deadline - held_on).days, age - 1)))
                )
            else:
                late = (deadline or held_on) + dt.timedelta(days=rng.randint(1, 150))
                end = min(late, today - dt.timedelta(days=1))
                end = max(end, held_on + dt.timedelta(days=1))
        else:
            end = today - dt.timedelta(days=1)
        days = max(0, (end - held_on).days)
        most = 12 if role == Assignment.Role.LEAD else 7
        count = min(days, rng.randint(1 if done else 0, most))
        if done and count == 0:
            count = 1

        status, progress = Assignment.Status.OPEN, 0
        if done:
            status = Assignment.Status.DONE
        elif count:
            status = rng.choices(
                [Assignment.Status.OPEN, Assignment.Status.SUBMITTED, Assignment.Status.RETURNED],
                [0.55, 0.3, 0.15],
            )[0]
        submitted_by = self.officers[org_id].pk
        reviewed_by = self.secretaries[body_id].pk
        # A done assignment's last report is the one accepted on the day it was completed.
        if done:
            offsets = [*sorted(rng.sample(range(1, days), count - 1)), days]
        else:
            offsets = sorted(rng.sample(range(1, days + 1), count)) if count else []
        accepted = 0
        last_report_on = completed_on = None
        done_at = None
        for i, offset in enumerate(offsets):
            last = i == count - 1
            on = held_on + dt.timedelta(days=offset)
            submitted_at = dt.datetime.combine(on, dt.time(rng.randint(8, 15), rng.randint(0, 59)), TEHRAN)
            reviewed_at = submitted_at + dt.timedelta(hours=rng.randint(1, 8))
            if last and done:
                percent, state = 100, ProgressReport.Status.ACCEPTED
                submitted_at = dt.datetime.combine(on - dt.timedelta(days=offset > 1), dt.time(9, 0), TEHRAN)
                reviewed_at = dt.datetime.combine(on, dt.time(14, 0), TEHRAN)
            elif last and status == Assignment.Status.SUBMITTED:
                percent, state, reviewed_at = rng.randint(accepted, 99), ProgressReport.Status.SUBMITTED, None
            elif last and status == Assignment.Status.RETURNED:
                percent, state = rng.randint(accepted, 99), ProgressReport.Status.RETURNED
            elif not last and rng.random() < 0.2:
                percent, state = rng.randint(accepted, 99), ProgressReport.Status.RETURNED
            else:
                remaining = count - i
                percent = min(99, accepted + rng.randint(1, max(1, (100 - accepted) // remaining)))
                state = ProgressReport.Status.ACCEPTED
            if state == ProgressReport.Status.ACCEPTED:
                accepted = percent
            narrative = rng.choice(NARRATIVES).format(n=rng.randint(2, 40))
            comment = rng.choice(RETURN_COMMENTS) if state == ProgressReport.Status.RETURNED else ""
            self.report_rows.append(
                (
                    self.next_report,
                    pk,
                    percent,
                    narrative,
                    state,
                    submitted_by,
                    submitted_at,
                    reviewed_by if reviewed_at else None,
                    reviewed_at,
                    comment,
                )
            )
            self.next_report += 1
            last_report_on = submitted_at.date()
            if last and done:
                done_at = reviewed_at
                completed_on = submitted_at.date()
        progress = accepted
        due_on = None
        if status not in (Assignment.Status.DONE, Assignment.Status.SUBMITTED):
            if recurrence == Assignment.Recurrence.ONCE:
                due_on = deadline
            elif recurrence == Assignment.Recurrence.PERIODIC:
                due_on = add_months(last_report_on or held_on, interval)
        self.assignment_rows.append(
            (
                pk,
                resolution_id,
                org_id,
                role,
                recurrence,
                deadline,
                interval,
                Assignment.IntervalUnit.MONTH,
                held_on,
                status,
                progress,
                due_on,
                completed_on,
                last_report_on,
            )
        )
        return done_at


def _copy(table: str, columns: list[str], rows: list[tuple]) -> None:
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def generate(log=print) -> None:
    """Migrate, load the data set, ANALYZE and mark the database."""
    call_command("migrate", verbosity=0, interactive=False)
    today = timezone.localdate()
    started = time.perf_counter()
    with transaction.atomic():
        with connection.cursor() as cursor:
            # The rows are consistent by construction; skipping the deferred foreign-key triggers
            # makes the load several times faster. Needs a superuser; without one they just run.
            try:
                with transaction.atomic():
                    cursor.execute("SET LOCAL session_replication_role = replica")
            except Exception:  # noqa: BLE001 - not a superuser: load with the triggers
                log("  (not a superuser: loading with foreign-key triggers on)")
        gen = Generator(today)
        gen.reference()
        gen.meetings_and_resolutions()
        log(
            f"  computed {len(gen.meeting_rows):,} meetings, {len(gen.resolution_rows):,} resolutions,"
            f" {len(gen.assignment_rows):,} assignments, {len(gen.report_rows):,} reports"
            f" in {time.perf_counter() - started:.1f} s"
        )
        _copy(
            Meeting._meta.db_table,
            [
                "id",
                "body_id",
                "number",
                "held_on",
                "place",
                "chair",
                "attendees",
                "agenda",
                "minutes_file",
                "created_at",
                "search_text",
            ],
            gen.meeting_rows,
        )
        _copy(
            Resolution._meta.db_table,
            [
                "id",
                "meeting_id",
                "body_id",
                "number",
                "position",
                "text",
                "status",
                "done_at",
                "cancel_reason",
                "created_at",
                "search_text",
            ],
            gen.resolution_rows,
        )
        _copy(
            Assignment._meta.db_table,
            [
                "id",
                "resolution_id",
                "organization_id",
                "role",
                "recurrence",
                "deadline",
                "interval",
                "interval_unit",
                "start_on",
                "status",
                "progress",
                "due_on",
                "completed_on",
                "last_report_on",
            ],
            gen.assignment_rows,
        )
        _copy(
            ProgressReport._meta.db_table,
            [
                "id",
                "assignment_id",
                "percent",
                "narrative",
                "status",
                "submitted_by_id",
                "submitted_at",
                "reviewed_by_id",
                "reviewed_at",
                "review_comment",
            ],
            gen.report_rows,
        )
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(
                no_style(), [Meeting, Resolution, Assignment, ProgressReport]
            ):
                cursor.execute(sql)
        seconds = time.perf_counter() - started
        _write_marker(seconds, len(gen.report_rows), today)
    analyze(vacuum=True)
    log(f"  loaded in {time.perf_counter() - started:.1f} s (VACUUM ANALYZE included)")


def analyze(vacuum: bool = False) -> None:
    """Fresh statistics; VACUUM also sets the visibility map that index-only scans rely on."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
