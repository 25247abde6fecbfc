"""Evidence files on a progress report: real files accepted through the page, everything else refused whole."""

import io
import re
import zipfile
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from hamafza.audit.models import AuditEntry
from hamafza.meetings import services
from hamafza.meetings.models import Assignment, Evidence, ProgressReport

pytestmark = pytest.mark.django_db

PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- real files -------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pdf_bytes() -> bytes:
    import weasyprint

    html = "<html lang='fa' dir='rtl'><body><h1>گزارش پیشرفت</h1><p>جلسه با شورایاری‌ها برگزار شد.</p></body></html>"
    return weasyprint.HTML(string=html).write_pdf()


def _image(kind: str) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 40)).save(buffer, format=kind)
    return buffer.getvalue()


@pytest.fixture(scope="session")
def png_bytes() -> bytes:
    return _image("PNG")


@pytest.fixture(scope="session")
def jpeg_bytes() -> bytes:
    return _image("JPEG")


def _ooxml(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture(scope="session")
def docx_bytes() -> bytes:
    """A minimal WordprocessingML package, as Word writes it (one paragraph)."""
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        "</Types>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="word/document.xml"/></Relationships>'
    )
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        "<w:p><w:pPr><w:bidi/></w:pPr><w:r><w:rPr><w:rtl/></w:rPr><w:t>صورتجلسه کمیته</w:t></w:r></w:p>"
        "</w:body></w:document>"
    )
    return _ooxml(
        {
            "[Content_Types].xml": content_types.encode(),
            "_rels/.rels": rels.encode(),
            "word/document.xml": document.encode(),
        }
    )


@pytest.fixture(scope="session")
def xlsx_bytes() -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.sheet_view.rightToLeft = True
    sheet.append(["محله", "تعداد جلسات"])
    sheet.append(["محله نمونه", 4])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="session")
def zip_bomb_docx() -> bytes:
    """A .docx whose one part inflates to over 200 MB of zeros (about 200 kB on the wire)."""
    buffer = io.BytesIO()
    chunk = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(201):
                member.write(chunk)
    return buffer.getvalue()


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def _post(client, assignment, files, percent="30", note="گزارش با پیوست"):
    return client.post(
        reverse("meetings:assignment", args=[assignment.pk]),
        {"percent": percent, "note": note, "files": files},
    )


def _stored_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


# --- accepted ---------------------------------------------------------------------------------------


def test_real_files_are_accepted_and_kept_with_their_names(
    settings, client_for, officer, lead, pdf_bytes, png_bytes, jpeg_bytes, docx_bytes, xlsx_bytes
):
    files = {
        "گزارش جلسه.pdf": (pdf_bytes, PDF_TYPE),
        "عکس بازدید.png": (png_bytes, "image/png"),
        "photo.JPG": (jpeg_bytes, "image/jpeg"),
        "صورتجلسه.docx": (docx_bytes, DOCX_TYPE),
        "آمار محلات.xlsx": (xlsx_bytes, XLSX_TYPE),
    }
    response = _post(
        client_for(officer), lead, [_upload(name, data) for name, (data, _type) in files.items()]
    )
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("meetings:assignment", args=[lead.pk])

    report = ProgressReport.objects.get()
    assert (report.assignment_id, report.percent, report.submitted_by) == (lead.pk, 30, officer)
    stored = {e.original_name: e for e in Evidence.objects.filter(report=report)}
    assert {name: (e.content_type, e.size) for name, e in stored.items()} == {
        name: (content_type, len(data)) for name, (data, content_type) in files.items()
    }
    for name, evidence in stored.items():
        assert evidence.file.name.startswith(f"evidence/{lead.pk}/")
        with evidence.file.open("rb") as handle:
            assert handle.read() == files[name][0]
    assert len(_stored_files(settings)) == 5
    assert Assignment.objects.get(pk=lead.pk).status == Assignment.Status.SUBMITTED
    entry = AuditEntry.objects.get(action="report.submit")
    assert sorted(entry.changes["files"]) == sorted(files)

    # The assignment page lists them under the report.
    page = client_for(officer).get(reverse("meetings:assignment", args=[lead.pk])).content.decode()
    for name in files:
        assert name in page


@pytest.mark.parametrize("who", ["officer", "secretary", "viewer", "admin"])
def test_evidence_is_downloaded_by_those_who_may_see_the_report(
    request, client_for, officer, lead, who, pdf_bytes
):
    services.submit_progress(
        lead, by=officer, percent=10, note="x", files=[services.UploadedFile("گزارش جلسه.pdf", pdf_bytes)]
    )
    evidence = Evidence.objects.get()
    response = client_for(request.getfixturevalue(who)).get(reverse("meetings:evidence", args=[evidence.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes
    assert response.headers["Content-Type"] == PDF_TYPE
    assert (
        response.headers["Content-Disposition"] == f"attachment; filename*=utf-8''{quote('گزارش جلسه.pdf')}"
    )


@pytest.mark.parametrize("who", ["other_officer", "outsider"])
def test_evidence_is_hidden_from_other_organisations(request, client_for, officer, lead, who, png_bytes):
    services.submit_progress(
        lead, by=officer, percent=10, note="x", files=[services.UploadedFile("a.png", png_bytes)]
    )
    evidence = Evidence.objects.get()
    client = client_for(request.getfixturevalue(who))
    assert client.get(reverse("meetings:evidence", args=[evidence.pk])).status_code == 404
    assert client.get(reverse("meetings:report", args=[evidence.report_id])).status_code == 404


def test_evidence_download_needs_a_login(client, officer, lead, png_bytes):
    services.submit_progress(
        lead, by=officer, percent=10, note="x", files=[services.UploadedFile("a.png", png_bytes)]
    )
    response = client.get(reverse("meetings:evidence", args=[Evidence.objects.get().pk]))
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("accounts:login"))


# --- refused ----------------------------------------------------------------------------------------


def _message(code: str, name: str) -> str:
    with translation.override("fa"):
        return services.upload_message(code, name)


REFUSALS = [
    # (case, file name, how to make its bytes, refusal code)
    ("exe", "setup.exe", lambda f: b"MZ\x90\x00" + b"\0" * 200, "type"),
    ("html", "page.html", lambda f: b"<html><script>alert(1)</script></html>", "type"),
    ("no-extension", "report", lambda f: f["pdf"], "type"),
    ("png-renamed-pdf", "report.pdf", lambda f: f["png"], "content"),
    ("pdf-renamed-png", "photo.png", lambda f: f["pdf"], "content"),
    ("xlsx-renamed-docx", "letter.docx", lambda f: f["xlsx"], "content"),
    ("truncated-png", "photo.png", lambda f: f["png"][:40], "content"),
    ("empty", "empty.pdf", lambda f: b"", "empty"),
    ("zip-bomb", "bomb.docx", lambda f: f["bomb"], "zip_bomb"),
]


@pytest.mark.parametrize(("case", "name", "make", "code"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_refused_files_leave_nothing_behind(
    settings,
    client_for,
    officer,
    lead,
    case,
    name,
    make,
    code,
    pdf_bytes,
    png_bytes,
    xlsx_bytes,
    zip_bomb_docx,
):
    real = {"pdf": pdf_bytes, "png": png_bytes, "xlsx": xlsx_bytes, "bomb": zip_bomb_docx}
    before = Assignment.objects.filter(pk=lead.pk).values().get()
    audit_count = AuditEntry.objects.count()
    # A good file next to the bad one is refused with it: the report is all or nothing.
    files = [_upload("good.pdf", pdf_bytes), _upload(name, make(real))]

    response = _post(client_for(officer), lead, files)

    assert response.status_code == 200
    assert _message(code, name) in response.content.decode()
    assert not ProgressReport.objects.exists()
    assert not Evidence.objects.exists()
    assert _stored_files(settings) == []
    assert Assignment.objects.filter(pk=lead.pk).values().get() == before
    assert AuditEntry.objects.count() == audit_count


def test_a_file_over_the_size_limit_is_refused(settings, client_for, officer, lead, pdf_bytes):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    big = pdf_bytes + b"\n%" + b"0" * (1024 * 1024)  # still a PDF by its header, just too big
    response = _post(client_for(officer), lead, [_upload("big.pdf", big)])
    assert response.status_code == 200
    assert _message("size", "big.pdf") in response.content.decode()
    assert not ProgressReport.objects.exists()
    assert _stored_files(settings) == []
    # Exactly at the limit is fine.
    at_limit = pdf_bytes + b"\n%" + b"0" * (settings.UPLOAD_MAX_BYTES - len(pdf_bytes) - 2)
    assert _post(client_for(officer), lead, [_upload("ok.pdf", at_limit)]).status_code == 302
    assert Evidence.objects.get().size == settings.UPLOAD_MAX_BYTES


def test_too_many_files_are_refused(settings, client_for, officer, lead, png_bytes):
    settings.UPLOAD_MAX_FILES = 2
    response = _post(client_for(officer), lead, [_upload(f"p{i}.png", png_bytes) for i in range(3)])
    assert response.status_code == 200
    with translation.override("fa"):
        expected = translation.gettext("At most %(count)s files can be attached to a report.") % {
            "count": "۲"
        }
    assert expected in response.content.decode()
    assert not ProgressReport.objects.exists()
    assert _stored_files(settings) == []
    assert (
        _post(client_for(officer), lead, [_upload(f"p{i}.png", png_bytes) for i in range(2)]).status_code
        == 302
    )
    assert Evidence.objects.count() == 2


def test_the_service_refuses_the_same_files_without_the_page(officer, lead, png_bytes, settings):
    with pytest.raises(services.FollowUpError) as error:
        services.submit_progress(
            lead, by=officer, percent=10, note="x", files=[services.UploadedFile("report.pdf", png_bytes)]
        )
    assert error.value.code == "content"
    assert not ProgressReport.objects.exists()
    assert _stored_files(settings) == []


@pytest.mark.parametrize("code", ["empty", "size", "type", "content"])
def test_refusal_messages_are_in_persian(code):
    """The messages come from the compiled Persian catalogue: Persian words around the file's name."""
    message = _message(code, "report.pdf")
    words = message.replace("«report.pdf»", "")
    assert re.search("[\u0600-\u06ff]{3,}", words), message
    assert not re.search("[A-Za-z]{4,}", words.replace("PDF", "").replace("PNG", "").replace("JPEG", "")), (
        message
    )
    assert "«report.pdf»" in message
