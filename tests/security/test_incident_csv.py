"""Malformed incident CSVs through the upload page (issue 12's review): a Persian message or per-row
reasons, never a 500, and a refused file leaves nothing behind (no batch, no stored file, no incident)."""

import codecs
import re

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from hamafza.atlas.models import DataBatch, Incident
from hamafza.atlas.services.taxonomy import ensure_taxonomy
from hamafza.places.models import Region
from hamafza.places.services import load_regions

pytestmark = pytest.mark.django_db

LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


@pytest.fixture
def code(db):
    load_regions()
    ensure_taxonomy()
    return Region.objects.filter(kind="neighbourhood").order_by("code").values_list("code", flat=True).first()


def _post(client, content: bytes, name="inc.csv"):
    return client.post(
        reverse("atlas:incidents_upload"), {"file": SimpleUploadedFile(name, content)}, follow=True
    )


def _stored_files() -> list:
    root = settings.MEDIA_ROOT
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def _fa(message: str) -> str:
    with translation.override("fa"):
        text = translation.gettext(message)
    assert text != message and not LATIN_WORD.match(text), text  # translated
    return text


def _refused(response, message: str) -> None:
    assert response.status_code == 200
    assert response.redirect_chain == []
    assert escape(_fa(message)) in response.content.decode()
    assert not DataBatch.objects.exists()
    assert not Incident.objects.exists()
    assert _stored_files() == []


def _imported(response, count: int) -> DataBatch:
    assert response.status_code == 200
    batch = DataBatch.objects.get()
    assert response.redirect_chain == [(reverse("atlas:incidents_batch", args=[batch.pk]), 302)]
    assert (batch.status, batch.rows_imported, Incident.objects.count()) == ("done", count, count)
    return batch


def test_a_row_with_an_extra_cell_is_refused_with_its_line_and_the_others_are_imported(
    client_for, admin, code
):
    rows = f"date,category,neighbourhood\n1404/02/15,theft,{code},surplus\n1404/02/16,theft,{code}\n"
    response = _post(client_for(admin), rows.encode())
    batch = _imported(response, 1)
    assert [(entry["line"], entry["code"], entry["value"]) for entry in batch.errors] == [
        (2, "extra_cells", "4")
    ]
    page = response.content.decode()
    reason = _fa(
        "The row has %(value)s cells, more than the header's columns; a value may be in the wrong column."
    )
    assert escape(reason % {"value": "4"}) in page or escape(reason % {"value": "۴"}) in page


def test_extra_cells_in_a_big_file_are_found_in_every_block(admin, code, settings):
    from django.core.files import File

    from hamafza.atlas.imports import running
    from hamafza.atlas.services.incidents import submit_incident_file

    lines = ["date,category,neighbourhood"]
    for number in range(2, 402):
        lines.append(f"1404/02/{1 + number % 28:02d},theft,{code}" + (",x,y" if number % 100 == 0 else ""))
    path = settings.MEDIA_ROOT.parent / "big.csv"
    path.write_text("\n".join(lines) + "\n")
    old = running.CSV_BLOCK_BYTES
    running.CSV_BLOCK_BYTES = 2000  # many blocks, some with a long row, some without
    try:
        with open(path, "rb") as handle:
            batch = submit_incident_file(File(handle, name="big.csv"), by=admin, inline=True).batch
    finally:
        running.CSV_BLOCK_BYTES = old
    assert batch.status == "done"
    assert [(entry["line"], entry["code"], entry["value"]) for entry in batch.errors] == [
        (line, "extra_cells", "5") for line in (100, 200, 300, 400)
    ]
    assert batch.rows_done == 400 and batch.rows_skipped + batch.rows_imported == 396


def test_an_unknown_column_is_ignored_with_a_notice(client_for, admin, code):
    rows = f"تاریخ,نوع,کد محله,توضیحات\n1404/02/15,سرقت,{code},شب\n"
    response = _post(client_for(admin), rows.encode())
    _imported(response, 1)
    notice = _fa("These columns are not used by the import and were ignored: %(columns)s")
    assert escape(notice % {"columns": "«توضیحات»"}) in response.content.decode()


def test_an_empty_file_is_refused(client_for, admin, code):
    response = _post(client_for(admin), b"")
    with translation.override("fa"):
        assert escape(translation.gettext("The submitted file is empty.")) in response.content.decode()
    assert not DataBatch.objects.exists() and _stored_files() == []
    _refused(_post(client_for(admin), b"\r\n\r\n"), "The file has no rows.")


def test_a_header_without_rows_is_refused(client_for, admin, code):
    _refused(
        _post(client_for(admin), b"date,category,neighbourhood\n"), "The file has no rows under its header."
    )
    _refused(
        _post(client_for(admin), b"date,category,neighbourhood\n\n"), "The file has no rows under its header."
    )


def test_a_header_without_the_needed_columns_is_refused(client_for, admin, code):
    _refused(
        _post(client_for(admin), b"when,what\n1404/02/15,theft\n"),
        "The file has no date column (تاریخ / date).",
    )


def test_windows_persian_cp1256_is_read(client_for, admin, code):
    # Windows' Persian code page has the Arabic ي and ك, which the import reads as ی and ک.
    rows = f"تاريخ,نوع,كد محله\n1404/02/15,سرقت,{code}\n"
    _imported(_post(client_for(admin), rows.encode("cp1256")), 1)


def test_a_utf8_bom_is_read(client_for, admin, code):
    rows = f"تاریخ,نوع,کد محله\r\n1404/02/15,سرقت,{code}\r\n"
    _imported(_post(client_for(admin), codecs.BOM_UTF8 + rows.encode()), 1)


def test_semicolons_and_tabs_as_separators_are_read(client_for, admin, code):
    _imported(_post(client_for(admin), f"date;category;neighbourhood\n1404/02/15;theft;{code}\n".encode()), 1)
    DataBatch.objects.all().delete()
    Incident.objects.all().delete()
    _imported(
        _post(client_for(admin), f"date\tcategory\tneighbourhood\n1404/02/16\ttheft\t{code}\n".encode()), 1
    )


def test_utf16_from_excel_unicode_text_is_refused(client_for, admin, code):
    rows = f"date\tcategory\tneighbourhood\r\n1404/02/15\ttheft\t{code}\r\n"
    _refused(_post(client_for(admin), rows.encode("utf-16")), "The file could not be read as CSV or Excel.")


def test_an_unclosed_quote_is_never_a_server_error(client_for, admin, code):
    rows = f'date,category,neighbourhood\n1404/02/15,"theft,{code}\n1404/02/16,theft,{code}\n'
    response = _post(client_for(admin), rows.encode())
    assert response.status_code == 200
    if DataBatch.objects.exists():  # read as one long quoted cell: a row refused with its reason
        batch = DataBatch.objects.get()
        assert batch.status == "done" and batch.errors
    else:
        assert _stored_files() == []


def test_a_failed_import_leaves_nothing_behind(client_for, admin, code, monkeypatch):
    from hamafza.atlas.imports import running

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(running, "write_chunk", broken)
    rows = f"date,category,neighbourhood\n1404/02/15,theft,{code}\n"
    _refused(
        _post(client_for(admin), rows.encode()),
        "The file could not be imported; nothing was changed. Check its format and try again.",
    )
