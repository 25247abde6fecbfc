"""Zip bombs (issue 12): a small Office file that unpacks to tens of megabytes is refused, unread, on every
page that takes one; a real file of the same kind is still taken."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from hamafza.atlas.imports.reading import read_xlsx
from hamafza.atlas.imports.reasons import ImportRefused
from hamafza.atlas.services import denominators, values
from hamafza.lib.uploads import UploadRejected, check_zip, sniff
from hamafza.meetings.services.common import FollowUpError, UploadedFile, check_evidence
from hamafza.participation.imports import common as participation_imports
from tests.security.bombs import UNPACKED, docx_bomb, xlsx_bomb

MESSAGE_FA = "بمب"  # «zip bomb» in the Persian message


@pytest.fixture(scope="module")
def xlsx():
    return xlsx_bomb()


@pytest.fixture(scope="module")
def docx():
    return docx_bomb()


def test_the_bombs_are_small_files_that_unpack_large(xlsx, docx):
    import zipfile

    for data in (xlsx, docx):
        assert len(data) < 200 * 1024
        assert sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist()) > UNPACKED


def test_check_zip_refuses_by_ratio_before_reading(xlsx):
    with pytest.raises(UploadRejected) as error:
        check_zip(xlsx)
    assert error.value.code == "zip_bomb"


def test_a_real_workbook_passes(xlsx):
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    assert "xl/workbook.xml" in check_zip(buffer.getvalue())
    assert sniff("a.xlsx", buffer.getvalue(), max_bytes=10**7).extension == "xlsx"


@pytest.mark.parametrize("kind", ["xlsx", "docx"])
def test_evidence_refuses_a_bomb(request, kind):
    data = request.getfixturevalue(kind)
    with translation.override("fa"), pytest.raises(FollowUpError) as error:
        check_evidence([UploadedFile(f"گزارش.{kind}", data)])
    assert error.value.code == "zip_bomb"
    assert MESSAGE_FA in error.value.messages[0]


def test_ngo_donor_and_nomination_lists_refuse_a_bomb(xlsx):
    with translation.override("fa"), pytest.raises(participation_imports.ImportRefused) as error:
        participation_imports.read_sheet(xlsx, "list.xlsx")
    assert MESSAGE_FA in str(error.value)


def test_incident_files_refuse_a_bomb(xlsx):
    with translation.override("fa"), pytest.raises(ImportRefused) as error:
        read_xlsx(io.BytesIO(xlsx))
    assert error.value.code == "zip_bomb" and MESSAGE_FA in error.value.message


@pytest.mark.django_db
def test_incident_upload_refuses_a_bomb_and_keeps_nothing(admin):
    from hamafza.atlas.models import DataBatch
    from hamafza.atlas.services.incidents import submit_incident_file

    upload = SimpleUploadedFile("incidents.xlsx", xlsx_bomb())
    with pytest.raises(ImportRefused) as error:
        submit_incident_file(upload, by=admin)
    assert error.value.code == "zip_bomb"
    assert not DataBatch.objects.exists()


def test_denominators_refuse_a_bomb(xlsx):
    with translation.override("fa"), pytest.raises(denominators.RefusedFile) as error:
        denominators.read_table(xlsx, "denominators.xlsx")
    assert MESSAGE_FA in str(error.value.messages[0] if hasattr(error.value, "messages") else error.value)


def test_indicator_values_refuse_a_bomb(xlsx):
    with pytest.raises(values.ZipBombFile):
        values.read_table(xlsx, "values.xlsx")
