"""PDF files, read with pdfplumber: pages into lines and ruled tables, page furniture dropped, wrapped
lines joined into paragraphs."""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass

from hamafza.minutes.readers.pdf_lines import PdfLine, bidi_class, chars_to_lines, clean_chars
from hamafza.minutes.readers.refusals import MAX_PAGES, ReaderError, fail


def read_pdf(data: bytes, max_pages: int = MAX_PAGES) -> str:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = pdf.pages
    except Exception as error:  # pdfplumber wraps pdfminer's errors; look for the encryption ones
        chain = [
            error,
            getattr(error, "__cause__", None),
            getattr(error, "__context__", None),
            *getattr(error, "args", ()),
        ]
        if (
            any(isinstance(item, PDFPasswordIncorrect | PDFEncryptionError) for item in chain)
            or "encrypt" in repr(error).lower()
            or "password" in repr(error).lower()
        ):
            raise fail("encrypted_pdf") from None
        raise fail("corrupt_pdf") from None
    with pdf:
        if len(pages) > max_pages:
            raise fail("too_many_pages")
        if not pages:
            raise fail("corrupt_pdf")
        try:
            layouts = [_page_layout(page) for page in pages]
        except ReaderError:
            raise
        except Exception:
            raise fail("corrupt_pdf") from None
    if not any(layout.blocks for layout in layouts):
        if any(layout.images for layout in layouts):
            raise fail("scanned_pdf")
        raise fail("no_text")
    _drop_page_furniture(layouts)
    return "\n".join(_pdf_lines(layouts))


@dataclass
class _Table:
    rows: list[str]
    top: float


@dataclass
class _Page:
    width: float
    height: float
    blocks: list  # PdfLine | _Table, top to bottom
    images: int


def _inside(ch: dict, bbox: tuple) -> bool:
    x = (ch["x0"] + ch["x1"]) / 2
    y = (ch["top"] + ch["bottom"]) / 2
    return bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]


def _table_rows(table, chars: list[dict]) -> list[str] | None:
    """Rows of a ruled table as TAB lines in reading order, or None if it is only a frame."""
    rows = table.rows
    width = max((len(row.cells) for row in rows), default=0)
    if width < 2 or max(sum(1 for c in row.cells if c) for row in rows) < 2:
        return None
    inside = [ch for ch in chars if _inside(ch, table.bbox)]
    strong = [bidi_class(ch["text"]) for ch in inside]
    rtl = strong.count("R") >= strong.count("L")
    columns = [col.bbox for col in table.columns]
    lines = []
    for row in rows:
        cells: list[tuple[float, str]] = []
        present = [c for c in row.cells if c]
        for index, cell in enumerate(row.cells):
            if cell is None:
                if index >= len(columns) or columns[index] is None:
                    continue
                center = (columns[index][0] + columns[index][2]) / 2
                if any(c[0] <= center <= c[2] for c in present):
                    continue  # covered by a cell merged across columns: its text is given once
                cells.append((center, ""))  # covered by a cell merged from the row above
                continue
            text = " ".join(line.text for line in chars_to_lines([ch for ch in inside if _inside(ch, cell)]))
            cells.append(((cell[0] + cell[2]) / 2, text.replace("\t", " ")))
        cells.sort(key=lambda c: -c[0] if rtl else c[0])
        if any(text for _, text in cells):
            lines.append("\t".join(text for _, text in cells))
    return lines


def _page_layout(page) -> _Page:
    chars = clean_chars(page.chars)
    tables: list[_Table] = []
    used: list[tuple] = []
    if chars:
        for table in page.find_tables():
            rows = _table_rows(table, chars)
            if rows is None:
                continue
            tables.append(_Table(rows, table.bbox[1]))
            used.append(table.bbox)
    free = [ch for ch in chars if not any(_inside(ch, bbox) for bbox in used)]
    blocks: list = [*chars_to_lines(free), *tables]
    blocks.sort(key=lambda block: block.top)
    return _Page(float(page.width), float(page.height), blocks, len(page.images))


_PAGE_NUMBER = re.compile(
    r"^[\s\-–—|.]*(?:(?:صفحه|page)\s*)?#+(?:\s*(?:از|/|of)\s*#+)?[\s\-–—|.]*$", re.IGNORECASE
)


def _furniture_key(text: str) -> str:
    return re.sub(r"[\d۰-۹٠-٩]+", "#", re.sub(r"\s+", " ", text)).strip()


def _drop_page_furniture(pages: list[_Page]) -> None:
    """Drop lines in the top or bottom margin that repeat on most pages, and bare page numbers."""

    def margin_lines(page: _Page):
        lines = [b for b in page.blocks if isinstance(b, PdfLine)]
        head = [line for line in lines[:3] if line.bottom <= page.height * 0.12]
        foot = [line for line in lines[-3:] if line.top >= page.height * 0.88]
        return head + foot

    counts: dict[str, int] = {}
    for page in pages:
        for key in {_furniture_key(line.text) for line in margin_lines(page)}:
            counts[key] = counts.get(key, 0) + 1
    threshold = max(2, (len(pages) + 1) // 2)
    for page in pages:
        drop = set()
        for line in margin_lines(page):
            key = _furniture_key(line.text)
            if _PAGE_NUMBER.match(key) or counts.get(key, 0) >= threshold:
                drop.add(id(line))
        page.blocks = [b for b in page.blocks if id(b) not in drop]


_ITEM_START = re.compile(
    r"^\s*(?:[\d۰-۹٠-٩]+(?:[-.][\d۰-۹٠-٩]+)*\s*[-.)–:]|[•▪●■◄►*\-–]|بند\s|[\d۰-۹٠-٩]+\s)"
)


def _continues(prev: PdfLine, line: PdfLine, left: float, right: float, same_page: bool) -> bool:
    """Is `line` the wrapped continuation of the paragraph that `prev` ends?"""
    if prev.rtl != line.rtl or abs(prev.size - line.size) > 0.6 or _ITEM_START.match(line.text):
        return False
    if same_page:
        height = prev.bottom - prev.top
        if line.top - prev.bottom > 0.9 * height or line.top < prev.bottom - 0.3 * height:
            return False
    tol = max(2.0, 0.02 * (right - left))
    if prev.rtl:
        room = prev.x0 - left  # what was left free at the end of the previous line
        starts_at_margin = line.x1 >= right - tol
    else:
        room = right - prev.x1
        starts_at_margin = line.x0 <= left + tol
    # The line before was full if the first word of this line would not have fitted at its end.
    return starts_at_margin and room < line.first_word + 0.4 * line.size


def _pdf_lines(pages: list[_Page]) -> list[str]:
    text_lines = [b for page in pages for b in page.blocks if isinstance(b, PdfLine)]
    if not text_lines:
        left = right = 0.0
    else:
        left = min(line.x0 for line in text_lines)
        right = max(line.x1 for line in text_lines)
    out: list[str] = []
    prev: PdfLine | None = None
    prev_page = -1
    for number, page in enumerate(pages):
        for block in page.blocks:
            if isinstance(block, _Table):
                out.extend(_nfkc(row) for row in block.rows)
                prev = None
                continue
            if prev is not None and _continues(prev, block, left, right, number == prev_page):
                out[-1] = f"{out[-1]} {_nfkc(block.text)}"
            else:
                out.append(_nfkc(block.text))
            prev, prev_page = block, number
    return [line for line in out if line.strip()]


def _nfkc(text: str) -> str:
    return "\t".join(
        re.sub(r" {2,}", " ", unicodedata.normalize("NFKC", cell)).strip() for cell in text.split("\t")
    )
