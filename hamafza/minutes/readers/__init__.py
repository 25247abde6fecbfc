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

from hamafza.minutes.readers.pdf import read_pdf
from hamafza.minutes.readers.pdf_lines import _fix_mirrored as _fix_mirrored
from hamafza.minutes.readers.pdf_lines import _logical as _logical
from hamafza.minutes.readers.refusals import (
    MAX_BYTES,
    MAX_PAGES,
    MAX_RATIO,
    MAX_UNCOMPRESSED,
    MAX_ZIP_MEMBERS,
    MESSAGES,
    OLE2_MAGIC,
    RATIO_CHECK_FROM,
    ZIP_MAGIC,
    ReaderError,
    fail,
)
from hamafza.minutes.readers.text import decode_text, read_text
from hamafza.minutes.readers.word import read_docx

__all__ = [
    "MAX_BYTES",
    "MAX_PAGES",
    "MAX_RATIO",
    "MAX_UNCOMPRESSED",
    "MAX_ZIP_MEMBERS",
    "MESSAGES",
    "OLE2_MAGIC",
    "RATIO_CHECK_FROM",
    "ZIP_MAGIC",
    "ReaderError",
    "decode_text",
    "read",
]


def read(data: bytes, filename: str) -> str:
    """The text of a .txt, .docx or .pdf file in reading order (see the module docstring)."""
    if len(data) > MAX_BYTES:
        raise fail("too_large")
    if not data.strip(b" \t\r\n\x00\x0b\x0c") or data in (
        codecs.BOM_UTF8,
        codecs.BOM_UTF16_LE,
        codecs.BOM_UTF16_BE,
    ):
        raise fail("empty")
    ext = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if data.startswith(OLE2_MAGIC):
        # Word saves a password-protected .docx as an OLE2 compound file; so is the old binary .doc.
        raise fail("legacy_doc" if ext == "doc" else "encrypted_docx")
    if b"%PDF-" in data[:1024]:
        text = read_pdf(data, MAX_PAGES)  # read here, so that a test may lower it
    elif data.startswith(ZIP_MAGIC) or ext == "docx":
        text = read_docx(data)
    elif ext == "pdf":
        raise fail("corrupt_pdf")
    elif ext in ("doc", "xlsx", "xls", "pptx", "ppt", "odt", "rtf", "zip", "rar", "png", "jpg", "jpeg"):
        raise fail("unsupported")
    else:
        text = read_text(data)
    if not text.strip():
        raise fail("no_text")
    return text
