"""Token and session authentication, the OpenAPI schema, Swagger UI and DRF's browsable API."""

import json

import pytest
import yaml
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from drf_spectacular.validation import validate_schema
from rest_framework.authtoken.models import Token

from hamafza.audit.models import AuditEntry
from tests.api.conftest import ids
from tests.conftest import PASSWORD


def test_token_is_issued_for_username_and_password(officer, resolution):
    client = Client()
    response = client.post(reverse("api-token"), {"username": "officer", "password": PASSWORD})
    assert response.status_code == 200
    token = Token.objects.get(user=officer)
    assert response.json() == {"token": token.key}
    # The same token again, not a new one.
    assert client.post(reverse("api-token"), {"username": "officer", "password": PASSWORD}).json() == {
        "token": token.key
    }

    listed = client.get(reverse("api:resolution-list"), HTTP_AUTHORIZATION=f"Token {token.key}")
    assert ids(listed) == {resolution.pk}


def test_token_refused_for_a_wrong_password_or_an_inactive_user(officer):
    client = Client()
    assert client.post(reverse("api-token"), {"username": "officer", "password": "wrong"}).status_code == 400
    officer.is_active = False
    officer.save()
    assert client.post(reverse("api-token"), {"username": "officer", "password": PASSWORD}).status_code == 400
    assert not Token.objects.exists()


def test_a_bad_token_is_refused(resolution):
    response = Client().get(reverse("api:resolution-list"), HTTP_AUTHORIZATION="Token not-a-real-token")
    assert response.status_code in (401, 403)
    assert "results" not in response.json()


def test_token_scope_is_the_users_scope(outsider, resolution, far):
    token = Token.objects.create(user=outsider)
    client = Client()
    listed = client.get(reverse("api:resolution-list"), HTTP_AUTHORIZATION=f"Token {token.key}")
    assert ids(listed) == {far.resolution.pk}
    hidden = client.get(
        reverse("api:resolution-detail", args=[resolution.pk]), HTTP_AUTHORIZATION=f"Token {token.key}"
    )
    assert hidden.status_code == 404


def test_write_with_a_token_needs_no_csrf_and_is_audited_as_api(secretary, resolution):
    token = Token.objects.create(user=secretary)
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("api:resolution-cancel", args=[resolution.pk]),
        {"reason": "تکراری"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token.key}",
    )
    assert response.status_code == 200, response.content
    entry = AuditEntry.objects.get(action="resolution.cancel")
    assert (entry.source, entry.actor_id) == ("api", secretary.pk)


def test_session_writes_need_the_csrf_token(secretary, resolution):
    client = Client(enforce_csrf_checks=True)
    client.force_login(secretary)
    response = client.post(
        reverse("api:resolution-cancel", args=[resolution.pk]),
        {"reason": "تکراری"},
        content_type="application/json",
    )
    assert response.status_code == 403
    resolution.refresh_from_db()
    assert resolution.status == "open"


# --- Schema -----------------------------------------------------------------------------------------

PATHS = {
    "/api/token/",
    "/api/regions/",
    "/api/regions/{id}/",
    "/api/regions/{id}/geojson/",
    "/api/organizations/",
    "/api/organizations/{id}/",
    "/api/bodies/",
    "/api/bodies/{id}/",
    "/api/meetings/",
    "/api/meetings/{id}/",
    "/api/resolutions/",
    "/api/resolutions/{id}/",
    "/api/resolutions/{id}/cancel/",
    "/api/assignments/",
    "/api/assignments/{id}/",
    "/api/assignments/{id}/reports/",
    "/api/reports/",
    "/api/reports/{id}/",
    "/api/reports/{id}/accept/",
    "/api/reports/{id}/return/",
}


@pytest.mark.django_db
def test_schema_is_valid_openapi_in_yaml_and_json(client):
    as_yaml = client.get(reverse("api-schema"))
    assert as_yaml.status_code == 200
    assert as_yaml["Content-Type"].startswith("application/vnd.oai.openapi")
    schema = yaml.safe_load(as_yaml.content)
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) >= PATHS
    assert set(schema["paths"]["/api/resolutions/"]) == {"get", "post"}
    params = {p["name"] for p in schema["paths"]["/api/resolutions/"]["get"]["parameters"]}
    assert params >= {"body", "meeting", "status", "state", "q", "page", "ordering"}
    params = {p["name"] for p in schema["paths"]["/api/assignments/"]["get"]["parameters"]}
    assert params >= {"organization", "status", "overdue", "due_soon"}
    upload = schema["paths"]["/api/assignments/{id}/reports/"]["post"]["requestBody"]["content"]
    assert set(upload) == {"multipart/form-data"}

    as_json = client.get(reverse("api-schema"), {"format": "json"})
    assert as_json["Content-Type"].startswith("application/vnd.oai.openapi+json")
    assert json.loads(as_json.content) == schema


@pytest.mark.django_db
def test_schema_generates_without_warnings(tmp_path):
    """drf-spectacular fails the command on any warning or error, and validates the result."""
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(target))
    assert "/api/resolutions/{id}/cancel/" in target.read_text()


@pytest.mark.django_db
def test_swagger_page_is_served_locally(client):
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "swagger-ui" in page
    assert reverse("api-schema") in page
    assert "cdn." not in page and "unpkg" not in page


def test_browsable_api_renders_html(client_for, secretary, resolution):
    client = client_for(secretary)
    root = client.get("/api/", HTTP_ACCEPT="text/html")
    assert root.status_code == 200
    assert "/api/resolutions/" in root.content.decode()
    page = client.get(reverse("api:resolution-list"), HTTP_ACCEPT="text/html")
    assert page.status_code == 200
    assert page["Content-Type"].startswith("text/html")
    assert "پیشگیری از آسیب" in page.content.decode()
    detail = client.get(reverse("api:resolution-detail", args=[resolution.pk]), HTTP_ACCEPT="text/html")
    assert detail.status_code == 200


def test_browsable_api_offers_the_write_forms(client_for, secretary, officer, lead, resolution):
    """The forms are built from what the writes carry, not from what the reads return."""
    meetings = (
        client_for(secretary).get(reverse("api:meeting-list"), HTTP_ACCEPT="text/html").content.decode()
    )
    assert 'name="held_on"' in meetings and 'name="minutes_file"' in meetings
    report = client_for(officer).get(
        reverse("api:assignment-submit-report", args=[lead.pk]), HTTP_ACCEPT="text/html"
    )
    assert report.status_code == 405
    assert 'name="percent"' in report.content.decode() and 'name="note"' in report.content.decode()


def test_anonymous_browsable_api_offers_the_login(client, resolution):
    response = client.get(reverse("api:resolution-list"), HTTP_ACCEPT="text/html")
    assert response.status_code in (401, 403)
    assert reverse("rest_framework:login") in response.content.decode()
    assert "پیشگیری" not in response.content.decode()
