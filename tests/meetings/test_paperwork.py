"""A meeting's paperwork: the minutes and each responsible organisation's notification letter, as Word
(opened again with python-docx) and PDF (read back with pdfplumber), and who may download which."""

import datetime as dt
import io

import docx
import pytest
from django.urls import reverse
from docx.oxml.ns import qn

from hamafza.lib.jalali import format_jalali
from hamafza.meetings import services
from hamafza.meetings.models import Assignment
from hamafza.orgs.models import Organization
from tests.reports.pdftext import missing_words, pdf_pages

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT = "پیشگیری از آسیب‌های اجتماعی در محلات هدف"  # the `resolution` fixture's, with «لا»


def minutes_url(meeting, fmt):
    return reverse("meetings:minutes_document", args=[meeting.pk, fmt])


def notice_url(meeting, organization, fmt):
    return reverse("meetings:notice_document", args=[meeting.pk, organization.pk, fmt])


def open_docx(response):
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"].startswith("attachment;")
    return docx.Document(io.BytesIO(response.content))


def all_paragraphs(document):
    """Every paragraph of the body, of its tables' cells, and of the first section's header."""
    found = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                found += cell.paragraphs
    for table in document.sections[0].header.tables:
        for row in table.rows:
            for cell in row.cells:
                found += cell.paragraphs
    return found


def text_of(document) -> str:
    return "\n".join(p.text for p in all_paragraphs(document))


def header_text(document) -> str:
    header = document.sections[0].header
    return "\n".join(cell.text for table in header.tables for row in table.rows for cell in row.cells)


def assert_right_to_left(document):
    """Every paragraph with text says bidi, every run with text rtl and Vazirmatn for complex script;
    every table stands right to left; the page is A4."""
    for paragraph in all_paragraphs(document):
        if not paragraph.text.strip():
            continue
        assert paragraph._p.pPr.find(qn("w:bidi")) is not None, paragraph.text
        for run in paragraph.runs:
            if run.text.strip():
                rpr = run._r.rPr
                assert rpr.find(qn("w:rtl")) is not None, run.text
                assert rpr.find(qn("w:rFonts")).get(qn("w:cs")) == "Vazirmatn"
    tables = document.tables + document.sections[0].header.tables
    assert tables
    for table in tables:
        assert table._tbl.tblPr.find(qn("w:bidiVisual")) is not None
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert section._sectPr.find(qn("w:bidi")) is not None


@pytest.fixture
def outside_member(province, resolution, secretary, today):
    """An organisation with a supporting duty on the resolution that is not a member of the body."""
    relief = Organization.objects.create(name="کمیته امداد امام خمینی (ره)", region=province, sector="relief")
    services.add_assignment(
        resolution,
        by=secretary,
        spec=services.AssignmentSpec(
            relief, role=Assignment.Role.SUPPORTING, deadline=today + dt.timedelta(40)
        ),
    )
    return relief


def test_the_minutes_in_word_are_right_to_left_in_the_letterhead(
    client_for, secretary, meeting, resolution, lead
):
    document = open_docx(client_for(secretary).get(minutes_url(meeting, "docx")))
    assert_right_to_left(document)
    text = text_of(document)
    head = header_text(document)
    assert "استانداری تهران" in head
    assert "دبیرخانه کارگروه اجتماعی استان" in head
    assert "شماره: ۷" in head
    assert f"تاریخ: {format_jalali(meeting.held_on)}" in head and "۱" in format_jalali(meeting.held_on)
    assert "پیوست: ندارد" in head
    assert "صورت‌جلسه" in text
    assert "جلسه ۷ کارگروه اجتماعی استان" in text
    assert "سالن شهدای گمنام" in text  # place
    assert "معاون سیاسی، امنیتی و اجتماعی استانداری" in text  # chair
    assert "بهزیستی، آموزش و پرورش" in text  # attendees
    resolutions = document.tables[1]
    assert [cell.text for cell in resolutions.rows[0].cells] == [
        "شماره",
        "مصوبه",
        "مسئول اصلی",
        "همکار",
        "مهلت",
    ]
    assert [cell.text for cell in resolutions.rows[1].cells] == [
        "۱",
        TEXT,
        "فرماندهی انتظامی استان",
        "اداره کل بهزیستی",
        format_jalali(lead.deadline),
    ]
    assert "رئیس جلسه" in text
    assert document.core_properties.title == "صورت‌جلسه — جلسه ۷ کارگروه اجتماعی استان"
    assert document.core_properties.language == "fa-IR"


def test_the_minutes_keep_the_text_as_recorded(client_for, secretary, meeting, today, police):
    typed = "تشکیل ۳ کارگروه تخصصي در 2 ماه\nبا مشارکت خیّرین"  # ASCII digits, Arabic ي, a line break
    services.create_resolution(
        meeting,
        by=secretary,
        spec=services.ResolutionSpec(
            number="2-1",
            text=typed,
            assignments=[services.AssignmentSpec(police, recurrence=Assignment.Recurrence.CONTINUOUS)],
        ),
    )
    document = open_docx(client_for(secretary).get(minutes_url(meeting, "docx")))
    row = document.tables[1].rows[1]
    assert row.cells[0].text == "۲-۱"  # the number as written, in Persian digits
    assert row.cells[1].text == typed
    assert row.cells[4].text == "مستمر"


def test_the_minutes_as_pdf(client_for, viewer, meeting, resolution):
    response = client_for(viewer).get(minutes_url(meeting, "pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "\n".join(pdf_pages(response.content))
    assert missing_words(TEXT, text) == []
    assert missing_words("دبیرخانه کارگروه اجتماعی استان", text) == []
    assert missing_words("فرماندهی انتظامی استان", text) == []


def test_the_lead_organisation_s_letter(client_for, officer, meeting, resolution, lead, settings):
    settings.SITE_URL = "https://hamafza.example.ir"
    document = open_docx(client_for(officer).get(notice_url(meeting, lead.organization, "docx")))
    assert_right_to_left(document)
    text = text_of(document)
    head = header_text(document)
    assert "استانداری تهران" in head and "دبیرخانه کارگروه اجتماعی استان" in head
    assert f"شماره: ۷/{lead.organization.pk}".translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")) in head
    assert "ابلاغیه" in text
    assert "به: فرماندهی انتظامی استان" in text
    assert "ابلاغ مصوبات جلسه ۷ کارگروه اجتماعی استان" in text
    duties = document.tables[0]
    assert [cell.text for cell in duties.rows[1].cells] == [
        "مصوبه ۱ جلسه ۷",
        TEXT,
        "مسئول اصلی",
        format_jalali(lead.deadline),
    ]
    assert "https://hamafza.example.ir" in text
    assert "هم‌افزا" in text


def test_a_supporting_organisation_s_letter_names_the_lead(client_for, other_officer, meeting, supporting):
    document = open_docx(client_for(other_officer).get(notice_url(meeting, supporting.organization, "docx")))
    row = document.tables[0].rows[1]
    assert row.cells[2].text == "همکار (مسئول اصلی: فرماندهی انتظامی استان)"


def test_the_letter_as_pdf(client_for, secretary, meeting, lead):
    response = client_for(secretary).get(notice_url(meeting, lead.organization, "pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "\n".join(pdf_pages(response.content))
    assert missing_words(TEXT, text) == []
    assert missing_words("فرماندهی انتظامی استان", text) == []
    assert missing_words("ابلاغیه", text) == []


def test_who_reads_which_paper(
    client_for,
    admin,
    secretary,
    viewer,
    officer,
    other_officer,
    outsider,
    meeting,
    lead,
    supporting,
    education,
):
    police, welfare = lead.organization, supporting.organization
    for user in (admin, secretary, viewer, officer, other_officer):
        assert client_for(user).get(minutes_url(meeting, "pdf")).status_code == 200
    assert client_for(outsider).get(minutes_url(meeting, "docx")).status_code == 404

    for user in (admin, secretary, viewer):
        for organization in (police, welfare):
            assert client_for(user).get(notice_url(meeting, organization, "docx")).status_code == 200
    assert client_for(officer).get(notice_url(meeting, police, "docx")).status_code == 200
    assert client_for(other_officer).get(notice_url(meeting, welfare, "docx")).status_code == 200
    # Another organisation's letter: a 404, even to a member of the body, and to an outsider.
    assert client_for(officer).get(notice_url(meeting, welfare, "docx")).status_code == 404
    assert client_for(other_officer).get(notice_url(meeting, police, "pdf")).status_code == 404
    assert client_for(outsider).get(notice_url(meeting, police, "pdf")).status_code == 404
    # No letter to an organisation without a duty, nor in another format.
    assert client_for(secretary).get(notice_url(meeting, education, "docx")).status_code == 404
    assert (
        client_for(secretary).get(reverse("meetings:minutes_document", args=[meeting.pk, "doc"])).status_code
        == 404
    )


def test_an_assigned_organisation_outside_the_body_reads_its_letter(
    client_for, meeting, outside_member, officer
):
    from tests.conftest import _user

    relief_officer = _user("relief", outside_member, officer=True)
    assert client_for(relief_officer).get(notice_url(meeting, outside_member, "docx")).status_code == 200
    assert (
        client_for(relief_officer).get(notice_url(meeting, officer.organization, "docx")).status_code == 404
    )
    assert client_for(relief_officer).get(minutes_url(meeting, "docx")).status_code == 404  # not in the body


def test_the_meeting_page_offers_the_papers_each_may_read(
    client_for, secretary, other_officer, meeting, lead, supporting
):
    page = client_for(secretary).get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert minutes_url(meeting, "docx") in page and minutes_url(meeting, "pdf") in page
    assert notice_url(meeting, lead.organization, "pdf") in page
    assert notice_url(meeting, supporting.organization, "docx") in page
    page = client_for(other_officer).get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert minutes_url(meeting, "pdf") in page
    assert notice_url(meeting, supporting.organization, "docx") in page
    assert notice_url(meeting, lead.organization, "docx") not in page


def test_the_assignment_page_offers_the_organisation_s_letter(
    client_for, officer, other_officer, meeting, lead
):
    url = reverse("meetings:assignment", args=[lead.pk])
    page = client_for(officer).get(url).content.decode()
    assert notice_url(meeting, lead.organization, "pdf") in page
    page = client_for(other_officer).get(url).content.decode()  # sees the assignment, not the letter
    assert notice_url(meeting, lead.organization, "pdf") not in page


def test_the_body_s_own_letterhead_stands_at_the_head(client_for, secretary, body, meeting, lead):
    body.letterhead = "جمهوری اسلامی ایران\nوزارت کشور\n  \nاستانداری تهران — کارگروه اجتماعی"
    body.save()
    for url in (minutes_url(meeting, "docx"), notice_url(meeting, lead.organization, "docx")):
        head = header_text(open_docx(client_for(secretary).get(url)))
        assert "جمهوری اسلامی ایران\nوزارت کشور\nاستانداری تهران — کارگروه اجتماعی" in head
        assert "دبیرخانه کارگروه اجتماعی استان" not in head


def test_the_secretariat_s_parent_heads_the_derived_letterhead(
    client_for, secretary, meeting, governorate, province
):
    governorate.parent = Organization.objects.create(name="وزارت کشور", region=province)
    governorate.save()
    head = header_text(open_docx(client_for(secretary).get(minutes_url(meeting, "docx"))))
    assert "وزارت کشور\nاستانداری تهران\nدبیرخانه کارگروه اجتماعی استان" in head


def test_a_cancelled_resolution_is_in_the_minutes_but_notifies_nobody(
    client_for, secretary, officer, meeting, resolution, lead, supporting, education, today
):
    kept = services.create_resolution(
        meeting,
        by=secretary,
        spec=services.ResolutionSpec(
            number="2",
            text="گزارش ماهانه وضعیت محلات",
            assignments=[services.AssignmentSpec(education, deadline=today + dt.timedelta(days=9))],
        ),
    )
    services.cancel_resolution(resolution, by=secretary, reason="ادغام در مصوبه دیگر")
    minutes = open_docx(client_for(secretary).get(minutes_url(meeting, "docx")))
    assert [row.cells[1].text for row in minutes.tables[1].rows[1:]] == [TEXT, kept.text]
    # The police and welfare had duties only on the cancelled resolution: no letter, no link.
    assert client_for(secretary).get(notice_url(meeting, lead.organization, "docx")).status_code == 404
    assert client_for(officer).get(notice_url(meeting, lead.organization, "pdf")).status_code == 404
    page = client_for(secretary).get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert notice_url(meeting, lead.organization, "docx") not in page
    assert notice_url(meeting, supporting.organization, "docx") not in page
    letter = open_docx(client_for(secretary).get(notice_url(meeting, education, "docx")))
    assert [row.cells[0].text for row in letter.tables[0].rows[1:]] == ["مصوبه ۲ جلسه ۷"]
