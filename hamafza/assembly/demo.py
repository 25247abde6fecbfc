"""The assembly demo (seed 002): the judiciary's «مجمع نهادهای مردمی همکار با قوه قضاییه».

A hundred NGOs are nominated by the provinces from an Excel list (through the same import a secretariat
uses, which registers the NGOs the registry lacks); the secretariat accepts 96, refuses two and has two
left to decide. At the assembly's second session (1404/08/17, the day in the news) 22 members are
present; they vote on paper for 6 seats among 12 candidates, the tellers enter every paper ballot twice
(one reading differs and is corrected), the supervisors count, draw lots for a tie among the
substitutes and sign, and the secretariat publishes: 6 NGOs receive their letters of introduction.
Today another election is in its voting window: 40 members have voted on the site or through the API,
three took paper ballots, and the demo representative has yet to vote.

Everything goes through the services, as people would do it; events in the past run with
`django.utils.timezone.now` patched to their moment (as the base demo does). Loaded once (after
`load_demo` and `load_participation_demo`); a second run changes nothing.
"""

import datetime as dt
import io
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook

from hamafza import demo as base
from hamafza.accounts.models import BodyRole, User
from hamafza.assembly import demo_data as data
from hamafza.assembly.imports import nominations as nomination_import
from hamafza.assembly.models import (
    Assembly,
    Ballot,
    Candidate,
    Election,
    IntroductionLetter,
    Member,
    Nomination,
)
from hamafza.assembly.services import assemblies, ballots, counting, elections, nominations
from hamafza.audit.context import Origin, reset_origin, set_origin
from hamafza.demo.loader import _at
from hamafza.lib.jalali import format_jalali
from hamafza.lib.persian import to_persian_digits
from hamafza.meetings import services as meetings
from hamafza.meetings.models import Assignment, Body
from hamafza.orgs.models import Organization
from hamafza.participation.models import NgoProfile
from hamafza.participation.services import achievements
from hamafza.places.models import Region
from hamafza.places.services import TEHRAN_PROVINCE


@dataclass
class AssemblyDemo:
    loaded: bool
    counts: dict[str, int]


def counts() -> dict[str, int]:
    return {
        "nominations": Nomination.objects.count(),
        "members": Member.objects.count(),
        "elections": Election.objects.count(),
        "ballots": Ballot.objects.count(),
        "letters": IntroductionLetter.objects.count(),
    }


def load_assembly_demo() -> AssemblyDemo:
    if not User.objects.filter(username="admin").exists():
        raise RuntimeError("Load the base demo first: manage.py load_demo")
    if Assembly.objects.filter(name=data.ASSEMBLY).exists():
        return AssemblyDemo(loaded=False, counts=counts())
    token = set_origin(Origin(source="demo"))
    try:
        with transaction.atomic():
            _Loader().run()
    finally:
        reset_origin(token)
    return AssemblyDemo(loaded=True, counts=counts())


def moment(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


class _Loader:
    def __init__(self):
        self.rng = random.Random(data.SEED)
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.tehran = Region.objects.get(code=TEHRAN_PROVINCE)
        self.password = make_password(base.PASSWORD)

    def run(self) -> None:
        self.cast()
        self.nominate()
        self.people()
        self.first_session()
        self.seed_election()
        self.open_election()

    # The body, its people

    def cast(self) -> None:
        self.secretariat = Organization.objects.create(
            name=data.SECRETARIAT,
            short_name="مشارکت‌های مردمی قوه قضاییه",
            kind="agency",
            sector="judiciary",
            region=self.tehran,
        )
        deputy = Organization.objects.create(
            name=data.DEPUTY,
            short_name="معاونت اجتماعی قوه قضاییه",
            kind="agency",
            sector="judiciary",
            region=self.tehran,
        )
        self.body = Body.objects.create(
            name=data.BODY,
            kind=Body.Kind.WORKING_GROUP,
            region=self.tehran,
            secretariat=self.secretariat,
            description=data.BODY_DESCRIPTION,
        )
        self.body.members.set([self.secretariat, deputy])
        inspection = Organization.objects.get(name=base.ORGANIZATIONS["inspection"][0])
        homes = {
            "secretariat": self.secretariat,
            "supervisor": inspection,
            "teller": self.secretariat,
            "representative": None,
        }
        self.users = {}
        for username, (first, last, role) in data.USERS.items():
            self.users[username] = User.objects.create(
                username=username,
                password=self.password,
                first_name=first,
                last_name=last,
                email=f"{username}@demo.hamafza.ir",
                organization=homes[role],
            )
        self.secretary = self.users["judiciary-secretary"]
        BodyRole.objects.create(user=self.secretary, body=self.body, kind=BodyRole.Kind.SECRETARIAT)
        BodyRole.objects.create(
            user=User.objects.get(username="viewer"), body=self.body, kind=BodyRole.Kind.VIEWER
        )
        with _at(moment(data.FIRST_SESSION, 8)):
            self.assembly = assemblies.create_assembly(
                self.body,
                by=self.secretary,
                data=assemblies.AssemblyData(
                    name=data.ASSEMBLY,
                    description=data.ASSEMBLY_DESCRIPTION,
                    letterhead=data.LETTERHEAD,
                    letter_prefix="م‌ن",
                    signatory_name=data.SIGNATORY[0],
                    signatory_title=data.SIGNATORY[1],
                ),
            )

    # A hundred nominations from the provinces, from Excel

    def _rows(self) -> list[dict]:
        provinces = list(Region.objects.filter(kind="province").without_boundaries().order_by("name"))
        rows = []
        used = set()
        # The two NGOs of District 21 in the base demo are nominated by Tehran; the registry knows them.
        for key in ("ngo_children", "ngo_women"):
            organization = Organization.objects.get(name=base.ORGANIZATIONS[key][0])
            rows.append(
                {
                    "name": organization.name,
                    "region": organization.region.code,
                    "nominating_region": TEHRAN_PROVINCE,
                    "nominated_by": "دادگستری کل استان تهران",
                    "letter_number": "۲۰۴/ص",
                }
            )
        while len(rows) < 100:
            province = provinces[len(rows) % len(provinces)]
            name = f"{self.rng.choice(data.KINDS)} {self.rng.choice(data.TOPICS)} {province.name}"
            if name in used:
                continue
            used.add(name)
            index = len(rows)
            rows.append(
                {
                    "name": name,
                    "region": province.code,
                    "registration_number": f"{9000 + index * 17}",
                    "licence_authority": self.rng.choice(data.AUTHORITIES),
                    "licence_expires": format_jalali(self._expiry(index)),
                    "nominating_region": province.code,
                    "nominated_by": f"دادگستری کل استان {province.name}",
                    "letter_number": f"{100 + index}/م",
                }
            )
        for index, row in enumerate(rows):
            row["nominated_on"] = format_jalali(data.SEED_DAY - dt.timedelta(days=60 - index // 3))
        return rows

    def _expiry(self, index: int) -> dt.date:
        """Most licences run for years; two expired before the seed's election, six before today's."""
        if index in (11, 47):
            return data.SEED_DAY - dt.timedelta(days=40 + index)
        if index % 14 == 5:
            return self.today - dt.timedelta(days=20 + index)
        return self.today + dt.timedelta(days=200 + 9 * index)

    def nominate(self) -> None:
        columns = [
            c for c in nomination_import.COLUMNS if c.key not in ("note", "contact_name", "contact_mobile")
        ]
        book = Workbook()
        sheet = book.active
        sheet.sheet_view.rightToLeft = True
        sheet.append([column.header for column in columns])
        for row in self._rows():
            sheet.append([row.get(column.key, "") for column in columns])
        buffer = io.BytesIO()
        book.save(buffer)
        with _at(moment(data.SEED_DAY - dt.timedelta(days=12), 10)):
            preview = nomination_import.preview(self.assembly, buffer.getvalue(), "معرفی‌شدگان استان‌ها.xlsx")
            if not preview.ok or len(preview.new_rows) != 100:
                raise RuntimeError([row.errors for row in preview.refused_rows][:3])
            nomination_import.import_nominations(self.assembly, preview, by=self.secretary)
        waiting = list(Nomination.objects.filter(assembly=self.assembly).order_by("pk"))
        with _at(moment(data.SEED_DAY - dt.timedelta(days=10), 11)):
            for index, nomination in enumerate(waiting):
                if index in (30, 61):
                    nominations.refuse_nomination(
                        nomination, by=self.secretary, reason=data.REFUSAL_REASONS[index % 2]
                    )
                elif index not in (97, 98):
                    nominations.accept_nomination(nomination, by=self.secretary)

    def people(self) -> None:
        """A representative for every member (the demo representative for one of them), substitutes for
        some; each a user of its NGO."""
        self.members = list(
            Member.objects.filter(assembly=self.assembly).select_related("organization").order_by("pk")
        )
        lasting = set(
            NgoProfile.objects.filter(licence_expires__gt=self.today + dt.timedelta(days=365)).values_list(
                "organization_id", flat=True
            )
        )
        self.demo_member = next(m for m in self.members[2:] if m.organization_id in lasting)
        rep = self.users[data.REPRESENTATIVE]
        rep.organization = self.demo_member.organization
        rep.save(update_fields=["organization"])
        first_names = ["علی", "زهرا", "حسین", "مریم", "رضا", "فاطمه", "مهدی", "سارا", "امیر", "نرگس"]
        last_names = [
            "احمدی",
            "کریمی",
            "رستمی",
            "موسوی",
            "نوری",
            "جعفری",
            "صالحی",
            "قاسمی",
            "یزدانی",
            "فرهمند",
        ]
        with _at(moment(data.SEED_DAY - dt.timedelta(days=9), 9)):
            for index, member in enumerate(self.members):
                representative = (
                    rep
                    if member == self.demo_member
                    else self._user(
                        f"ngo-rep-{index + 1:03d}",
                        member.organization,
                        first_names[index % 10],
                        last_names[(index // 10) % 10],
                    )
                )
                substitute = None
                if index % 4 == 0:
                    substitute = self._user(
                        f"ngo-sub-{index + 1:03d}",
                        member.organization,
                        first_names[(index + 3) % 10],
                        last_names[(index + 7) % 10],
                    )
                assemblies.name_representatives(
                    member, by=self.secretary, representative=representative, substitute=substitute
                )
        self.members = list(
            Member.objects.filter(assembly=self.assembly).select_related("organization").order_by("pk")
        )
        self.demo_member = next(m for m in self.members if m.representative_id == rep.pk)

    def _user(
        self, username: str, organization: Organization, first: str, last: str, *, officer=False
    ) -> User:
        return User.objects.create(
            username=username,
            password=self.password,
            first_name=first,
            last_name=last,
            organization=organization,
            is_officer=officer,
            email=f"{username}@demo.hamafza.ir",
        )

    # Sessions

    def first_session(self) -> None:
        with _at(moment(data.FIRST_SESSION, 11)):
            meetings.create_meeting(
                self.body,
                by=self.secretary,
                number=1,
                held_on=data.FIRST_SESSION,
                place="تهران، سالن همایش‌های قوه قضاییه",
                chair="معاون اجتماعی و پیشگیری از وقوع جرم قوه قضاییه",
                agenda="تشکیل مجمع نهادهای مردمی همکار؛ فراخوان معرفی سمن‌ها از استان‌ها",
            )

    def _eligible_present(self) -> list[Member]:
        from hamafza.assembly.services.eligibility import eligible_members

        eligible = set(eligible_members(self.assembly, data.SEED_DAY).values_list("pk", flat=True))
        present = [m for m in self.members if m.pk in eligible and m != self.demo_member][:21]
        return [self.demo_member, *present]

    def seed_election(self) -> None:
        day = data.SEED_DAY
        with _at(moment(day - dt.timedelta(days=12), 12)):
            session = meetings.create_meeting(
                self.body,
                by=self.secretary,
                number=2,
                held_on=day,
                place="تهران، سالن همایش‌های قوه قضاییه",
                chair="معاون اجتماعی و پیشگیری از وقوع جرم قوه قضاییه",
                attendees="نمایندگان ۲۲ نهاد مردمی عضو مجمع\nمدیرکل مشارکت‌های مردمی و سرمایه‌های اجتماعی",
                agenda="معرفی نامزدها و تشریح دستاوردها؛ انتخاب اعضای منتخب مجمع؛ هم‌اندیشی درباره مشارکت مؤثر نهادهای مردمی",
            )
            election = elections.create_election(
                self.assembly,
                by=self.secretary,
                data=elections.ElectionData(
                    title="انتخاب اعضای منتخب مجمع — نشست دوم",
                    seats=6,
                    max_choices=6,
                    substitutes=3,
                    tie_rule=Election.TieRule.LOTS,
                    voting_starts_at=moment(day, 10),
                    voting_ends_at=moment(day, 12),
                    meeting=session,
                ),
            )
            for username, role, title in (
                ("assembly-supervisor", "supervisor", "نماینده دادستانی کل کشور"),
                ("assembly-supervisor2", "supervisor", "نماینده سازمان بازرسی کل کشور"),
                ("assembly-supervisor3", "supervisor", "نماینده معاونت حقوقی قوه قضاییه"),
                ("assembly-teller", "teller", "کارشناس دبیرخانه"),
                ("assembly-teller2", "teller", "کارشناس دبیرخانه"),
            ):
                elections.add_official(
                    election, by=self.secretary, user=self.users[username], role=role, title=title
                )
            elections.open_candidacy(election, by=self.secretary)
        present = self._eligible_present()
        standing = present[:12]
        for index, member in enumerate(standing):
            with _at(moment(day - dt.timedelta(days=9 - index // 2), 9 + index % 8)):
                reports = []
                if index < 4:
                    reports = [self._achievements(member, index)]
                elections.stand(
                    election,
                    member,
                    by=member.representative,
                    programme=data.PROGRAMMES[index % len(data.PROGRAMMES)],
                    achievements=reports,
                )
        with _at(moment(day - dt.timedelta(days=2), 16)):
            elections.close_candidacy(election, by=self.secretary)
        with _at(moment(day, 9)):
            assemblies.record_attendance(self.assembly, session, by=self.secretary, members=present)
        supervisor = self.users["assembly-supervisor"]
        with _at(moment(day, 10, 5)):
            elections.open_voting(election, by=supervisor)
        teller, teller2 = self.users["assembly-teller"], self.users["assembly-teller2"]
        for index, member in enumerate(present):
            with _at(moment(day, 10, 10 + index)):
                ballots.record_paper_voter(election, member, by=teller)
        with _at(moment(day, 11, 30)):
            elections.close_voting(election, by=supervisor)
        candidates = list(Candidate.objects.filter(election=election).order_by("pk"))
        papers = self._paper_ballots(candidates)
        for number, (choices, spoiled) in enumerate(papers, start=1):
            with _at(moment(day, 11, 32 + number)):
                wrong = number == 9  # teller 2 misreads paper 9, sees the difference and looks again
                ballots.enter_paper_ballot(
                    election, by=teller, paper_number=number, choices=choices, spoiled=spoiled
                )
                misread = choices[:-1] + [candidates[-1].pk] if wrong else choices
                ballots.enter_paper_ballot(
                    election, by=teller2, paper_number=number, choices=misread, spoiled=spoiled
                )
                if wrong:
                    ballots.enter_paper_ballot(
                        election, by=teller2, paper_number=number, choices=choices, spoiled=spoiled
                    )
        with _at(moment(day, 12, 0)):
            counting.count_votes(election, by=supervisor)
        with _at(moment(day, 12, 10)):
            for tie in counting.open_ties(election):
                order = sorted(tie.candidate_ids, key=lambda pk: -pk)
                counting.record_lots(
                    election,
                    by=supervisor,
                    order=order,
                    note="قرعه‌کشی در پایان نشست، در حضور سه ناظر و نمایندگان نامزدهای هم‌رأی انجام شد.",
                )
        for minute, username in (
            (15, "assembly-supervisor"),
            (17, "assembly-supervisor2"),
            (19, "assembly-supervisor3"),
        ):
            with _at(moment(day, 12, minute)):
                counting.confirm_results(election, by=self.users[username])
        with _at(moment(day, 12, 30)):
            counting.publish_results(election, by=self.secretary)
        self._resolutions(session, day)

    def _paper_ballots(self, candidates: list[Candidate]) -> list[tuple[list[int], bool]]:
        """22 paper ballots: 20 valid marking six candidates each, so that the 12 candidates get
        18, 16, 15, 13, 12, 11, 8, 8, 7, 5, 4 and 3 votes (a tie among the substitutes); one blank and
        one spoiled."""
        need = dict(zip([c.pk for c in candidates], [18, 16, 15, 13, 12, 11, 8, 8, 7, 5, 4, 3], strict=True))
        papers = []
        for _ in range(20):
            chosen = sorted(need, key=lambda pk: (-need[pk], pk))[:6]
            for pk in chosen:
                need[pk] -= 1
            papers.append((sorted(chosen), False))
        assert not any(need.values()), need
        papers.insert(7, ([], False))
        papers.insert(15, ([], True))
        return papers

    def _achievements(self, member: Member, index: int):
        officer = self._user(
            f"ngo-officer-{member.pk:03d}", member.organization, "کارشناس", "سمن", officer=True
        )
        report = achievements.submit_achievement(
            member.organization,
            by=officer,
            body=self.body,
            period_start=data.SEED_DAY - dt.timedelta(days=365),
            period_end=data.SEED_DAY - dt.timedelta(days=30),
            activities=(
                to_persian_digits(
                    f"برگزاری {12 + index * 5} کارگاه آموزشی پیشگیری از آسیب‌های اجتماعی برای نوجوانان و خانواده‌ها؛ "
                    f"همکاری با شورای حل اختلاف در {3 + index} پرونده صلح و سازش؛ معرفی {20 + index * 4} مددجو به اشتغال."
                )
            ),
            beneficiaries=300 + index * 120,
        )
        return achievements.accept_achievement(
            report, by=self.secretary, score=4 + index % 2, note="مستند و اثربخش."
        )

    def _resolutions(self, session, day: dt.date) -> None:
        with _at(moment(day, 13)):
            for number, text, days in (
                (
                    "1",
                    "سمن‌های عضو مجمع، دستاوردها و اثربخشی فعالیت‌های خود در سال‌های گذشته را به اداره کل مشارکت‌های مردمی و سرمایه‌های اجتماعی ارائه دهند.",
                    45,
                ),
                (
                    "2",
                    "برای نهادهای منتخب معرفی‌نامه رسمی صادر شود تا در برنامه‌های تعاملی قوه قضاییه نقش‌آفرینی کنند.",
                    14,
                ),
            ):
                meetings.create_resolution(
                    session,
                    by=self.secretary,
                    spec=meetings.ResolutionSpec(
                        number=number,
                        text=text,
                        assignments=[
                            meetings.AssignmentSpec(
                                self.secretariat,
                                role=Assignment.Role.LEAD,
                                deadline=day + dt.timedelta(days=days),
                            )
                        ],
                        topics=["مشارکت مردمی"],
                    ),
                )

    # Today's election, in its voting window

    def open_election(self) -> None:
        started = timezone.localtime(self.now - dt.timedelta(days=1))
        ends = timezone.localtime(self.now + dt.timedelta(days=6))
        with _at(self.now - dt.timedelta(days=3)):
            election = elections.create_election(
                self.assembly,
                by=self.secretary,
                data=elections.ElectionData(
                    title="انتخاب نمایندگان مجمع در شورای مشورتی پیشگیری از وقوع جرم",
                    seats=3,
                    max_choices=3,
                    substitutes=2,
                    tie_rule=Election.TieRule.SECOND_ROUND,
                    voting_starts_at=started.replace(hour=8, minute=0, second=0, microsecond=0),
                    voting_ends_at=ends.replace(hour=18, minute=0, second=0, microsecond=0),
                ),
            )
            for username, role in (
                ("assembly-supervisor", "supervisor"),
                ("assembly-supervisor2", "supervisor"),
                ("assembly-teller", "teller"),
                ("assembly-teller2", "teller"),
            ):
                elections.add_official(election, by=self.secretary, user=self.users[username], role=role)
            elections.open_candidacy(election, by=self.secretary)
        from hamafza.assembly.services.eligibility import eligible_members

        eligible = list(
            eligible_members(self.assembly, election.election_day)
            .select_related("organization")
            .order_by("pk")
        )
        others = [m for m in eligible if m != self.demo_member]
        with _at(self.now - dt.timedelta(days=2)):
            for index, member in enumerate(others[20:27]):
                elections.stand(
                    election,
                    member,
                    by=member.representative,
                    programme=data.PROGRAMMES[(index + 2) % len(data.PROGRAMMES)],
                )
            elections.close_candidacy(election, by=self.secretary)
        with _at(election.voting_starts_at + dt.timedelta(minutes=5)):
            elections.open_voting(election, by=self.users["assembly-supervisor"])
        candidates = [c.pk for c in Candidate.objects.filter(election=election).order_by("pk")]
        span = (self.now - election.voting_starts_at).total_seconds() - 600
        voters = others[:40]
        for index, member in enumerate(voters):
            when = election.voting_starts_at + dt.timedelta(
                seconds=600 + span * (index + 1) / (len(voters) + 4)
            )
            chosen = self.rng.sample(candidates, k=self.rng.choice([1, 2, 3, 3, 3]))
            with _at(when):
                ballots.cast_ballot(
                    election,
                    member,
                    by=member.representative,
                    choices=chosen,
                    channel="api" if index % 5 == 0 else "web",
                )
        teller, teller2 = self.users["assembly-teller"], self.users["assembly-teller2"]
        with _at(self.now - dt.timedelta(minutes=30)):
            for member in others[40:43]:
                ballots.record_paper_voter(election, member, by=teller2)
            ballots.enter_paper_ballot(election, by=teller, paper_number=1, choices=candidates[:2])
            ballots.enter_paper_ballot(election, by=teller2, paper_number=1, choices=candidates[:2])
            # paper 2 awaits the demo teller's reading
            ballots.enter_paper_ballot(election, by=teller2, paper_number=2, choices=candidates[2:5])


def letters_of(election: Election) -> list[IntroductionLetter]:
    return list(IntroductionLetter.objects.filter(election=election).order_by("serial"))
