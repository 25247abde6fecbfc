"""Turn an uploaded file of minutes into one plain text in reading order.

`read(data, filename)` is the only entry point. Its output is what the extraction engine works on:

- one paragraph per line, in logical (reading) order, blank paragraphs dropped;
- each table row as one line, its cells separated by a TAB, in the table's logical column order (for a
  right-to-left table the first cell is the rightmost column). A cell merged across columns is emitted
  once; a cell merged down over several rows gives its text in its first row and an empty cell in the
  rows it covers, so every row keeps its columns in place;
- numbers of Word's automatic lists written in front of their paragraphs («۱- », «۲-۱- »), bullets as «• »;
- page headers, footers and page numbers left out.

Text files (UTF-8, with or without BOM, UTF-16 with BOM, Windows-1256) are decoded and returned as
they are. Word files are read with python-docx, PDFs with pdfplumber from the positions of their
characters (right-to-left lines rebuilt, the lam-alef ligature repaired, ruled tables found). Anything
that cannot be read raises `ReaderError` with a Persian message for the person who uploaded the file.
No Django here: the importer, the management command and the evaluation all call this.
"""

from __future__ import annotations

import codecs
import io
import re
import statistics
import unicodedata
import zipfile
from dataclasses import dataclass, field

MAX_BYTES = 20 * 1024 * 1024
MAX_PAGES = 200
# A real .docx has a few dozen members and compresses its XML five to twenty times.
MAX_ZIP_MEMBERS = 1000
MAX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_RATIO = 100
RATIO_CHECK_FROM = 5 * 1024 * 1024

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


class ReaderError(Exception):
    """A file that cannot be read; `message_fa` is shown to the person, `code` is for programs."""

    def __init__(self, message_fa: str, code: str):
        super().__init__(message_fa)
        self.message_fa = message_fa
        self.code = code


MESSAGES = {
    "empty": "فایل خالی است و متنی برای خواندن ندارد.",
    "too_large": f"حجم فایل بیش از {MAX_BYTES // (1024 * 1024)} مگابایت است؛ فایل کوچک‌تری بارگذاری کنید.",
    "too_many_pages": f"فایل بیش از {MAX_PAGES} صفحه دارد؛ صورتجلسه را جداگانه بارگذاری کنید.",
    "zip_bomb": "ساختار این فایل Word مشکوک است (حجم بازشدهٔ آن غیرعادی است) و برای ایمنی باز نشد.",
    "encrypted_docx": "فایل Word با گذرواژه رمزگذاری شده است؛ گذرواژه را بردارید و دوباره بارگذاری کنید.",
    "legacy_doc": "قالب قدیمی Word (‎.doc‎) خوانده نمی‌شود؛ فایل را در Word با قالب ‎.docx‎ ذخیره کنید و دوباره بارگذاری کنید.",
    "corrupt_docx": "فایل Word خراب است یا قالب ‎.docx‎ ندارد و خوانده نشد.",
    "corrupt_pdf": "فایل PDF خراب است یا در واقع PDF نیست و خوانده نشد.",
    "encrypted_pdf": "فایل PDF با گذرواژه رمزگذاری شده است؛ نسخهٔ بدون گذرواژه را بارگذاری کنید.",
    "scanned_pdf": (
        "این PDF یک سند اسکن‌شده است (فقط تصویر دارد و لایهٔ متنی ندارد)، بنابراین متن آن خوانده نشد؛"
        " فایل Word یا PDF متنی صورتجلسه را بارگذاری کنید یا متن را در کادر بچسبانید."
    ),
    "no_text": "در این فایل هیچ متنی پیدا نشد.",
    "binary_text": "این فایل متن نیست؛ فقط فایل متنی (‎.txt‎)، Word (‎.docx‎) یا PDF پذیرفته می‌شود.",
    "unsupported": "قالب این فایل پشتیبانی نمی‌شود؛ فقط فایل متنی (‎.txt‎)، Word (‎.docx‎) یا PDF پذیرفته می‌شود.",
}


def _fail(code: str) -> ReaderError:
    return ReaderError(MESSAGES[code], code)


def read(data: bytes, filename: str) -> str:
    """The text of a .txt, .docx or .pdf file in reading order (see the module docstring)."""
    if len(data) > MAX_BYTES:
        raise _fail("too_large")
    if not data.strip(b" \t\r\n\x00\x0b\x0c") or data in (
        codecs.BOM_UTF8,
        codecs.BOM_UTF16_LE,
        codecs.BOM_UTF16_BE,
    ):
        raise _fail("empty")
    ext = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if data.startswith(OLE2_MAGIC):
        # Word saves a password-protected .docx as an OLE2 compound file; so is the old binary .doc.
        raise _fail("legacy_doc" if ext == "doc" else "encrypted_docx")
    if b"%PDF-" in data[:1024]:
        text = _read_pdf(data)
    elif data.startswith(ZIP_MAGIC) or ext == "docx":
        text = _read_docx(data)
    elif ext == "pdf":
        raise _fail("corrupt_pdf")
    elif ext in ("doc", "xlsx", "xls", "pptx", "ppt", "odt", "rtf", "zip", "rar", "png", "jpg", "jpeg"):
        raise _fail("unsupported")
    else:
        text = _read_text(data)
    if not text.strip():
        raise _fail("no_text")
    return text


# --- plain text ---------------------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1256 for old Arabic-script files."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    if len(data) >= 4:
        # UTF-16 without a BOM: the high byte of Latin and Persian characters is 0x00 or 0x06.
        for codec, high in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
            if high.count(0) + high.count(6) > 0.7 * len(high):
                return data.decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1256", errors="replace")


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _read_text(data: bytes) -> str:
    text = decode_text(data)
    if len(_CONTROL.findall(text[:20000])) > max(3, len(text[:20000]) // 100):
        raise _fail("binary_text")
    text = _CONTROL.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n").replace("\ufeff", "")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


# --- Word ---------------------------------------------------------------------------------------

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
        raise _fail("corrupt_docx") from None
    if len(infos) > MAX_ZIP_MEMBERS:
        raise _fail("zip_bomb")
    total = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos)
    if total > MAX_UNCOMPRESSED or (total > RATIO_CHECK_FROM and total > MAX_RATIO * max(packed, 1)):
        raise _fail("zip_bomb")
    if any(info.flag_bits & 0x1 for info in infos):
        raise _fail("encrypted_docx")
    names = {info.filename for info in infos}
    if "word/document.xml" not in names:
        raise _fail("unsupported" if names & {"xl/workbook.xml", "ppt/presentation.xml"} else "corrupt_docx")


def _read_docx(data: bytes) -> str:
    _check_zip(data)
    import docx  # python-docx; imported here so reading text needs no XML stack

    try:
        document = docx.Document(io.BytesIO(data))
        reader = _DocxReader(document)
        lines = reader.block_lines(document.element.body)
    except ReaderError:
        raise
    except Exception:
        raise _fail("corrupt_docx") from None
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


# --- PDF ----------------------------------------------------------------------------------------


def _read_pdf(data: bytes) -> str:
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
            raise _fail("encrypted_pdf") from None
        raise _fail("corrupt_pdf") from None
    with pdf:
        if len(pages) > MAX_PAGES:
            raise _fail("too_many_pages")
        if not pages:
            raise _fail("corrupt_pdf")
        try:
            layouts = [_page_layout(page) for page in pages]
        except ReaderError:
            raise
        except Exception:
            raise _fail("corrupt_pdf") from None
    if not any(layout.blocks for layout in layouts):
        if any(layout.images for layout in layouts):
            raise _fail("scanned_pdf")
        raise _fail("no_text")
    _drop_page_furniture(layouts)
    return "\n".join(_pdf_lines(layouts))


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    rtl: bool
    first_word: float  # width of the first word in reading order (for joining wrapped lines)


@dataclass
class _Table:
    rows: list[str]
    top: float


@dataclass
class _Page:
    width: float
    height: float
    blocks: list  # _Line | _Table, top to bottom
    images: int


def _bidi(text: str) -> str:
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return "R"
        if kind == "L":
            return "L"
        if kind in ("EN", "AN"):
            return "N"
        if kind in ("ES", "CS"):
            return "S"
        if kind == "ET":
            return "T"
        if kind == "WS" or ch == " ":
            return "W"
        if kind == "NSM":
            return "M"
    return "O"


_ARABIC_LETTER = re.compile(r"[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff]")


def _clean_chars(chars: list[dict]) -> list[dict]:
    """Upright characters with text, overprinted duplicates (fake bold) removed, ligatures normalised."""
    out: list[dict] = []
    seen: set[tuple] = set()
    for ch in chars:
        text = ch.get("text") or ""
        if not text or not ch.get("upright", True):
            continue
        key = (text, round(ch["x0"]), round(ch["top"]))
        if key in seen:
            continue
        seen.add(key)
        text = unicodedata.normalize("NFKC", text)  # presentation forms, e.g. U+FEFB ﻻ → لا
        if set(text) == {"ا", "ل"} and len(text) == 2:
            text = "لا"  # one glyph is a lam-alef ligature, whose logical order is always lam then alef
        out.append({**ch, "text": text})
    return out


def _group_lines(chars: list[dict]) -> list[list[dict]]:
    lines: list[list[dict]] = []
    for ch in sorted(chars, key=lambda c: ((c["top"] + c["bottom"]) / 2, c["x0"])):
        mid = (ch["top"] + ch["bottom"]) / 2
        height = max(ch["bottom"] - ch["top"], 1.0)
        if lines:
            last = lines[-1]
            last_mid = statistics.fmean((c["top"] + c["bottom"]) / 2 for c in last[-8:])
            if abs(mid - last_mid) <= 0.45 * height:
                last.append(ch)
                continue
        lines.append([ch])
    return lines


def _repair_ligatures(items: list[dict]) -> None:
    """Lam-alef glyphs that a font maps to «ل» or «ا» alone, recognised by their width and joining."""
    for i, ch in enumerate(items):
        size = ch.get("size") or (ch["bottom"] - ch["top"])
        width = ch["x1"] - ch["x0"]
        if ch["text"] == "ا" and width >= 0.45 * size:
            ch["text"] = "لا"  # an alef is narrow; this glyph is twice as wide
        elif ch["text"] == "ل" and width >= 0.5 * size and i > 0:
            left = items[i - 1]  # the next letter in reading order
            touching = ch["x0"] - left["x1"] < 0.06 * size
            if touching and _ARABIC_LETTER.match(left["text"]) and left["text"][-1] not in "هیي":
                # A lam this wide is final or isolated, so nothing may join it: the glyph was lam-alef.
                ch["text"] = "لا"


def _merge_marks(items: list[dict]) -> list[dict]:
    """Attach combining marks (harakat, hamza above) to the letter they sit on."""
    bases = [ch for ch in items if _bidi(ch["text"]) != "M"]
    for ch in items:
        if _bidi(ch["text"]) == "M" and bases:
            center = (ch["x0"] + ch["x1"]) / 2
            base = min(
                bases,
                key=lambda b: 0
                if b["x0"] <= center <= b["x1"]
                else min(abs(b["x0"] - center), abs(b["x1"] - center)),
            )
            base["text"] = base["text"] + ch["text"]
    return bases


def _zero_width_joiners(chars: list[dict]) -> None:
    """A space glyph drawn over its neighbour has no advance: it stands for a ZWNJ («سه‌شنبه»)."""
    for i, ch in enumerate(chars):
        if ch["text"] != " ":
            continue
        width = ch["x1"] - ch["x0"]
        after = chars[i + 1] if i + 1 < len(chars) else None
        before = chars[i - 1] if i else None
        if (after is not None and after["text"] != " " and after["x0"] < ch["x1"] - 0.5 * width) or (
            before is not None and before["text"] != " " and before["x1"] > ch["x0"] + 0.5 * width
        ):
            ch["text"] = "\u200c"


def _visual_items(chars: list[dict]) -> list[dict]:
    """Characters of one line from left to right, with a space item wherever words are apart."""
    chars = sorted(chars, key=lambda c: (round(c["x0"], 1), c["x1"]))
    chars = _merge_marks(chars)
    _zero_width_joiners(chars)
    items: list[dict] = []
    for ch in chars:
        if ch["text"] == "\u200c":
            if items and items[-1]["text"] not in (" ", "\u200c"):
                items.append(ch)
            continue
        if ch["text"].isspace():
            if items and items[-1]["text"] != " ":
                items.append({**ch, "text": " "})
            continue
        glyphs = [item for item in items[-2:] if item["text"] != "\u200c"]
        if items and items[-1]["text"] != " " and glyphs:
            prev = glyphs[-1]
            size = min(ch.get("size") or 10, prev.get("size") or 10)
            if ch["x0"] - prev["x1"] > 0.18 * size:
                items.append({**prev, "text": " ", "x0": prev["x1"], "x1": ch["x0"]})
            elif (
                prev["text"] == "ل"
                and ch["text"] == "ا"
                and ch["x0"] < prev["x0"] + 0.5 * (prev["x1"] - prev["x0"])
            ):
                prev["text"] = "لا"  # two characters drawn over one ligature glyph
                prev["x1"] = max(prev["x1"], ch["x1"])
                continue
            elif (
                prev["text"] == "ا"
                and ch["text"] == "ل"
                and ch["x0"] < prev["x0"] + 0.5 * (prev["x1"] - prev["x0"])
            ):
                prev["text"] = "لا"
                prev["x1"] = max(prev["x1"], ch["x1"])
                continue
        items.append(ch)
    while items and items[-1]["text"] == " ":
        items.pop()
    return items


def _logical(items: list[dict], rtl: bool) -> list[dict]:
    """Visual left-to-right items → reading order.

    In a right-to-left line the items are reversed, except runs that the bidi algorithm lays out left to
    right: numbers (with their separators «/ . : -» and «٪»), and Latin words with the spaces between them.
    In a left-to-right line only the runs of right-to-left letters are reversed.
    """
    kinds = [_bidi(item["text"]) for item in items]
    n = len(items)
    if not rtl:
        out: list[dict] = []
        i = 0
        while i < n:
            if kinds[i] == "R":
                j = i
                while j + 1 < n and (
                    kinds[j + 1] == "R" or (kinds[j + 1] in "WO" and j + 2 < n and kinds[j + 2] == "R")
                ):
                    j += 1
                out.extend(reversed(items[i : j + 1]))
                i = j + 1
            else:
                out.append(items[i])
                i += 1
        return out
    segments: list[list[dict]] = []
    i = 0
    while i < n:
        if kinds[i] in "LN" or (kinds[i] == "T" and i + 1 < n and kinds[i + 1] == "N"):
            j = i
            while j + 1 < n:
                k = kinds[j + 1]
                if k in "LN":
                    j += 1
                elif k == "T" and (kinds[j] == "N" or (j + 2 < n and kinds[j + 2] == "N")):
                    j += 1
                elif k == "S" and j + 2 < n and kinds[j + 2] in "LN" and kinds[j] in "LN":
                    j += 1
                elif k in "WO" and kinds[j] == "L":
                    nxt = j + 1
                    while nxt < n and kinds[nxt] in "WO":
                        nxt += 1
                    if nxt < n and kinds[nxt] in "LN":
                        j = nxt - 1
                    else:
                        break
                else:
                    break
            segments.append(items[i : j + 1])
            i = j + 1
        else:
            segments.append([items[i]])
            i += 1
    return [item for segment in reversed(segments) for item in segment]


_SWAP = str.maketrans("()[]{}«»", ")(][}{»«")


_MISPLACED = re.compile(r"[(\[{«](?:\s|$)|(?:^|\s)[)\]}»]")


def _misplaced(text: str) -> int:
    """Brackets facing the wrong way: an opening one before a space, a closing one after a space."""
    return len(_MISPLACED.findall(text))


def _fix_mirrored(text: str) -> str:
    """Some producers give the mirrored glyph's character: «)حاشیه(» is read back as «(حاشیه)»."""
    if not _MISPLACED.search(text):
        return text
    swapped = text.translate(_SWAP)
    return swapped if _misplaced(swapped) < _misplaced(text) else text


def _make_line(chars: list[dict]) -> _Line | None:
    items = _visual_items(chars)
    if not items:
        return None
    strong = [_bidi(item["text"]) for item in items]
    rtl = strong.count("R") > 0 and strong.count("R") >= strong.count("L")
    if rtl:
        _repair_ligatures(items)
    ordered = _logical(items, rtl)
    text = _fix_mirrored(re.sub(r" {2,}", " ", "".join(item["text"] for item in ordered)).strip())
    if not text:
        return None
    # Width of the first word in reading order: the rightmost word of a right-to-left line.
    edge = list(reversed(items)) if rtl else items
    word = []
    for item in edge:
        if item["text"] == " ":
            break
        word.append(item)
    first_word = (max(i["x1"] for i in word) - min(i["x0"] for i in word)) if word else 0.0
    sizes = [item.get("size") or (item["bottom"] - item["top"]) for item in items if item["text"] != " "]
    return _Line(
        text=text,
        x0=min(item["x0"] for item in items),
        x1=max(item["x1"] for item in items),
        top=min(item["top"] for item in items),
        bottom=max(item["bottom"] for item in items),
        size=statistics.median(sizes) if sizes else 10.0,
        rtl=rtl,
        first_word=first_word,
    )


def _lines(chars: list[dict]) -> list[_Line]:
    return [line for group in _group_lines(chars) if (line := _make_line(group))]


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
    strong = [_bidi(ch["text"]) for ch in inside]
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
            text = " ".join(line.text for line in _lines([ch for ch in inside if _inside(ch, cell)]))
            cells.append(((cell[0] + cell[2]) / 2, text.replace("\t", " ")))
        cells.sort(key=lambda c: -c[0] if rtl else c[0])
        if any(text for _, text in cells):
            lines.append("\t".join(text for _, text in cells))
    return lines


def _page_layout(page) -> _Page:
    chars = _clean_chars(page.chars)
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
    blocks: list = [*_lines(free), *tables]
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
        lines = [b for b in page.blocks if isinstance(b, _Line)]
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


def _continues(prev: _Line, line: _Line, left: float, right: float, same_page: bool) -> bool:
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
    text_lines = [b for page in pages for b in page.blocks if isinstance(b, _Line)]
    if not text_lines:
        left = right = 0.0
    else:
        left = min(line.x0 for line in text_lines)
        right = max(line.x1 for line in text_lines)
    out: list[str] = []
    prev: _Line | None = None
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
