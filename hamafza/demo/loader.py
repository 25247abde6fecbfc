"""Loading the demo: the cast created directly, the story played through the meeting services."""

import datetime as dt
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from unittest import mock

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hamafza.accounts.models import BodyRole, User
from hamafza.audit.context import Origin, reset_origin, set_origin
from hamafza.demo.data import BODIES, OFFICER_OF, ORGANIZATIONS, PASSWORD, USERS, WORKING_GROUP
from hamafza.demo.story import story
from hamafza.meetings import services
from hamafza.meetings.models import Assignment, Body, Meeting, ProgressReport, Resolution
from hamafza.orgs.models import Organization
from hamafza.places.models import Region
from hamafza.places.services import DISTRICT21_CODE, TEHRAN_CITY_CODE, TEHRAN_PROVINCE, load_regions


@dataclass
class DemoResult:
    loaded: bool
    counts: dict[str, int]
    logins: list[tuple[str, str, str, str]]


@contextmanager
def _at(moment: dt.datetime) -> Iterator[None]:
    """Run a service call as if it happened at `moment` (see the module's docstring)."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def _moment(on: dt.date, hour: int, real_now: dt.datetime) -> dt.datetime:
    moment = timezone.make_aware(dt.datetime.combine(on, dt.time(hour)))
    # Something dated today happened within the last hour, in the order of its hours; never in the future.
    return min(moment, real_now - dt.timedelta(minutes=60 - hour))


def _xlsx(title: str, rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "گزارش"
    sheet.sheet_view.rightToLeft = True
    sheet.append([title])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def is_loaded() -> bool:
    return Body.objects.filter(name=WORKING_GROUP).exists()


def logins() -> list[tuple[str, str, str, str]]:
    """(username, password, role, organisation) of every demo user, for the table printed after loading."""
    bodies = {"wg": _("working group"), "hq": _("District 21 headquarters")}
    rows = []
    names = dict(User.objects.filter(username__in=USERS).values_list("username", "organization__name"))
    for username, (_first, _last, _org, officer, roles) in USERS.items():
        if username not in names:
            continue
        if username == "admin":
            role = _("System administrator")
        elif any(kind == BodyRole.Kind.SECRETARIAT for kind in roles.values()):
            role = _("Secretariat of the %(body)s") % {"body": "، ".join(bodies[key] for key in roles)}
        elif roles:
            role = _("Viewer of the %(body)s") % {"body": "، ".join(bodies[key] for key in roles)}
        else:
            role = _("Organisation officer") if officer else _("User")
        rows.append((username, PASSWORD, role, names[username] or "—"))
    return rows


def counts() -> dict[str, int]:
    return {
        "regions": Region.objects.count(),
        "organizations": Organization.objects.count(),
        "bodies": Body.objects.count(),
        "users": User.objects.count(),
        "meetings": Meeting.objects.count(),
        "resolutions": Resolution.objects.count(),
        "assignments": Assignment.objects.count(),
        "reports": ProgressReport.objects.count(),
    }


def load_demo() -> DemoResult:
    """Load the demo once; when it is there already, change nothing."""
    if is_loaded():
        return DemoResult(loaded=False, counts=counts(), logins=logins())
    token = set_origin(Origin(source="demo"))
    try:
        with transaction.atomic():
            _load()
    finally:
        reset_origin(token)
    return DemoResult(loaded=True, counts=counts(), logins=logins())


def _load() -> None:
    load_regions()
    regions = {
        "province": Region.objects.get(code=TEHRAN_PROVINCE),
        "city": Region.objects.get(code=TEHRAN_CITY_CODE),
        "d21": Region.objects.get(code=DISTRICT21_CODE),
    }
    regions["county"] = regions["city"].parent
    organizations = {}
    for key, (name, short_name, kind, sector, region) in ORGANIZATIONS.items():
        organizations[key], _created = Organization.objects.get_or_create(
            name=name,
            region=regions[region],
            defaults={"short_name": short_name, "kind": kind, "sector": sector},
        )
    bodies = {}
    for key, spec in BODIES.items():
        body = Body.objects.create(
            name=spec["name"],
            kind=spec["kind"],
            region=regions[spec["region"]],
            secretariat=organizations[spec["secretariat"]],
            description=spec["description"],
        )
        body.members.set([organizations[member] for member in spec["members"]])
        bodies[key] = body
    users = _create_users(organizations, bodies)
    secretaries = {
        body_key: next(
            users[name] for name, spec in USERS.items() if spec[4].get(body_key) == BodyRole.Kind.SECRETARIAT
        )
        for body_key in bodies
    }
    targets = list(Region.objects.neighbourhoods().filter(parent=regions["d21"], is_target=True))
    _play(story(services.today()), organizations, bodies, users, secretaries, targets)


def _create_users(organizations, bodies) -> dict[str, User]:
    # One hash for every demo user: hashing the same password thirty times would take seconds.
    password = make_password(PASSWORD)
    users = {}
    for username, (first, last, org, officer, roles) in USERS.items():
        superuser = username == "admin"
        user = User.objects.create(
            username=username,
            password=password,
            first_name=first,
            last_name=last,
            email=f"{username}@demo.hamafza.ir",
            organization=organizations[org] if org else None,
            is_officer=officer,
            is_superuser=superuser,
            is_staff=superuser,
        )
        for body_key, kind in roles.items():
            BodyRole.objects.create(user=user, body=bodies[body_key], kind=kind)
        users[username] = user
    return users


def _play(sittings, organizations, bodies, users, secretaries, targets) -> None:
    """Run every meeting, resolution, report and review through the services, in the order they happened."""
    real_now = timezone.now()
    actions: list[tuple[dt.datetime, int, Callable[[], None]]] = []
    made: dict[tuple[int, str, str], Assignment] = {}
    reports: dict[tuple[int, str, str], ProgressReport] = {}
    evidence_files: dict[str, bytes] = {}
    org_keys = {org.pk: key for key, org in organizations.items()}

    def later(on: dt.date, hour: int, action: Callable[[], None]) -> None:
        actions.append((_moment(on, hour, real_now), len(actions), action))

    for index, sitting in enumerate(sittings):
        secretary = secretaries[sitting.body]
        meeting_holder: list[Meeting] = []

        def hold(sitting=sitting, secretary=secretary, holder=meeting_holder):
            holder.append(
                services.create_meeting(
                    bodies[sitting.body],
                    by=secretary,
                    number=sitting.number,
                    held_on=sitting.held_on,
                    place=sitting.place,
                    chair=sitting.chair,
                    attendees="\n".join(sitting.attendees),
                    agenda=sitting.agenda,
                )
            )

        later(sitting.held_on, 12, hold)
        for item in sitting.items:

            def resolve(item=item, secretary=secretary, holder=meeting_holder, index=index):
                spec = services.ResolutionSpec(
                    number=item.number,
                    text=item.text,
                    topics=item.topics,
                    assignments=[duty.spec(organizations) for duty in item.duties],
                    target_regions=targets if item.targets else [],
                )
                resolution = services.create_resolution(holder[0], by=secretary, spec=spec)
                for assignment in resolution.assignments.all():
                    made[(index, item.number, org_keys[assignment.organization_id])] = assignment

            later(sitting.held_on, 13, resolve)
            if item.cancelled:
                on, reason = item.cancelled

                def cancel(item=item, index=index, secretary=secretary, reason=reason):
                    resolution = made[(index, item.number, item.duties[0].org)].resolution
                    services.cancel_resolution(resolution, by=secretary, reason=reason)

                later(on, 16, cancel)
            for duty in item.duties:
                key = (index, item.number, duty.org)
                for event in duty.events:
                    later(
                        event.on,
                        10 if event.action == "submit" else 15,
                        _event_action(event, key, made, reports, users, secretary, evidence_files),
                    )

    actions.sort(key=lambda entry: (entry[0], entry[1]))
    for moment, _order, action in actions:
        with _at(moment):
            action()


def _event_action(event, key, made, reports, users, secretary, evidence_files) -> Callable[[], None]:
    def act():
        assignment = made[key]
        if event.action == "submit":
            files = []
            if event.evidence:
                title, rows = event.evidence
                if title not in evidence_files:
                    evidence_files[title] = _xlsx(title, rows)
                files = [services.UploadedFile(f"{title}.xlsx", evidence_files[title])]
            reports[key] = services.submit_progress(
                assignment, by=users[OFFICER_OF[key[2]]], percent=event.percent, note=event.text, files=files
            )
        elif event.action == "accept":
            services.accept_report(reports[key], by=secretary, comment=event.text)
        elif event.action == "return":
            services.return_report(reports[key], by=secretary, comment=event.text)
        elif event.action == "extend":
            assignment.refresh_from_db()
            services.update_assignment(
                assignment, by=secretary, recurrence=assignment.recurrence, deadline=event.deadline
            )
        else:
            raise ValueError(event.action)

    return act
