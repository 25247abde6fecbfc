"""Reporting and reviewing through the API: a real PDF end to end, refused uploads, service errors, audit."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from hamafza.audit.models import AuditEntry
from hamafza.lib.persian import to_persian_digits
from hamafza.meetings import services
from hamafza.meetings.models import Evidence, ProgressReport
from tests.api.conftest import tiny_pdf


def fa(message: str, **values) -> str:
    with translation.override("fa"):
        text = translation.gettext(message)
    return text % values if values else text


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def media_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def test_submit_then_accept_closes_the_resolution(client_for, officer, secretary, resolution, lead, settings):
    pdf = tiny_pdf("final report")
    submitted = client_for(officer).post(
        reverse("api:assignment-submit-report", args=[lead.pk]),
        {"percent": "100", "note": "طرح  در  هر سه محله اجرا شد", "files": [upload("گزارش نهایی.pdf", pdf)]},
    )
    assert submitted.status_code == 201, submitted.content
    report = ProgressReport.objects.get()
    evidence = Evidence.objects.get()
    payload = submitted.json()
    assert payload["submitted_at"]
    assert payload == {
        "id": report.pk,
        "assignment": lead.pk,
        "resolution": resolution.pk,
        "organization": {"id": lead.organization_id, "name": "فرماندهی انتظامی استان", "short_name": ""},
        "percent": 100,
        "narrative": "طرح  در  هر سه محله اجرا شد",  # stored exactly as typed
        "status": "submitted",
        "submitted_by": {"id": officer.pk, "username": "officer", "full_name": "Officer"},
        "submitted_at": payload["submitted_at"],
        "reviewed_by": None,
        "reviewed_at": None,
        "review_comment": "",
        "evidence": [
            {
                "id": evidence.pk,
                "name": "گزارش نهایی.pdf",
                "content_type": "application/pdf",
                "size": len(pdf),
                "url": f"http://testserver/evidence/{evidence.pk}/",
            }
        ],
    }
    # The download link goes through the access-checked page: the officer gets the bytes, an outsider a 404.
    download = client_for(officer).get(payload["evidence"][0]["url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == pdf
    assert media_files(settings) == [Path(settings.MEDIA_ROOT) / evidence.file.name]

    accepted = client_for(secretary).post(
        reverse("api:report-accept", args=[report.pk]),
        {"comment": "تأیید شد"},
        content_type="application/json",
    )
    assert accepted.status_code == 200, accepted.content
    body = accepted.json()
    assert (body["status"], body["review_comment"], body["reviewed_by"]["username"]) == (
        "accepted",
        "تأیید شد",
        "secretary",
    )

    detail = client_for(secretary).get(reverse("api:resolution-detail", args=[resolution.pk])).json()
    assert detail["status"] == "done"
    assert detail["state"] == "done"
    lead_row = next(row for row in detail["assignments"] if row["role"] == "lead")
    assert (lead_row["status"], lead_row["progress"], lead_row["follow_up_state"]) == ("done", 100, "done")
    assert lead_row["completed_on"] == services.today().isoformat()


def test_return_needs_a_comment_then_sends_the_report_back(client_for, officer, secretary, lead):
    report = services.submit_progress(lead, by=officer, percent=20, note="آغاز شد")
    client = client_for(secretary)
    url = reverse("api:report-return", args=[report.pk])

    refused = client.post(url, {"comment": "  "}, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json() == {
        "detail": fa("Say what is missing, so the organisation can complete its report."),
        "code": "invalid",
    }
    report.refresh_from_db()
    assert report.status == "submitted"

    returned = client.post(url, {"comment": "صورت‌جلسه پیوست نشده"}, content_type="application/json")
    assert returned.status_code == 200
    assert returned.json()["status"] == "returned"
    lead.refresh_from_db()
    assert lead.status == "returned"

    again = client.post(reverse("api:report-accept", args=[report.pk]), {}, content_type="application/json")
    assert again.status_code == 400
    assert again.json() == {"detail": fa("This report has already been reviewed."), "code": "invalid"}


def test_second_report_while_one_awaits_review_is_refused(client_for, officer, lead):
    services.submit_progress(lead, by=officer, percent=20, note="آغاز شد")
    response = client_for(officer).post(
        reverse("api:assignment-submit-report", args=[lead.pk]), {"percent": 30, "note": "ادامه دارد"}
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": fa("A report on this assignment is awaiting review; wait for the secretariat's answer."),
        "code": "invalid",
    }
    assert ProgressReport.objects.count() == 1


def _nothing_written(settings, lead, entries_before: int) -> None:
    assert ProgressReport.objects.count() == 0
    assert Evidence.objects.count() == 0
    assert media_files(settings) == []
    lead.refresh_from_db()
    assert (lead.status, lead.last_report_on) == ("open", None)
    assert AuditEntry.objects.count() == entries_before


@pytest.mark.parametrize(
    "files, code",
    [
        ([("ابزار.exe", b"MZ\x90\x00" + b"\x00" * 60)], "type"),
        ([("scan.pdf", b"MZ\x90\x00 this is not a PDF")], "content"),
        ([("empty.pdf", b"")], "empty"),
        # One good file does not carry a bad one: the whole report is refused.
        ([("ok.pdf", tiny_pdf()), ("macro.exe", b"MZ")], "type"),
    ],
    ids=["exe", "pdf-name-not-pdf-bytes", "empty", "good-and-bad"],
)
def test_uploads_refused_by_type_write_nothing(client_for, officer, lead, settings, files, code):
    entries = AuditEntry.objects.count()
    response = client_for(officer).post(
        reverse("api:assignment-submit-report", args=[lead.pk]),
        {"percent": 50, "note": "پیوست", "files": [upload(name, data) for name, data in files]},
    )
    assert response.status_code == 400
    bad_name = next(name for name, data in files if name.endswith(".exe") or data[:5] != b"%PDF-")
    with translation.override("fa"):
        expected = services.upload_message(code, bad_name)
    assert response.json() == {"detail": expected, "code": code}
    _nothing_written(settings, lead, entries)


def test_oversize_upload_refused_and_nothing_written(client_for, officer, lead, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    entries = AuditEntry.objects.count()
    big = tiny_pdf() + b"%" + b"0" * 2048
    response = client_for(officer).post(
        reverse("api:assignment-submit-report", args=[lead.pk]),
        {"percent": 50, "note": "پیوست بزرگ", "files": [upload("big.pdf", big)]},
    )
    assert response.status_code == 400
    with translation.override("fa"):
        expected = services.upload_message("size", "big.pdf")
    assert response.json() == {"detail": expected, "code": "size"}
    _nothing_written(settings, lead, entries)


def test_writes_leave_an_audit_entry_marked_api(client_for, secretary, body, police, today):
    client = client_for(secretary)
    created = client.post(
        reverse("api:meeting-list"),
        {"body": body.pk, "number": 12, "held_on": "1403/07/29", "attendees": ["بهزیستی", "آموزش و پرورش"]},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    meeting = created.json()
    assert (meeting["held_on"], meeting["held_on_jalali"]) == ("2024-10-20", "1403/07/29")
    assert meeting["attendees"] == ["بهزیستی", "آموزش و پرورش"]
    resolution = client.post(
        reverse("api:resolution-list"),
        {
            "meeting": meeting["id"],
            "number": "۱",
            "text": "تشکیل کمیته پيگيري",
            "topics": ["اعتیاد"],
            "assignments": [{"organization": police.pk, "recurrence": "periodic", "interval": 1}],
        },
        content_type="application/json",
    )
    assert resolution.status_code == 201, resolution.content
    assert resolution.json()["text"] == "تشکیل کمیته پيگيري"  # stored exactly as typed
    entries = AuditEntry.objects.filter(
        action__in=["meeting.create", "resolution.create", "assignment.create"]
    )
    assert sorted(entries.values_list("action", "source", "actor_name", "ip")) == [
        ("assignment.create", "api", "secretary", "127.0.0.1"),
        ("meeting.create", "api", "secretary", "127.0.0.1"),
        ("resolution.create", "api", "secretary", "127.0.0.1"),
    ]


def test_service_rules_answer_400_with_the_message(
    client_for, secretary, meeting, police, welfare, resolution
):
    client = client_for(secretary)
    two_leads = client.post(
        reverse("api:resolution-list"),
        {
            "meeting": meeting.pk,
            "number": "5",
            "text": "مصوبه با دو مسئول",
            "assignments": [
                {"organization": police.pk, "deadline": "2030-01-01"},
                {"organization": welfare.pk, "deadline": "2030-01-01"},
            ],
        },
        content_type="application/json",
    )
    assert two_leads.status_code == 400
    assert two_leads.json() == {
        "detail": fa("A resolution needs exactly one lead organisation."),
        "code": "invalid",
    }

    duplicate = client.post(
        reverse("api:meeting-list"),
        {"body": meeting.body_id, "number": meeting.number, "held_on": "2024-01-01"},
        content_type="application/json",
    )
    assert duplicate.status_code == 400
    assert duplicate.json()["detail"] == fa(
        "This body already has a meeting number %(number)s.", number=to_persian_digits(meeting.number)
    )

    no_reason = client.post(
        reverse("api:resolution-cancel", args=[resolution.pk]), {}, content_type="application/json"
    )
    assert no_reason.status_code == 400
    assert no_reason.json() == {"detail": fa("Say why the resolution is cancelled."), "code": "invalid"}


def test_bad_input_is_a_field_error(client_for, secretary, meeting, lead, officer):
    response = client_for(secretary).post(
        reverse("api:meeting-list"),
        {"body": meeting.body_id, "number": 0, "held_on": "1403/13/40"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"number", "held_on"}
    over = client_for(officer).post(
        reverse("api:assignment-submit-report", args=[lead.pk]), {"percent": 101, "note": "x"}
    )
    assert over.status_code == 400
    assert set(over.json()) == {"percent"}


def test_cancel_through_the_api(client_for, secretary, resolution):
    response = client_for(secretary).post(
        reverse("api:resolution-cancel", args=[resolution.pk]),
        {"reason": "منتفی شد"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["state"], response.json()["cancel_reason"]) == (
        "cancelled",
        "cancelled",
        "منتفی شد",
    )
    entry = AuditEntry.objects.get(action="resolution.cancel")
    assert (entry.source, entry.resolution_id) == ("api", resolution.pk)


def test_meeting_with_minutes_file(client_for, secretary, body, settings):
    response = client_for(secretary).post(
        reverse("api:meeting-list"),
        {
            "body": body.pk,
            "number": 3,
            "held_on": "2024-05-01",
            "minutes_file": upload("صورتجلسه.pdf", tiny_pdf()),
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["minutes_url"] == f"http://testserver/meetings/{response.json()['id']}/minutes/"
    refused = client_for(secretary).post(
        reverse("api:meeting-list"),
        {"body": body.pk, "number": 4, "held_on": "2024-05-01", "minutes_file": upload("x.png", tiny_pdf())},
    )
    assert refused.status_code == 400
    with translation.override("fa"):
        expected = services.upload_message("content", "x.png")
    assert refused.json() == {"minutes_file": [expected]}
    assert len(media_files(settings)) == 1


def test_deadline_in_jalali_with_persian_digits(client_for, secretary, meeting, police):
    response = client_for(secretary).post(
        reverse("api:resolution-list"),
        {
            "meeting": meeting.pk,
            "number": "9",
            "text": "متن",
            "assignments": [{"organization": police.pk, "deadline": "۱۴۰۳/۰۷/۲۹"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    row = response.json()["assignments"][0]
    assert (row["deadline"], row["deadline_jalali"]) == (dt.date(2024, 10, 20).isoformat(), "1403/07/29")
