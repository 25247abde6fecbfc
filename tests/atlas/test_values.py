"""Indicator values: entry and upload by the owner agency, the checks shown before saving, replacement
of a period sent again, permissions, audit, denominators and rates, and the pages."""

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from hamafza.atlas.models import DataBatch, Indicator, IndicatorValue, RegionYear
from hamafza.atlas.services import values
from hamafza.atlas.services.taxonomy import ensure_taxonomy
from hamafza.audit.models import AuditEntry
from hamafza.lib.persian import to_persian_digits
from hamafza.places.models import Region

NAMES = ["وردآورد", "شهرک دانشگاه", "چیتگر", "تهرانسر"]


@pytest.fixture
def area(city):
    """Four neighbourhoods of a district of the city (the welfare office serves the whole province)."""
    district = Region.objects.create(name="منطقه ۲۱", kind="district", code="D21", parent=city)
    return [
        Region.objects.create(
            name=name, kind="neighbourhood", code=f"T21-0{i}", parent=district, population=10000 * i
        )
        for i, name in enumerate(NAMES, start=1)
    ]


@pytest.fixture
def indicator(welfare, education, area):
    ensure_taxonomy(owners={"welfare": welfare, "education": education})
    return Indicator.objects.get(code="addiction_treatment_visits")


@pytest.fixture
def month():
    """Last month: values are reported after a month ends."""
    return values.recent_months(2)[1]


def shift(month: int, by: int) -> int:
    return values.month_from_index(values.month_index(month) + by)


def slash(month: int) -> str:
    return f"{month // 100}/{month % 100:02d}"


def xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list], encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def saved(indicator, month=None) -> dict[tuple[str, int], float]:
    rows = IndicatorValue.objects.filter(indicator=indicator)
    if month:
        rows = rows.filter(month=month)
    return {(code, m): v for code, m, v in rows.values_list("region__code", "month", "value")}


# --- Entering and uploading ---------------------------------------------------------------------------------


def test_enter_values_saves_the_month_and_audits_it(indicator, area, other_officer, month):
    batch = values.enter_values(
        indicator, by=other_officer, month=month, values={area[0].pk: "۱۲", area[1].pk: 7, area[2].pk: "3٫5"}
    )
    assert saved(indicator) == {("T21-01", month): 12.0, ("T21-02", month): 7.0, ("T21-03", month): 3.5}
    assert batch.kind == DataBatch.Kind.VALUES and batch.organization == indicator.owner
    entry = AuditEntry.objects.get(action="indicator.values")
    assert (entry.actor, entry.object_id) == (other_officer, indicator.pk)
    assert entry.changes == {
        "months": [month],
        "batch": batch.pk,
        "file": "",
        "saved": 3,
        "replaced": 0,
        "values": {
            f"T21-01/{month}": [None, 12.0],
            f"T21-02/{month}": [None, 7.0],
            f"T21-03/{month}": [None, 3.5],
        },
    }


def test_entering_a_month_again_replaces_it(indicator, area, other_officer, month):
    values.enter_values(indicator, by=other_officer, month=month, values={area[0].pk: 12, area[1].pk: 7})
    values.enter_values(indicator, by=other_officer, month=month, values={area[0].pk: 13, area[2].pk: 1})
    assert saved(indicator) == {("T21-01", month): 13.0, ("T21-03", month): 1.0}
    last = AuditEntry.objects.filter(action="indicator.values").first()
    assert last.changes["values"] == {
        f"T21-01/{month}": [12.0, 13.0],
        f"T21-02/{month}": [7.0, None],
        f"T21-03/{month}": [None, 1.0],
    }
    assert last.changes["replaced"] == 2


def test_upload_xlsx_with_persian_months_and_codes(indicator, area, other_officer, month):
    earlier = shift(month, -1)
    data = xlsx(
        [
            ["گزارش ماهانه مراجعه به مراکز ترک اعتیاد"],  # a title row above the header
            ["کد محله", "نام محله", "ماه", "مقدار"],
            *[[r.code, r.name, to_persian_digits(slash(month)), i * 10] for i, r in enumerate(area, 1)],
            *[[r.code, r.name, int(f"{earlier}"), i] for i, r in enumerate(area, 1)],
        ]
    )
    preview = values.upload_values(indicator, by=other_officer, data=data, filename="visits.xlsx")
    assert preview.ok and preview.warnings == []
    assert preview.months == [earlier, month]
    assert [(row.line, row.code, row.month, row.value) for row in preview.rows[:2]] == [
        (3, "T21-01", month, 10.0),
        (4, "T21-02", month, 20.0),
    ]
    batch = values.save_values(preview, by=other_officer)
    assert saved(indicator, month) == {(r.code, month): i * 10.0 for i, r in enumerate(area, 1)}
    assert saved(indicator, earlier) == {(r.code, earlier): float(i) for i, r in enumerate(area, 1)}
    assert batch.file_name == "visits.xlsx" and batch.file.read() == data
    assert AuditEntry.objects.get(action="indicator.values").changes["file"] == "visits.xlsx"


def test_upload_csv_by_names_with_year_and_month_columns(indicator, area, other_officer, month):
    rows = [["محله", "سال", "ماه", "تعداد"]]
    rows += [[r.name.replace("ی", "ي"), month // 100, month % 100, "1,200"] for r in area]  # Arabic yeh
    preview = values.upload_values(
        indicator, by=other_officer, data=csv_bytes(rows, "cp1256"), filename="visits.csv"
    )
    assert preview.ok, preview.errors
    values.save_values(preview, by=other_officer)
    assert saved(indicator) == {(r.code, month): 1200.0 for r in area}


def test_upload_without_a_month_column_takes_the_chosen_month(indicator, area, other_officer, month):
    data = csv_bytes([["code", "value"], *[[r.code, 5] for r in area]])
    with translation.override("en"):
        no_month = values.upload_values(indicator, by=other_officer, data=data, filename="v.csv")
    assert [issue.message for issue in no_month.errors] == [
        "The file has no month (ماه) column; choose the month of its values."
    ]
    preview = values.upload_values(indicator, by=other_officer, data=data, filename="v.csv", month=month)
    assert preview.ok and preview.months == [month]


def test_reupload_of_the_same_period_replaces_never_doubles(indicator, area, other_officer, month):
    first = csv_bytes([["کد محله", "ماه", "مقدار"], *[[r.code, month, 4] for r in area]])
    for _ in range(2):
        values.save_values(
            values.upload_values(indicator, by=other_officer, data=first, filename="a.csv"), by=other_officer
        )
    assert IndicatorValue.objects.filter(indicator=indicator).count() == 4
    second = csv_bytes([["کد محله", "ماه", "مقدار"], *[[r.code, month, 6] for r in area[:3]]])
    preview = values.upload_values(indicator, by=other_officer, data=second, filename="b.csv")
    assert preview.replaced == 4
    values.save_values(preview, by=other_officer)
    assert saved(indicator) == {(r.code, month): 6.0 for r in area[:3]}
    assert AuditEntry.objects.filter(action="indicator.values").count() == 3


def test_validation_messages_for_each_case(indicator, area, other_officer, month):
    # Twelve months of history around 10 for the first neighbourhood, so 100 is far outside it.
    for back in range(1, 13):
        values.enter_values(
            indicator, by=other_officer, month=shift(month, -back), values={area[0].pk: 9 + back % 3}
        )
    future = shift(month, 2)
    rows = [
        ["کد محله", "ماه", "مقدار"],
        ["T21-01", month, 100],  # line 2: far outside its history (warning)
        ["T21-99", month, 3],  # line 3: unknown code
        ["T21-02", month, -1],  # line 4: negative
        ["T21-02", month, 2],  # line 5: second value of T21-02
        ["T21-03", "ماه بعد", 2],  # line 6: unreadable month
        ["T21-03", future, 2],  # line 7: a month to come
        ["T21-03", month, "زیاد"],  # line 8: not a number
    ]
    with translation.override("en"):
        preview = values.upload_values(indicator, by=other_officer, data=csv_bytes(rows), filename="x.csv")
        errors = [(issue.line, issue.message) for issue in preview.errors]
        warnings = [(issue.line, issue.message) for issue in preview.warnings]
    label = values.month_label(month)
    assert errors == [
        (3, "Unknown neighbourhood code «T21-99»: no neighbourhood of the area has it."),
        (4, "A value cannot be negative."),
        (5, f"شهرک دانشگاه has a second value for {label} (first on line ۴)."),
        (6, "The month is missing or unreadable (write it as ۱۴۰۳/۰۲ or 140302)."),
        (7, f"{values.month_label(future)} has not come yet; values are entered after the month."),
        (8, "«زیاد» is not a number."),
    ]
    assert warnings == [
        (None, f"{label}: no value for ۱ neighbourhood of the area: تهرانسر"),
        (
            2,
            "۱۰۰ is far from this neighbourhood's past ۱۲ months (median ۱۰, highest ۱۱); check it before saving.",
        ),
    ]
    assert not preview.ok
    with pytest.raises(ValidationError):
        values.save_values(preview, by=other_officer)
    assert IndicatorValue.objects.filter(indicator=indicator, month=month).count() == 0


def test_flat_history_warns_above_three_times_its_highest(indicator, area, other_officer, month):
    for back in range(1, 4):
        values.enter_values(indicator, by=other_officer, month=shift(month, -back), values={area[0].pk: 5})
    ok = values.check_entries(indicator, by=other_officer, month=month, values={area[0].pk: 15})
    far = values.check_entries(indicator, by=other_officer, month=month, values={area[0].pk: 16})
    assert ok.rows[0].warnings == [] and len(far.rows[0].warnings) == 1


def test_unreadable_and_headerless_files(indicator, other_officer):
    with translation.override("en"):
        broken = values.upload_values(indicator, by=other_officer, data=b"PK\x03\x04junk", filename="a.xlsx")
        headless = values.upload_values(indicator, by=other_officer, data=b"a,b\n1,2\n", filename="a.csv")
    assert [i.message for i in broken.errors] == [
        "The file could not be read; send an Excel (xlsx) or CSV file."
    ]
    assert [i.message for i in headless.errors] == [
        "No header row was found: the file needs a neighbourhood code (کد محله) or name (محله) column "
        "and a value (مقدار) column."
    ]


def test_only_the_owner_officers_and_admins_may_enter(
    indicator, area, officer, other_officer, outsider, secretary, admin, month
):
    for user in (officer, outsider, secretary):
        assert not values.can_enter_values(user, indicator)
        with pytest.raises(PermissionDenied):
            values.enter_values(indicator, by=user, month=month, values={area[0].pk: 1})
        with pytest.raises(PermissionDenied):
            values.upload_values(indicator, by=user, data=b"", filename="a.csv")
    preview = values.check_entries(indicator, by=other_officer, month=month, values={area[0].pk: 1})
    with pytest.raises(PermissionDenied):
        values.save_values(preview, by=officer)
    values.enter_values(indicator, by=admin, month=month, values={area[0].pk: 2})
    assert saved(indicator) == {("T21-01", month): 2.0}
    assert list(values.indicators_for(officer)) == []
    assert indicator in values.indicators_for(other_officer)
    counted = Indicator.objects.get(code="theft_count")
    with pytest.raises(ValidationError):
        values.enter_values(counted, by=admin, month=month, values={area[0].pk: 1})


def test_neighbourhoods_outside_the_area_are_refused(indicator, area, other_officer, other_province, month):
    far = Region.objects.create(name="دور", kind="neighbourhood", code="F-1", parent=other_province)
    preview = values.check_entries(indicator, by=other_officer, month=month, values={far.pk: 1})
    assert not preview.ok
    data = csv_bytes([["کد محله", "ماه", "مقدار"], ["F-1", month, 1]])
    assert not values.upload_values(indicator, by=other_officer, data=data, filename="a.csv").ok


# --- Denominators and rates ---------------------------------------------------------------------------------


def test_set_denominators_audits_changes_only(area, admin, officer):
    region = area[0]
    row = values.set_denominators(region, 1403, by=admin, population=12000, households=3500)
    assert (row.population, row.households, row.pupils) == (12000, 3500, None)
    values.set_denominators(region, 1403, by=admin, population=12000, pupils=2100)
    entries = list(
        AuditEntry.objects.filter(action="regionyear.set").order_by("id").values_list("changes", flat=True)
    )
    assert entries == [
        {"year": 1403, "population": [None, 12000], "households": [None, 3500]},
        {"year": 1403, "pupils": [None, 2100]},
    ]
    values.set_denominators(region, 1403, by=admin, population=12000)
    assert AuditEntry.objects.filter(action="regionyear.set").count() == 2
    with pytest.raises(PermissionDenied):
        values.set_denominators(region, 1403, by=officer, population=1)
    with pytest.raises(ValidationError):
        values.set_denominators(region, 1403, by=admin, population=-1)
    assert RegionYear.objects.get(region=region, year=1403).population == 12000


def test_rate(indicator):
    per_residents = Indicator(kind="rate", denominator="population", per=10_000)
    per_households = Indicator(kind="rate", denominator="households", per=1_000)
    year = RegionYear(population=25_000, households=8_000, pupils=0)
    assert values.rate(50, per_residents, year) == 20.0
    assert values.rate(4, per_households, year) == 0.5
    assert values.rate(4, per_households, {"households": 2_000}) == 2.0
    assert values.rate(3, Indicator(kind="rate", denominator="pupils", per=1_000), year) is None  # zero
    assert values.rate(3, per_residents, {"households": 10}) is None  # missing
    assert values.rate(3, per_residents, None) is None
    assert values.rate(None, per_residents, year) is None
    assert values.rate(7, indicator, year) == 7.0  # a count stays a count


def test_month_parsing():
    assert [
        values.parse_month(text)
        for text in ["۱۴۰۳/۰۲", "1403-2", 140302, 140302.0, "140302", "اردیبهشت ۱۴۰۳", "03/2", "1403/02/15"]
    ] == [140302] * 8
    assert [values.parse_month(text) for text in ["1403/13", "", None, "بهار", 1403.5]] == [None] * 5
    assert values.parse_number("۱٬۲۳۴٫۵") == 1234.5
    assert values.month_label(140307) == "مهر ۱۴۰۳"


# --- Pages --------------------------------------------------------------------------------------------------


def test_entry_page_with_persian_digits_and_confirmation(indicator, area, other_officer, client_for, month):
    client = client_for(other_officer)
    index = client.get(reverse("atlas:values"))
    assert index.status_code == 200 and indicator.name in index.content.decode()
    url = reverse("atlas:values_entry", args=[indicator.pk])
    page = client.get(url, {"month": month})
    assert page.status_code == 200
    assert all(name in page.content.decode() for name in NAMES)
    typed = {f"v-{r.pk}": value for r, value in zip(area, ["۱۲", "3", "۰", "۲٫۵"], strict=True)}
    response = client.post(url, {"month": month, **typed})
    assert response.status_code == 302
    assert saved(indicator) == {
        ("T21-01", month): 12.0,
        ("T21-02", month): 3.0,
        ("T21-03", month): 0.0,
        ("T21-04", month): 2.5,
    }
    # A negative value is refused and shown; nothing changes.
    refused = client.post(url, {"month": month, f"v-{area[0].pk}": "-۲"})
    assert refused.status_code == 200 and 'class="refused"' in refused.content.decode()
    assert saved(indicator)[("T21-01", month)] == 12.0


def test_entry_page_asks_to_confirm_warnings(indicator, area, other_officer, client_for, month):
    for back in range(1, 4):
        values.enter_values(indicator, by=other_officer, month=shift(month, -back), values={area[0].pk: 5})
    client = client_for(other_officer)
    url = reverse("atlas:values_entry", args=[indicator.pk])
    warned = client.post(url, {"month": month, f"v-{area[0].pk}": "90"})
    page = warned.content.decode()
    assert warned.status_code == 200 and 'name="confirm"' in page
    assert 'class="warned"' in page and "تهرانسر" in page.split('id="warnings"')[1]
    assert not IndicatorValue.objects.filter(month=month).exists()
    client.post(url, {"month": month, f"v-{area[0].pk}": "90", "confirm": "1"})
    assert saved(indicator, month) == {("T21-01", month): 90.0}


def test_upload_preview_then_confirm(indicator, area, other_officer, client_for, month):
    client = client_for(other_officer)
    data = xlsx([["کد محله", "ماه", "مقدار"], *[[r.code, slash(month), 2] for r in area]])
    upload = io.BytesIO(data)
    upload.name = "visits.xlsx"
    preview = client.post(reverse("atlas:values_upload", args=[indicator.pk]), {"file": upload, "month": ""})
    assert preview.status_code == 200 and 'id="confirm-form"' in preview.content.decode()
    assert not IndicatorValue.objects.exists()
    done = client.post(reverse("atlas:values_upload_confirm", args=[indicator.pk]))
    assert done.status_code == 302
    assert saved(indicator) == {(r.code, month): 2.0 for r in area}
    # The pending upload is gone: confirming again saves nothing more.
    client.post(reverse("atlas:values_upload_confirm", args=[indicator.pk]))
    assert DataBatch.objects.count() == 1


def test_upload_with_errors_offers_no_confirmation(indicator, area, other_officer, client_for, month):
    client = client_for(other_officer)
    upload = io.BytesIO(csv_bytes([["کد محله", "ماه", "مقدار"], ["T21-01", month, -3]]))
    upload.name = "bad.csv"
    page = client.post(reverse("atlas:values_upload", args=[indicator.pk]), {"file": upload})
    assert page.status_code == 200
    assert 'id="refused"' in page.content.decode() and 'id="confirm-form"' not in page.content.decode()
    client.post(reverse("atlas:values_upload_confirm", args=[indicator.pk]))
    assert not IndicatorValue.objects.exists()


def test_template_lists_the_area(indicator, area, other_officer, client_for, month):
    response = client_for(other_officer).get(
        reverse("atlas:values_template", args=[indicator.pk]), {"month": month}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        ["کد محله", "محله", "ماه", "مقدار"],
        *[[r.code, r.name, slash(month), None] for r in sorted(area, key=lambda r: r.name)],
    ]


def test_pages_are_404_for_other_organisations(indicator, officer, outsider, client_for, month):
    for user in (officer, outsider):
        client = client_for(user)
        assert indicator.name not in client.get(reverse("atlas:values")).content.decode()
        for name in ("values_entry", "values_upload", "values_template"):
            assert client.get(reverse(f"atlas:{name}", args=[indicator.pk])).status_code == 404
        assert client.post(reverse("atlas:values_upload_confirm", args=[indicator.pk])).status_code == 404
        assert (
            client.post(reverse("atlas:values_entry", args=[indicator.pk]), {"month": month}).status_code
            == 404
        )
    assert not IndicatorValue.objects.exists()
