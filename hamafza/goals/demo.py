"""The annual goals demo (seed 003): the police social deputy's national programme for 1402 and 1403, its
adoption by the Tehran and Fars provincial commands with their own targets and one goal of their own,
quarterly reports accepted and returned, the year-end reviews of 1402 and goals carried into 1403.

Everything goes through the services, as the people would do it, each call dated when it happened (the
base demo's way: `django.utils.timezone.now` patched to that moment, here only). The atlas gets three
years of a reported indicator (social emergency calls about domestic violence) that one national goal
is measured by. Loaded once, after the other demos; a second run changes nothing.
"""

import datetime as dt
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from unittest import mock

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook

from hamafza.accounts.models import User
from hamafza.atlas.models import Indicator
from hamafza.atlas.services import values as atlas_values
from hamafza.audit.context import Origin, reset_origin, set_origin
from hamafza.demo import PASSWORD, WORKING_GROUP
from hamafza.goals.models import Goal, GoalRole, Measure, Programme
from hamafza.goals.services import programmes, reports, reviews
from hamafza.goals.services.common import UploadedFile
from hamafza.goals.services.programmes import MeasureSpec
from hamafza.goals.services.readings import previous_year_value, refresh_programme
from hamafza.goals.services.reports import quarter_opens
from hamafza.lib.jalali import jalali_quarter_bounds, parse_jalali
from hamafza.lib.persian import to_persian_digits
from hamafza.meetings.models import Body
from hamafza.orgs.models import Organization
from hamafza.places.models import Region
from hamafza.places.services import TEHRAN_PROVINCE

FARS_PROVINCE = "IR-07"
CALLS = "social_emergency_calls"

# key: (name, short name, region code, parent key)
ORGANIZATIONS = {
    "national": ("فرماندهی انتظامی جمهوری اسلامی ایران (فراجا)", "ستاد فراجا", TEHRAN_PROVINCE, None),
    "tehran": ("فرماندهی انتظامی استان تهران", "انتظامی تهران", TEHRAN_PROVINCE, "national"),
    "fars": ("فرماندهی انتظامی استان فارس", "انتظامی فارس", FARS_PROVINCE, "national"),
    "evaluation": (
        "دفتر نظارت و ارزیابی معاونت اجتماعی فراجا",
        "نظارت و ارزیابی",
        TEHRAN_PROVINCE,
        "national",
    ),
}
# username: (first name, last name, organisation key, officer?)
USERS = {
    "goals-national": ("مجید", "صالحی", "national", True),
    "goals-tehran": ("نسرین", "طاهرخانی", "tehran", True),
    "goals-fars": ("علیرضا", "شیرازی", "fars", True),
    "goals-reviewer": ("منصور", "امینی", "evaluation", True),
}
NATIONAL_TITLE = "برنامه سالانه معاونت اجتماعی فراجا {year}"


@dataclass(frozen=True)
class MeasureData:
    name: str
    unit: str
    aggregation: str
    baseline: float
    target: float
    source: str = "manual"


# The national goals of 1402, after seed 003: counselling centres in the stations and reconciliation,
# the police in cyberspace, the sense of security; and domestic violence measured by the atlas.
GOALS_1402 = [
    ("ارتقای ختم به صلح و سازش پرونده‌ها با یاری مراکز مشاوره کلانتری‌ها",
     "حدود ۷۰ درصد پرونده‌های ارجاعی به مراکز مشاوره کلانتری‌ها به صلح و سازش ختم می‌شود؛ این سهم باید پایدار بماند و افزایش یابد.",
     MeasureData("سهم پرونده‌های ختم به صلح در مراکز مشاوره", "درصد", "level", 66, 70)),
    ("گسترش مراکز مشاوره در کلانتری‌ها",
     "حدود ۷۰۰ کلانتری مرکز مشاوره دارند؛ کلانتری‌های بدون مرکز مشاوره در اولویت‌اند.",
     MeasureData("کلانتری‌های دارای مرکز مشاوره", "کلانتری", "level", 640, 700)),
    ("حضور مؤثر پلیس در فضای مجازی و پیشگیری از جرائم آن",
     "آموزش خانواده‌ها و دانش‌آموزان برای پیشگیری از جرائمی که در فضای مجازی رخ می‌دهد.",
     MeasureData("جلسات آموزش پیشگیری از جرائم فضای مجازی", "جلسه", "total", 1100, 1400)),
    ("ارتقای احساس امنیت اجتماعی",
     "بر پایه نظرسنجی‌های چهار مرکز افکارسنجی.",
     MeasureData("احساس امنیت در نظرسنجی", "درصد", "level", 58, 62)),
    ("شناسایی و ارجاع به‌موقع موارد خشونت خانگی",
     "هماهنگی کلانتری‌ها با اورژانس اجتماعی (۱۲۳) برای ارجاع موارد خشونت خانگی.",
     MeasureData("تماس‌های اورژانس اجتماعی درباره خشونت خانگی (اطلس)", "", "total", 0, 0, source="atlas")),
]  # fmt: skip
# What each province sets for the national goals (baseline, target), by goal number; None: keep.
PROVINCE_TARGETS = {
    "tehran": {1: (64, 70), 2: (85, 95), 3: (150, 220), 4: (55, 60)},
    "fars": {1: (68, 72), 2: (30, 38), 3: (60, 90), 4: (60, 63)},
}
# How close to its targets each organisation came (a factor on the planned path), by goal number.
PERFORMANCE = {
    "national": {1: 1.05, 2: 0.93, 3: 1.02, 4: 0.97},
    "tehran": {1: 1.08, 2: 1.0, 3: 1.1, 4: 0.9, 6: 1.0},
    "fars": {1: 0.97, 2: 1.12, 3: 0.85, 4: 1.02, 6: 1.05},
}
OWN_GOALS = {
    "tehran": ("پیگیری مصوبات کارگروه اجتماعی استان تا حصول نتیجه",
               "مصوباتی که بدون پیگیری مؤثر به نتیجه نمی‌رسند؛ پیگیری تا گزارش پایانی دستگاه مسئول.",
               "مصوبات انجام‌شده کارگروه اجتماعی استان"),
    "fars": ("برگزاری نشست‌های پلیس و مردم در محلات کم‌برخوردار شیراز",
             "گفت‌وگوی رودررو با اهالی درباره امنیت محله و آسیب‌های اجتماعی.",
             MeasureData("نشست‌های پلیس و مردم", "نشست", "total", 40, 60)),
}  # fmt: skip
NEW_GOAL_1403 = (
    "توسعه پلیس محله در محلات هدف",
    "استقرار مأموران ثابت محله در محلات هدف و آشنایی اهالی با آنان.",
    MeasureData("محلات هدف دارای پلیس محله", "محله", "level", 0, 40),
)
RETURNS = {
    # (organisation, year, goal number, quarter): the reviewer's comment; the report is sent again
    # corrected unless marked final.
    ("tehran", 1402, 3, 2): ("فهرست جلسات و صورتجلسه‌ها پیوست نشده است.", False),
    ("fars", 1402, 1, 3): ("عدد گزارش‌شده با آمار کلانتری‌های استان نمی‌خواند.", False),
    ("fars", 1402, 4, 4): ("نتیجه نظرسنجی پایان سال پیوست نشده است.", True),
}
REVIEW_TEXT = {
    "achieved": "{name}: {value} در پایان سال، در برابر هدف {target}.",
    "strengths": "همکاری نزدیک کلانتری‌ها با دستگاه‌های عضو کارگروه اجتماعی و گزارش‌دهی منظم فصلی.",
    "weaknesses": "پراکندگی آمار در کلانتری‌ها و کمبود نیروی متخصص در شهرستان‌های دوردست.",
    "causes": "نبود سامانه یکپارچه ثبت، جابه‌جایی مأموران و کمبود ردیف بودجه برای مشاوران پاره‌وقت.",
    "proposal": "ادامه هدف در سال آینده با تمرکز بر شهرستان‌های عقب‌مانده و ثبت همه آمار در هم‌افزا.",
}


@dataclass
class GoalsDemo:
    loaded: bool
    counts: dict[str, int]


def counts() -> dict[str, int]:
    return {
        "programmes": Programme.objects.count(),
        "goals": Goal.objects.count(),
        "measures": Measure.objects.count(),
    }


@contextmanager
def _at(day: dt.date, hour: int = 10) -> Iterator[None]:
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
    with mock.patch("django.utils.timezone.now", return_value=min(moment, timezone.now())):
        yield


def _j(text: str) -> dt.date:
    return parse_jalali(text)


def load_goals_demo() -> GoalsDemo:
    if Body.objects.filter(name=WORKING_GROUP).first() is None:
        raise RuntimeError("Load the base demo first: manage.py load_demo")
    if Programme.objects.filter(title=NATIONAL_TITLE.format(year="۱۴۰۲")).exists():
        return GoalsDemo(loaded=False, counts=counts())
    token = set_origin(Origin(source="demo"))
    try:
        with transaction.atomic():
            _Loader().run()
    finally:
        reset_origin(token)
    return GoalsDemo(loaded=True, counts=counts())


def _evidence(title: str, rows: list[list[str]]) -> UploadedFile:
    """A small real Excel file: the quarter's figures as the organisation keeps them."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "گزارش"
    sheet.sheet_view.rightToLeft = True
    sheet.append([title])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return UploadedFile(name=f"{title}.xlsx", data=buffer.getvalue())


def _persian(value: float) -> str:
    from hamafza.lib.forms import plain_number

    return plain_number(round(value, 1))


class _Loader:
    def __init__(self):
        self.orgs: dict[str, Organization] = {}
        self.users: dict[str, User] = {}
        self.programmes: dict[tuple[str, int], Programme] = {}
        self.admin = User.objects.get(username="admin")

    def run(self) -> None:
        self.cast()
        self.atlas_values()
        self.year_1402()
        self.year_1403()
        for programme in self.programmes.values():
            refresh_programme(programme)

    # --- the cast -----------------------------------------------------------------------------------

    def cast(self) -> None:
        for key, (name, short, code, parent) in ORGANIZATIONS.items():
            region = Region.objects.without_boundaries().get(code=code)
            organization, _created = Organization.objects.get_or_create(
                name=name, region=region, defaults={"short_name": short, "sector": Organization.Sector.POLICE}
            )
            if parent is not None and organization.parent_id is None:
                Organization.objects.filter(pk=organization.pk).update(parent=self.orgs[parent])
                organization.parent = self.orgs[parent]
            self.orgs[key] = organization
        password = make_password(PASSWORD)
        for username, (first, last, key, officer) in USERS.items():
            self.users[key], _created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "organization": self.orgs[key],
                    "is_officer": officer,
                    "password": password,
                    "email": f"{username}@example.org",
                },
            )
        programmes.grant_goal_role(
            self.orgs["national"], by=self.admin, user=self.users["evaluation"], kind=GoalRole.Kind.REVIEWER
        )
        viewer = User.objects.filter(username="viewer").first()
        if viewer is not None:  # the provincial inspectorate reads Tehran's programmes
            programmes.grant_goal_role(
                self.orgs["tehran"], by=self.admin, user=viewer, kind=GoalRole.Kind.VIEWER
            )

    def atlas_values(self) -> None:
        """Three years (1401–1403) of social emergency calls about domestic violence in District 21's
        neighbourhoods, as the welfare office reports them to the atlas."""
        indicator = Indicator.objects.filter(code=CALLS).first()
        reporter = (
            User.objects.filter(organization=indicator.owner, is_officer=True, is_active=True).first()
            if indicator is not None and indicator.owner_id
            else None
        )
        if reporter is None:
            return
        neighbourhoods = atlas_values.area_neighbourhoods(atlas_values.area_of(indicator))
        lines = ["کد محله,ماه,مقدار"]
        for year, level in ((1401, 3.0), (1402, 3.4), (1403, 3.9)):
            for month in range(1, 13):
                for index, region in enumerate(neighbourhoods):
                    count = round(level + (index % 5) * 0.6 + (month % 4) * 0.3)
                    lines.append(f"{region.code},{year}/{month:02d},{count}")
        data = ("\n".join(lines) + "\n").encode()
        preview = atlas_values.upload_values(
            indicator, by=reporter, data=data, filename="اورژانس-اجتماعی-۱۴۰۱-۱۴۰۳.csv"
        )
        atlas_values.save_values(preview, by=reporter)

    # --- helpers ------------------------------------------------------------------------------------

    def spec(self, data: MeasureData, programme: Programme) -> MeasureSpec:
        """A measure of the demo. An atlas one starts from the atlas's figure of last year over the
        programme's area and aims 15% higher (reported by hand instead if the atlas lacks the indicator)."""
        indicator = Indicator.objects.filter(code=CALLS).first() if data.source == "atlas" else None
        if indicator is None:
            return MeasureSpec(
                name=data.name, source="manual", unit=data.unit, aggregation=data.aggregation,
                baseline=data.baseline, target=data.target,
            )  # fmt: skip
        baseline = previous_year_value(Measure(source="atlas", indicator=indicator), programme) or 0.0
        return MeasureSpec(
            name=data.name,
            source="atlas",
            indicator=indicator,
            baseline=baseline,
            target=round(baseline * 1.15),
        )

    def set_targets(self, programme: Programme, key: str) -> None:
        by = self.users[key]
        for goal in programme.goals.prefetch_related("measures"):
            wanted = PROVINCE_TARGETS[key].get(goal.adopted_from.number if goal.adopted_from else 0)
            for measure in goal.measures.all():
                if measure.source == "atlas":
                    # The atlas gives the area's own last year; the province aims 15% higher.
                    target = round(measure.baseline * 1.15) if measure.baseline else measure.target
                    baseline = measure.baseline
                elif wanted is None:
                    continue
                else:
                    baseline, target = wanted
                programmes.update_measure(
                    measure, by=by, spec=MeasureSpec.of(measure, baseline=baseline, target=target)
                )

    def report_year(
        self, key: str, programme: Programme, quarters: list[int], *, pending_last: bool = False
    ) -> None:
        """Quarterly reports of every hand-reported measure: sent at the end of each quarter, accepted ten
        days later (some returned first, see RETURNS); with `pending_last`, the last one awaits review."""
        by = self.users[key]
        reviewer = self.users["evaluation"] if key != "fars" else self.users["national"]
        year = programme.year
        measures = Measure.objects.filter(goal__programme=programme, source="manual").select_related("goal")
        for quarter in quarters:
            sent_on = quarter_opens(year, quarter) + dt.timedelta(days=26)
            for measure in measures:
                number = (
                    measure.goal.adopted_from.number if measure.goal.adopted_from_id else measure.goal.number
                )
                factor = PERFORMANCE.get(key, {}).get(number, 1.0)
                if measure.aggregation == "total":
                    value = measure.target * quarter / 4 * factor
                else:
                    value = measure.baseline + (measure.target - measure.baseline) * quarter / 4 * factor
                value = round(value, 1) if measure.unit == "درصد" else round(value)
                files = [
                    _evidence(
                        f"گزارش فصل {to_persian_digits(quarter)} - {measure.name}",
                        [["فصل", "مقدار"], [str(quarter), _persian(value)]],
                    )
                ]
                narrative = (
                    f"{measure.name} در فصل {_persian(quarter)}: {_persian(value)} {measure.unit}".strip()
                )
                with _at(sent_on):
                    report = reports.submit_report(
                        measure, by=by, quarter=quarter, value=value, narrative=narrative, files=files
                    )
                returned = RETURNS.get((key, year, number, quarter))
                if returned is not None:
                    comment, final = returned
                    with _at(sent_on + dt.timedelta(days=5)):
                        reports.return_report(report, by=reviewer, comment=comment)
                    if final:
                        continue
                    with _at(sent_on + dt.timedelta(days=8)):
                        report = reports.submit_report(
                            measure,
                            by=by,
                            quarter=quarter,
                            value=value,
                            narrative=narrative + " (با مستندات کامل)",
                            files=files,
                        )
                if pending_last and quarter == quarters[-1] and measure == measures.last():
                    continue
                with _at(sent_on + dt.timedelta(days=10)):
                    reports.accept_report(report, by=reviewer, comment="مستندات بررسی شد.")
            with _at(jalali_quarter_bounds(year, quarter)[1] - dt.timedelta(days=1), 18):
                refresh_programme(programme, on=timezone.localdate())

    def review_year(
        self,
        key: str,
        programme: Programme,
        *,
        accept: bool,
        numbers: list[int] | None = None,
        draft: list[int] = (),
    ) -> None:
        by = self.users[key]
        reviewer = self.users["evaluation"] if key != "fars" else self.users["national"]
        written = reviews.review_opens(programme.year) + dt.timedelta(days=70)
        with _at(written - dt.timedelta(days=1)):
            refresh_programme(programme, on=timezone.localdate())
        for goal in programme.goals.prefetch_related("measures").order_by("number"):
            if numbers is not None and goal.number not in numbers and goal.number not in draft:
                continue
            figures = {}
            for measure in goal.measures.all():
                measure.refresh_from_db()
                figures[measure.pk] = measure.value if measure.value is not None else measure.baseline
            first = goal.measures.first()
            texts = dict(REVIEW_TEXT)
            texts["achieved"] = texts["achieved"].format(
                name=first.name, value=_persian(figures[first.pk]), target=_persian(first.target)
            )
            submit = goal.number not in draft
            with _at(written, 9 + goal.number % 8):
                review = reviews.save_review(goal, by=by, figures=figures, submit=submit, **texts)
            if not submit or not accept:
                continue
            if key == "fars" and goal.number == 3:
                with _at(written + dt.timedelta(days=4)):
                    reviews.return_review(
                        review, by=reviewer, comment="علت‌های ضعف را به تفکیک شهرستان بنویسید."
                    )
                texts["causes"] = (
                    "در شهرستان‌های لارستان و داراب مربی آموزش فضای مجازی نبود؛ در شیراز جلسات به مدارس محدود ماند."
                )
                with _at(written + dt.timedelta(days=6)):
                    review = reviews.save_review(goal, by=by, figures=figures, submit=True, **texts)
            with _at(written + dt.timedelta(days=9)):
                reviews.accept_review(review, by=reviewer, comment="آسیب‌شناسی کامل است.")

    # --- 1402 ---------------------------------------------------------------------------------------

    def year_1402(self) -> None:
        national = self.users["national"]
        with _at(_j("1401/12/10")):
            programme = programmes.create_programme(
                self.orgs["national"], by=national, year=1402, title=NATIONAL_TITLE.format(year="۱۴۰۲"), region=None,
                description="اهداف نیروی انتظامی در حوزه اجتماعی؛ معاونت‌های اجتماعی استان‌ها این اهداف را در اولویت قرار می‌دهند.",
            )  # fmt: skip
            for title, description, data in GOALS_1402:
                goal = programmes.add_goal(
                    programme, by=national, title=title, description=description, owner=national
                )
                programmes.add_measure(goal, by=national, spec=self.spec(data, programme))
        with _at(_j("1402/01/15")):
            programme = programmes.activate_programme(programme, by=national)
        self.programmes[("national", 1402)] = programme
        for key, day in (("tehran", "1402/01/20"), ("fars", "1402/01/22")):
            by = self.users[key]
            with _at(_j(day)):
                adoption = programmes.adopt_programme(programme, by=by)
                self.set_targets(adoption, key)
                self.own_goal(adoption, key)
            with _at(_j(day) + dt.timedelta(days=6)):
                adoption = programmes.activate_programme(adoption, by=by)
            self.programmes[(key, 1402)] = adoption
        for key in ("national", "tehran", "fars"):
            self.report_year(key, self.programmes[(key, 1402)], [1, 2, 3, 4])
        self.review_year("national", self.programmes[("national", 1402)], accept=True)
        self.review_year("tehran", self.programmes[("tehran", 1402)], accept=True)
        self.review_year("fars", self.programmes[("fars", 1402)], accept=True)

    def own_goal(self, programme: Programme, key: str) -> None:
        by = self.users[key]
        title, description, measure = OWN_GOALS[key]
        goal = programmes.add_goal(programme, by=by, title=title, description=description, owner=by)
        if key == "tehran":
            body = Body.objects.get(name=WORKING_GROUP)
            spec = MeasureSpec(name=measure, source="resolutions", body=body, baseline=None, target=6)
            try:
                programmes.add_measure(goal, by=by, spec=spec)
            except Exception:  # no resolution done last year: start from zero
                spec.baseline = 0
                programmes.add_measure(goal, by=by, spec=spec)
        else:
            programmes.add_measure(goal, by=by, spec=self.spec(measure, programme))

    # --- 1403 ---------------------------------------------------------------------------------------

    def year_1403(self) -> None:
        national = self.users["national"]
        with _at(_j("1402/12/24")):
            programme = reviews.carry_over(
                self.programmes[("national", 1402)],
                by=national,
                goals=list(self.programmes[("national", 1402)].goals.filter(number__in=[1, 2, 3, 5])),
            )
            title, description, data = NEW_GOAL_1403
            goal = programmes.add_goal(
                programme, by=national, title=title, description=description, owner=national
            )
            programmes.add_measure(goal, by=national, spec=self.spec(data, programme))
            for measure in Measure.objects.filter(goal__programme=programme, carried_from__isnull=False):
                raise_by = 1.05 if measure.direction == "increase" else 0.95
                target = (
                    round(measure.baseline * raise_by, 1)
                    if measure.aggregation == "level"
                    else round(measure.baseline * raise_by)
                )
                spec = MeasureSpec.of(measure, target=max(target, measure.target))
                programmes.update_measure(measure, by=national, spec=spec)
        # Tehran carries two national goals and its own into 1403 before the national programme is out, and
        # adopts it when it is: the carried goals are linked, the others copied.
        tehran_1402 = self.programmes[("tehran", 1402)]
        with _at(_j("1402/12/27")):
            tehran = reviews.carry_over(
                tehran_1402,
                by=self.users["tehran"],
                goals=list(tehran_1402.goals.filter(number__in=[1, 3, 6])),
            )
        with _at(_j("1403/01/10")):
            programme = programmes.activate_programme(programme, by=national)
        self.programmes[("national", 1403)] = programme
        with _at(_j("1403/01/16")):
            tehran = programmes.adopt_programme(programme, by=self.users["tehran"])
            self.raise_targets(tehran, "tehran")
        with _at(_j("1403/01/22")):
            tehran = programmes.activate_programme(tehran, by=self.users["tehran"])
        with _at(_j("1403/01/25")):
            fars = programmes.adopt_programme(programme, by=self.users["fars"])
            self.raise_targets(fars, "fars")
        with _at(_j("1403/02/02")):
            fars = programmes.activate_programme(fars, by=self.users["fars"])
        self.programmes[("tehran", 1403)] = tehran
        self.programmes[("fars", 1403)] = fars
        self.report_year("national", programme, [1, 2, 3, 4])
        self.report_year("tehran", tehran, [1, 2, 3, 4], pending_last=True)
        self.report_year("fars", fars, [1, 2, 3])
        # Tehran has sent the review of its first goal and drafted the second; the rest is to do.
        self.review_year("tehran", tehran, accept=False, numbers=[1], draft=[2])

    def raise_targets(self, programme: Programme, key: str) -> None:
        """Each measure's target of 1403: 5% beyond its baseline (at least last year's target)."""
        by = self.users[key]
        for measure in Measure.objects.filter(goal__programme=programme).select_related("adopted_from"):
            if measure.source == "resolutions":
                target = max(measure.target, measure.baseline + 3)
            elif measure.direction == "increase":
                target = max(measure.target, round(measure.baseline * 1.05, 1))
            else:
                target = min(measure.target, round(measure.baseline * 0.95, 1))
            programmes.update_measure(measure, by=by, spec=MeasureSpec.of(measure, target=target))
