"""Incident import from real CSV and Excel files: placement on District 21's boundaries, Jalali and
Gregorian dates in every digit form, errors by line, re-import, overlap, the task path and refusals."""

import datetime as dt
import io
from collections import Counter

import jdatetime
import numpy as np
import openpyxl
import polars as pl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from shapely.geometry import shape

from hamafza.atlas import imports
from hamafza.atlas.imports import ImportRefused, convert_dates, running
from hamafza.atlas.models import DataBatch, HarmCategory, Incident, IncidentSummary
from hamafza.atlas.services.incidents import submit_incident_file
from hamafza.atlas.services.summary import rebuild_summary
from hamafza.atlas.services.taxonomy import ensure_taxonomy
from hamafza.audit.models import AuditEntry
from hamafza.lib.persian import to_persian_digits
from hamafza.places.models import Region
from hamafza.places.services import load_regions

PERSIAN_HEADER = "شناسه,تاریخ,نوع,عرض جغرافیایی,طول جغرافیایی,کد محله"


@pytest.fixture
def atlas(db):
    load_regions()
    ensure_taxonomy()
    return {region.code: region for region in Region.objects.neighbourhoods()}


def inside(region: Region) -> tuple[float, float]:
    """(lat, lon) of a point well inside a neighbourhood."""
    point = shape(region.boundary).representative_point()
    return round(point.y, 6), round(point.x, 6)


def csv_upload(lines: list[str], name: str = "incidents.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ("\n".join(lines) + "\n").encode())


def incidents() -> Counter:
    """What is in the table: (neighbourhood code, date, month, category code) → how many."""
    codes = dict(Region.objects.values_list("pk", "code"))
    categories = dict(HarmCategory.objects.values_list("pk", "code"))
    return Counter(
        (codes[region], day, month, categories[category])
        for region, day, month, category in Incident.objects.values_list(
            "region_id", "occurred_on", "month", "category_id"
        )
    )


def summary() -> dict:
    codes = dict(Region.objects.values_list("pk", "code"))
    categories = dict(HarmCategory.objects.values_list("pk", "code"))
    return {
        (codes[region], month, categories[category]): count
        for region, month, category, count in IncidentSummary.objects.values_list(
            "region_id", "month", "category_id", "count"
        )
    }


def summary_from(counter: Counter) -> dict:
    totals: Counter = Counter()
    for (code, _day, month, category), n in counter.items():
        totals[(code, month, category)] += n
    return dict(totals)


# --- Dates ------------------------------------------------------------------------------------------


def test_dates_jalali_below_1700_gregorian_above_checked_against_jdatetime():
    rng = np.random.default_rng(4)
    days = rng.integers(
        (dt.date(1930, 1, 1) - imports.EPOCH).days, (dt.date(2100, 1, 1) - imports.EPOCH).days, 500
    )
    gregorian = [imports.EPOCH + dt.timedelta(days=int(d)) for d in days]
    jalali = [jdatetime.date.fromgregorian(date=d) for d in gregorian]
    texts = [f"{j.year}/{j.month}/{j.day}" for j in jalali] + [d.isoformat() for d in gregorian]

    converted, months, reasons = convert_dates(pl.Series(texts))

    assert reasons.tolist() == [0] * 1000
    assert converted.tolist() == days.tolist() * 2
    assert months.tolist() == [j.year * 100 + j.month for j in jalali] * 2


def test_date_forms_and_their_refusals():
    texts = [
        "1403-2-15",  # Jalali, no leading zeros
        "1403/02/15 14:30",  # a time after the date
        "03/2/15",  # two-digit year: 1403
        "2024-05-04",
        "2024.5.4",
        "1403/12/30",  # 1403 is a leap year
        "1402/12/30",  # 1402 is not
        "2023-02-29",
        "1403/13/01",
        "1250/01/01",  # before the years the atlas covers
        "tomorrow",
        None,
    ]
    converted, months, reasons = convert_dates(pl.Series(texts, dtype=pl.String))

    may4 = (dt.date(2024, 5, 4) - imports.EPOCH).days
    assert converted[:5].tolist() == [may4] * 5
    assert months[:5].tolist() == [140302] * 5
    assert imports.EPOCH + dt.timedelta(days=int(converted[5])) == dt.date(2025, 3, 20)
    assert [imports.REASONS.get(int(r), "ok") for r in reasons] == [
        *["ok"] * 6,
        "bad_date",
        "bad_date",
        "bad_date",
        "date_out_of_range",
        "bad_date",
        "missing_date",
    ]


# --- A CSV file with good and bad rows ---------------------------------------------------------------


def test_csv_rows_are_placed_and_failures_reported_by_line(atlas, admin):
    lat1, lon1 = inside(atlas["T21-01"])
    lat7, lon7 = inside(atlas["T21-07"])
    fa = to_persian_digits
    lines = [
        "تاريخ,نوع,عرض جغرافيايي,طول جغرافيايي,كد محله",  # Arabic yeh and kaf in the header
        f"{fa('1403/02/15')},سرقت,{fa(str(lat1))},{fa(str(lon1))},",  # line 2: Persian digits
        f"١٤٠٣/٠٢/١٦,كودك آزاري,{lat7},{lon7},",  # line 3: Arabic digits and letters, a space for ZWNJ
        "2024-05-04,Theft,,,T21-03",  # line 4: Gregorian, English name, placed by code
        "1403-2-15,assault,,,t21-03",  # line 5: category code, code in lower case
        "1403/02/31,theft,,,T21-03",  # line 6: Ordibehesht has 31 days: fine
        "1403/13/01,theft,,,T21-03",  # line 7: bad date
        "1403/02/15,جیب‌بری,,,T21-03",  # line 8: unknown category
        "1403/02/15,theft,26.5,52.0,",  # line 9: the Persian Gulf
        "1403/02/15,theft,,,T99-99",  # line 10: unknown neighbourhood
        "1403/02/15,theft,,,",  # line 11: no place
        "1403/02/15,theft,north,52.0,",  # line 12: not coordinates
        ",theft,,,T21-03",  # line 13: no date
        "",  # line 14: a blank line is no row
        "1403/02/15,,,,T21-03",  # line 15: no category
    ]

    submission = submit_incident_file(csv_upload(lines), by=admin)

    batch = submission.batch
    assert submission.already_imported is False
    assert batch.status == DataBatch.Status.DONE
    assert (batch.rows_total, batch.rows_done, batch.rows_imported, batch.rows_skipped) == (13, 13, 5, 0)
    assert [(error["line"], error["code"]) for error in batch.errors] == [
        (7, "bad_date"),
        (8, "unknown_category"),
        (9, "outside"),
        (10, "unknown_neighbourhood"),
        (11, "missing_place"),
        (12, "bad_coordinates"),
        (13, "missing_date"),
        (15, "missing_category"),
    ]
    assert all(error["reason"] for error in batch.errors)
    assert "1403/13/01" in batch.errors[0]["reason"] and "جیب‌بری" in batch.errors[1]["reason"]
    assert incidents() == Counter(
        {
            ("T21-01", dt.date(2024, 5, 4), 140302, "theft"): 1,
            ("T21-07", dt.date(2024, 5, 5), 140302, "child_abuse"): 1,
            ("T21-03", dt.date(2024, 5, 4), 140302, "theft"): 1,
            ("T21-03", dt.date(2024, 5, 4), 140302, "assault"): 1,
            ("T21-03", dt.date(2024, 5, 20), 140302, "theft"): 1,
        }
    )
    assert summary() == summary_from(incidents())
    assert set(Incident.objects.values_list("batch_id", flat=True)) == {batch.pk}
    assert Incident.objects.get(region__code="T21-01").lat == lat1
    assert Incident.objects.get(region__code="T21-03", category__code="assault").lat is None
    entry = AuditEntry.objects.get(action="atlas.incidents_imported")
    assert (entry.object_id, entry.changes) == (
        batch.pk,
        {"rows": 13, "imported": 5, "skipped": 0, "failed": 8},
    )


def test_identical_rows_are_distinct_incidents_and_a_repeat_file_changes_nothing(atlas, admin):
    lines = ["تاریخ,نوع,کد محله"] + ["1403/05/01,theft,T21-02"] * 3 + ["1403/05/01,theft,T21-04"]
    first = submit_incident_file(csv_upload(lines), by=admin).batch
    before = (incidents(), summary())

    again = submit_incident_file(csv_upload(lines, name="again.csv"), by=admin)
    # The same rows in a file that differs by a byte (a trailing blank line): read, but nothing added.
    reworded = submit_incident_file(csv_upload([*lines, ""]), by=admin).batch

    assert first.rows_imported == 4
    assert before[0][("T21-02", dt.date(2024, 7, 22), 140305, "theft")] == 3
    assert again.already_imported is True and again.batch.pk == first.pk
    assert DataBatch.objects.count() == 2
    assert (reworded.rows_done, reworded.rows_imported, reworded.rows_skipped) == (4, 0, 4)
    assert (incidents(), summary()) == before
    assert Incident.objects.count() == 4


def test_an_overlapping_file_adds_only_its_new_rows_and_the_summary_equals_a_rebuild(atlas, admin):
    lat, lon = inside(atlas["T21-10"])
    old = ["date,category,lat,lon,neighbourhood"] + [
        "1403/01/05,theft,,,T21-02",
        "1403/01/05,theft,,,T21-02",
        f"1403/01/06,addiction,{lat},{lon},",
        "2024-04-01,divorce,,,T21-05",
    ]
    # The same rows in another order, one more of the repeated one, and two new ones.
    new = [
        old[0],
        old[4],
        old[2],
        "1403/01/05,theft,,,T21-02",
        old[3],
        old[1],
        "1403/03/01,theft,,,T21-05",
        f"1403/01/07,addiction,{lat},{lon},",
    ]
    submit_incident_file(csv_upload(old, "old.csv"), by=admin)
    second = submit_incident_file(csv_upload(new, "new.csv"), by=admin).batch

    assert (second.rows_done, second.rows_imported, second.rows_skipped) == (7, 3, 4)
    assert incidents() == Counter(
        {
            ("T21-02", dt.date(2024, 3, 24), 140301, "theft"): 3,
            ("T21-10", dt.date(2024, 3, 25), 140301, "addiction"): 1,
            ("T21-10", dt.date(2024, 3, 26), 140301, "addiction"): 1,
            ("T21-05", dt.date(2024, 4, 1), 140301, "divorce"): 1,
            ("T21-05", dt.date(2024, 5, 21), 140303, "theft"): 1,
        }
    )
    incremental = summary()
    assert incremental == summary_from(incidents())
    assert rebuild_summary() == len(incremental)
    assert summary() == incremental


def test_the_id_column_is_the_natural_key(atlas, admin):
    header = "شناسه,تاریخ,نوع,کد محله"
    submit_incident_file(
        csv_upload([header, "A-1,1403/01/01,theft,T21-01", "42,1403/01/01,theft,T21-01"]), by=admin
    )
    # The same ids with other contents are the same incidents (kept as first imported); a repeated id
    # within a file counts once.
    batch = submit_incident_file(
        csv_upload(
            [
                header,
                "A-1,1403/02/02,divorce,T21-09",
                "۴۲,1403/01/01,theft,T21-01",
                "43,1403/01/01,theft,T21-01",
                "43,1403/01/02,theft,T21-01",
            ],
            "second.csv",
        ),
        by=admin,
    ).batch

    assert (batch.rows_done, batch.rows_imported, batch.rows_skipped) == (4, 1, 3)
    assert incidents() == Counter({("T21-01", dt.date(2024, 3, 20), 140301, "theft"): 3})
    assert summary() == summary_from(incidents())


def test_an_excel_file_with_english_headers_dates_as_cells_and_text(atlas, admin, tmp_path):
    lat, lon = inside(atlas["T21-12"])
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Date", "Category", "Latitude", "Longitude", "Neighbourhood", "note"])
    sheet.append([dt.datetime(2024, 5, 4, 10, 30), "Seal breaking", lat, lon, None, "x"])
    sheet.append(["١٤٠٣/٠٢/١٥", "فک پلمب", None, None, "T21-12", None])
    sheet.append([dt.date(2024, 5, 6), "سد معبر", 10.0, 10.0, None, None])  # far away
    sheet.append(["1403/02/16", "street_begging", None, None, 1203, None])  # a number for a code
    path = tmp_path / "incidents.xlsx"
    workbook.save(path)

    with open(path, "rb") as handle:
        batch = submit_incident_file(File(handle, name="incidents.xlsx"), by=admin).batch

    assert batch.status == DataBatch.Status.DONE
    assert (batch.rows_done, batch.rows_imported) == (4, 2)
    assert [(error["line"], error["code"]) for error in batch.errors] == [
        (4, "outside"),
        (5, "unknown_neighbourhood"),
    ]
    assert incidents() == Counter({("T21-12", dt.date(2024, 5, 4), 140302, "seal_breaking"): 2})


# --- The task path, the command, refusals and access -------------------------------------------------


def test_a_big_file_is_imported_by_the_background_task(
    atlas, admin, settings, django_capture_on_commit_callbacks
):
    settings.ATLAS_IMPORT_INLINE_BYTES = 10
    lines = ["تاریخ,نوع,کد محله", "1403/01/01,theft,T21-01", "1403/01/02,theft,T21-01"]

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        batch = submit_incident_file(csv_upload(lines), by=admin).batch
    assert batch.status == DataBatch.Status.PENDING and Incident.objects.count() == 0
    assert len(callbacks) == 1

    callbacks[0]()  # the commit: the immediate backend runs the task at once

    batch.refresh_from_db()
    assert (batch.status, batch.rows_total, batch.rows_done, batch.rows_imported) == ("done", 2, 2, 2)
    assert summary() == {("T21-01", 140301, "theft"): 2}


def test_the_management_command(atlas, admin, tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text("تاریخ,نوع,کد محله\n1403/01/01,theft,T21-01\n1403/13/01,theft,T21-01\n", encoding="utf-8")
    out = io.StringIO()

    call_command("import_incidents", str(path), "--sync", stdout=out)
    call_command("import_incidents", str(path), "--sync", stdout=out)

    text = out.getvalue()
    assert "2 rows, 1 imported, 0 already there, 1 refused" in text
    assert "line 3:" in text
    assert "Already imported" in text
    assert Incident.objects.count() == 1 and DataBatch.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("incidents.pdf", b"%PDF-1.4 ...", "type"),
        ("incidents.txt", b"date,category\n", "type"),
        ("incidents.xlsx", b"date,category,neighbourhood\n", "content"),
        ("incidents.csv", b"PK\x03\x04 a zip in disguise", "content"),
        ("incidents.csv", b"", "empty"),
        ("incidents.csv", b"date,neighbourhood\n1403/01/01,T21-01\n", "columns"),
        ("incidents.csv", b"date,category\n1403/01/01,theft\n", "columns"),
    ],
)
def test_refused_files_write_nothing(atlas, admin, settings, name, content, code):
    with pytest.raises(ImportRefused) as refused:
        submit_incident_file(SimpleUploadedFile(name, content), by=admin)

    assert refused.value.code == code and refused.value.message
    assert DataBatch.objects.count() == 0 and Incident.objects.count() == 0
    assert not (settings.MEDIA_ROOT / "atlas").exists()


def test_a_file_over_the_size_limit_is_refused(atlas, admin, settings):
    settings.ATLAS_IMPORT_MAX_BYTES = 100
    upload = csv_upload(["تاریخ,نوع,کد محله"] + ["1403/01/01,theft,T21-01"] * 10)

    with pytest.raises(ImportRefused) as refused:
        submit_incident_file(upload, by=admin)

    assert refused.value.code == "size"
    assert DataBatch.objects.count() == 0 and not (settings.MEDIA_ROOT / "atlas").exists()


def test_only_administrators_and_secretariats_import_and_only_for_their_area(
    secretary, outsider, other_province, request
):
    # The shared cast's provinces first: load_regions then completes them rather than clashing.
    request.getfixturevalue("atlas")
    elsewhere = Region.objects.create(
        name="محله دیگر", kind="neighbourhood", code="X-1", parent=other_province
    )
    lines = ["تاریخ,نوع,کد محله", "1403/01/01,theft,T21-01", "1403/01/01,theft,X-1"]

    with pytest.raises(PermissionDenied):
        submit_incident_file(csv_upload(lines), by=outsider)
    assert DataBatch.objects.count() == 0

    # The body's region is Tehran province, which holds District 21.
    batch = submit_incident_file(csv_upload(lines), by=secretary).batch
    assert batch.rows_imported == 1
    assert [(error["line"], error["code"]) for error in batch.errors] == [(3, "outside_area")]
    assert not Incident.objects.filter(region=elsewhere).exists()


def _generated_rows(atlas, count: int, seed: int) -> list[str]:
    """Rows with many exact repeats (few days, categories and places), half by code, half by point."""
    rng = np.random.default_rng(seed)
    codes = sorted(atlas)[:6]
    points = {code: inside(atlas[code]) for code in codes}
    rows = []
    for _ in range(count):
        code = codes[rng.integers(len(codes))]
        day = f"1403/0{rng.integers(1, 4)}/{rng.integers(1, 4):02d}"
        category = ["theft", "سرقت", "addiction", "Divorce"][rng.integers(4)]
        if rng.random() < 0.5:
            rows.append(f"{day},{category},,,{code}")
        else:
            lat, lon = points[code]
            rows.append(f"{day},{category},{lat},{lon},")
    return rows


def test_repeats_are_counted_across_chunks(atlas, admin, monkeypatch):
    rows = _generated_rows(atlas, 3000, seed=1)
    header = "date,category,lat,lon,neighbourhood"
    monkeypatch.setattr(running, "CSV_BLOCK_BYTES", 2048)  # about 40 rows a chunk

    first = submit_incident_file(csv_upload([header, *rows], "a.csv"), by=admin).batch
    keys = set(Incident.objects.values_list("natural_key", flat=True))
    shuffled = list(np.random.default_rng(2).permutation(rows))
    monkeypatch.setattr(running, "CSV_BLOCK_BYTES", 1024**2)  # one chunk
    second = submit_incident_file(csv_upload([header, *shuffled], "b.csv"), by=admin).batch

    assert (first.rows_done, first.rows_imported) == (3000, 3000)
    assert (second.rows_done, second.rows_imported, second.rows_skipped) == (3000, 0, 3000)
    assert set(Incident.objects.values_list("natural_key", flat=True)) == keys
    assert sum(summary().values()) == 3000


@pytest.mark.django_db(transaction=True)
def test_parallel_writers_on_postgresql_give_the_same_tables(admin, monkeypatch):
    """Two writer threads with their own connections and commits (PostgreSQL, big files); ids repeated
    in chunks written at the same time are inserted once, whichever writer gets there first."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("parallel writers are used on PostgreSQL only")
    load_regions()
    ensure_taxonomy()
    atlas = {region.code: region for region in Region.objects.neighbourhoods()}
    monkeypatch.setattr(running, "CSV_BLOCK_BYTES", 4096)  # about 70 rows a chunk
    rows = _generated_rows(atlas, 2000, seed=5)
    by_id = [f"{n % 1000},{row}" for n, row in enumerate(rows)]  # each id twice, 1000 rows apart

    plain = submit_incident_file(
        csv_upload(["date,category,lat,lon,neighbourhood", *rows], "a.csv"), by=admin
    )
    with_ids = submit_incident_file(
        csv_upload(["id,date,category,lat,lon,neighbourhood", *by_id], "b.csv"), by=admin
    )

    assert (plain.batch.rows_done, plain.batch.rows_imported, plain.batch.status) == (2000, 2000, "done")
    assert (with_ids.batch.rows_done, with_ids.batch.rows_imported, with_ids.batch.rows_skipped) == (
        2000,
        1000,
        1000,
    )
    assert Incident.objects.count() == 3000
    incremental = summary()
    assert sum(incremental.values()) == 3000
    rebuild_summary()
    assert summary() == incremental
