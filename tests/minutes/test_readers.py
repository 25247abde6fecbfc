"""The readers turn the corpus files into the text the extraction engine works on.

Word and PDF files are compared with the sources they were built from (tests/data/minutes/build.py):
tables as TAB rows in reading order, merged cells once, automatic numbers kept, right-to-left PDF lines
in logical order with the lam-alef ligature repaired, page furniture dropped. Every file in bad/ is
refused with a Persian message.
"""

import importlib.util
import io
import re
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest

from hamafza.minutes import readers
from hamafza.minutes.readers import ReaderError, read

CORPUS = Path(__file__).resolve().parents[1] / "data" / "minutes"
DEV = Path(__file__).resolve().parents[1] / "data" / "minutes-dev"  # the shared minutes-dev, copied


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"minutes_corpus_{name}", CORPUS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(CORPUS))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(CORPUS))
    return module


build = _load("build")
sources = _load("sources_docs")
DOCS = build.DOCS
TEXTS = build.TEXTS


def read_file(name: str) -> str:
    path = CORPUS / name
    return read(path.read_bytes(), path.name)


def comparable(line: str) -> str:
    """PDF text carries no ZWNJ and may use presentation forms; compare what a reader sees."""
    line = unicodedata.normalize("NFKC", line).replace("\u200c", "")
    return "\t".join(re.sub(r"\s+", " ", cell).strip() for cell in line.split("\t"))


# --- plain text ---------------------------------------------------------------------------------

PLAIN = sorted(number for number, (encoding, _) in TEXTS.items() if encoding != "pasted")


@pytest.mark.parametrize("number", PLAIN)
def test_text_files_decode_to_their_source_in_every_encoding(number):
    encoding, source = TEXTS[number]
    text = read_file(f"{number}.txt")
    assert text == "\n".join(line.rstrip() for line in source.split("\n")).strip("\n")
    assert "\r" not in text and "\ufeff" not in text


def test_windows_1256_file_keeps_arabic_yeh_and_kaf():
    text = read_file("07.txt")
    assert "صورتجلسه ستاد اجتماعي بخش مركزي شهرستان بم" in text
    assert "دهياري‌ها نسبت به شناسايي جوانان بيكار روستاها اقدام نمايند." in text.split("\n")


def test_pasted_pdf_text_is_returned_as_pasted():
    pasted = build.scramble(TEXTS["03"][1])
    assert read_file("03.txt") == "\n".join(line.rstrip() for line in pasted.split("\n")).strip("\n")


def test_shared_dev_minutes_read_unchanged():
    raw = (DEV / "001.txt").read_bytes()
    assert read(raw, "001.txt") == "\n".join(line.rstrip() for line in raw.decode("utf-8").split("\n")).strip(
        "\n"
    )


def test_utf16_without_bom_and_crlf():
    assert read("جلسه ۲۶\r\nمصوبات:\r\n".encode("utf-16-le"), "minutes.txt") == "جلسه ۲۶\nمصوبات:"


# --- Word ---------------------------------------------------------------------------------------

WORD = sorted(number for number, doc in DOCS.items() if doc["kind"] == "docx")


@pytest.mark.parametrize("number", WORD)
def test_word_files_give_their_source_lines(number):
    assert read_file(f"{number}.docx").split("\n") == build.expected_lines(DOCS[number])


def test_word_table_rows_are_tab_separated_with_a_merged_cell_given_once():
    lines = read_file("11.docx").split("\n")
    assert lines[6:9] == [
        "ردیف\tشرح مصوبه\tمسئول پیگیری\tمهلت اجرا",
        "۱\tتوسعه خدمات اورژانس اجتماعی در شهرستان‌های فاقد مرکز ثابت\tاداره کل بهزیستی استان\tپایان شهریور ۱۴۰۳",
        "۲\tراه‌اندازی خط مشاوره تلفنی پیش از طلاق در ساعات عصر\t\t",
    ]
    # a section title merged across all columns is one cell, given once
    assert "الف) حوزه پیشگیری از اعتیاد" in read_file("14.docx").split("\n")


def test_left_to_right_word_table_is_read_from_its_right_column():
    lines = read_file("15.docx").split("\n")
    assert lines[3:5] == [
        "ردیف\tشرح\tمسئول",
        "1\tشناسایی زنان سرپرست خانوار فاقد پوشش حمایتی\tکمیته امداد امام خمینی (ره)",
    ]


def test_word_automatic_numbers_are_written_and_restart_per_list():
    lines = read_file("16.docx").split("\n")
    assert lines[4] == "۱) گزارش دبیر قرارگاه از وضعیت محلات هدف"
    assert lines[8].startswith("۱) اداره آموزش و پرورش")
    assert lines[11] == "۴) برگزاری جلسات مشاوره با والدین دانش‌آموزان در معرض ترک تحصیل."
    assert read_file("12.docx").split("\n")[7].startswith("• رئیس اداره بهزیستی")


def test_word_headers_and_footers_are_skipped():
    for name in ("11.docx", "15.docx"):
        text = read_file(name)
        assert DOCS[name[:2]]["header"] not in text
        assert "صفحه" not in text


def _docx(build_body) -> bytes:
    import docx

    document = docx.Document()
    build_body(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_word_list_style_numbering_and_nested_levels():
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    def body(document):
        document.add_paragraph("مصوبات:")
        document.add_paragraph("اول", style="List Number")
        document.add_paragraph("دوم", style="List Number")
        numbering = document.part.numbering_part.element
        numbering.insert(
            0,
            parse_xml(
                f'<w:abstractNum {nsdecls("w")} w:abstractNumId="77">'
                '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1-"/></w:lvl>'
                '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1-%2-"/></w:lvl>'
                "</w:abstractNum>"
            ),
        )
        numbering.append(
            parse_xml(f'<w:num {nsdecls("w")} w:numId="77"><w:abstractNumId w:val="77"/></w:num>')
        )
        for text, level in (("الف", 0), ("ب", 1), ("پ", 1), ("ت", 0), ("ث", 1)):
            paragraph = document.add_paragraph(text)
            paragraph._p.get_or_add_pPr().append(
                parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="77"/></w:numPr>')
            )

    lines = read(_docx(body), "x.docx").split("\n")
    assert lines[0] == "مصوبات:"
    assert re.fullmatch(r"۱\S? اول", lines[1]) and re.fullmatch(r"۲\S? دوم", lines[2])
    assert lines[3:] == ["۱- الف", "۱-۱- ب", "۱-۲- پ", "۲- ت", "۲-۱- ث"]


def test_word_horizontal_merge_is_given_once_and_empty_rows_dropped():
    def body(document):
        table = document.add_table(rows=3, cols=3)
        merged = table.cell(0, 0).merge(table.cell(0, 2))
        merged.text = "الف) حوزه اعتیاد"
        for c, text in enumerate(["۱", "متن", "شهرداری"]):
            table.cell(1, c).text = text

    assert read(_docx(body), "x.docx") == "الف) حوزه اعتیاد\n۱\tمتن\tشهرداری"


# --- PDF ----------------------------------------------------------------------------------------

PDF = sorted(number for number, doc in DOCS.items() if doc["kind"] == "pdf")


@pytest.mark.parametrize("number", PDF)
def test_pdf_lines_come_back_in_logical_order(number):
    got = [comparable(line) for line in read_file(f"{number}.pdf").split("\n")]
    assert got == [comparable(line) for line in build.expected_lines(DOCS[number])]


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (
            "21",
            ["اطلاعات", "بلاعوض", "اعلام", "محلات", "اسلامی", "مشکلات", "کلاسهای"],
        ),  # ligature read as «ال»
        ("22", ["اطلاعات", "اعلام"]),  # ligature read as «ل» alone
        ("23", ["اعلام", "محلات"]),  # ligature read as «ا» alone
    ],
)
def test_pdf_lam_alef_ligature_is_repaired(number, words):
    raw = (CORPUS / f"{number}.pdf").read_bytes()
    assert re.search(rb"<[0-9A-Fa-f]{4}> <0644", raw) or re.search(rb"<[0-9A-Fa-f]{4}> <0627", raw)
    assert b"<06440627>" not in raw  # the font really maps the ligature wrongly
    text = comparable(read(raw, f"{number}.pdf"))
    for word in words:
        assert word in text.split() or any(token.startswith(word) for token in text.split())


def test_pdf_table_rows_are_tab_separated_rightmost_column_first():
    lines = read_file("20.pdf").split("\n")
    assert lines[3] == "ردیف\tشرح مصوبه\tمسئول اجرا\tزمان اجرا"
    assert lines[4] == "الف) پیشگیری از جرایم خشن"  # merged across the columns: once
    assert lines[5] == "۱\tنصب دوربینهای نظارتی در معابر پرخطر شهر اصفهان\tشهرداری اصفهان\tتا پایان مهر ۱۴۰۳"
    rows = read_file("24.pdf").split("\n")
    assert (
        rows[4]
        == "1\tپذیرش کودکان کار شناساییشده در مراکز نگهداری شبانهروزی\tاداره کل بهزیستی استان فارس\tحداکثر تا 1403/10/30"
    )
    assert rows[5] == "2\tارائه خدمات مددکاری به خانوادههای کودکان کار\t\t"  # merged from the row above


def test_pdf_running_heads_and_page_numbers_are_dropped_and_paragraphs_joined():
    raw = (CORPUS / "19.pdf").read_bytes()
    import pdfplumber

    with pdfplumber.open(io.BytesIO(raw)) as pdf:
        assert len(pdf.pages) == 2
    text = read(raw, "19.pdf")
    assert "دبیرخانه قرارگاه اجتماعی" not in text and "صفحه" not in text
    # the first discussion paragraph wraps over several lines on the page and comes back as one line
    assert comparable(sources._DISCUSSION_19[0]) in [comparable(line) for line in text.split("\n")]


def test_pdf_from_a_second_producer_keeps_zwnj_brackets_and_quotes():
    # Chromium writes presentation forms, the mirrored bracket's character and ZWNJ as a space glyph
    # with no advance; the text comes back as typed.
    lines = read_file("26.pdf").split("\n")
    assert lines[0] == "صورتجلسه کارگروه ساماندهی سکونتگاه‌های غیررسمی شهرستان بندرعباس"
    assert lines[1] == "تاریخ جلسه: سه‌شنبه ۱۴۰۲/۰۸/۰۹"
    assert lines[5] == "۱\tتهیه طرح «بازآفرینی محله سورو» و ارائه آن به کارگروه\tاداره کل راه و شهرسازی"
    assert lines[7] == (
        "۳\tراه‌اندازی دو پایگاه سلامت در محله‌های خواجه‌عطا و چاهستانی‌ها"
        "\tشبکه بهداشت و درمان / کمیته امداد امام خمینی (ره)"
    )


def test_logical_order_keeps_numbers_and_latin_left_to_right():
    def items(visual: str):
        return [{"text": ch} for ch in visual]

    visual = "NGO 2024 16 هدام ۱۴۰۲/۰۸/۳۰ خیرات"  # as drawn, left to right
    ordered = "".join(item["text"] for item in readers._logical(items(visual), rtl=True))
    assert ordered == "تاریخ ۱۴۰۲/۰۸/۳۰ ماده 16 NGO 2024"
    assert readers._fix_mirrored(")حاشیه(") == "(حاشیه)"
    assert readers._fix_mirrored("1) متن") == "1) متن"


# --- files that are refused -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("empty.txt", "empty"),
        ("empty.pdf", "empty"),
        ("corrupt.docx", "corrupt_docx"),
        ("zipbomb.docx", "zip_bomb"),
        ("encrypted.docx", "encrypted_docx"),
        ("encrypted.pdf", "encrypted_pdf"),
        ("scanned.pdf", "scanned_pdf"),
        ("notapdf.pdf", "corrupt_pdf"),
    ],
)
def test_bad_files_are_refused_with_a_persian_message(name, code):
    data = (CORPUS / "bad" / name).read_bytes()
    with pytest.raises(ReaderError) as caught:
        read(data, name)
    assert caught.value.code == code
    assert caught.value.message_fa == readers.MESSAGES[code] == str(caught.value)
    assert re.search("[\u0600-\u06ff]{3}", caught.value.message_fa)


def test_zip_bomb_is_small_on_disk():
    data = (CORPUS / "bad" / "zipbomb.docx").read_bytes()
    assert len(data) < 200_000
    assert sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(data)).infolist()) > 50 * 1024 * 1024


def test_scanned_message_says_scanned_and_unread():
    message = readers.MESSAGES["scanned_pdf"]
    assert "اسکن" in message and "خوانده نشد" in message


def test_size_and_page_limits(monkeypatch):
    monkeypatch.setattr(readers, "MAX_BYTES", 1000)
    with pytest.raises(ReaderError) as caught:
        read_file("01.txt")
    assert caught.value.code == "too_large"
    monkeypatch.setattr(readers, "MAX_BYTES", 20 * 1024 * 1024)
    monkeypatch.setattr(readers, "MAX_PAGES", 1)
    with pytest.raises(ReaderError) as caught:
        read_file("19.pdf")
    assert caught.value.code == "too_many_pages"


def test_other_refusals():
    cases = [
        (readers.OLE2_MAGIC + bytes(600), "minutes.doc", "legacy_doc"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "scan.png", "unsupported"),
        (bytes(range(256)) * 4, "minutes.txt", "binary_text"),
        (b"PK\x03\x04 not really a zip", "minutes.docx", "corrupt_docx"),
        (b"%PDF-1.4\n%%EOF\n", "minutes.pdf", "corrupt_pdf"),
        (b"\xef\xbb\xbf", "minutes.txt", "empty"),
        (b"  \n\n ", "minutes.txt", "empty"),
    ]
    for data, name, code in cases:
        with pytest.raises(ReaderError) as caught:
            read(data, name)
        assert caught.value.code == code, name
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w") as archive:
        for i in range(readers.MAX_ZIP_MEMBERS + 1):
            archive.writestr(f"word/m{i}.xml", "")
    with pytest.raises(ReaderError) as caught:
        read(many.getvalue(), "minutes.docx")
    assert caught.value.code == "zip_bomb"
    sheet = io.BytesIO()
    with zipfile.ZipFile(sheet, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(ReaderError) as caught:
        read(sheet.getvalue(), "minutes.docx")
    assert caught.value.code == "unsupported"
