from io import BytesIO, StringIO

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from hamafza.lib.jalali import format_jalali
from hamafza.reports.tasks import render_followup
from tests.reports.conftest import TEXTS
from tests.reports.pdftext import missing_words, pdf_pages


def period_args(scenario):
    return [
        "--from",
        format_jalali(scenario.start),
        "--to",
        format_jalali(scenario.end, persian_digits=False),
    ]


def test_command_writes_a_pdf(scenario, tmp_path):
    out = tmp_path / "reports" / "followup.pdf"
    stdout = StringIO()
    call_command(
        "followup_report",
        str(scenario.body.pk),
        *period_args(scenario),
        "--format",
        "pdf",
        "--out",
        str(out),
        stdout=stdout,
    )
    content = out.read_bytes()
    assert content.startswith(b"%PDF-")
    assert missing_words(TEXTS["overdue_10"], "\n".join(pdf_pages(content))) == []
    assert str(out) in stdout.getvalue()
    assert not (tmp_path / "reports" / "followup.pdf.part").exists()


def test_command_enqueues_the_task(scenario, tmp_path):
    # The tests run tasks with the immediate backend, so the enqueued task has written the file on return.
    out = tmp_path / "followup.xlsx"
    stdout = StringIO()
    call_command(
        "followup_report",
        str(scenario.body.pk),
        *period_args(scenario),
        "--format",
        "xlsx",
        "--out",
        str(out),
        "--enqueue",
        stdout=stdout,
    )
    assert stdout.getvalue().startswith("enqueued ")
    workbook = openpyxl.load_workbook(BytesIO(out.read_bytes()))
    assert workbook["مصوبات"].max_row == 1 + 9


def test_task_takes_keys_and_iso_dates(scenario, tmp_path):
    out = tmp_path / "task.pdf"
    result = render_followup.enqueue(
        scenario.body.pk, scenario.start.isoformat(), scenario.end.isoformat(), "pdf", str(out)
    )
    assert result.return_value == str(out)
    assert out.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["999999"], "no body"),
        (["{body}", "--from", "1403/15/01"], "not a Jalali date"),
        (["{body}", "--from", "1403/03/01", "--to", "1403/01/01"], "after"),
    ],
)
def test_command_refuses_bad_input(body, tmp_path, args, message):
    args = [a.format(body=body.pk) for a in args]
    with pytest.raises(CommandError, match=message):
        call_command("followup_report", *args, "--out", str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()
