"""The demo loads once on an empty database, holds every follow-up state, and a second run changes nothing.

The demo is loaded once per module inside a transaction that is rolled back at the end; each test runs in
a savepoint inside it (pytest-django's `db`), so no test sees another's changes.
"""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from hamafza.accounts.models import BodyRole, User
from hamafza.audit.models import AuditEntry
from hamafza.demo import HEADQUARTERS, PASSWORD, WORKING_GROUP, load_demo
from hamafza.meetings import services
from hamafza.meetings.models import Assignment, Body, Evidence, Meeting, ProgressReport, Resolution
from hamafza.meetings.services import dashboards
from hamafza.orgs.models import Organization
from hamafza.places.models import Region

# The 7th meeting's resolutions as ../shared/minutes-dev/001.json has them.
MEETING_7 = [
    (
        "1",
        "برگزاری مستمر جلسات کارگروه با حضور دستگاه\u200cهای مرتبط و مداخله\u200cکننده در محلات هدف سازمان اجتماعی",
    ),
    (
        "2",
        "اولویت\u200cبندی محلات از طریق استانداری\u200cها و فرمانداری\u200cها جهت ابلاغ محلات جدید توسط سازمان امور اجتماعی",
    ),
    ("3", "ایجاد هماهنگی و هم\u200cافزایی بین دستگاه\u200cهای مرتبط با محلات هدف سازمان اجتماعی کشور"),
    (
        "4",
        "احصاء ظرفیت دستگاه\u200cهای عضو کارگروه و نسبت\u200cیابی خدمت هر کدام با محلات هدف سازمان اجتماعی",
    ),
    ("5", "ارسال گزارش عملکرد توسط دستگاه\u200cها به امور اجتماعی استانداری"),
    (
        "6",
        "تجمیع تمام اطلاعات مربوط به محلات مختلف شهرستان\u200cهای استان که قبلا در دفاتر تسهیل\u200cگری اجتماعی و ... مورد بررسی بوده است",
    ),
    (
        "7",
        "مشارکت دانشگاه\u200cها، مرکز بزرگ اسلامی و حوزه\u200cهای اسلامی برای ایده\u200cپردازی در حوزه مدیریت مبتنی بر تحول و تعالی جوامع حاشیه\u200cای",
    ),
    ("8", "تقویت نهادهای محلی و ارتقاء قدرت اجرایی شهرداران نواحی هدف"),
    ("9", "ضرورت تأمین و تجهیز نقاط هدف به کتابخانه\u200cهای ثابت و سیار"),
    ("10", "ضرورت اعزام معلمان توانمند به نقاط هدف (حاشیه)"),
    ("11", "پیگیری ایجاد احساس تعلق در جوامع هدف به «جامعه مادر»"),
    ("12", "ضرورت توسعه فضاهای ورزشی و امکانات ورزشی به\u200cمنظور پیشگیری از بروز آسیب\u200cهای اجتماعی"),
    ("13", "پرهیز از عمل جزیره\u200cای و تاکید به انجام در حوزه نظری و عملی"),
    (
        "14",
        "معاون سیاسی، امنیتی و اجتماعی استانداری مرجع تشخیص و مدیریت دفاتر تحول اجتماعی است و کلیه برنامه\u200cها با مجوز و تدبیر ایشان در استان انجام می\u200cپذیرد",
    ),
]

MODELS = [
    Region,
    Organization,
    Body,
    BodyRole,
    User,
    Meeting,
    Resolution,
    Assignment,
    ProgressReport,
    Evidence,
    AuditEntry,
]


def snapshot_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    isolated = override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    with django_db_blocker.unblock(), isolated:
        with transaction.atomic():
            assert not Body.objects.exists()
            result = load_demo()
            yield result
            transaction.set_rollback(True)


@pytest.fixture
def today():
    return services.today()


def test_first_run_says_what_it_loaded(demo, db):
    assert demo.loaded is True
    assert demo.counts == {
        "regions": Region.objects.count(),
        "organizations": Organization.objects.count(),
        "bodies": 2,
        "users": User.objects.count(),
        "meetings": Meeting.objects.count(),
        "resolutions": Resolution.objects.count(),
        "assignments": Assignment.objects.count(),
        "reports": ProgressReport.objects.count(),
    }
    assert Region.objects.filter(kind="province").count() == 31
    assert Region.objects.neighbourhoods().count() == 25
    assert 28 <= demo.counts["organizations"] <= 40
    assert set(Organization.objects.values_list("kind", flat=True)) == set(Organization.Kind.values)
    assert {"police", "welfare", "education", "municipality", "judiciary", "health"} <= set(
        Organization.objects.values_list("sector", flat=True)
    )


def test_the_two_bodies(demo, db):
    working_group = Body.objects.get(name=WORKING_GROUP)
    headquarters = Body.objects.get(name=HEADQUARTERS)

    assert (working_group.kind, working_group.region.code) == ("working_group", "IR-23")
    assert working_group.secretariat.name == "استانداری تهران"
    assert (headquarters.kind, headquarters.region.kind) == ("headquarters", "district")
    assert headquarters.secretariat.name == "شهرداری منطقه ۲۱ تهران"
    for body in (working_group, headquarters):
        assert body.members.filter(pk=body.secretariat_id).exists()
        assert body.members.count() >= 15
        # Every organisation given work by the body is one of its members.
        assigned = set(Assignment.objects.for_body(body).values_list("organization_id", flat=True))
        assert assigned <= set(body.members.values_list("pk", flat=True))


def test_meeting_7_has_the_14_resolutions_of_the_minutes(demo, db):
    meeting = Meeting.objects.get(body__name=WORKING_GROUP, number=7)

    assert meeting.held_on == dt.date(2023, 10, 21)
    assert meeting.chair == "معاون سیاسی، امنیتی و اجتماعی استانداری"
    assert list(meeting.resolutions.order_by("position").values_list("number", "text")) == MEETING_7
    for resolution in meeting.resolutions.all():
        assert resolution.assignments.filter(role="lead").count() == 1
    libraries = meeting.resolutions.get(number="9").assignments.order_by("-role")
    assert [(a.role, a.organization.short_name) for a in libraries] == [
        ("supporting", "کانون پرورش فکری"),
        ("lead", "سازمان امور اجتماعی"),
    ]
    teachers = meeting.resolutions.get(number="10").assignments.get()
    assert teachers.organization.name == "اداره کل آموزش و پرورش استان تهران"


def test_headquarters_meeting_from_the_news(demo, db):
    meeting = Meeting.objects.get(body__name=HEADQUARTERS, held_on=dt.date(2026, 1, 2))
    first = meeting.resolutions.get(number="1")

    assert first.text.startswith("پیگیری مصوبات قرارگاه اجتماعی منطقه ۲۱ به\u200cصورت مستمر")
    assert first.assignments.get(role="lead").recurrence == "periodic"
    assert meeting.resolutions.count() > 1


def test_a_user_for_every_role(demo, db):
    admin = User.objects.get(username="admin")
    assert admin.is_system_admin and admin.is_staff
    for body in Body.objects.all():
        secretaries = User.objects.filter(body_roles__body=body, body_roles__kind="secretariat")
        assert [u.organization for u in secretaries] == [body.secretariat]
        assert User.objects.filter(body_roles__body=body, body_roles__kind="viewer").exists()
    officers = User.objects.filter(is_officer=True)
    assert {"police", "welfare", "education", "municipality"} <= set(
        officers.values_list("organization__sector", flat=True)
    )
    # Every organisation that reported has an officer who did it.
    assert set(ProgressReport.objects.values_list("submitted_by__organization", flat=True)) == set(
        ProgressReport.objects.values_list("assignment__organization", flat=True)
    )
    assert all(user.check_password(PASSWORD) for user in User.objects.all())
    assert [row[0] for row in demo.logins] == list(
        User.objects.order_by("pk").values_list("username", flat=True)
    )
    assert all(row[1] == PASSWORD for row in demo.logins)


def test_reports_in_every_state(demo, db, today):
    statuses = set(ProgressReport.objects.values_list("status", flat=True))
    assert statuses == {"submitted", "accepted", "returned"}
    assert ProgressReport.objects.filter(status="accepted", percent__lt=100).exists()
    assert ProgressReport.objects.filter(status="accepted", percent=100).exists()
    assert ProgressReport.objects.exclude(review_comment="").filter(status="returned").count() >= 3
    assert Evidence.objects.filter(content_type__endswith="spreadsheetml.sheet").exists()
    states = {a.follow_up_state(today) for a in Assignment.objects.filter(resolution__status="open")}
    assert states == {"open", "in_review", "returned", "overdue", "due_soon", "done"}
    assert Assignment.objects.overdue(today).filter(role="lead").exists()
    assert Assignment.objects.due_soon(today).exists()
    assert {"once", "periodic", "continuous"} == set(Assignment.objects.values_list("recurrence", flat=True))
    assert Assignment.objects.filter(recurrence="periodic", due_on__lt=today).exists()
    assert set(Resolution.objects.values_list("status", flat=True)) == {"open", "done", "cancelled"}


def test_completions_on_time_and_late(demo, db):
    done = Assignment.objects.filter(status="done", deadline__isnull=False)
    on_time = [a.on_time() for a in done]
    assert on_time.count(True) >= 5 and on_time.count(False) >= 3
    for resolution in Resolution.objects.filter(status="done"):
        lead = resolution.assignments.get(role="lead")
        assert (lead.status, lead.progress) == ("done", 100)
        assert resolution.done_at.date() <= services.today()


def test_the_trend_has_a_year_of_data(demo, db, today):
    for body in Body.objects.all():
        trend = dashboards.body_dashboard(body, today)["trend"]
        assert sum(1 for month in trend if month["passed"] or month["done"]) >= 4
        assert sum(month["passed"] for month in trend) >= 10


def test_the_audit_log_tells_the_story(demo, db):
    reports = ProgressReport.objects.count()
    assert AuditEntry.objects.filter(action="report.submit").count() == reports
    assert AuditEntry.objects.filter(action="resolution.create").count() == Resolution.objects.count()
    assert (
        AuditEntry.objects.filter(action="report.return").count()
        == ProgressReport.objects.filter(status="returned").count()
    )
    assert AuditEntry.objects.filter(action="assignment.update").exists()
    assert set(AuditEntry.objects.values_list("source", flat=True)) == {"demo"}
    # Entries carry the time the thing happened, not the time of loading.
    first = AuditEntry.objects.order_by("at", "id").first()
    assert (first.action, first.at.date()) == ("meeting.create", dt.date(2023, 10, 21))
    for report in ProgressReport.objects.exclude(reviewed_at=None):
        assert report.submitted_at < report.reviewed_at


def test_second_run_changes_nothing(demo, db):
    before = snapshot_counts()
    last_audit = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first()

    again = load_demo()

    assert again.loaded is False
    assert again.counts == demo.counts and again.logins == demo.logins
    assert snapshot_counts() == before
    assert AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() == last_audit


def test_command_prints_the_logins(demo, db):
    out = io.StringIO()
    call_command("load_demo", stdout=out)

    text = out.getvalue()
    assert "already loaded" in text
    for username, _password, _role, organization in demo.logins:
        assert username in text and organization in text
    assert text.count(PASSWORD) == len(demo.logins)
