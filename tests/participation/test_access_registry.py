"""Every page of the registries, the achievements and the imports × every role of the cast.

The NGO directory is open to every signed-in user (so its action pages answer 403, not 404); donors,
achievements reports and imports are scoped: whoever is outside gets 404 and never the data."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from hamafza.participation.models import Contact
from hamafza.participation.services import achievements
from hamafza.participation.services.common import UploadedFile

pytestmark = pytest.mark.django_db

ROLES = ["admin", "secretary", "officer", "other_officer", "viewer", "outsider", "ngo_officer", "donor_user"]


def by_role(default, **overrides) -> dict:
    return {**dict.fromkeys(ROLES, default), **overrides}


EVERYONE = by_role(200)
NGO_EDITORS = by_role(403, admin=200, ngo_officer=200)
NGO_EDITOR_POST = by_role(403, admin=302, ngo_officer=302)
REGISTRARS = by_role(403, admin=200, secretary=200)
IMPORTERS = by_role(404, admin=200, secretary=200, viewer=403)
IMPORT_CONFIRM = by_role(404, admin=302, secretary=302, viewer=403)
SEES_REPORT = by_role(404, admin=200, secretary=200, viewer=200, ngo_officer=200)
REVIEW_POST = by_role(404, admin=302, secretary=302, viewer=403, ngo_officer=403)
CORRECTS = by_role(404, admin=403, secretary=403, viewer=403, ngo_officer=302)
SUBMITS = by_role(404, ngo_officer=200)
SEES_DONOR = by_role(404, admin=200, secretary=200, viewer=200, donor_user=200)
MANAGES_DONOR = by_role(404, admin=200, secretary=200, viewer=403, donor_user=403)

PAGES = {
    # name: (method, url name, which object's pk, data, expected by role)
    "ngo_list": ("get", "participation:ngo_list", None, None, EVERYONE),
    "ngo_detail": ("get", "participation:ngo_detail", "ngo", None, EVERYONE),
    "ngo_edit": ("get", "participation:ngo_edit", "ngo", None, NGO_EDITORS),
    "ngo_contact_add": ("post", "participation:ngo_contact_add", "ngo", {"name": ""}, NGO_EDITORS),
    "ngo_contact_remove": ("post", "participation:ngo_contact_remove", "contact", {}, NGO_EDITOR_POST),
    "ngo_create": ("get", "participation:ngo_create", None, None, REGISTRARS),
    "ngo_import": ("get", "participation:ngo_import", None, None, IMPORTERS),
    "ngo_import_template": ("get", "participation:ngo_import_template", None, None, IMPORTERS),
    "ngo_import_confirm": ("post", "participation:ngo_import_confirm", None, {}, IMPORT_CONFIRM),
    "achievement_list": ("get", "participation:achievement_list", None, None, EVERYONE),
    "achievement_submit": ("get", "participation:achievement_submit", None, None, SUBMITS),
    "achievement_detail": ("get", "participation:achievement_detail", "report", None, SEES_REPORT),
    "achievement_review": (
        "post",
        "participation:achievement_review",
        "report",
        {"decision": "returned", "note": ""},
        REVIEW_POST,
    ),
    "achievement_edit": ("get", "participation:achievement_edit", "report", None, CORRECTS),
    "achievement_file": ("get", "participation:achievement_file", "evidence", None, SEES_REPORT),
    "donor_list": ("get", "participation:donor_list", None, None, EVERYONE),
    "donor_detail": ("get", "participation:donor_detail", "donor", None, SEES_DONOR),
    "donor_create": ("get", "participation:donor_create", None, None, IMPORTERS),
    "donor_edit": ("get", "participation:donor_edit", "donor", None, MANAGES_DONOR),
    "donor_recognition_add": ("post", "participation:donor_recognition_add", "donor", {}, MANAGES_DONOR),
    "donor_import": ("get", "participation:donor_import", None, None, IMPORTERS),
    "donor_import_template": ("get", "participation:donor_import_template", None, None, IMPORTERS),
    "donor_import_confirm": ("post", "participation:donor_import_confirm", None, {}, IMPORT_CONFIRM),
}


@pytest.fixture
def objects(ngo, ngo_profile, ngo_officer, body, donor, today):
    report = achievements.submit_achievement(
        ngo,
        by=ngo_officer,
        body=body,
        period_start=today - dt.timedelta(days=30),
        period_end=today - dt.timedelta(days=1),
        activities="کارگاه",
        beneficiaries=10,
        files=[UploadedFile("note.pdf", _pdf())],
    )
    contact = Contact.objects.create(organization=ngo, name="رابط")
    return {"ngo": ngo, "report": report, "evidence": report.files.get(), "donor": donor, "contact": contact}


def _pdf() -> bytes:
    import weasyprint

    return weasyprint.HTML(string="<p>سند</p>").write_pdf()


CASES = [(page, role) for page in PAGES for role in ROLES]


@pytest.mark.parametrize("page, role", CASES, ids=[f"{page}-{role}" for page, role in CASES])
def test_page_by_role(request, client_for, objects, page, role):
    method, name, key, data, expected = PAGES[page]
    url = reverse(name, args=[objects[key].pk] if key else [])
    client = client_for(request.getfixturevalue(role))
    response = client.post(url, data) if method == "post" else client.get(url)
    assert response.status_code == expected[role]


@pytest.mark.parametrize("page", list(PAGES))
def test_signed_out_visitor_is_sent_to_log_in(objects, page):
    method, name, key, data, _expected = PAGES[page]
    url = reverse(name, args=[objects[key].pk] if key else [])
    response = Client().post(url, data) if method == "post" else Client().get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_outsider_lists_are_empty(client_for, outsider, objects):
    client = client_for(outsider)
    assert list(client.get(reverse("participation:donor_list")).context["rows"]) == []
    assert list(client.get(reverse("participation:achievement_list")).context["page"]) == []


def test_refused_posts_change_nothing(client_for, officer, viewer, objects):
    from hamafza.audit.models import AuditEntry

    report = objects["report"]
    client_for(viewer).post(
        reverse("participation:achievement_review", args=[report.pk]), {"decision": "accepted", "score": "5"}
    )
    client_for(officer).post(reverse("participation:ngo_contact_remove", args=[objects["contact"].pk]))
    client_for(viewer).post(
        reverse("participation:donor_recognition_add", args=[objects["donor"].pk]),
        {"date": "۱۴۰۳/۰۱/۰۱", "title": "لوح"},
    )
    report.refresh_from_db()
    assert report.state == "submitted"
    assert Contact.objects.filter(pk=objects["contact"].pk).exists()
    assert not objects["donor"].recognitions.exists()
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["achievement.submit"]
