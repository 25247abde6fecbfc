"""hamafza.lib.word: Persian Word files. Word refuses a file whose property elements stand out of the
schema's order, so every element the helpers add is checked in place, on the file as saved and read again."""

import io

import docx
from docx.oxml.ns import qn

from hamafza.lib import word
from hamafza.lib.word import _ORDER


def _made() -> docx.document.Document:
    document = word.new_document()
    word.describe(document, title="صورت‌جلسه", author="کارگروه اجتماعی")
    head = word.no_borders(word.rtl_table(document.sections[0].header, 1, 2, style=None, width_mm=170))
    word.cell_text(head.cell(0, 0), "استانداری تهران\nدبیرخانه", bold=True, size=10.5)
    word.paragraph(document, "عنوان", bold=True, size=16, align="center")
    word.paragraph(document, "متنی با English و ۱۴۰۲/۰۷/۲۹", align="justify")
    table = word.repeat_header(word.rtl_table(document, 2, 2))
    word.column_widths(table, [30, 140])
    word.cell_text(table.cell(0, 0), "ستون", bold=True)
    word.cell_text(table.cell(1, 1), "سطر یک\nسطر دو", size=10)
    return docx.Document(io.BytesIO(word.to_bytes(document)))


def _in_order(element) -> bool:
    order = _ORDER[element.prefix + ":" + element.tag.rsplit("}", 1)[1]]
    known = [qn(tag) for tag in order]
    positions = [known.index(child.tag) for child in element if child.tag in known]
    return positions == sorted(positions)


def test_every_property_element_stands_in_the_schema_s_order():
    document = _made()
    parts = [document.element, document.sections[0].header._element, document.styles.element]
    checked = 0
    for part in parts:
        for tag in ("w:rPr", "w:pPr", "w:tblPr", "w:sectPr", "w:tblBorders"):
            for element in part.iter(qn(tag)):
                assert _in_order(element), element.xml
                checked += 1
    assert checked > 15


def test_right_to_left_persian_a4():
    document = _made()
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert section._sectPr.find(qn("w:bidi")) is not None
    body = [p for p in document.paragraphs if p.text]
    assert [p.text for p in body] == ["عنوان", "متنی با English و ۱۴۰۲/۰۷/۲۹"]
    for paragraph in body:
        assert paragraph._p.pPr.find(qn("w:bidi")) is not None
        for run in paragraph.runs:
            assert run._r.rPr.find(qn("w:rtl")) is not None
            assert run._r.rPr.find(qn("w:rFonts")).get(qn("w:cs")) == "Vazirmatn"
            assert run._r.rPr.find(qn("w:lang")).get(qn("w:bidi")) == "fa-IR"
    title = body[0].runs[0]._r.rPr
    assert title.find(qn("w:bCs")) is not None and title.find(qn("w:szCs")).get(qn("w:val")) == "32"
    for table in document.tables + document.sections[0].header.tables:
        assert table._tbl.tblPr.find(qn("w:bidiVisual")) is not None
    assert document.tables[0].cell(1, 1).text == "سطر یک\nسطر دو"  # a line break, not a new paragraph
    assert document.tables[0].rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert round(document.tables[0].cell(0, 0).width.mm) == 30
    assert document.core_properties.title == "صورت‌جلسه" and document.core_properties.language == "fa-IR"


def test_a_pasted_text_s_control_characters_do_not_break_the_file():
    document = word.new_document()
    word.paragraph(document, "بند یک\x0bبند دو\r\nبند سه\x07\x00")
    again = docx.Document(io.BytesIO(word.to_bytes(document)))
    assert [p.text for p in again.paragraphs if p.text] == ["بند یک\nبند دو\nبند سه"]
