"""Every role of the cast against every endpoint: what each list shows, which details answer, who may write.

Objects outside a user's scope are a 404 on their detail and absent from lists; a user who sees an
object but may not change it gets a 403; anonymous requests are refused before anything is read.
"""

import datetime as dt

import pytest
from django.urls import reverse

from hamafza.audit.models import AuditEntry
from hamafza.meetings.models import Assignment, Meeting, ProgressReport, Resolution
from tests.api.conftest import ROLES, ids, tiny_pdf

CAST = ["secretary", "officer", "other_officer", "viewer"]


def _objects(world, far):
    """Name → (endpoint basename, id) of every object the matrix looks at."""
    return {
        "body": ("body", world.resolution.body_id),
        "far_body": ("body", far.body.pk),
        "meeting": ("meeting", world.resolution.meeting_id),
        "far_meeting": ("meeting", far.meeting.pk),
        "resolution": ("resolution", world.resolution.pk),
        "far_resolution": ("resolution", far.resolution.pk),
        "lead": ("assignment", world.lead.pk),
        "supporting": ("assignment", world.supporting.pk),
        "far_lead": ("assignment", far.lead.pk),
        "police_report": ("report", world.police_report.pk),
        "welfare_report": ("report", world.welfare_report.pk),
        "far_report": ("report", far.report.pk),
    }


EVERYTHING = {
    "body",
    "far_body",
    "meeting",
    "far_meeting",
    "resolution",
    "far_resolution",
    "lead",
    "supporting",
    "far_lead",
    "police_report",
    "welfare_report",
    "far_report",
}
OUR_BODY = {"body", "meeting", "resolution", "lead", "supporting"}
FAR = {"far_body", "far_meeting", "far_resolution", "far_lead", "far_report"}

VISIBLE = {
    "admin": EVERYTHING,
    "secretary": OUR_BODY | {"police_report", "welfare_report"},
    "viewer": OUR_BODY | {"police_report", "welfare_report"},
    # A member organisation sees the resolution and every assignment on it, but only its own reports.
    "officer": OUR_BODY | {"police_report"},
    "other_officer": OUR_BODY | {"welfare_report"},
    "outsider": FAR,
    "anonymous": set(),
}


@pytest.mark.parametrize("basename", ["body", "meeting", "resolution", "assignment", "report"])
@pytest.mark.parametrize("role", ROLES)
def test_lists_show_exactly_the_objects_in_scope(api_for, world, far, role, basename):
    objects = _objects(world, far)
    response = api_for(role).get(reverse(f"api:{basename}-list"))
    if role == "anonymous":
        assert response.status_code in (401, 403)
        assert "results" not in response.json()
        return
    expected = {pk for name, (kind, pk) in objects.items() if kind == basename and name in VISIBLE[role]}
    assert ids(response) == expected


@pytest.mark.parametrize(
    "name",
    [
        "body",
        "far_body",
        "meeting",
        "far_meeting",
        "resolution",
        "far_resolution",
        "lead",
        "supporting",
        "far_lead",
        "police_report",
        "welfare_report",
        "far_report",
    ],
)
@pytest.mark.parametrize("role", ROLES)
def test_detail_answers_in_scope_and_404_outside(api_for, world, far, role, name):
    basename, pk = _objects(world, far)[name]
    response = api_for(role).get(reverse(f"api:{basename}-detail", args=[pk]))
    if role == "anonymous":
        assert response.status_code in (401, 403)
    elif name in VISIBLE[role]:
        assert response.status_code == 200
        assert response.json()["id"] == pk
    else:
        assert response.status_code == 404
        assert set(response.json()) == {"detail"}


@pytest.mark.parametrize("role", ROLES)
def test_reference_data_is_read_by_every_signed_in_user(api_for, world, far, role, province, police):
    client = api_for(role)
    urls = [
        reverse("api:region-list"),
        reverse("api:region-detail", args=[province.pk]),
        reverse("api:region-geojson", args=[province.pk]),
        reverse("api:organization-list"),
        reverse("api:organization-detail", args=[police.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == (403 if role == "anonymous" else 200), url


# --- Writes -----------------------------------------------------------------------------------------

MANAGE = {
    "admin": 201,
    "secretary": 201,
    "officer": 403,
    "other_officer": 403,
    "viewer": 403,
    "outsider": 404,
}


def _expect(role: str, table: dict[str, int]) -> set[int]:
    return {401, 403} if role == "anonymous" else {table[role]}


@pytest.mark.parametrize("role", ROLES)
def test_create_meeting(api_for, world, far, role, body, today):
    before = Meeting.objects.count()
    response = api_for(role).post(
        reverse("api:meeting-list"),
        {"body": body.pk, "number": 8, "held_on": today.isoformat(), "place": "استانداری"},
        content_type="application/json",
    )
    assert response.status_code in _expect(role, MANAGE), response.content
    assert Meeting.objects.count() == before + (1 if response.status_code == 201 else 0)


@pytest.mark.parametrize("role", ROLES)
def test_create_resolution(api_for, world, far, role, meeting, education, today):
    before = Resolution.objects.count()
    response = api_for(role).post(
        reverse("api:resolution-list"),
        {
            "meeting": meeting.pk,
            "number": "2",
            "text": "برگزاری کارگاه مهارت‌های زندگی در مدارس",
            "assignments": [
                {"organization": education.pk, "deadline": (today + dt.timedelta(days=30)).isoformat()}
            ],
        },
        content_type="application/json",
    )
    assert response.status_code in _expect(role, MANAGE), response.content
    assert Resolution.objects.count() == before + (1 if response.status_code == 201 else 0)


@pytest.mark.parametrize("role", ROLES)
def test_cancel_resolution(api_for, world, far, role):
    response = api_for(role).post(
        reverse("api:resolution-cancel", args=[world.resolution.pk]),
        {"reason": "ادغام با مصوبه دیگر"},
        content_type="application/json",
    )
    table = {**MANAGE, "admin": 200, "secretary": 200}
    assert response.status_code in _expect(role, table), response.content
    world.resolution.refresh_from_db()
    assert world.resolution.status == ("cancelled" if response.status_code == 200 else "open")


# Only an officer of the assigned organisation (welfare, on the supporting assignment) may report.
REPORT = {
    "admin": 403,
    "secretary": 403,
    "officer": 403,
    "other_officer": 201,
    "viewer": 403,
    "outsider": 404,
}


@pytest.mark.parametrize("role", ROLES)
def test_submit_report(api_for, world, far, role):
    before = ProgressReport.objects.count()
    response = api_for(role).post(
        reverse("api:assignment-submit-report", args=[world.supporting.pk]),
        {"percent": 60, "note": "کارگاه سوم برگزار شد", "files": [_named("حضور.pdf", tiny_pdf())]},
    )
    assert response.status_code in _expect(role, REPORT), response.content
    assert ProgressReport.objects.count() == before + (1 if response.status_code == 201 else 0)
    world.supporting.refresh_from_db()
    assert world.supporting.status == ("submitted" if response.status_code == 201 else "open")


# The secretariat reviews; the police officer and the viewer see the report but may not review it;
# welfare's officer does not even see the police's report.
REVIEW = {
    "admin": 200,
    "secretary": 200,
    "officer": 403,
    "other_officer": 404,
    "viewer": 403,
    "outsider": 404,
}


@pytest.mark.parametrize("decision", ["accept", "return"])
@pytest.mark.parametrize("role", ROLES)
def test_review_report(api_for, world, far, role, decision):
    response = api_for(role).post(
        reverse(f"api:report-{decision}", args=[world.police_report.pk]),
        {"comment": "مستندات کافی است" if decision == "accept" else "تصویر صورت‌جلسه را پیوست کنید"},
        content_type="application/json",
    )
    assert response.status_code in _expect(role, REVIEW), response.content
    world.police_report.refresh_from_db()
    reviewed = {"accept": "accepted", "return": "returned"}[decision]
    assert world.police_report.status == (reviewed if response.status_code == 200 else "submitted")


def test_refusals_write_nothing_and_say_why(api_for, world, far):
    """A 403 carries the service's message; a 404 names nothing of the object."""
    entries = AuditEntry.objects.count()
    forbidden = api_for("viewer").post(
        reverse("api:report-accept", args=[world.police_report.pk]), {}, content_type="application/json"
    )
    hidden = api_for("outsider").post(
        reverse("api:resolution-cancel", args=[world.resolution.pk]),
        {"reason": "x"},
        content_type="application/json",
    )
    assert forbidden.status_code == 403
    assert forbidden.json() == {"detail": _translated("Only the secretariat of this body may do this.")}
    assert hidden.status_code == 404
    assert world.resolution.text not in hidden.content.decode()
    assert AuditEntry.objects.count() == entries
    assert Assignment.objects.get(pk=world.lead.pk).status == "submitted"


def _translated(message: str) -> str:
    from django.utils import translation

    with translation.override("fa"):
        return translation.gettext(message)


def _named(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/octet-stream")
