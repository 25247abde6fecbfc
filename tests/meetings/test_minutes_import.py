"""Import of minutes in the product: draft, review, confirm; duplicates; bad input changes nothing."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from hamafza.audit.models import AuditEntry
from hamafza.lib.jalali import parse_jalali
from hamafza.meetings.models import Assignment, Meeting, MinutesImport, Resolution
from hamafza.meetings.services import imports

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent.parent / "data" / "minutes"

MINUTES = """صورتجلسه ششمین جلسه کارگروه اجتماعی استان
تاریخ: ۱۴۰۳/۰۲/۱۰
مصوبات:
۱- اداره کل بهزیستی موظف است فهرست محلات هدف را تا پایان خرداد ۱۴۰۳ ارسال کند.
۲- برگزاری جلسات آموزش خانواده در مدارس بر عهده اداره کل آموزش و پرورش خواهد بود.
۳- ضرورت تقویت نهادهای محلی.
"""


def nothing_written(before_files: set) -> None:
    assert MinutesImport.objects.count() == 0
    assert Meeting.objects.count() == 0
    assert Resolution.objects.count() == 0


def media_files(settings) -> set:
    root = Path(settings.MEDIA_ROOT)
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


@pytest.fixture
def imported(body, secretary, welfare, education):
    return imports.start_import(body, by=secretary, data=MINUTES.encode(), filename="minutes-6.txt")


def test_the_draft_holds_what_the_minutes_say(imported, welfare, education):
    draft = imported.draft
    assert draft["meeting"]["number"] == 6
    assert draft["meeting"]["held_on"] == parse_jalali("1403/02/10").isoformat()
    items = draft["resolutions"]
    assert [item["number"] for item in items] == ["1", "2", "3"]
    assert items[0]["text"].startswith("اداره کل بهزیستی موظف است")
    # The responsible names as written, matched to the registry; an item naming no agency has none.
    assert [(r["name"], r["organization"]) for r in items[0]["responsible"]] == [
        ("اداره کل بهزیستی", welfare.pk)
    ]
    assert [(r["name"], r["organization"]) for r in items[1]["responsible"]] == [
        ("اداره کل آموزش و پرورش", education.pk)
    ]
    assert items[2]["responsible"] == []
    assert items[0]["deadline"] == parse_jalali("1403/03/31").isoformat()
    # Each item knows where in the source it came from.
    start, end = items[1]["span"]
    assert "بر عهده اداره کل آموزش و پرورش" in imported.source_text[start:end]
    # Nothing is created before the secretariat confirms.
    assert Meeting.objects.count() == 0


def test_review_page_shows_source_and_draft_side_by_side(client_for, secretary, imported):
    page = client_for(secretary).get(reverse("meetings:import_review", args=[imported.pk])).content.decode()
    assert 'id="src-1"' in page and "بر عهده اداره کل آموزش و پرورش" in page
    assert 'name="r0-resp_0"' in page  # the responsible name can be mapped to another organisation
    assert "اداره کل بهزیستی" in page


def _review_post(imported, **changes) -> dict:
    """The review form as the page submits it, with some fields changed."""
    data = {
        "m-number": "6",
        "m-held_on": "۱۴۰۳/۰۲/۱۰",
        "m-place": "سالن جلسات استانداری",
        "m-chair": "معاون سیاسی، امنیتی و اجتماعی",
        "m-attendees": "",
    }
    for index, item in enumerate(imported.draft["resolutions"]):
        data[f"r{index}-include"] = "on"
        data[f"r{index}-number"] = item["number"]
        data[f"r{index}-text"] = item["text"]
        data[f"r{index}-deadline"] = ""
        for j, entry in enumerate(item["responsible"]):
            data[f"r{index}-resp_{j}"] = entry["organization"] or ""
    data.update(changes)
    return data


def test_secretariat_corrects_a_responsible_and_confirms(
    client_for, secretary, imported, police, welfare, education
):
    client = client_for(secretary)
    url = reverse("meetings:import_review", args=[imported.pk])
    data = _review_post(
        imported, **{"r1-resp_0": str(police.pk), "r2-extra": str(welfare.pk), "r0-deadline": "1403/03/31"}
    )
    data["confirm"] = "1"
    response = client.post(url, data)
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "meetings:meeting", args=[meeting.pk]
    )
    assert (meeting.number, meeting.held_on, meeting.place) == (
        6,
        parse_jalali("1403/02/10"),
        "سالن جلسات استانداری",
    )
    assert meeting.minutes_file.read() == MINUTES.encode()  # the source file is kept
    rows = [
        (r.number, a.organization_id, a.role, a.recurrence, a.deadline)
        for r in meeting.resolutions.order_by("position")
        for a in r.assignments.all()
    ]
    assert rows == [
        ("1", welfare.pk, "lead", "once", parse_jalali("1403/03/31")),
        ("2", police.pk, "lead", "continuous", None),  # corrected from education
        ("3", welfare.pk, "lead", "continuous", None),  # named by the secretariat
    ]
    imported.refresh_from_db()
    assert imported.status == MinutesImport.Status.CONFIRMED and imported.meeting == meeting
    actions = list(AuditEntry.objects.filter(body_id=imported.body_id).values_list("action", flat=True))
    assert "minutes_import.confirm" in actions and actions.count("resolution.create") == 3


def test_confirm_refuses_resolutions_without_a_lead_and_creates_nothing(client_for, secretary, imported):
    data = _review_post(imported)
    data["confirm"] = "1"
    response = client_for(secretary).post(
        reverse("meetings:import_review", args=[imported.pk]), data, follow=True
    )
    with translation.override("fa"):
        expected = translation.gettext("Choose the responsible organisation of resolutions %(numbers)s.") % {
            "numbers": "۳"
        }
    assert expected in response.content.decode()
    assert Meeting.objects.count() == 0 and Resolution.objects.count() == 0
    imported.refresh_from_db()
    assert imported.status == MinutesImport.Status.DRAFT


def test_a_draft_is_saved_and_resumed(client_for, secretary, imported, body, police):
    client = client_for(secretary)
    data = _review_post(
        imported, **{"r2-text": "ضرورت تقویت نهادهای محلی در محلات هدف", "r2-extra": str(police.pk)}
    )
    data["save"] = "1"
    client.post(reverse("meetings:import_review", args=[imported.pk]), data)
    imported.refresh_from_db()
    item = imported.draft["resolutions"][2]
    assert item["text"] == "ضرورت تقویت نهادهای محلی در محلات هدف"
    assert [e["organization"] for e in item["responsible"]] == [police.pk]
    assert Meeting.objects.count() == 0
    # Uploading the same file again resumes the same draft.
    again = imports.start_import(body, by=secretary, data=MINUTES.encode(), filename="minutes-6.txt")
    assert again.pk == imported.pk and MinutesImport.objects.count() == 1
    start_page = client.get(reverse("meetings:import_start", args=[body.pk])).content.decode()
    assert reverse("meetings:import_review", args=[imported.pk]) in start_page


def test_the_same_minutes_twice_are_refused_once_confirmed(
    body, secretary, imported, welfare, education, police
):
    draft = imported.draft
    draft["resolutions"][2]["responsible"] = [{"name": "", "organization": police.pk, "suggestions": []}]
    imports.save_draft(imported, by=secretary, draft=draft)
    imports.confirm_import(imported, by=secretary)
    counts = (
        Meeting.objects.count(),
        Resolution.objects.count(),
        Assignment.objects.count(),
        MinutesImport.objects.count(),
    )
    with pytest.raises(imports.ImportRefused) as refused:
        imports.start_import(body, by=secretary, data=MINUTES.encode(), filename="copy.txt")
    assert refused.value.code == "duplicate"
    # Pasting the same text (spelt with Arabic letters and digits) is the same minutes too.
    arabic = MINUTES.replace("ی", "ي").replace("ک", "ك").replace("۱", "1")
    with pytest.raises(imports.ImportRefused):
        imports.start_import(body, by=secretary, text=arabic)
    assert counts == (
        Meeting.objects.count(),
        Resolution.objects.count(),
        Assignment.objects.count(),
        MinutesImport.objects.count(),
    )


def test_discard_writes_nothing_but_the_mark(client_for, secretary, imported):
    client_for(secretary).post(reverse("meetings:import_review", args=[imported.pk]), {"discard": "1"})
    imported.refresh_from_db()
    assert imported.status == MinutesImport.Status.DISCARDED
    assert Meeting.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("bad/empty.txt", "empty"),
        ("bad/empty.pdf", "empty"),
        ("bad/corrupt.docx", "corrupt_docx"),
        ("bad/zipbomb.docx", "zip_bomb"),
        ("bad/encrypted.docx", "encrypted_docx"),
        ("bad/encrypted.pdf", "encrypted_pdf"),
        ("bad/scanned.pdf", "scanned_pdf"),
        ("bad/notapdf.pdf", "corrupt_pdf"),
    ],
)
def test_bad_files_are_refused_in_persian_and_nothing_is_written(
    client_for, secretary, body, settings, name, code
):
    data = (DATA / name).read_bytes()
    response = client_for(secretary).post(
        reverse("meetings:import_start", args=[body.pk]),
        {"file": _upload(Path(name).name, data)},
    )
    assert response.status_code == 200
    page = response.content.decode()
    if data:
        with translation.override("fa"):
            assert imports.reader_message(code) in page
    else:  # an empty upload is refused by the form itself, with Django's Persian message
        with translation.override("fa"):
            assert translation.gettext("The submitted file is empty.") in page
    assert "flash error" in page or "errorlist" in page
    assert MinutesImport.objects.count() == 0 and Meeting.objects.count() == 0
    assert media_files(settings) == set()


def _upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_wrong_type_and_size_and_no_resolutions_are_refused(client_for, secretary, body, settings):
    client = client_for(secretary)
    url = reverse("meetings:import_start", args=[body.pk])
    with translation.override("fa"):
        wrong_type = translation.gettext(
            "«%(name)s» cannot be read: upload the minutes as Word (.docx), PDF or text."
        ) % {"name": "minutes.exe"}
        none_found = translation.gettext(
            "No resolutions were found in this text. Check that it is the minutes, with its resolutions."
        )
        too_big = translation.gettext("The file «%(name)s» is too large for minutes.") % {"name": "big.txt"}
    assert wrong_type in client.post(url, {"file": _upload("minutes.exe", b"MZ\x90\x00")}).content.decode()
    assert (
        none_found
        in client.post(
            url, {"text": "سلام. این متن هیچ مصوبه‌ای ندارد و فقط یک یادداشت است."}
        ).content.decode()
    )
    settings.MINUTES_MAX_BYTES = 100
    assert too_big in client.post(url, {"file": _upload("big.txt", MINUTES.encode())}).content.decode()
    assert MinutesImport.objects.count() == 0 and media_files(settings) == set()


def test_a_word_file_of_minutes_becomes_a_draft(client_for, secretary, body):
    data = (DATA / "11.docx").read_bytes()
    gold = json.loads((DATA / "11.json").read_text())
    response = client_for(secretary).post(
        reverse("meetings:import_start", args=[body.pk]), {"file": _upload("11.docx", data)}
    )
    minutes_import = MinutesImport.objects.get()
    assert response["Location"] == reverse("meetings:import_review", args=[minutes_import.pk])
    assert minutes_import.draft["meeting"]["held_on"] == gold["meeting_date"]
    assert len(minutes_import.draft["resolutions"]) == len(gold["resolutions"])
    assert minutes_import.source_file.read() == data


def test_extract_minutes_command_prints_the_gold_keys(tmp_path):
    path = tmp_path / "m.txt"
    path.write_text(MINUTES, encoding="utf-8")
    out = io.StringIO()
    call_command("extract_minutes", str(path), "--json", stdout=out)
    draft = json.loads(out.getvalue())
    assert {"meeting_date", "jalali_date", "body", "session_number", "resolutions"} <= set(draft)
    assert draft["jalali_date"] == "1403-02-10" and draft["session_number"] == 6
    assert [r["responsible"] for r in draft["resolutions"]] == [
        ["اداره کل بهزیستی"],
        ["اداره کل آموزش و پرورش"],
        [],
    ]
    assert {"number", "text", "responsible", "deadline"} <= set(draft["resolutions"][0])
    summary = io.StringIO()
    call_command("extract_minutes", str(path), stdout=summary)
    assert "مصوبات: ۳" in summary.getvalue() and "مسئول: اداره کل بهزیستی" in summary.getvalue()


def test_api_returns_the_draft_and_refuses_bad_files(client_for, officer):
    client = client_for(officer)
    url = reverse("api-minutes-extract")
    response = client.post(url, {"file": _upload("m.txt", MINUTES.encode())})
    assert response.status_code == 200
    assert [r["text"][:16] for r in response.json()["resolutions"]] == [
        "اداره کل بهزیستی",
        "برگزاری جلسات آم",
        "ضرورت تقویت نهاد",
    ]
    assert client.post(url, {"text": MINUTES}, content_type="application/json").json()["session_number"] == 6
    bad = client.post(url, {"file": _upload("s.pdf", (DATA / "bad" / "scanned.pdf").read_bytes())})
    assert bad.status_code == 400 and bad.json()["code"] == "scanned_pdf"
    assert MinutesImport.objects.count() == 0


def test_api_needs_a_login(client):
    assert client.post(reverse("api-minutes-extract"), {"text": MINUTES}).status_code in (401, 403)


REAL_REPORT = Path(__file__).resolve().parent.parent / "data" / "minutes-real" / "140.txt"


def test_a_missed_decision_is_offered_and_added_with_one_click(client_for, secretary, body):
    minutes_import = imports.start_import(
        body, by=secretary, data=REAL_REPORT.read_bytes(), filename="140.txt"
    )
    draft = minutes_import.draft
    assert [item["confidence"] < 0.6 for item in draft["resolutions"]] == [True, True]  # read from prose
    assert draft["missed"][0]["text"] == "در جلسه کارگروه ماده 8 منطقه آزاد ماکو مصوب شد"
    client = client_for(secretary)
    page = client.get(reverse("meetings:import_review", args=[minutes_import.pk])).content.decode()
    assert 'name="add_missed" value="0"' in page and "check this one" not in page  # shown in Persian
    response = client.post(reverse("meetings:import_review", args=[minutes_import.pk]), {"add_missed": "0"})
    assert response.status_code == 302
    minutes_import.refresh_from_db()
    added = minutes_import.draft["resolutions"][-1]
    assert (added["number"], added["text"]) == ("3", "در جلسه کارگروه ماده 8 منطقه آزاد ماکو مصوب شد")
    assert len(minutes_import.draft["missed"]) == len(draft["missed"]) - 1
    # A passage no longer offered changes nothing.
    client.post(reverse("meetings:import_review", args=[minutes_import.pk]), {"add_missed": "99"})
    minutes_import.refresh_from_db()
    assert len(minutes_import.draft["resolutions"]) == 3
