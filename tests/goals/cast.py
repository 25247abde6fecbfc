"""The goals cast (fixtures): the national police social deputy, its provincial deputies in Tehran and Fars, a
county command under Tehran, and a user for every role.

- national_owner: officer of the national deputy (owns the national programme, reviews the provinces')
- tehran_officer / fars_officer: officers of the provincial deputies (own their adoptions)
- tehran_clerk: a user of the Tehran deputy who is not an officer (reads, cannot act)
- reviewer: a reviewer by role (GoalRole) over the national deputy and everything under it
- goals_viewer: a viewer by role over the Tehran deputy only (an inspector)
- outsider (from the shared cast): an officer of an unrelated charity in Fars: 404 everywhere
"""

import pytest

from hamafza.goals.models import GoalRole
from hamafza.goals.services import programmes as services
from hamafza.goals.services.programmes import MeasureSpec
from hamafza.lib.jalali import to_jalali
from hamafza.lib.persian import to_persian_digits
from hamafza.orgs.models import Organization
from tests.conftest import _user


@pytest.fixture
def year(today):
    """Last Jalali year: every quarter can be reported and the year-end review is open."""
    return to_jalali(today).year - 1


@pytest.fixture
def national(province):
    return Organization.objects.create(
        name="معاونت اجتماعی فرماندهی انتظامی کل کشور",
        short_name="معاونت اجتماعی فراجا",
        region=province,
        sector="police",
    )


@pytest.fixture
def tehran(province, national):
    return Organization.objects.create(
        name="معاونت اجتماعی فرماندهی انتظامی استان تهران",
        short_name="معاونت اجتماعی تهران",
        region=province,
        sector="police",
        parent=national,
    )


@pytest.fixture
def fars(other_province, national):
    return Organization.objects.create(
        name="معاونت اجتماعی فرماندهی انتظامی استان فارس",
        short_name="معاونت اجتماعی فارس",
        region=other_province,
        sector="police",
        parent=national,
    )


@pytest.fixture
def national_owner(national):
    return _user("national_owner", national, officer=True)


@pytest.fixture
def tehran_officer(tehran):
    return _user("tehran_officer", tehran, officer=True)


@pytest.fixture
def tehran_clerk(tehran):
    return _user("tehran_clerk", tehran)


@pytest.fixture
def fars_officer(fars):
    return _user("fars_officer", fars, officer=True)


@pytest.fixture
def reviewer(national, province):
    office = Organization.objects.create(name="بازرسی فراجا", region=province, sector="police")
    user = _user("goals_reviewer", office, officer=True)
    GoalRole.objects.create(user=user, organization=national, kind=GoalRole.Kind.REVIEWER)
    return user


@pytest.fixture
def goals_viewer(tehran, inspection):
    user = _user("goals_viewer", inspection)
    GoalRole.objects.create(user=user, organization=tehran, kind=GoalRole.Kind.VIEWER)
    return user


@pytest.fixture
def national_programme(national, national_owner, year):
    """The national programme of last year, active: two goals, one counted from resolutions, one reported
    by hand each quarter."""
    programme = services.create_programme(
        national,
        by=national_owner,
        year=year,
        title=f"برنامه سالانه معاونت اجتماعی فراجا {to_persian_digits(str(year))}",
        region=None,
    )
    first = services.add_goal(
        programme, by=national_owner, title="افزایش ختم به صلح پرونده‌ها در مراکز مشاوره"
    )
    services.add_measure(
        first,
        by=national_owner,
        spec=MeasureSpec(name="جلسات آموزش خانواده", source="manual", unit="جلسه", baseline=100, target=200),
    )
    second = services.add_goal(programme, by=national_owner, title="پیگیری مصوبات شوراهای اجتماعی")
    services.add_measure(
        second,
        by=national_owner,
        spec=MeasureSpec(name="مصوبات انجام‌شده", source="resolutions", baseline=10, target=40),
    )
    return services.activate_programme(programme, by=national_owner)


@pytest.fixture
def tehran_programme(national_programme, tehran_officer):
    return services.adopt_programme(national_programme, by=tehran_officer)


@pytest.fixture
def fars_programme(national_programme, fars_officer):
    return services.adopt_programme(national_programme, by=fars_officer)


@pytest.fixture
def world(national_programme, tehran_programme, fars_programme, tehran_officer, fars_officer, reviewer):
    """Both adoptions active; Tehran reported two quarters of its hand-reported measure (the first
    accepted, with a PDF, the second awaiting review) and wrote the year-end review of its first goal."""
    from hamafza.goals.services import reports, reviews
    from hamafza.goals.services.common import UploadedFile

    services.activate_programme(tehran_programme, by=tehran_officer)
    services.activate_programme(fars_programme, by=fars_officer)
    goal = tehran_programme.goals.get(number=1)
    measure = goal.measures.get()
    first = reports.submit_report(
        measure,
        by=tehran_officer,
        quarter=1,
        value=40,
        narrative="۴۰ جلسه آموزش خانواده برگزار شد",
        files=[UploadedFile("گزارش-فصل-اول.pdf", b"%PDF-1.4\n%evidence\n")],
    )
    reports.accept_report(first, by=reviewer)
    second = reports.submit_report(measure, by=tehran_officer, quarter=2, value=90, narrative="۵۰ جلسه دیگر")
    review = reviews.save_review(
        goal,
        by=tehran_officer,
        achieved="۱۹۰ جلسه",
        strengths="همکاری آموزش و پرورش",
        weaknesses="کمبود مشاور",
        causes="بودجه",
        proposal="جذب مشاور داوطلب",
        figures={measure.pk: 190},
        submit=True,
    )
    return {"report": first, "pending": second, "review": review, "measure": measure, "goal": goal}


@pytest.fixture
def make_done_resolutions(body, secretary, governorate, police, welfare, education):
    """Resolutions of the shared cast's body, with `organization` as lead, accepted as done on a day of
    the given Jalali year (the middle of Tir)."""
    import datetime as dt
    from unittest import mock

    from django.utils import timezone

    from hamafza.accounts.models import BodyRole
    from hamafza.lib.jalali import parse_jalali
    from hamafza.meetings import services as follow_up
    from hamafza.meetings.models import Assignment

    counter = iter(range(1, 10_000))

    def make(organization, year: int, count: int, *, day: str = "04/15"):
        if not body.members.filter(pk=organization.pk).exists():
            body.members.add(organization)
        officer = organization.users.filter(is_officer=True).first() or _user(
            f"officer-{organization.pk}", organization, officer=True
        )
        BodyRole.objects.get_or_create(
            user=secretary, body=body, defaults={"kind": BodyRole.Kind.SECRETARIAT}
        )
        done_on = parse_jalali(f"{year}/{day}")
        moment = timezone.make_aware(dt.datetime.combine(done_on, dt.time(10)))
        made = []
        with mock.patch("django.utils.timezone.now", return_value=moment):
            meeting = follow_up.create_meeting(body, by=secretary, number=next(counter), held_on=done_on)
            for index in range(count):
                resolution = follow_up.create_resolution(
                    meeting,
                    by=secretary,
                    spec=follow_up.ResolutionSpec(
                        number=str(index + 1),
                        text=f"مصوبه {index + 1}",
                        assignments=[
                            follow_up.AssignmentSpec(
                                organization, role=Assignment.Role.LEAD, deadline=done_on
                            )
                        ],
                    ),
                )
                assignment = resolution.assignments.get()
                report = follow_up.submit_progress(assignment, by=officer, percent=100, note="انجام شد")
                follow_up.accept_report(report, by=secretary)
                made.append(resolution)
        return made

    return make
