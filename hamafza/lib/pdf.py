"""PDFs whose Persian text copies out as it was written.

A PDF draws a right-to-left line's glyphs in visual order (left to right on the page), and a reader that
copies or extracts the text (a PDF viewer, pdfplumber, a search engine) reads the glyphs in that order
and reverses each right-to-left run back to logical order. Each glyph names the characters it draws in
the font's ToUnicode map. WeasyPrint writes there, for a glyph that draws several characters, those
characters in logical order: the lam-alef ligature, one glyph for «لا», maps to «ل ا». Reversed with
the rest of the run, it comes out «ال»: «محلات» is copied as «محالت», «لازم» as «الزم».

`copyable_text` is a WeasyPrint finisher (the documented hook run on the PDF before it is written) that
turns every such right-to-left many-character entry of every ToUnicode map into visual order, as the
glyph itself stands in the run, so that a reader's reversal gives back the logical text. Single
characters, left-to-right clusters and digits are left as they are.
"""

import re
import unicodedata

import pydyf

_ENTRY = re.compile(rb"^(<[0-9a-fA-F]+>\s*)<([0-9a-fA-F]+)>$")
_RTL = {"R", "AL"}


def _visual(hex_text: bytes) -> bytes:
    """The UTF-16BE code units of an entry, right-to-left text reversed (a BMP-only map, as WeasyPrint
    writes it for Persian; anything with a surrogate pair is left alone)."""
    units = [hex_text[i : i + 4] for i in range(0, len(hex_text), 4)]
    if len(units) < 2 or len(hex_text) % 4:
        return hex_text
    chars = [chr(int(unit, 16)) for unit in units]
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in chars):
        return hex_text
    if not any(unicodedata.bidirectional(ch) in _RTL for ch in chars):
        return hex_text
    return b"".join(reversed(units))


def _fix_cmap(stream: pydyf.Stream) -> None:
    lines = stream.stream
    if not any(isinstance(line, bytes) and line == b"begincmap" for line in lines):
        return
    for index, line in enumerate(lines):
        if not isinstance(line, bytes):
            continue
        match = _ENTRY.match(line)
        if match:
            lines[index] = match.group(1) + b"<" + _visual(match.group(2)) + b">"


def copyable_text(document, pdf: pydyf.PDF) -> None:
    """WeasyPrint finisher: the ToUnicode maps' right-to-left ligatures in visual order (see above)."""
    for obj in pdf.objects:
        if isinstance(obj, pydyf.Stream):
            _fix_cmap(obj)
