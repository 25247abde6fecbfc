"""Every page of hamafza/meetings/urls.py × every role of the cast."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from hamafza.meetings import services
from hamafza.meetings.models import Evidence, Meeting, ProgressReport, Resolution
from hamafza.meetings.services import imports

pytestmark = pytest.mark.django_db

ROLES = ["admin", "secretary", "officer", "other_officer", "viewer", "outsider"]

# Who gets what, by kind of page.
EVERYONE = dict.fromkeys(ROLES, 200)
SEES_BODY = {**EVERYONE, "outsider": 404}
MANAGES = {
    "admin": 200,
    "secretary": 200,
    "officer": 403,
    "other_officer": 403,
    "viewer": 403,
    "outsider": 404,
}
SEES_REPORT = {
    "admin": 200,
    "secretary": 200,
    "officer": 200,
    "viewer": 200,
    "other_officer": 404,
    "outsider": 404,
}
OWN_ORG = {
    "admin": 200,
    "officer": 200,
    "secretary": 404,
    "other_officer": 404,
    "viewer": 404,
    "outsider": 404,
}
# POSTs that a manager may make; they come back with a redirect (the form here is refused, so nothing changes).
MANAGER_POST = {
    "admin": 302,
    "secretary": 302,
    "officer": 403,
    "other_officer": 403,
    "viewer": 403,
    "outsider": 404,
}
REVIEW_POST = {**MANAGER_POST, "other_officer": 404}
# A minutes import is the secretariat's working draft: nobody else learns it exists.
DRAFT = {"admin": 200, "secretary": 200, "officer": 404, "other_officer": 404, "viewer": 404, "outsider": 404}

# A meeting's notification letter to an organisation: the body's secretariat and viewers, and the
# organisation's own users; the body's other organisations do not learn what it was asked.
NOTICE = {**SEES_BODY, "other_officer": 404}

PAGES = {
    # name: (method, url name, which object's pk, data, expected by role[, more URL arguments: the pk of
    # an object of the world, or a value as it is])
    "bodies": ("get", "meetings:bodies", None, None, EVERYONE),
    "body": ("get", "meetings:body", "body", None, SEES_BODY),
    "body_resolutions": ("get", "meetings:body_resolutions", "body", None, SEES_BODY),
    "meeting_create": ("get", "meetings:meeting_create", "body", None, MANAGES),
    "meeting": ("get", "meetings:meeting", "meeting", None, SEES_BODY),
    "meeting_edit": ("get", "meetings:meeting_edit", "meeting", None, MANAGES),
    "minutes_file": ("get", "meetings:minutes_file", "meeting", None, SEES_BODY),
    "minutes_document": ("get", "meetings:minutes_document", "meeting", None, SEES_BODY, ("docx",)),
    "minutes_document_pdf": ("get", "meetings:minutes_document", "meeting", None, SEES_BODY, ("pdf",)),
    "notice_document": ("get", "meetings:notice_document", "meeting", None, NOTICE, ("police", "docx")),
    "notice_document_pdf": ("get", "meetings:notice_document", "meeting", None, NOTICE, ("police", "pdf")),
    "resolution_create": ("get", "meetings:resolution_create", "meeting", None, MANAGES),
    "resolution_paste": ("get", "meetings:resolution_paste", "meeting", None, MANAGES),
    "meeting_assignments": ("get", "meetings:meeting_assignments", "meeting", None, MANAGES),
    "resolution": ("get", "meetings:resolution", "resolution", None, SEES_BODY),
    "resolution_edit": ("get", "meetings:resolution_edit", "resolution", None, MANAGES),
    "resolution_cancel": ("post", "meetings:resolution_cancel", "resolution", {"reason": ""}, MANAGER_POST),
    "resolution_history": ("get", "meetings:resolution_history", "resolution", None, SEES_BODY),
    "assignment_add": ("get", "meetings:assignment_add", "resolution", None, MANAGES),
    "assignment": ("get", "meetings:assignment", "lead", None, SEES_BODY),
    "assignment_supporting": ("get", "meetings:assignment", "supporting", None, SEES_BODY),
    "assignment_edit": ("get", "meetings:assignment_edit", "lead", None, MANAGES),
    "report": ("get", "meetings:report", "report", None, SEES_REPORT),
    "report_review": (
        "post",
        "meetings:report_review",
        "report",
        {"decision": "returned", "comment": ""},
        REVIEW_POST,
    ),
    "evidence": ("get", "meetings:evidence", "evidence", None, SEES_REPORT),
    "organization": ("get", "meetings:organization", "police", None, OWN_ORG),
    "search": ("get", "meetings:search", None, None, EVERYONE),
    "import_start": ("get", "meetings:import_start", "body", None, MANAGES),
    "import_review": ("get", "meetings:import_review", "minutes_import", None, DRAFT),
    "import_source": ("get", "meetings:import_source", "minutes_import", None, DRAFT),
    # the queue of reports awaiting review: only for those who manage a body; nobody else learns it exists
    "review_queue": ("get", "meetings:review_queue", None, None, DRAFT),
}

POLICE_NOTE = "گزارش محرمانه فرماندهی انتظامی"
WELFARE_NOTE = "گزارش محرمانه بهزیستی"


@pytest.fixture
def world(secretary, officer, other_officer, viewer, body, meeting, resolution, lead, supporting, police):
    """The cast's objects, with a minutes file, and a report with evidence from each organisation."""
    services.update_meeting(
        meeting, by=secretary, minutes_file=ContentFile(b"%PDF-1.4\n%minutes\n", name="minutes.pdf")
    )
    report = services.submit_progress(
        lead,
        by=officer,
        percent=30,
        note=POLICE_NOTE,
        files=[services.UploadedFile("police.pdf", b"%PDF-1.4\n1\n")],
    )
    services.submit_progress(
        supporting,
        by=other_officer,
        percent=20,
        note=WELFARE_NOTE,
        files=[services.UploadedFile("welfare.pdf", b"%PDF-1.4\n2\n")],
    )
    minutes_import = imports.start_import(
        body,
        by=secretary,
        data="مصوبات:\n۱- شهرداری موظف است سد معبر را رفع کند.\n".encode(),
        filename="minutes.txt",
    )
    return {
        "minutes_import": minutes_import,
        "body": body,
        "meeting": meeting,
        "resolution": resolution,
        "lead": lead,
        "supporting": supporting,
        "report": report,
        "evidence": Evidence.objects.get(report=report),
        "police": police,
    }


def _request(client: Client, world: dict, page: str):
    method, name, obj, data, _expected, *more = PAGES[page]
    extra = [world[arg].pk if arg in world else arg for arg in (more[0] if more else ())]
    url = reverse(name, args=([world[obj].pk] if obj else []) + extra)
    return getattr(client, method)(url, data or {})


def test_every_page_is_in_the_matrix():
    from hamafza.meetings.urls import urlpatterns

    assert {p.name for p in urlpatterns} == {name.split(":")[1] for _m, name, *_rest in PAGES.values()}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", PAGES)
def test_access_matrix(request, client_for, world, page, role):
    response = _request(client_for(request.getfixturevalue(role)), world, page)
    assert response.status_code == PAGES[page][4][role]


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_is_sent_to_log_in(client, world, page):
    response = _request(client, world, page)
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("accounts:login") + "?next=")


def test_refused_posts_change_nothing(client_for, world, officer, viewer, other_officer, outsider):
    for user in (officer, viewer, other_officer, outsider):
        for page, data in [
            ("resolution_cancel", {"reason": "لغو"}),
            ("report_review", {"decision": "accepted"}),
        ]:
            method, name, obj, *_rest = PAGES[page]
            client_for(user).post(reverse(name, args=[world[obj].pk]), data)
    assert Resolution.objects.get().status == Resolution.Status.OPEN
    assert set(ProgressReport.objects.values_list("status", flat=True)) == {ProgressReport.Status.SUBMITTED}


def test_outsider_sees_no_body_in_lists_and_search(client_for, world, outsider, body):
    client = client_for(outsider)
    assert body.name not in client.get(reverse("meetings:bodies")).content.decode()
    page = client.get(reverse("meetings:search"), {"q": "آسیب"}).content.decode()
    assert world["resolution"].text not in page


# What each page shows of each organisation's report: its narrative and its evidence file.
POLICE, WELFARE = "police", "welfare"
REVIEWER_SEES = {
    "resolution": {POLICE, WELFARE},  # the timeline of every report and review
    "history": {POLICE, WELFARE},  # the audit entries of the reports
    "lead": {POLICE},
    "supporting": {WELFARE},
}


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("admin", REVIEWER_SEES),
        ("secretary", REVIEWER_SEES),
        ("viewer", REVIEWER_SEES),
        ("officer", {"resolution": {POLICE}, "history": set(), "lead": {POLICE}, "supporting": set()}),
        (
            "other_officer",
            {"resolution": {WELFARE}, "history": set(), "lead": set(), "supporting": {WELFARE}},
        ),
        ("member_officer", {"resolution": set(), "history": set(), "lead": set(), "supporting": set()}),
    ],
)
def test_officers_see_only_their_own_organisations_reports(request, client_for, world, role, sees):
    client = client_for(request.getfixturevalue(role))
    resolution = world["resolution"]
    pages = {
        "resolution": client.get(reverse("meetings:resolution", args=[resolution.pk])).content.decode(),
        "history": client.get(reverse("meetings:resolution_history", args=[resolution.pk])).content.decode(),
        "lead": client.get(reverse("meetings:assignment", args=[world["lead"].pk])).content.decode(),
        "supporting": client.get(
            reverse("meetings:assignment", args=[world["supporting"].pk])
        ).content.decode(),
    }
    marks = {POLICE: (POLICE_NOTE, "police.pdf"), WELFARE: (WELFARE_NOTE, "welfare.pdf")}
    # Both the narrative and the file where the report is shown; neither of them anywhere else.
    shown = {
        where: {org for org, (n, f) in marks.items() if n in html and f in html}
        for where, html in pages.items()
    }
    leaked = {
        where: {org for org, (n, f) in marks.items() if n in html or f in html}
        for where, html in pages.items()
    }
    assert shown == sees
    assert leaked == sees


def test_secretariat_pages_offer_the_actions_others_do_not_see(client_for, world, secretary, officer):
    resolution = world["resolution"]
    edit = reverse("meetings:resolution_edit", args=[resolution.pk])
    assert (
        edit
        in client_for(secretary).get(reverse("meetings:resolution", args=[resolution.pk])).content.decode()
    )
    assert (
        edit
        not in client_for(officer).get(reverse("meetings:resolution", args=[resolution.pk])).content.decode()
    )
    review = reverse("meetings:report_review", args=[world["report"].pk])
    assert (
        review
        in client_for(secretary).get(reverse("meetings:report", args=[world["report"].pk])).content.decode()
    )
    assert (
        review
        not in client_for(officer).get(reverse("meetings:report", args=[world["report"].pk])).content.decode()
    )


def test_a_meeting_of_another_body_is_404_for_its_non_members(
    client_for, world, officer, admin, province, governorate
):
    from hamafza.meetings.models import Body

    other = Body.objects.create(name="شورای دیگر", kind="council", region=province, secretariat=governorate)
    meeting = services.create_meeting(other, by=admin, number=1, held_on=world["meeting"].held_on)
    assert client_for(officer).get(reverse("meetings:meeting", args=[meeting.pk])).status_code == 404
    assert client_for(officer).get(reverse("meetings:body", args=[other.pk])).status_code == 404
    assert Meeting.objects.count() == 2
