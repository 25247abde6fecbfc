"""Large evidence files (issue 12's review: a 50 MB upload was read into memory before it was refused).

An upload Django has spooled to a temporary file is checked and stored without being read whole, and a
download streams: measured with tracemalloc on real 20 MB files, the peak stays a small fraction of the
file's size. Through the page, a file over the limit is refused and one above Django's in-memory size
is stored whole."""

import hashlib
import os
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from hamafza.meetings import services
from hamafza.meetings.models import Evidence

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
SIZE = 20 * MB
PEAK = 2 * MB  # a tenth of the file


def _pdf() -> bytes:
    import weasyprint

    return weasyprint.HTML(string="<html lang='fa'><body><p>گزارش پیشرفت</p></body></html>").write_pdf()


def _spooled(name: str, content_type: str, write) -> TemporaryUploadedFile:
    """A file on disk as Django's upload handler leaves one above FILE_UPLOAD_MAX_MEMORY_SIZE."""
    upload = TemporaryUploadedFile(name, content_type, 0, None)
    write(upload.file)
    upload.file.flush()
    upload.size = upload.file.tell()
    upload.file.seek(0)
    return upload


def _big_pdf(handle) -> None:
    pdf = _pdf()
    handle.write(pdf + b"\n%")
    for _ in range((SIZE - len(pdf)) // MB):
        handle.write(os.urandom(MB).replace(b"\n", b" ").replace(b"\r", b" "))


def _big_docx(handle) -> None:
    # A Word file with a 20 MB picture that does not compress (stored as it is).
    with zipfile.ZipFile(handle, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>", zipfile.ZIP_DEFLATED)
        archive.writestr("word/document.xml", "<w:document/>", zipfile.ZIP_DEFLATED)
        with archive.open("word/media/image1.jpeg", "w", force_zip64=True) as member:
            for _ in range(SIZE // MB):
                member.write(os.urandom(MB))


def _digest(handle) -> str:
    handle.seek(0)
    digest = hashlib.sha256()
    while block := handle.read(MB):
        digest.update(block)
    return digest.hexdigest()


def _peak(work):
    tracemalloc.start()
    try:
        result = work()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak


@pytest.mark.parametrize(
    ("name", "content_type", "write"),
    [("گزارش.pdf", "application/pdf", _big_pdf), ("پیوست.docx", "application/octet-stream", _big_docx)],
)
def test_a_20_mb_evidence_file_is_checked_and_stored_without_being_held_in_memory(
    settings, officer, lead, name, content_type, write
):
    settings.UPLOAD_MAX_BYTES = 50 * MB
    upload = _spooled(name, content_type, write)
    expected = _digest(upload.file)

    def submit():
        return services.submit_progress(
            lead, by=officer, percent=10, note="x", files=[services.UploadedFile.from_upload(upload)]
        )

    report, peak = _peak(submit)
    upload.close()
    assert peak < PEAK, f"{peak / MB:.1f} MB"
    evidence = report.evidence.get()
    assert (evidence.original_name, evidence.size) == (name, upload.size)
    with evidence.file.open("rb") as stored:
        assert _digest(stored) == expected


def test_a_file_over_the_limit_is_refused_before_it_is_read(settings, officer, lead):
    settings.UPLOAD_MAX_BYTES = 50 * MB
    upload = _spooled("big.pdf", "application/pdf", lambda handle: handle.truncate(60 * MB))
    upload.size = 60 * MB

    def submit():
        with pytest.raises(services.FollowUpError) as refused:
            services.submit_progress(
                lead, by=officer, percent=10, note="x", files=[services.UploadedFile.from_upload(upload)]
            )
        return refused.value

    refusal, peak = _peak(submit)
    upload.close()
    assert refusal.code == "size"
    assert peak < PEAK
    assert not Evidence.objects.exists()


def test_a_20_mb_evidence_file_is_downloaded_in_chunks(settings, client_for, officer, secretary, lead):
    settings.UPLOAD_MAX_BYTES = 50 * MB
    upload = _spooled("گزارش.pdf", "application/pdf", _big_pdf)
    expected = _digest(upload.file)
    services.submit_progress(
        lead, by=officer, percent=10, note="x", files=[services.UploadedFile.from_upload(upload)]
    )
    upload.close()
    evidence = Evidence.objects.get()
    client = client_for(secretary)

    def download():
        response = client.get(reverse("meetings:evidence", args=[evidence.pk]))
        digest, size = hashlib.sha256(), 0
        for chunk in response.streaming_content:
            digest.update(chunk)
            size += len(chunk)
        # Read to the end, the test client has closed the file; closing the response again would also end
        # the request a second time and close the test's own database connection on PostgreSQL.
        return response, digest.hexdigest(), size

    download()  # the first request imports what the site imports lazily: not what is measured
    (response, digest, size), peak = _peak(download)
    assert response.status_code == 200 and response.streaming
    assert (digest, size) == (expected, evidence.size)
    assert peak < PEAK, f"{peak / MB:.1f} MB"

    # In production nginx sends it (X-Accel-Redirect): the worker sends no byte of it.
    settings.X_ACCEL_REDIRECT = True
    response = client.get(reverse("meetings:evidence", args=[evidence.pk]))
    assert response["X-Accel-Redirect"] == "/protected/" + evidence.file.name
    assert response.content == b""


def test_through_the_page_one_over_the_limit_is_refused_and_a_spooled_upload_stored_whole(
    settings, client_for, officer, lead
):
    settings.UPLOAD_MAX_BYTES = 8 * MB
    pdf = _pdf()
    client = client_for(officer)
    url = reverse("meetings:assignment", args=[lead.pk])
    too_big = pdf + b"\n%" + b"0" * (9 * MB)
    response = client.post(
        url, {"percent": "40", "note": "با پیوست", "files": [SimpleUploadedFile("b.pdf", too_big)]}
    )
    assert response.status_code == 200
    with translation.override("fa"):
        assert escape(services.upload_message("size", "b.pdf")) in response.content.decode()
    assert not Evidence.objects.exists()
    spooled = pdf + b"\n%" + b"0" * (6 * MB)  # above FILE_UPLOAD_MAX_MEMORY_SIZE: a temporary file
    response = client.post(
        url, {"percent": "30", "note": "با پیوست", "files": [SimpleUploadedFile("a.pdf", spooled)]}
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.size == len(spooled)
    with evidence.file.open("rb") as stored:
        assert stored.read() == spooled
