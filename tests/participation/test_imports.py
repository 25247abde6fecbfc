"""Excel imports of NGO and donor lists: real .xlsx files built here, an answer per row with its row number,
good rows imported in one go, a second import adding nothing, refused files changing nothing."""

import datetime as dt
import io
from urllib.parse import unquote

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from hamafza.atlas.models import HarmCategory
from hamafza.audit.models import AuditEntry
from hamafza.orgs.models import Organization
from hamafza.participation import imports
from hamafza.participation.models import Contact, Donor, NgoProfile

pytestmark = pytest.mark.django_db


def xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def fa(message: str, **values) -> str:
    with translation.override("fa"):
        text = translation.gettext(message)
    return text % values if values else text


@pytest.fixture
def addiction(db):
    return HarmCategory.objects.create(code="addiction", name="اعتیاد", name_en="Addiction")


# NGOs: headers spelled loosely (Arabic ي/ك, no ZWNJ, extra spaces), a title row above the header.
NGO_ROWS = [
    ["فهرست سمن‌های معرفی‌شده"],
    [
        "نام سمن",
        "منطقه",
        "شماره ثبت",
        "مرجع صدور مجوز",
        "تاريخ انقضاي مجوز",
        "شناسه ملي",
        "زمينه هاي فعاليت",
        "نام رابط",
        "موبایل رابط",
    ],
    [
        "جمعیت امام علی",
        "IR-23",
        "۱۰۱",
        "وزارت کشور",
        "۱۴۰۵/۰۱/۱۵",
        "83533740689",
        "اعتیاد",
        "سمیه",
        "09121112233",
    ],
    ["کانون مهر", "N-1", 102, "بهزیستی", dt.datetime(2023, 5, 1), None, None, None, None],
    ["", "IR-23", "103", "بهزیستی"],
    ["سمن بی‌منطقه", "ناکجا", "104", "بهزیستی"],
    ["سمن موبایل بد", "IR-23", "105", "بهزیستی", None, None, None, "حمید", "021555"],
    ["جمعیت امام علی", "IR-23", "106", "وزارت کشور"],
    ["سمن شناسه بد", "IR-23", "107", "بهزیستی", None, "83533740680", "قمار"],
]


def test_ngo_preview_reports_each_row(secretary, province, neighbourhood, addiction):
    preview = imports.preview_ngos(xlsx(NGO_ROWS), "ngos.xlsx")
    assert preview.error == ""
    assert [row.line for row in preview.new_rows] == [3, 4]
    refused = {row.line: row.errors for row in preview.refused_rows}
    assert refused == {
        5: [fa("The name is missing.")],
        6: [fa("Unknown region «%(name)s».", name="ناکجا")],
        7: [fa("Enter an Iranian mobile number such as ۰۹۱۲۱۲۳۴۵۶۷.")],
        8: [fa("Repeats row %(line)s of the file.", line=3)],
        9: [
            fa("Unknown field of activity «%(name)s».", name="قمار"),
            fa("This legal entity national ID is not valid: its check digit does not match."),
        ],
    }
    assert not Organization.objects.filter(kind="ngo").exists()  # a preview saves nothing


def test_ngo_import_saves_good_rows_and_a_second_import_adds_nothing(
    secretary, province, neighbourhood, addiction
):
    data = xlsx(NGO_ROWS)
    created = imports.import_ngos(imports.preview_ngos(data, "ngos.xlsx"), by=secretary)
    assert [ngo.name for ngo in created] == ["جمعیت امام علی", "کانون مهر"]
    first = NgoProfile.objects.get(organization__name="جمعیت امام علی")
    assert (first.legal_id, first.licence_expires, first.registration_number) == (
        "83533740689",
        dt.date(2026, 4, 4),
        "۱۰۱",
    )
    assert list(first.fields.all()) == [addiction]
    assert Contact.objects.get().mobile == "09121112233"
    second = NgoProfile.objects.get(organization__name="کانون مهر")
    assert second.organization.region == neighbourhood and second.licence_expires == dt.date(2023, 5, 1)
    assert second.registration_number == "102"
    assert AuditEntry.objects.filter(action="ngo.register").count() == 2

    again = imports.preview_ngos(data, "ngos.xlsx")
    assert again.new_rows == [] and [row.line for row in again.existing_rows] == [3, 4]
    assert not again.ok
    with pytest.raises(imports.ImportRefused):
        imports.import_ngos(again, by=secretary)
    assert Organization.objects.filter(kind="ngo").count() == 2


def test_ngo_matched_by_name_whatever_the_spelling(secretary, province, ngo):
    rows = [["نام", "استان", "شماره مجوز", "مرجع صدور"], ["انجمن حاميان كودكان", "IR-23", "1", "x"]]
    preview = imports.preview_ngos(xlsx(rows), "a.xlsx")
    assert [row.line for row in preview.existing_rows] == [2] and not preview.ok


def test_ambiguous_region_name_asks_for_the_code(secretary, province, city):
    rows = [["نام سمن", "منطقه", "شماره ثبت", "مرجع صدور مجوز"], ["سمن", "تهران", "1", "x"]]
    preview = imports.preview_ngos(xlsx(rows), "a.xlsx")
    assert preview.rows[0].errors == [
        fa(
            "Several regions are called «%(name)s»; write its code (%(codes)s).",
            name="تهران",
            codes="IR-23، IR-23-tehran-city",
        )
    ]


def test_file_with_no_valid_row_is_refused(secretary, province):
    rows = [
        ["نام سمن", "منطقه", "شماره ثبت", "مرجع صدور مجوز"],
        ["", "IR-23", "1", "x"],
        ["سمن", "ناکجا", "2", "y"],
    ]
    preview = imports.preview_ngos(xlsx(rows), "bad.xlsx")
    assert preview.error == fa(
        "No row of the file can be imported; correct the rows below and send it again."
    )
    with pytest.raises(imports.ImportRefused):
        imports.import_ngos(preview, by=secretary)
    assert not Organization.objects.filter(kind="ngo").exists()


def test_wrong_file_types_and_missing_headers_are_refused(secretary, province):
    for data, name in ((b"name,region\nx,y\n", "list.csv"), (b"%PDF-1.4 nothing", "list.xlsx")):
        preview = imports.preview_ngos(data, name)
        assert preview.error == fa("The file «%(name)s» is not an Excel (.xlsx) file.", name=name)
        assert not preview.ok
    preview = imports.preview_ngos(xlsx([["ستون یک", "ستون دو"], ["a", "b"]]), "x.xlsx")
    assert preview.error == fa(
        "The header row was not found: the file needs the columns %(columns)s.", columns="«نام سمن»، «منطقه»"
    )


# Donors

DONOR_ROWS = [
    [
        "نوع",
        "نام و نام خانوادگی",
        "کد ملی",
        "شناسه ملی",
        "تلفن همراه",
        "کد پستی",
        "منطقه",
        "زمينه‌هاي مورد علاقه",
        "کمک های قبلی",
        "ناشناس",
        "رضایت",
    ],
    [
        "شخص",
        "احمد توکلی",
        "۲۹۱۴۱۷۷۷۶۳",
        None,
        "09121234567",
        "1437613891",
        "N-1",
        "خودرو، تجهیزات",
        "۵۰٬۰۰۰٬۰۰۰",
        "بله",
        "بله",
    ],
    ["صنعت", "پتروشیمی نمونه", None, "12415868348", None, None, None, "Cash", 1000000, None, None],
    ["شخص", "کریم بی‌رضایت", "3170669079", None, None, None, None, None, None, None, "خیر"],
    ["شخص", "رقم کنترل بد", "2914177764", None, None, None, None, None, None, None, "بله"],
    ["شخص", "موبایل بد", None, None, "12345", None, None, None, None, None, "بله"],
    ["شخص", "تکراری", "۲۹۱۴۱۷۷۷۶۳", None, None, None, None, None, None, None, "بله"],
    ["شخص", "پستی بد", None, None, None, "0000000000", None, "هوا", None, "شاید", "بله"],
    ["شخص", None, "4391500086", None, None, None, None, None, None, None, "بله"],
]


def test_donor_preview_reports_each_row(body, neighbourhood):
    preview = imports.preview_donors(xlsx(DONOR_ROWS), "donors.xlsx", body=body)
    assert [row.line for row in preview.new_rows] == [2, 3]
    refused = {row.line: row.errors for row in preview.refused_rows}
    assert refused == {
        4: [fa("A person's data is kept only with their consent; record that the donor agreed to it.")],
        5: [fa("This national ID is not valid: its check digit does not match.")],
        6: [fa("Enter an Iranian mobile number such as ۰۹۱۲۱۲۳۴۵۶۷.")],
        7: [fa("Repeats row %(line)s of the file.", line=2)],
        8: [
            fa("Unknown category of need «%(name)s».", name="هوا"),
            fa("Write بله or خیر under «ناشناس»."),
            fa("A postal code has ten digits, with no 0 or 2 among the first five (such as ۱۴۳۷۶۱۳۸۹۱)."),
        ],
        9: [fa("The name is missing.")],
    }


def test_donor_import_and_repeat(secretary, body, neighbourhood):
    data = xlsx(DONOR_ROWS)
    created = imports.import_donors(
        imports.preview_donors(data, "d.xlsx", body=body), by=secretary, body=body
    )
    person, industry = created
    assert (person.national_id, person.region, person.is_anonymous, person.prior_giving) == (
        "2914177763",
        neighbourhood,
        True,
        50_000_000,
    )
    assert person.interest_categories == ["vehicle", "equipment"] and person.consent_at is not None
    assert (industry.kind, industry.legal_id, industry.interest_categories) == (
        "industry",
        "12415868348",
        ["cash"],
    )
    again = imports.preview_donors(data, "d.xlsx", body=body)
    assert [row.line for row in again.existing_rows] == [2, 3] and not again.ok
    assert Donor.objects.count() == 2


def test_template_has_rtl_persian_headers_that_import_back(client_for, secretary, body):
    response = client_for(secretary).get(reverse("participation:donor_import_template"))
    assert response["Content-Type"] == imports.XLSX
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet.sheet_view.rightToLeft
    headers = [cell.value for cell in sheet[1]]
    assert headers == [c.header + (" *" if c.required else "") for c in imports.DONOR_COLUMNS]
    assert headers[:3] == ["نوع", "نام *", "کد ملی"]
    filled = {"نوع": "شخص", "نام *": "نیلوفر", "کد ملی": "0636083772", "رضایت به نگهداری اطلاعات": "بله"}
    rows = [headers, [filled.get(header) for header in headers]]
    assert [row.line for row in imports.preview_donors(xlsx(rows), "t.xlsx", body=body).new_rows] == [2]


def test_ngo_template_downloads(client_for, secretary):
    response = client_for(secretary).get(reverse("participation:ngo_import_template"))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet.sheet_view.rightToLeft and sheet["A1"].value == "نام سمن *"
    # Issue 10, defect 12: saved under a Persian name, an ASCII one beside it for old clients.
    disposition = response["Content-Disposition"]
    assert 'filename="ngos.xlsx"' in disposition
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == "الگوی سمن‌ها.xlsx"


# Pages


def test_ngo_import_pages_preview_then_confirm(client_for, secretary, province, neighbourhood, addiction):
    client = client_for(secretary)
    upload = io.BytesIO(xlsx(NGO_ROWS))
    upload.name = "ngos.xlsx"
    response = client.post(reverse("participation:ngo_import"), {"file": upload})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="confirm-form"' in page and fa("Unknown region «%(name)s».", name="ناکجا") in page
    assert not Organization.objects.filter(kind="ngo").exists()
    response = client.post(reverse("participation:ngo_import_confirm"))
    assert response["Location"] == reverse("participation:ngo_list")
    assert Organization.objects.filter(kind="ngo").count() == 2
    # the pending file is gone: confirming again does nothing
    response = client.post(reverse("participation:ngo_import_confirm"))
    assert response["Location"] == reverse("participation:ngo_import")
    assert Organization.objects.filter(kind="ngo").count() == 2


def test_ngo_import_page_refuses_a_wrong_file(client_for, secretary):
    client = client_for(secretary)
    upload = io.BytesIO(b"\x89PNG\r\n\x1a\n not really")
    upload.name = "list.png"
    response = client.post(reverse("participation:ngo_import"), {"file": upload})
    assert (
        'id="file-error"' in response.content.decode()
        and 'id="confirm-form"' not in response.content.decode()
    )
    response = client.post(reverse("participation:ngo_import_confirm"))
    assert response.status_code == 302 and not Organization.objects.filter(kind="ngo").exists()


def test_donor_import_pages(client_for, secretary, body, neighbourhood):
    client = client_for(secretary)
    upload = io.BytesIO(xlsx(DONOR_ROWS))
    upload.name = "donors.xlsx"
    response = client.post(reverse("participation:donor_import"), {"file": upload, "body": body.pk})
    assert len(response.context["preview"].new_rows) == 2
    response = client.post(reverse("participation:donor_import_confirm"))
    assert response["Location"] == reverse("participation:donor_list")
    assert Donor.objects.filter(body=body).count() == 2


def test_confirm_rechecks_and_rolls_back_everything(client_for, secretary, body, neighbourhood, monkeypatch):
    from hamafza.participation.services import registry

    client = client_for(secretary)
    upload = io.BytesIO(xlsx(DONOR_ROWS[:4]))
    upload.name = "donors.xlsx"
    client.post(reverse("participation:donor_import"), {"file": upload, "body": body.pk})
    real = registry.register_donor
    calls = []

    def fail_second(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise registry.ParticipationError("refused now")
        return real(*args, **kwargs)

    monkeypatch.setattr(registry, "register_donor", fail_second)
    response = client.post(reverse("participation:donor_import_confirm"))
    assert response.status_code == 200 and len(calls) == 2
    assert not Donor.objects.exists()
