"""Word (.docx) papers in Persian with python-docx: right to left, Vazirmatn, A4.

Word lays out a paragraph right to left only when it says so (`w:bidi` in its properties), shapes and
orders a run as Persian only when the run says so (`w:rtl`), takes the run's font for Persian letters
from the complex-script slot (`w:rFonts w:cs`, sized by `w:szCs`, bold by `w:bCs`), and puts a table's
first column on the right only with `w:bidiVisual`. python-docx has no API for any of these, so they
are set here on the XML; every paragraph, run and table made through these helpers carries them.
"""

import io
import re

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

FONT = "Vazirmatn"
SIZE = 11  # points
LANGUAGE = "fa-IR"

# What XML cannot hold (python-docx refuses it): control characters a paste from Word or a PDF may have
# left in a recorded text. Word's own line break (U+000B) and a carriage return become line breaks.
_BREAKS = re.compile("\r\n|[\r\x0b\x0c\u2028\u2029]")
_NOT_XML = re.compile("[\x00-\x08\x0e-\x1f\ufffe\uffff]")

ALIGN = {
    "start": WD_ALIGN_PARAGRAPH.RIGHT,  # in a bidi paragraph Word's «right» is the start of the line
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "end": WD_ALIGN_PARAGRAPH.LEFT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


# The order the schema gives the children of a run's, a paragraph's, a table's and a section's
# properties: Word refuses a file whose elements stand out of it.
_ORDER = {
    "w:rPr": (
        "w:rStyle w:rFonts w:b w:bCs w:i w:iCs w:caps w:smallCaps w:strike w:dstrike w:outline w:shadow "
        "w:emboss w:imprint w:noProof w:snapToGrid w:vanish w:webHidden w:color w:spacing w:w w:kern "
        "w:position w:sz w:szCs w:highlight w:u w:effect w:bdr w:shd w:fitText w:vertAlign w:rtl w:cs w:em "
        "w:lang w:eastAsianLayout w:specVanish w:oMath"
    ).split(),
    "w:pPr": (
        "w:pStyle w:keepNext w:keepLines w:pageBreakBefore w:framePr w:widowControl w:numPr "
        "w:suppressLineNumbers w:pBdr w:shd w:tabs w:suppressAutoHyphens w:kinsoku w:wordWrap "
        "w:overflowPunct w:topLinePunct w:autoSpaceDE w:autoSpaceDN w:bidi w:adjustRightInd w:snapToGrid "
        "w:spacing w:ind w:contextualSpacing w:mirrorIndents w:suppressOverlap w:jc w:textDirection "
        "w:textAlignment w:textboxTightWrap w:outlineLvl w:divId w:cnfStyle w:rPr w:sectPr w:pPrChange"
    ).split(),
    "w:tblPr": (
        "w:tblStyle w:tblpPr w:tblOverlap w:bidiVisual w:tblStyleRowBandSize w:tblStyleColBandSize w:tblW "
        "w:jc w:tblCellSpacing w:tblInd w:tblBorders w:shd w:tblLayout w:tblCellMar w:tblLook w:tblCaption "
        "w:tblDescription w:tblPrChange"
    ).split(),
    "w:sectPr": (
        "w:headerReference w:footerReference w:footnotePr w:endnotePr w:type w:pgSz w:pgMar w:paperSrc "
        "w:pgBorders w:lnNumType w:pgNumType w:cols w:formProt w:vAlign w:noEndnote w:titlePg "
        "w:textDirection w:bidi w:rtlGutter w:docGrid w:printerSettings w:sectPrChange"
    ).split(),
    "w:tblBorders": "w:top w:left w:start w:bottom w:right w:end w:insideH w:insideV w:tl2br w:tr2bl".split(),
}
_PREFIXES = {qn("w:x").rsplit("}", 1)[0] + "}": "w:"}


def _child(parent, tag: str):
    """`parent`'s child element `tag`, made in its place in the schema's order if it is missing."""
    element = parent.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        namespace, local = parent.tag.rsplit("}", 1)
        order = _ORDER.get(_PREFIXES.get(namespace + "}", "") + local)
        after = {qn(name) for name in order[order.index(tag) + 1 :]} if order else set()
        successor = next((child for child in parent if child.tag in after), None)
        if successor is None:  # nothing that must follow it, or children in any order (a row's)
            parent.append(element)
        else:
            successor.addprevious(element)
    return element


def _set_fonts(rpr, size: float | None = None) -> None:
    fonts = _child(rpr, "w:rFonts")
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), FONT)
    if size is not None:
        half_points = str(round(size * 2))
        _child(rpr, "w:sz").set(qn("w:val"), half_points)
        _child(rpr, "w:szCs").set(qn("w:val"), half_points)
    _child(rpr, "w:lang").set(qn("w:bidi"), LANGUAGE)


def new_document(*, margins_mm: tuple[float, float, float, float] = (20, 20, 25, 20)) -> DocumentType:
    """An empty A4 document, right to left, in Vazirmatn. `margins_mm`: top, start (right), bottom, end."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    top, start, bottom, end = margins_mm
    section.top_margin, section.right_margin = Mm(top), Mm(start)
    section.bottom_margin, section.left_margin = Mm(bottom), Mm(end)
    section.header_distance = section.footer_distance = Mm(10)
    _child(section._sectPr, "w:bidi")  # the section's columns and page numbers run right to left
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(SIZE)
    _set_fonts(style.element.get_or_add_rPr(), SIZE)
    _child(style.element.get_or_add_pPr(), "w:bidi")
    return document


def describe(document: DocumentType, *, title: str, author: str) -> DocumentType:
    """The file's properties (what Word shows under Info, and a search finds): title, author, Persian."""
    properties = document.core_properties
    properties.title = title
    properties.author = properties.last_modified_by = author
    properties.language = LANGUAGE
    properties.comments = ""
    return document


def rtl_run(run: Run, *, bold: bool = False, size: float | None = None) -> Run:
    """A run shaped and ordered as Persian, in Vazirmatn (Latin letters too)."""
    rpr = run._r.get_or_add_rPr()
    _set_fonts(rpr, size)
    if bold:
        run.bold = True
        _child(rpr, "w:bCs")
    _child(rpr, "w:rtl")
    return run


def rtl_paragraph(paragraph: Paragraph, align: str = "start") -> Paragraph:
    """Right to left, aligned to its start (the right) unless asked otherwise."""
    _child(paragraph._p.get_or_add_pPr(), "w:bidi")
    paragraph.alignment = ALIGN[align]
    return paragraph


def add_text(paragraph: Paragraph, text: str, *, bold: bool = False, size: float | None = None) -> Paragraph:
    """Appends `text` as one right-to-left run, its line breaks kept as Word line breaks (and characters
    XML cannot hold left out of the file, never out of the stored text)."""
    text = _NOT_XML.sub("", _BREAKS.sub("\n", str(text)))
    for index, line in enumerate(text.split("\n")):
        if index:
            rtl_run(paragraph.add_run(), size=size).add_break()
        rtl_run(paragraph.add_run(line), bold=bold, size=size)
    return paragraph


def paragraph(
    container, text: str = "", *, bold: bool = False, size: float | None = None, align: str = "start"
) -> Paragraph:
    """A new right-to-left paragraph in `container` (the document, a header, a table cell)."""
    made = rtl_paragraph(container.add_paragraph(), align)
    if text:
        add_text(made, text, bold=bold, size=size)
    return made


def cell_text(
    cell: _Cell, text: str, *, bold: bool = False, size: float | None = None, align: str = "start"
) -> _Cell:
    """Replaces a cell's empty first paragraph with `text`, right to left."""
    first = rtl_paragraph(cell.paragraphs[0], align)
    add_text(first, text, bold=bold, size=size)
    return cell


def rtl_table(container, rows: int, cols: int, *, style: str | None = "Table Grid", width_mm=None) -> Table:
    """A table whose first column stands on the right (`w:bidiVisual`); in a header or footer `width_mm`
    is required (python-docx asks for it there)."""
    if width_mm is None:
        table = container.add_table(rows=rows, cols=cols)
    else:
        table = container.add_table(rows=rows, cols=cols, width=Mm(width_mm))
    if style:
        table.style = style
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _child(table._tbl.tblPr, "w:bidiVisual")
    return table


def no_borders(table: Table) -> Table:
    borders = _child(table._tbl.tblPr, "w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        _child(borders, f"w:{side}").set(qn("w:val"), "nil")
    return table


def repeat_header(table: Table) -> Table:
    """The first row repeats on every page the table runs onto."""
    trpr = table.rows[0]._tr.get_or_add_trPr()
    _child(trpr, "w:tblHeader")
    return table


def to_bytes(document: DocumentType) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def column_widths(table: Table, widths_mm: list[float]) -> Table:
    """Each column's width, the first (rightmost) first; Word reads it from every cell."""
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)
    return table
