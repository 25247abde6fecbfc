"""Nominations: by hand and from the provinces' Excel lists (template, preview with row errors, one
transaction, a repeated file adding nothing), accepted or not by the secretariat."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from hamafza.assembly.models import Member, Nomination
from hamafza.assembly.services import nominations as services
from hamafza.assembly.services.common import AssemblyError
from hamafza.audit.models import AuditEntry
from hamafza.orgs.models import Organization
from hamafza.participation.models import NgoProfile
from hamafza.places.models import Region


@pytest.fixture
def fars(db):
    return Region.objects.create(name="فارس", name_en="Fars", kind="province", code="IR-07")


def workbook(rows, headers=None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["فهرست سمن‌های معرفی‌شده از استان‌ها"])  # a title above the header, as people write
    sheet.append(
        headers
        or [
            "نام سمن",
            "منطقه",
            "شناسه ملی",
            "شماره ثبت",
            "مرجع صدور مجوز",
            "تاریخ انقضای مجوز",
            "استان معرفي كننده",
            "مرجع معرفی",
            "تاریخ معرفی",
            "شماره نامه معرفی",
        ]
    )
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(client, assembly, data, name="معرفی‌شدگان.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("assembly:nomination_import", args=[assembly.pk]), {"file": SimpleUploadedFile(name, data)}
    )


def test_the_template_has_persian_headers_and_a_guide(client_for, assembly, secretary):
    response = client_for(secretary).get(reverse("assembly:nomination_import_template", args=[assembly.pk]))
    book = load_workbook(io.BytesIO(response.content))
    headers = [cell.value for cell in book.worksheets[0][1]]
    assert (
        headers[0] == "نام سمن *"
        and "تاریخ معرفی *" in headers
        and "استان یا شهرستان معرفی‌کننده *" in headers
    )
    assert book.worksheets[0].sheet_view.rightToLeft
    assert book.worksheets[1].title == "راهنما"


def test_an_excel_list_previewed_imported_once_and_again_adds_nothing(
    client_for, assembly, secretary, ngos, province, fars, today
):
    known = ngos["a"]
    NgoProfile.objects.filter(organization=known).update(legal_id="10320045012")
    rows = [
        # known NGO, found by its name and region, though spelt with Arabic letters
        [
            known.name.replace("ی", "ي"),
            "تهران",
            "",
            "",
            "",
            "",
            "تهران",
            "دادگستری کل استان تهران",
            "۱۴۰۴/۰۸/۰۱",
            "۲۲۱/ص",
        ],
        # a new NGO of Fars, registered from its row
        [
            "انجمن یاوران سلامت شیراز",
            "فارس",
            "",
            "۷۷۱",
            "اداره کل ورزش و جوانان",
            "1405/12/29",
            "فارس",
            "دادگستری فارس",
            "1404/08/03",
            "۹۰۱",
        ],
        # refused: unknown nominating province, and a date in the future
        ["کانون دیگر", "فارس", "", "۸۸", "وزارت کشور", "", "کرمان", "", "۱۴۹۹/۰۱/۰۱", ""],
        # refused: a new NGO without its licence
        ["انجمن بی‌مجوز", "فارس", "", "", "", "", "فارس", "", "1404/08/03", ""],
        # refused: the first row again
        [known.name, "تهران", "", "", "", "", "تهران", "", "۱۴۰۴/۰۸/۰۱", ""],
    ]
    data = workbook(rows)
    client = client_for(secretary)
    page = upload(client, assembly, data)
    html = page.content.decode()
    assert page.status_code == 200 and 'id="confirm-form"' in html
    assert "کرمان" in html  # the unknown region is named in the row's error
    assert Nomination.objects.count() == 0  # nothing is saved by the preview

    confirmed = client.post(reverse("assembly:nomination_import_confirm", args=[assembly.pk]))
    assert confirmed.status_code == 302
    nominations = {
        n.organization.name: n for n in Nomination.objects.select_related("organization", "region")
    }
    assert set(nominations) == {known.name, "انجمن یاوران سلامت شیراز"}
    shiraz = nominations["انجمن یاوران سلامت شیراز"]
    assert (shiraz.region, shiraz.nominated_by, shiraz.state) == (
        fars,
        "دادگستری فارس",
        Nomination.State.NOMINATED,
    )
    assert shiraz.organization.kind == Organization.Kind.NGO
    assert NgoProfile.objects.get(organization=shiraz.organization).registration_number == "۷۷۱"
    assert nominations[known.name].letter_number == "۲۲۱/ص"
    assert AuditEntry.objects.filter(action="nomination.create").count() == 2

    again = upload(client, assembly, data).content.decode()
    assert 'id="confirm-form"' not in again and 'id="nothing-new"' in again
    assert Nomination.objects.count() == 2


@pytest.mark.parametrize(
    "data, name",
    [
        (b"%PDF-1.4 not a workbook", "list.xlsx"),
        (b"name,region\n", "list.csv"),
        (workbook([], headers=["ستون بی‌ربط"]), "list.xlsx"),
    ],
    ids=["pdf-named-xlsx", "csv", "no-header"],
)
def test_a_wrong_file_changes_nothing(client_for, assembly, secretary, data, name):
    page = upload(client_for(secretary), assembly, data, name).content.decode()
    assert 'id="file-error"' in page and 'id="confirm-form"' not in page
    assert Nomination.objects.count() == 0


def test_accepting_makes_a_member_and_refusing_needs_a_reason(
    client_for, assembly, secretary, ngos, province, today
):
    data = services.NominationData(organization=ngos["a"], region=province, nominated_on=today)
    nomination = services.nominate(assembly, by=secretary, data=data)
    with pytest.raises(AssemblyError):
        services.nominate(assembly, by=secretary, data=data)
    client = client_for(secretary)
    client.post(reverse("assembly:nomination_decide", args=[nomination.pk]), {"decision": "accept"})
    assert Member.objects.filter(assembly=assembly, organization=ngos["a"], nomination=nomination).exists()
    other = services.nominate(
        assembly,
        by=secretary,
        data=services.NominationData(organization=ngos["b"], region=province, nominated_on=today),
    )
    client.post(reverse("assembly:nomination_decide", args=[other.pk]), {"decision": "refuse", "reason": ""})
    other.refresh_from_db()
    assert other.state == Nomination.State.NOMINATED
    client.post(
        reverse("assembly:nomination_decide", args=[other.pk]),
        {"decision": "refuse", "reason": "فعالیت در حوزه پیشگیری ندارد"},
    )
    other.refresh_from_db()
    assert (other.state, other.decision_note) == (Nomination.State.REFUSED, "فعالیت در حوزه پیشگیری ندارد")
    assert not Member.objects.filter(organization=ngos["b"]).exists()


def test_only_ngos_nominated_by_a_province_or_county(
    assembly, secretary, police, neighbourhood, province, today
):
    with pytest.raises(AssemblyError) as error:
        services.nominate(
            assembly,
            by=secretary,
            data=services.NominationData(organization=police, region=neighbourhood, nominated_on=today),
        )
    assert set(error.value.message_dict) == {"organization", "region"}


def test_a_nomination_letter_must_be_a_pdf_or_an_image(client_for, assembly, secretary, ngos, province):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(secretary).post(
        reverse("assembly:nomination_create", args=[assembly.pk]),
        {
            "organization": ngos["c"].pk,
            "region": province.pk,
            "nominated_on": "۱۴۰۴/۰۸/۱۷",
            "letter_file": SimpleUploadedFile("نامه.pdf", b"MZ this is a program"),
        },
    )
    assert response.status_code == 200 and Nomination.objects.count() == 0
    response = client_for(secretary).post(
        reverse("assembly:nomination_create", args=[assembly.pk]),
        {
            "organization": ngos["c"].pk,
            "region": province.pk,
            "nominated_on": "۱۴۰۴/۰۸/۱۷",
            "letter_file": SimpleUploadedFile("نامه.pdf", b"%PDF-1.4\n%letter\n"),
        },
    )
    assert response.status_code == 302
    nomination = Nomination.objects.get()
    download = client_for(secretary).get(reverse("assembly:nomination_letter", args=[nomination.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")
