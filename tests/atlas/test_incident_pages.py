"""The incident upload page: who may use it, the import through the page, the progress page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from hamafza.atlas.models import DataBatch, IncidentSummary
from hamafza.atlas.services.taxonomy import ensure_taxonomy
from hamafza.places.services import load_regions

pytestmark = pytest.mark.django_db


@pytest.fixture
def district(db):
    load_regions()
    ensure_taxonomy()


def test_only_administrators_and_secretariats_may_import(client_for, officer, outsider, secretary, admin):
    assert client_for(officer).get(reverse("atlas:incidents_upload")).status_code == 403
    assert client_for(outsider).get(reverse("atlas:incidents_upload")).status_code == 403
    assert client_for(admin).get(reverse("atlas:incidents_upload")).status_code == 200


def test_a_file_imported_through_the_page_shows_its_rows_and_errors(client_for, admin, district):
    from hamafza.places.models import Region

    code = Region.objects.filter(kind="neighbourhood").order_by("code").values_list("code", flat=True).first()
    rows = f"date,category,neighbourhood\n1404/02/15,theft,{code}\n1404/02/16,theft,{code}\n1404/13/40,theft,{code}\n"
    client = client_for(admin)
    response = client.post(
        reverse("atlas:incidents_upload"), {"file": SimpleUploadedFile("inc.csv", rows.encode())}
    )
    batch = DataBatch.objects.get(kind="incidents")
    assert response["Location"] == reverse("atlas:incidents_batch", args=[batch.pk])
    assert (batch.status, batch.rows_imported) == ("done", 2)
    page = client.get(response["Location"]).content.decode()
    assert 'id="errors"' in page and "۴" in page  # the bad date's line, in Persian digits
    with translation.override("fa"):
        assert (
            escape(
                translation.gettext("«%(value)s» is not a date (write 1403/02/15 or 2024-05-04).")
                % {"value": "1404/13/40"}
            )
            in page
        )
    # The reason is told in the reader's language, not in the one the file was imported in.
    client.post(reverse("set_language"), {"language": "en"})
    page = client.get(response["Location"]).content.decode()
    assert escape("«1404/13/40» is not a date (write 1403/02/15 or 2024-05-04).") in page
    assert sum(IncidentSummary.objects.values_list("count", flat=True)) == 2
    # The same file again adds nothing.
    again = client.post(
        reverse("atlas:incidents_upload"), {"file": SimpleUploadedFile("inc.csv", rows.encode())}, follow=True
    )
    assert DataBatch.objects.filter(kind="incidents").count() == 1
    assert sum(IncidentSummary.objects.values_list("count", flat=True)) == 2
    assert again.status_code == 200


def test_another_users_batch_is_404(client_for, admin, secretary, district):
    batch = DataBatch.objects.create(kind="incidents", uploaded_by=admin, sha256="x" * 64, file_name="a.csv")
    assert client_for(secretary).get(reverse("atlas:incidents_batch", args=[batch.pk])).status_code == 404
