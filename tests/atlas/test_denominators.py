"""Denominators uploaded from Excel and CSV files: the template, the preview (changes, unchanged rows,
refused rows with their reasons), the confirmation through set_denominators, idempotence, every
refusal of a whole file, and who may (admin, secretary, officer, outsider, signed out)."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import Workbook, load_workbook

from hamafza.atlas.models import RegionYear
from hamafza.atlas.services import denominators
from hamafza.audit.models import AuditEntry
from hamafza.lib.jalali import to_jalali
from hamafza.places.models import Region

UPLOAD = "atlas:denominators_upload"
CONFIRM = "atlas:denominators_confirm"
TEMPLATE = "atlas:denominators_template"


@pytest.fixture
def district(city):
    return Region.objects.create(name="منطقه ۲۱", kind="district", code="D21", parent=city)


@pytest.fixture
def area(district):
    """Three neighbourhoods under the body's province, so within the secretary's reach."""
    return [
        Region.objects.create(name=name, kind="neighbourhood", code=f"T21-0{i}", parent=district)
        for i, name in enumerate(["وردآورد", "چیتگر", "تهرانسر"], start=1)
    ]


@pytest.fixture
def far(other_province):
    """A neighbourhood of another province, named like one of the area: outside the secretary's reach."""
    return Region.objects.create(name="چیتگر", kind="neighbourhood", code="F-01", parent=other_province)


def xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list], *, bom: bool = False, delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode("utf-8-sig" if bom else "utf-8")


def saved() -> dict[tuple[str, int], tuple]:
    return {
        (code, year): (population, households, pupils)
        for code, year, population, households, pupils in RegionYear.objects.values_list(
            "region__code", "year", "population", "households", "pupils"
        )
    }


def upload(client, name: str, data: bytes):
    return client.post(reverse(UPLOAD), {"file": SimpleUploadedFile(name, data)})


def audits() -> list[dict]:
    return list(
        AuditEntry.objects.filter(action="regionyear.set").order_by("id").values_list("changes", flat=True)
    )


PERSIAN_FILE = [
    ["جمعیت پایه محلات منطقه ۲۱"],  # a title above the header
    ["کد محله", "نام محله", "سال", "جمعیت (نفر)", "تعداد خانوار", "دانش‌آموزان"],
    ["T21-۰۱", "وردآورد", "۱۴۰۳", "۱۲٬۰۰۰", "3,500", 2100],
    ["T21-02", "", 1403, 8000, None, None],
    ["t21-03", "", "1403", "", "", ""],
]


# --- The preview and the confirmation -------------------------------------------------------------------


def test_preview_shows_changes_then_confirm_applies_them(area, secretary, client_for):
    RegionYear.objects.create(region=area[1], year=1403, population=7000, households=2000, pupils=900)
    client = client_for(secretary)
    preview = upload(client, "محلات.xlsx", xlsx(PERSIAN_FILE))
    page = preview.content.decode()
    assert preview.status_code == 200 and 'id="confirm-form"' in page
    changes = page.split('id="changes"')[1].split("</table>")[0]
    assert "۱۲٬۰۰۰" in changes and "۳٬۵۰۰" in changes and "۲٬۱۰۰" in changes
    assert '<span class="old">۷٬۰۰۰</span> → ۸٬۰۰۰' in changes and "۲٬۰۰۰" in changes  # households kept
    assert "T21-03" not in changes  # a row without numbers is left as it is
    assert saved() == {("T21-02", 1403): (7000, 2000, 900)}  # nothing saved before the confirmation

    digest = client.session[denominators_session()]["digest"]
    done = client.post(reverse(CONFIRM), {"digest": digest})
    assert done.status_code == 302 and done["Location"] == reverse(UPLOAD)
    assert saved() == {("T21-01", 1403): (12000, 3500, 2100), ("T21-02", 1403): (8000, 2000, 900)}
    assert audits() == [
        {"year": 1403, "population": [None, 12000], "households": [None, 3500], "pupils": [None, 2100]},
        {"year": 1403, "population": [7000, 8000]},
    ]
    assert AuditEntry.objects.filter(action="regionyear.set", actor=secretary).count() == 2
    # The pending upload is gone: confirming again changes nothing.
    again = client.post(reverse(CONFIRM), {"digest": digest}, follow=True)
    assert len(audits()) == 2 and 'class="flash error"' in again.content.decode()


def denominators_session() -> str:
    from hamafza.atlas.views.denominators import SESSION_KEY

    return SESSION_KEY


def test_the_same_file_again_changes_nothing(area, secretary, client_for):
    client = client_for(secretary)
    data = xlsx(PERSIAN_FILE[1:3])
    upload(client, "a.xlsx", data)
    client.post(reverse(CONFIRM), {"digest": client.session[denominators_session()]["digest"]})
    assert len(audits()) == 1
    second = upload(client, "a.xlsx", data)
    page = second.content.decode()
    assert 'id="nothing-to-change"' in page and 'id="confirm-form"' not in page
    assert 'id="unchanged"' in page and 'id="changes"' not in page
    # Even confirmed, the unchanged rows write nothing and audit nothing.
    client.post(reverse(CONFIRM), {"digest": client.session[denominators_session()]["digest"]})
    assert len(audits()) == 1 and saved() == {("T21-01", 1403): (12000, 3500, 2100)}


def test_csv_with_bom_english_headers_names_and_semicolons(area, admin):
    RegionYear.objects.create(region=area[0], year=1402, population=11000, households=3000)
    rows = [
        ["Neighborhood", "Jalali_Year", "Households", "PUPILS", "Residents"],
        ["وردآورد", "1402", "3100", "", ""],  # population left as it is
        ["چيتگر", "١٤٠٢", "", "1 200", "9000"],  # Arabic yeh and digits
    ]
    preview = denominators.check_file(admin, csv_bytes(rows, bom=True, delimiter=";"), "d.csv")
    assert [(row.line, row.code, row.year, row.changes) for row in preview.to_change] == [
        (2, "T21-01", 1402, {"households": (3000, 3100)}),
        (3, "T21-02", 1402, {"pupils": (None, 1200), "population": (None, 9000)}),
    ]
    assert denominators.apply(admin, preview.pending()) == 2
    assert saved() == {("T21-01", 1402): (11000, 3100, None), ("T21-02", 1402): (9000, None, 1200)}


def test_a_name_is_matched_within_reach(area, far, secretary, admin):
    data = csv_bytes([["محله", "سال", "جمعیت"], ["چیتگر", "1403", "5000"]])
    mine = denominators.check_file(secretary, data, "n.csv")
    assert [(row.code, row.errors) for row in mine.rows] == [("T21-02", [])]
    with translation.override("en"), pytest.raises(denominators.NoValidRow) as refused:
        denominators.check_file(admin, data, "n.csv")  # the admin reaches both
    assert refused.value.preview.rows[0].errors == [
        "More than one neighbourhood is named «چیتگر»; give its code."
    ]


def test_row_errors_name_each_reason(area, far, district, secretary):
    rows = [
        ["کد محله", "سال", "جمعیت", "خانوار", "دانش آموز"],
        ["T21-01", "1403", "100", "", ""],  # 2: good
        ["X-99", "1403", "100", "", ""],  # 3: unknown code
        ["D21", "1403", "100", "", ""],  # 4: a district
        ["T21-02", "2024", "100", "", ""],  # 5: not a Jalali year
        ["T21-02", "", "100", "", ""],  # 6: no year
        ["T21-02", "1299", "-5", "abc", "12.5"],  # 7: year and three bad numbers
        ["T21-03", "1403", "1", "", ""],  # 8: twice
        ["T21-03", "۱۴۰۳", "2", "", ""],  # 9: twice
        ["F-01", "1403", "100", "", ""],  # 10: outside the area
        ["", "1403", "100", "", ""],  # 11: no neighbourhood
        ["T21-02", "1403", "12.000", "", ""],  # 12: ambiguous separator
    ]
    with translation.override("en"):
        preview = denominators.check_file(secretary, csv_bytes(rows), "e.csv")
    assert [row.line for row in preview.good] == [2]
    assert {row.line: row.errors for row in preview.refused} == {
        3: ["Unknown neighbourhood code «X-99»."],
        4: ["«D21» is not a neighbourhood."],
        5: ["«2024» is not a Jalali year between ۱۳۰۰ and ۱۵۰۰."],
        6: ["The year is missing."],
        7: [
            "«1299» is not a Jalali year between ۱۳۰۰ and ۱۵۰۰.",
            "A denominator cannot be negative.",
            "«abc» is not a whole number.",
            "«12.5» is not a whole number.",
        ],
        8: ["تهرانسر has more than one row for ۱۴۰۳ (lines ۸، ۹)."],
        9: ["تهرانسر has more than one row for ۱۴۰۳ (lines ۸، ۹)."],
        10: ["«F-01» is outside your area: you may not set its denominators."],
        11: ["The row names no neighbourhood."],
        12: ["«12.000» is not a whole number."],
    }


def test_preview_page_lists_refused_rows_and_applies_only_good_ones(area, far, secretary, client_for):
    client = client_for(secretary)
    rows = [["کد محله", "سال", "جمعیت"], ["T21-01", "1403", "10"], ["F-01", "1403", "20"]]
    page = upload(client, "mixed.csv", csv_bytes(rows)).content.decode()
    refused = page.split('<table id="refused">')[1].split("</table>")[0]
    assert "F-01" in refused and "چیتگر" not in refused  # nothing of the far neighbourhood is shown
    assert 'id="confirm-form"' in page
    client.post(reverse(CONFIRM), {"digest": client.session[denominators_session()]["digest"]})
    assert saved() == {("T21-01", 1403): (10, None, None)}


def test_confirm_checks_again_and_changes_nothing_when_reach_changed(
    area, other_province, secretary, client_for
):
    client = client_for(secretary)
    rows = [["کد محله", "سال", "جمعیت"], ["T21-01", "1403", "10"], ["T21-02", "1403", "20"]]
    upload(client, "r.csv", csv_bytes(rows))
    Region.objects.filter(pk=area[1].pk).update(parent=other_province)  # moved out of the secretary's reach
    page = client.post(
        reverse(CONFIRM), {"digest": client.session[denominators_session()]["digest"]}, follow=True
    )
    assert 'class="flash error"' in page.content.decode()
    assert saved() == {} and audits() == []


def test_confirm_needs_the_digest_of_the_previewed_file(area, secretary, client_for):
    client = client_for(secretary)
    upload(client, "r.csv", csv_bytes([["کد محله", "سال", "جمعیت"], ["T21-01", "1403", "10"]]))
    client.post(reverse(CONFIRM), {"digest": "0" * 64})
    assert saved() == {}


# --- Files refused as a whole ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("d.pdf", b"%PDF-1.4"),
        ("d.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64),
        ("d.xlsx", b"code,year,population\nT21-01,1403,10\n"),  # not an Excel file
        ("d.xlsx", b"PK\x03\x04broken"),
        ("d.csv", xlsx([["کد محله", "سال", "جمعیت"]])),  # an Excel file named .csv
        ("d.csv", "كد محله,سال,جمعيت\nT21-01,1403,10\n".encode("cp1256")),  # not UTF-8
        ("d.csv", b"a,b,c\n1,2,3\n"),  # no header
        ("d.xlsx", xlsx([["محله", "جمعیت"], ["وردآورد", 10]])),  # no year column
        ("d.csv", "کد محله,سال,جمعیت\n".encode()),  # a header and no row
        ("d.csv", "کد محله,سال,جمعیت\nX-1,1403,10\nT21-01,1403,-1\n".encode()),  # no valid row
    ],
    # Named ids: an .xlsx built here holds its creation time, and the xdist workers must collect alike.
    ids=[
        "pdf",
        "xls",
        "text-named-xlsx",
        "broken-xlsx",
        "xlsx-named-csv",
        "cp1256-csv",
        "no-header",
        "no-year-column",
        "header-only",
        "no-valid-row",
    ],
)
def test_files_refused_as_a_whole_change_nothing(area, secretary, client_for, name, data):
    client = client_for(secretary)
    response = upload(client, name, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="flash error"' in page and 'id="confirm-form"' not in page
    assert denominators_session() not in client.session
    assert saved() == {} and audits() == []


def test_a_file_too_big_is_refused(area, secretary, client_for, settings):
    data = csv_bytes([["کد محله", "سال", "جمعیت"], *[["T21-01", "1403", str(i)] for i in range(200)]])
    settings.UPLOAD_MAX_BYTES = len(data) - 1
    client = client_for(secretary)
    page = upload(client, "big.csv", data).content.decode()
    assert 'id="refused"' in page and 'id="confirm-form"' not in page
    with pytest.raises(denominators.RefusedFile):
        denominators.check_file(secretary, data, "big.csv")
    assert saved() == {}


def test_a_blank_template_is_refused(area, secretary, client_for):
    client = client_for(secretary)
    template = client.get(reverse(TEMPLATE)).content
    page = upload(client, "template.xlsx", template).content.decode()
    assert 'id="refused-file"' in page and 'id="confirm-form"' not in page
    assert saved() == {}


# --- The template -----------------------------------------------------------------------------------------


def test_template_lists_the_users_neighbourhoods_with_this_years_numbers(
    area, far, secretary, admin, client_for
):
    year = to_jalali(timezone.localdate()).year
    RegionYear.objects.create(region=area[0], year=year, population=12000, households=3000)
    RegionYear.objects.create(region=area[1], year=year - 1, population=99)  # another year: not shown
    response = client_for(secretary).get(reverse(TEMPLATE))
    assert (
        response.status_code == 200
        and f'filename="denominators-{year}.xlsx"' in response["Content-Disposition"]
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.sheet_view.rightToLeft
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        ["کد محله", "محله", "سال", "جمعیت", "خانوار", "دانش‌آموز"],
        *[
            [r.code, r.name, year, *((12000, 3000, None) if r == area[0] else (None, None, None))]
            for r in sorted(area, key=lambda r: r.name)
        ],
    ]
    every = load_workbook(io.BytesIO(client_for(admin).get(reverse(TEMPLATE)).content)).active
    assert sorted(row[0] for row in every.iter_rows(min_row=2, values_only=True)) == [
        "F-01",
        "T21-01",
        "T21-02",
        "T21-03",
    ]


def test_a_filled_template_uploads_and_its_reupload_is_unchanged(area, secretary, client_for):
    client = client_for(secretary)
    sheet_file = load_workbook(io.BytesIO(client.get(reverse(TEMPLATE)).content))
    sheet = sheet_file.active
    for index, row in enumerate(sheet.iter_rows(min_row=2), start=1):
        row[3].value = f"{index * 1000:,}"
    buffer = io.BytesIO()
    sheet_file.save(buffer)
    upload(client, "filled.xlsx", buffer.getvalue())
    client.post(reverse(CONFIRM), {"digest": client.session[denominators_session()]["digest"]})
    assert sorted(population for population, _h, _p in saved().values()) == [1000, 2000, 3000]
    again = upload(client, "filled.xlsx", client.get(reverse(TEMPLATE)).content).content.decode()
    assert 'id="nothing-to-change"' in again and len(audits()) == 3


# --- Who may --------------------------------------------------------------------------------------------------


def test_admin_and_secretary_reach_the_pages(area, admin, secretary, client_for):
    for user in (admin, secretary):
        client = client_for(user)
        assert client.get(reverse(UPLOAD)).status_code == 200
        assert client.get(reverse(TEMPLATE)).status_code == 200
        assert 'id="denominators-link"' in client.get(reverse("atlas:values")).content.decode()


def test_officers_viewers_and_outsiders_get_403(area, officer, viewer, outsider, client_for):
    data = csv_bytes([["کد محله", "سال", "جمعیت"], ["T21-01", "1403", "10"]])
    for user in (officer, viewer, outsider):
        client = client_for(user)
        assert client.get(reverse(UPLOAD)).status_code == 403
        assert upload(client, "d.csv", data).status_code == 403
        assert client.get(reverse(TEMPLATE)).status_code == 403
        assert client.post(reverse(CONFIRM), {"digest": "x"}).status_code == 403
        assert 'id="denominators-link"' not in client.get(reverse("atlas:values")).content.decode()
    assert saved() == {}


def test_a_secretary_of_another_province_may_set_only_its_own(area, far, outsider_org, client_for):
    from hamafza.accounts.models import BodyRole, User
    from hamafza.meetings.models import Body

    body = Body.objects.create(
        name="کارگروه فارس", kind="working_group", region=far.parent, secretariat=outsider_org
    )
    user = User.objects.create_user(username="fars", password="x-123-pass", organization=outsider_org)
    BodyRole.objects.create(user=user, body=body, kind=BodyRole.Kind.SECRETARIAT)
    assert [region.code for region in denominators.neighbourhoods_for(user)] == ["F-01"]
    rows = [["کد محله", "سال", "جمعیت"], ["F-01", "1403", "10"], ["T21-01", "1403", "10"]]
    preview = denominators.check_file(user, csv_bytes(rows), "f.csv")
    assert [row.line for row in preview.good] == [2] and [row.line for row in preview.refused] == [3]


def test_signed_out_users_are_sent_to_sign_in(client):
    for response in (
        client.get(reverse(UPLOAD)),
        client.get(reverse(TEMPLATE)),
        client.post(reverse(CONFIRM)),
    ):
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_reach_agrees_with_can_set_denominators(area, far, admin, secretary, officer):
    from hamafza.atlas.services.values import can_set_denominators

    for user in (admin, secretary, officer):
        reach = denominators.reachable_ids(user)
        for region in Region.objects.neighbourhoods():
            assert can_set_denominators(user, region) == (reach is None or region.pk in reach)


# --- Reading numbers and headers ----------------------------------------------------------------------------


def test_numbers_years_and_headers_in_any_spelling():
    assert [
        denominators.parse_count(v)[0] for v in ["۱۲٬۰۰۰", "12,000", "١٢٠٠٠", 12000.0, "12 000", "12000.0"]
    ] == [12000] * 6
    assert denominators.parse_count("") == (None, None) and denominators.parse_count(None) == (None, None)
    assert denominators.parse_count(0) == (0, None)
    assert [denominators.parse_count(v)[0] for v in ["-1", "x", 1.5, "1e3", True]] == [None] * 5
    assert [denominators.parse_year(v)[0] for v in ["۱۴۰۳", 1403, 1403.0, "1403", "1300", "1500"]] == [
        1403,
        1403,
        1403,
        1403,
        1300,
        1500,
    ]
    assert [denominators.parse_year(v)[0] for v in ["03", "1501", "2024", "1403/01", None]] == [None] * 5
    key = denominators.header_key
    assert key("دانش‌آموزان") == key("دانش آموزان") == key("دانش_آموزان")
    assert key("كد محله") == key("کد محله") and key("Neighbourhood-Code") == key("neighbourhood code")
    assert key("جمعیت (نفر)") == key("جمعیت")
