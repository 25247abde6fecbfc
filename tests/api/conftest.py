"""Fixtures for the API tests: the shared cast at work, and a second body far away.

`world` adds to the cast's `resolution`:
- a report by the police (lead), awaiting review, with a PDF as evidence;
- a report by welfare (supporting), accepted at 40%, so welfare may report again.

`far` is a body in another province whose member and secretariat is the outsider's charity, with its
own meeting, resolution and report: the outsider sees those and nothing of the cast's body.
"""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.test import Client

from hamafza.accounts.models import BodyRole, User
from hamafza.meetings import services
from hamafza.meetings.models import Assignment, Body, Meeting, ProgressReport, Resolution
from tests.conftest import PASSWORD

ROLES = ["admin", "secretary", "officer", "other_officer", "viewer", "outsider", "anonymous"]


def tiny_pdf(text: str = "Hamafza") -> bytes:
    """A minimal, well-formed one-page PDF: header, three objects, cross-reference table, trailer."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R >>",
    ]
    stream = f"BT /F1 12 Tf 10 50 Td ({text}) Tj ET".encode()
    objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref_at)
    return out


@dataclass
class World:
    resolution: Resolution
    lead: Assignment
    supporting: Assignment
    police_report: ProgressReport
    welfare_report: ProgressReport
    pdf: bytes


@dataclass
class Far:
    body: Body
    meeting: Meeting
    resolution: Resolution
    lead: Assignment
    report: ProgressReport


@pytest.fixture
def world(resolution, lead, supporting, officer, other_officer, secretary):
    pdf = tiny_pdf()
    police_report = services.submit_progress(
        lead,
        by=officer,
        percent=30,
        note="گشت‌های مشترک در محله آغاز شد",
        files=[services.UploadedFile("گزارش گشت.pdf", pdf)],
    )
    welfare_report = services.submit_progress(
        supporting, by=other_officer, percent=40, note="دو کارگاه برگزار شد"
    )
    services.accept_report(welfare_report, by=secretary)
    welfare_report.refresh_from_db()
    lead.refresh_from_db()
    supporting.refresh_from_db()
    return World(resolution, lead, supporting, police_report, welfare_report, pdf)


@pytest.fixture
def far(other_province, outsider_org, outsider, today):
    body = Body.objects.create(
        name="قرارگاه اجتماعی دوردست", kind="headquarters", region=other_province, secretariat=outsider_org
    )
    body.members.set([outsider_org])
    far_secretary = User.objects.create_user(
        username="far_secretary", password=PASSWORD, organization=outsider_org
    )
    BodyRole.objects.create(user=far_secretary, body=body, kind=BodyRole.Kind.SECRETARIAT)
    meeting = services.create_meeting(body, by=far_secretary, number=1, held_on=today - dt.timedelta(days=3))
    resolution = services.create_resolution(
        meeting,
        by=far_secretary,
        spec=services.ResolutionSpec(
            number="1",
            text="ساماندهی کودکان کار در شهر دوردست",
            assignments=[services.AssignmentSpec(outsider_org, deadline=today + dt.timedelta(days=60))],
        ),
    )
    lead = resolution.assignments.get()
    report = services.submit_progress(lead, by=outsider, percent=10, note="شناسایی آغاز شد")
    return Far(body, meeting, resolution, lead, report)


@pytest.fixture
def user_for(request):
    """The user of a role of the cast; None for anonymous."""

    def get(role: str):
        return None if role == "anonymous" else request.getfixturevalue(role)

    return get


@pytest.fixture
def api_for(user_for):
    """A test client signed in (by session) as the user of a role; anonymous gets a bare client."""

    def make(role: str) -> Client:
        client = Client()
        user = user_for(role)
        if user is not None:
            client.force_login(user)
        return client

    return make


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def ids(response) -> set[int]:
    return {row["id"] for row in results(response)}
