"""Word files (.docx): paragraphs and tables in order, with the numbers of Word's automatic lists."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from hamafza.minutes.readers.refusals import (
    MAX_RATIO,
    MAX_UNCOMPRESSED,
    MAX_ZIP_MEMBERS,
    RATIO_CHECK_FROM,
    ReaderError,
    fail,
)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


W_P, W_TBL, W_TR, W_TC, W_SDT, W_SDT_CONTENT, W_CUSTOM_XML = (
    _w("p"),
    _w("tbl"),
    _w("tr"),
    _w("tc"),
    _w("sdt"),
    _w("sdtContent"),
    _w("customXml"),
)
W_T, W_TAB, W_PTAB, W_BR, W_CR, W_NB_HYPHEN = (
    _w("t"),
    _w("tab"),
    _w("ptab"),
    _w("br"),
    _w("cr"),
    _w("noBreakHyphen"),
)
W_VAL = _w("val")
MC_FALLBACK = f"{{{MC_NS}}}Fallback"
_SKIPPED_IN_PARAGRAPH = {_w("pPr"), _w("rPr"), _w("del"), _w("moveFrom"), MC_FALLBACK, _w("instrText")}


def _check_zip(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise fail("corrupt_docx") from None
    if len(infos) > MAX_ZIP_MEMBERS:
        raise fail("zip_bomb")
    total = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos)
    if total > MAX_UNCOMPRESSED or (total > RATIO_CHECK_FROM and total > MAX_RATIO * max(packed, 1)):
        raise fail("zip_bomb")
    if any(info.flag_bits & 0x1 for info in infos):
        raise fail("encrypted_docx")
    names = {info.filename for info in infos}
    if "word/document.xml" not in names:
        raise fail("unsupported" if names & {"xl/workbook.xml", "ppt/presentation.xml"} else "corrupt_docx")


def read_docx(data: bytes) -> str:
    _check_zip(data)
    import docx  # python-docx; imported here so reading text needs no XML stack

    try:
        document = docx.Document(io.BytesIO(data))
        reader = _DocxReader(document)
        lines = reader.block_lines(document.element.body)
    except ReaderError:
        raise
    except Exception:
        raise fail("corrupt_docx") from None
    return "\n".join(lines)


_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_ARABIC_ALPHA = "أبتثجحخدذرزسشصضطظعغفقكلمنهوي"
_ABJAD = "أبجدهوزحطيكلمنسعفصقرشتثخذضظغ"
_ROMAN = [
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
]


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def _format_number(n: int, fmt: str) -> str:
    if fmt == "decimalZero":
        return f"{n:02d}".translate(_PERSIAN_DIGITS)
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(n).upper() if fmt == "upperRoman" else _roman(n)
    if fmt == "arabicAlpha":
        return _ARABIC_ALPHA[(n - 1) % len(_ARABIC_ALPHA)]
    if fmt == "arabicAbjad":
        return _ABJAD[(n - 1) % len(_ABJAD)]
    return str(n).translate(_PERSIAN_DIGITS)  # decimal, hindiNumbers and anything else


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1-"
    start: int = 1


@dataclass
class _List:
    levels: dict[int, _Level]
    counters: list[int | None] = field(default_factory=lambda: [None] * 9)


class _DocxReader:
    """Walks a document body in order, keeping the counters of Word's automatic numbering."""

    def __init__(self, document):
        self.lists: dict[str, _List] = {}
        self.style_numbering: dict[str, tuple[str | None, int | None]] = {}
        self.style_parent: dict[str, str] = {}
        self._load_numbering(document)
        self._load_styles(document)

    def _load_numbering(self, document) -> None:
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstracts: dict[str, dict[int, _Level]] = {}
        for abstract in root.iterchildren(_w("abstractNum")):
            levels = {}
            for lvl in abstract.iterchildren(_w("lvl")):
                levels[int(lvl.get(_w("ilvl"), "0"))] = self._level(lvl, _Level())
            abstracts[abstract.get(_w("abstractNumId"))] = levels
        for num in root.iterchildren(_w("num")):
            ref = num.find(_w("abstractNumId"))
            base = abstracts.get(ref.get(W_VAL) if ref is not None else None, {})
            levels = {ilvl: _Level(level.fmt, level.text, level.start) for ilvl, level in base.items()}
            for override in num.iterchildren(_w("lvlOverride")):
                ilvl = int(override.get(_w("ilvl"), "0"))
                level = levels.setdefault(ilvl, _Level())
                start = override.find(_w("startOverride"))
                if start is not None:
                    level.start = int(start.get(W_VAL, "1"))
                lvl = override.find(_w("lvl"))
                if lvl is not None:
                    levels[ilvl] = self._level(lvl, level)
            self.lists[num.get(_w("numId"))] = _List(levels)

    @staticmethod
    def _level(lvl, level: _Level) -> _Level:
        fmt, text, start = lvl.find(_w("numFmt")), lvl.find(_w("lvlText")), lvl.find(_w("start"))
        return _Level(
            fmt.get(W_VAL, "decimal") if fmt is not None else level.fmt,
            text.get(W_VAL, "") if text is not None else level.text,
            int(start.get(W_VAL, "1")) if start is not None else level.start,
        )

    def _load_styles(self, document) -> None:
        try:
            root = document.styles.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for style in root.iterchildren(_w("style")):
            style_id = style.get(_w("styleId"))
            based = style.find(_w("basedOn"))
            if based is not None:
                self.style_parent[style_id] = based.get(W_VAL)
            num_pr = style.find(f"{_w('pPr')}/{_w('numPr')}")
            if num_pr is not None:
                self.style_numbering[style_id] = self._num_pr(num_pr)

    @staticmethod
    def _num_pr(num_pr) -> tuple[str | None, int | None]:
        num_id, ilvl = num_pr.find(_w("numId")), num_pr.find(_w("ilvl"))
        return (
            num_id.get(W_VAL) if num_id is not None else None,
            int(ilvl.get(W_VAL, "0")) if ilvl is not None else None,
        )

    def _numbering_of(self, p) -> tuple[str | None, int]:
        num_id, ilvl = None, None
        p_pr = p.find(_w("pPr"))
        if p_pr is not None:
            num_pr = p_pr.find(_w("numPr"))
            if num_pr is not None:
                num_id, ilvl = self._num_pr(num_pr)
            style = p_pr.find(_w("pStyle"))
            style_id = style.get(W_VAL) if style is not None else None
            seen = set()
            while num_id is None and style_id and style_id not in seen:
                seen.add(style_id)
                style_num, style_lvl = self.style_numbering.get(style_id, (None, None))
                num_id = style_num
                ilvl = style_lvl if ilvl is None else ilvl
                style_id = self.style_parent.get(style_id)
        return num_id, ilvl or 0

    def _prefix(self, p) -> str:
        num_id, ilvl = self._numbering_of(p)
        if not num_id or num_id == "0" or num_id not in self.lists:
            return ""
        lst = self.lists[num_id]
        level = lst.levels.get(ilvl, _Level())
        if level.fmt == "bullet":
            return "• "
        if level.fmt == "none":
            return ""
        counters = lst.counters
        counters[ilvl] = level.start if counters[ilvl] is None else counters[ilvl] + 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = None
        for upper in range(ilvl):
            if counters[upper] is None:
                counters[upper] = lst.levels.get(upper, _Level()).start

        def number(match: re.Match) -> str:
            k = int(match.group(1)) - 1
            lvl = lst.levels.get(k, _Level())
            return _format_number(counters[k] or lvl.start, level.fmt if k == ilvl else lvl.fmt)

        text = re.sub(r"%([1-9])", number, level.text).strip()
        return f"{text} " if text else ""

    # Text of one paragraph: runs, hyperlinks, fields' results; deleted text and fallbacks skipped.
    def _text(self, element, out: list[str]) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIPPED_IN_PARAGRAPH:
                continue
            if tag == W_T:
                out.append(child.text or "")
            elif tag in (W_TAB, W_PTAB):
                out.append(" ")
            elif tag in (W_BR, W_CR):
                out.append("\n")
            elif tag == W_NB_HYPHEN:
                out.append("-")
            else:
                self._text(child, out)

    def paragraph(self, p) -> str:
        out: list[str] = []
        self._text(p, out)
        text = "".join(out)
        if not text.strip():
            return ""
        return self._prefix(p) + text.strip()

    def block_lines(self, container) -> list[str]:
        lines: list[str] = []
        for child in container:
            tag = child.tag
            if tag == W_P:
                for line in self.paragraph(child).split("\n"):
                    if line.strip():
                        lines.append(_spaces(line))
            elif tag == W_TBL:
                lines.extend(self.table_lines(child))
            elif tag == W_SDT:
                content = child.find(W_SDT_CONTENT)
                if content is not None:
                    lines.extend(self.block_lines(content))
            elif tag == W_CUSTOM_XML:
                lines.extend(self.block_lines(child))
        return lines

    def _cells(self, tr):
        for child in tr:
            if child.tag == W_TC:
                yield child
            elif child.tag in (W_SDT, W_CUSTOM_XML):
                content = child.find(W_SDT_CONTENT) if child.tag == W_SDT else child
                if content is not None:
                    yield from self._cells(content)

    def _rows(self, tbl):
        for child in tbl:
            if child.tag == W_TR:
                yield child
            elif child.tag in (W_SDT, W_CUSTOM_XML):
                content = child.find(W_SDT_CONTENT) if child.tag == W_SDT else child
                if content is not None:
                    yield from self._rows(content)

    def cell_text(self, tc) -> str:
        parts = []
        for line in self.block_lines(tc):
            parts.append(line.replace("\t", " "))
        return _spaces(" ".join(parts))

    def table_lines(self, tbl) -> list[str]:
        grid: list[list[str]] = []
        single_column = True
        for tr in self._rows(tbl):
            cells = []
            for tc in self._cells(tr):
                v_merge = tc.find(f"{_w('tcPr')}/{_w('vMerge')}")
                if v_merge is not None and v_merge.get(W_VAL, "continue") == "continue":
                    cells.append("")  # covered by the cell above: its text was given once, there
                else:
                    cells.append(self.cell_text(tc))
            if len(cells) > 1:
                single_column = False
            grid.append(cells)
        if single_column:
            # A one-column table is a frame around text (or around another table): read what it holds.
            lines: list[str] = []
            for tr in self._rows(tbl):
                for tc in self._cells(tr):
                    lines.extend(self.block_lines(tc))
            return lines
        bidi = tbl.find(f"{_w('tblPr')}/{_w('bidiVisual')}")
        rtl = bidi is not None and bidi.get(W_VAL, "1") not in ("0", "false", "off")
        if not rtl and _number_column_is_last(grid):
            # A left-to-right table laid out for right-to-left reading: «ردیف» is its last column.
            grid = [row[::-1] for row in grid]
        return ["\t".join(row) for row in grid if any(cell.strip() for cell in row)]


_ROW_NUMBER = re.compile(r"^[\d۰-۹٠-٩]{1,3}(?:[-./][\d۰-۹٠-٩]{1,3})*[-.)]?$")
_NUMBER_HEADERS = {"ردیف", "رديف", "شماره", "ش", "شماره مصوبه", "row", "no", "#"}


def _number_column_is_last(grid: list[list[str]]) -> bool:
    rows = [row for row in grid if len(row) >= 2]
    if len(rows) < 2:
        return False

    def share(index: int) -> float:
        values = [row[index].strip() for row in rows if row[index].strip()]
        hits = sum(1 for value in values if _ROW_NUMBER.match(value) or value.lower() in _NUMBER_HEADERS)
        return hits / len(values) if values else 0.0

    return share(-1) >= 0.6 and share(0) < 0.3


def _spaces(text: str) -> str:
    return re.sub(r"[ \u00a0]{2,}", " ", text.replace("\t", " ")).strip()
