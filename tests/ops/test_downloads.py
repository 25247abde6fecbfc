"""With X_ACCEL_REDIRECT on, an access-checked download is handed to nginx: the view answers with the
header and no body; access is checked exactly as before."""

import io
from urllib.parse import quote

import pytest
from django.http import FileResponse
from django.urls import reverse
from PIL import Image

from hamafza.meetings import services
from hamafza.meetings.models import Evidence


@pytest.fixture
def evidence(officer, lead):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    services.submit_progress(
        lead,
        by=officer,
        percent=10,
        note="x",
        files=[services.UploadedFile("عکس جلسه.png", buffer.getvalue())],
    )
    return Evidence.objects.get()


def test_nginx_sends_the_file_after_the_view_has_checked_access(settings, client_for, secretary, evidence):
    settings.X_ACCEL_REDIRECT = True
    response = client_for(secretary).get(reverse("meetings:evidence", args=[evidence.pk]))
    assert response.status_code == 200
    assert not isinstance(response, FileResponse)
    assert response.content == b""
    assert response["X-Accel-Redirect"] == "/protected/" + quote(evidence.file.name)
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote('عکس جلسه.png')}"
    assert response["Content-Type"] == evidence.content_type


def test_another_organisation_gets_404_and_no_redirect(settings, client_for, outsider, evidence):
    settings.X_ACCEL_REDIRECT = True
    response = client_for(outsider).get(reverse("meetings:evidence", args=[evidence.pk]))
    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response


def test_without_the_setting_the_worker_sends_the_file(settings, client_for, secretary, evidence):
    settings.X_ACCEL_REDIRECT = False
    response = client_for(secretary).get(reverse("meetings:evidence", args=[evidence.pk]))
    assert "X-Accel-Redirect" not in response
    with evidence.file.open("rb") as handle:
        assert b"".join(response.streaming_content) == handle.read()
