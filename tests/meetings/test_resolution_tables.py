"""A table of resolutions pasted from Excel or Word: read, matched, previewed, saved all or nothing."""

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse

from hamafza.audit.models import AuditEntry
from hamafza.lib.jalali import parse_jalali
from hamafza.meetings import services
from hamafza.meetings.models import Assignment, Resolution
from hamafza.meetings.services import resolution_tables
from hamafza.meetings.services.resolution_tables import read_table

pytestmark = pytest.mark.django_db

PASTED = Path(__file__).resolve().parents[1] / "data" / "pasted"
EXCEL = (PASTED / "excel-resolutions.tsv").read_text(encoding="utf-8")
WORD = (PASTED / "word-table.txt").read_text(encoding="utf-8")


# --- reading ------------------------------------------------------------------------------------------


def test_an_excel_range_with_a_quoted_multiline_cell_is_read_as_written():
    table = read_table(EXCEL)
    assert table.header and table.columns == ["number", "text", "lead", "supporting", "deadline"]
    assert [row.number for row in table.rows] == ["1", "2", "3", "4"]  # Persian and Arabic digits
    first, second, third, fourth = table.rows
    assert first.text == "ساماندهی معتادان متجاهر در محلات هدف منطقه ۲۱\nبا همکاری ستاد مبارزه با مواد مخدر"
    assert first.lead == "فرماندهی انتظامی استان"
    assert first.supporting == ["اداره کل بهزیستی", "اداره کل آموزش و پرورش"]
    assert first.deadline == "۱۴۰۵/۰۹/۱۳"
    assert second.text == 'برگزاری کارگاه "مهارت‌های زندگی" برای والدین دانش‌آموزان'  # Excel's "" undone
    assert (second.supporting, second.deadline) == ([], "۱۳ آذر ۱۴۰۵")
    assert third.lead == "اداره كل بهزيستي"  # as pasted, Arabic letters and all: matching folds them
    assert third.deadline == "2026-12-21 00:00:00"
    assert (fourth.deadline, fourth.supporting) == ("", ["فرماندهی انتظامی استان"])  # empty trailing cell
    assert [row.line for row in table.rows] == [2, 4, 5, 6]


def test_a_word_table_with_a_cell_of_two_paragraphs_and_its_own_column_order():
    table = read_table(WORD)
    assert table.columns == ["number", "text", "deadline", "lead", "supporting"]
    assert len(table.rows) == 2
    first, second = table.rows
    assert first.text == "شناسایی کودکان بازمانده از تحصیل در محلات حاشیه\nو ثبت‌نام آنان تا پایان مهر"
    assert (first.deadline, first.lead, first.supporting) == (
        "1405/7/30",
        "اداره کل آموزش و پرورش",
        ["اداره کل بهزیستی"],
    )
    assert (second.number, second.deadline, second.lead) == ("2", "", "اداره کل بهزیستی")
    assert [row.line for row in table.rows] == [2, 4]


def test_blank_lines_are_skipped_and_rows_keep_their_line_numbers():
    table = read_table("\n۱\tرفع سد معبر\tشهرداری\n\n\n۲\tجمع‌آوری متکدیان\tبهزیستی\n")
    assert [(row.line, row.number) for row in table.rows] == [(2, "1"), (5, "2")]


def test_without_a_header_the_columns_are_number_text_lead_supporting_deadline():
    table = read_table("۵\tرفع سد معبر\tشهرداری\tفرماندهی انتظامی؛ دادگستری\t۱۴۰۵-۱۰-۱\n\n")
    assert not table.header
    [row] = table.rows
    assert (row.number, row.text, row.lead, row.supporting, row.deadline) == (
        "5",
        "رفع سد معبر",
        "شهرداری",
        ["فرماندهی انتظامی", "دادگستری"],
        "۱۴۰۵-۱۰-۱",
    )


def test_without_a_number_column_the_rows_are_numbered_when_previewed():
    table = read_table("رفع سد معبر\tشهرداری\t\t\nجمع‌آوری متکدیان\tبهزیستی\t\t\n")
    assert table.columns == ["text", "lead", "supporting", "deadline"]
    assert [(row.number, row.text, row.lead) for row in table.rows] == [
        ("", "رفع سد معبر", "شهرداری"),
        ("", "جمع‌آوری متکدیان", "بهزیستی"),
    ]


def test_a_quote_that_opens_a_words_cell_is_its_text_not_excels_quoting():
    table = read_table('۱\t"مهارت‌های زندگی" برای والدین\tبهزیستی\t\t\n۲\t"کارگاه\tآموزش و پرورش\n')
    assert [row.text for row in table.rows] == ['"مهارت‌های زندگی" برای والدین', '"کارگاه']
    assert [row.lead for row in table.rows] == ["بهزیستی", "آموزش و پرورش"]


@pytest.mark.parametrize("text", ["", "  \n\t\n "])
def test_nothing_pasted_is_refused(text):
    with pytest.raises(services.FollowUpError) as caught:
        read_table(text)
    assert caught.value.code == "empty"


def test_too_many_rows_are_refused():
    text = "".join(f"{i}\tمتن\tشهرداری\t\t\n" for i in range(1, resolution_tables.MAX_ROWS + 2))
    with pytest.raises(services.FollowUpError) as caught:
        read_table(text)
    assert caught.value.code == "too_many"


def test_names_are_matched_members_first_and_problems_flagged(
    meeting, resolution, police, welfare, education
):
    table = read_table(EXCEL.replace("۱۳ آذر ۱۴۰۵", "۳۲ آذر ۱۴۰۵").replace("\t۱\t", "\t1\t"))
    rows = resolution_tables.match_rows(table.rows, meeting)
    assert rows[0]["lead"] == police.pk
    assert rows[0]["supporting"] == [welfare.pk, education.pk]
    assert rows[0]["deadline"] == parse_jalali("1405/09/13")
    assert rows[0]["taken"]  # the cast's resolution is number 1
    assert rows[1]["problems"] == ["deadline"]  # 32 Azar does not exist
    assert rows[2]["lead"] == welfare.pk  # «اداره كل بهزيستي» with Arabic letters
    assert rows[2]["deadline"] == dt.date(2026, 12, 21)
    assert rows[3]["lead"] is None  # no municipality in the registry: a person chooses
    assert rows[3]["supporting"] == [police.pk]


# --- saving -------------------------------------------------------------------------------------------


def _specs(police, welfare, numbers=("2", "3")):
    return [
        services.ResolutionSpec(
            number=number,
            text=f"  مصوبه {number}\nدو سطر  ",
            assignments=[
                services.AssignmentSpec(police, role=Assignment.Role.LEAD, deadline=dt.date(2026, 12, 4)),
                services.AssignmentSpec(
                    welfare, role=Assignment.Role.SUPPORTING, recurrence=Assignment.Recurrence.CONTINUOUS
                ),
            ],
        )
        for number in numbers
    ]


def test_the_table_is_saved_in_one_go_and_audited(meeting, secretary, police, welfare):
    saved = resolution_tables.save_table(meeting, by=secretary, specs=_specs(police, welfare), token="t1")
    assert not saved.repeated
    assert [r.number for r in saved.resolutions] == ["2", "3"]
    assert Resolution.objects.get(number="2").text == "مصوبه 2\nدو سطر"  # trimmed only
    assert Assignment.objects.filter(resolution__meeting=meeting).count() == 4
    entry = AuditEntry.objects.get(action=resolution_tables.CONFIRM_ACTION)
    assert entry.changes == {"token": "t1", "resolutions": [r.pk for r in saved.resolutions]}
    assert AuditEntry.objects.filter(action="resolution.create").count() == 2


def test_the_same_confirmation_twice_saves_once(meeting, secretary, police, welfare):
    first = resolution_tables.save_table(meeting, by=secretary, specs=_specs(police, welfare), token="t2")
    again = resolution_tables.save_table(meeting, by=secretary, specs=_specs(police, welfare), token="t2")
    assert again.repeated and again.resolutions == first.resolutions
    assert meeting.resolutions.count() == 2


@pytest.mark.parametrize("numbers", [("2", "۲"), ("1", "4")])
def test_a_number_twice_or_already_taken_saves_nothing(
    meeting, resolution, secretary, police, welfare, numbers
):
    with pytest.raises(services.FollowUpError):
        resolution_tables.save_table(
            meeting, by=secretary, specs=_specs(police, welfare, numbers), token="t3"
        )
    assert list(meeting.resolutions.values_list("number", flat=True)) == ["1"]
    assert not AuditEntry.objects.filter(action=resolution_tables.CONFIRM_ACTION).exists()


def test_a_refused_row_rolls_back_the_rows_before_it(meeting, secretary, police, welfare):
    specs = _specs(police, welfare)
    specs[1].assignments[0].deadline = None  # a deadline duty without its date: refused
    with pytest.raises(services.FollowUpError):
        resolution_tables.save_table(meeting, by=secretary, specs=specs, token="t4")
    assert not meeting.resolutions.exists()


def test_only_the_secretariat_saves_a_table(meeting, officer, police, welfare):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        resolution_tables.save_table(meeting, by=officer, specs=_specs(police, welfare), token="t5")


# --- the page -----------------------------------------------------------------------------------------


def _read(client, meeting, text):
    return client.post(reverse("meetings:resolution_paste", args=[meeting.pk]), {"pasted": text, "read": "1"})


def _confirm_data(response) -> dict:
    """What the preview's form sends back as it is: every field of the rendered formset."""
    context = response.context
    formset = context["formset"]
    data = {"pasted": context["paste_form"]["pasted"].value(), "token": context["token"], "confirm": "1"}
    data.update({"row-TOTAL_FORMS": str(len(formset.forms)), "row-INITIAL_FORMS": "0"})
    for form in formset.forms:
        for name in form.fields:
            if name == "DELETE":
                continue
            value = form[name].value()
            if name == "supporting":
                data[form.add_prefix(name)] = [str(v) for v in value or []]
            else:
                data[form.add_prefix(name)] = "" if value is None else str(value)
    return data


def test_the_preview_flags_problems_and_saves_nothing(client_for, secretary, meeting, police):
    response = _read(client_for(secretary), meeting, EXCEL.replace("۱۳ آذر ۱۴۰۵", "۳۲ آذر ۱۴۰۵"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "«شهرداری منطقه ۲۲» was not found" not in page  # in Persian
    assert "«شهرداری منطقه ۲۲» در میان دستگاه‌ها یافت نشد" in page
    assert "تاریخ شمسی" in page or "۱۴۰۲/۰۷/۲۹" in page  # the date's error, in Persian
    forms = response.context["formset"].forms
    assert [bool(form.errors) for form in forms] == [False, True, False, True]
    assert not meeting.resolutions.exists()


def test_corrected_preview_is_confirmed_and_a_resend_adds_nothing(
    client_for, secretary, meeting, police, welfare
):
    client = client_for(secretary)
    response = _read(client, meeting, EXCEL)
    data = _confirm_data(response)
    data["row-3-lead"] = str(welfare.pk)  # the municipality is not in the registry: welfare leads
    data["row-3-supporting"] = [str(police.pk)]
    url = reverse("meetings:resolution_paste", args=[meeting.pk])
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == reverse(
        "meetings:meeting", args=[meeting.pk]
    )
    numbers = list(meeting.resolutions.order_by("position").values_list("number", flat=True))
    assert numbers == ["1", "2", "3", "4"]
    first = meeting.resolutions.get(number="1")
    assert first.text == "ساماندهی معتادان متجاهر در محلات هدف منطقه ۲۱\nبا همکاری ستاد مبارزه با مواد مخدر"
    assert first.assignments.get(role="lead").deadline == parse_jalali("1405/09/13")
    assert meeting.resolutions.get(number="4").assignments.get(role="lead").recurrence == "continuous"
    again = client.post(url, data, follow=True)  # the double click
    assert meeting.resolutions.count() == 4
    assert "پیش‌تر ذخیره شده" in again.content.decode()


def test_an_invalid_row_saves_nothing_and_keeps_the_paste(client_for, secretary, meeting):
    client = client_for(secretary)
    data = _confirm_data(_read(client, meeting, EXCEL))  # row 4's lead is still unchosen
    response = client.post(reverse("meetings:resolution_paste", args=[meeting.pk]), data)
    assert response.status_code == 200
    assert not meeting.resolutions.exists()
    assert response.context["paste_form"]["pasted"].value() == EXCEL
    assert "هیچ چیز ذخیره نشد" in response.content.decode()


def test_a_number_already_in_the_meeting_is_refused_in_the_preview(
    client_for, secretary, meeting, resolution
):
    response = _read(client_for(secretary), meeting, EXCEL)
    assert "number" in response.context["formset"].forms[0].errors


@pytest.mark.parametrize(
    "role, status", [("outsider", 404), ("officer", 403), ("member_officer", 403), ("viewer", 403)]
)
def test_only_the_secretariat_pastes(request, client_for, meeting, role, status):
    client = client_for(request.getfixturevalue(role))
    url = reverse("meetings:resolution_paste", args=[meeting.pk])
    assert client.get(url).status_code == status
    assert client.post(url, {"pasted": EXCEL, "read": "1"}).status_code == status
    assert not meeting.resolutions.exists()


def test_the_meeting_page_offers_the_paste_to_the_secretariat_only(client_for, secretary, officer, meeting):
    url = reverse("meetings:resolution_paste", args=[meeting.pk])
    assert url in client_for(secretary).get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert url not in client_for(officer).get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()


def test_a_supporting_name_not_found_holds_the_row_until_chosen_or_cleared(
    client_for, secretary, meeting, police, education
):
    client = client_for(secretary)
    response = _read(client, meeting, "۱\tرفع سد معبر\tفرماندهی انتظامی استان\tاتحادیه صنف خواربارفروشان\t\n")
    [form] = response.context["formset"].forms
    assert form["unmatched"].value() == "اتحادیه صنف خواربارفروشان"
    assert "unmatched" in form.errors
    assert "«اتحادیه صنف خواربارفروشان» در میان دستگاه‌ها یافت نشد" in response.content.decode()
    data = _confirm_data(response)
    data["row-0-unmatched"] = ""
    data["row-0-supporting"] = [str(education.pk)]
    assert client.post(reverse("meetings:resolution_paste", args=[meeting.pk]), data).status_code == 302
    resolution = meeting.resolutions.get()
    assert resolution.assignments.get(role="lead").organization == police
    assert resolution.assignments.get(role="supporting").organization == education
    assert resolution.assignments.get(role="lead").recurrence == Assignment.Recurrence.CONTINUOUS


def test_a_row_left_out_is_not_saved(client_for, secretary, meeting):
    client = client_for(secretary)
    data = _confirm_data(_read(client, meeting, EXCEL))
    data["row-3-DELETE"] = "on"  # the municipality's row, left out rather than corrected
    assert client.post(reverse("meetings:resolution_paste", args=[meeting.pk]), data).status_code == 302
    assert sorted(meeting.resolutions.values_list("number", flat=True)) == ["1", "2", "3"]
