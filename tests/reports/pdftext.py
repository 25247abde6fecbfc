"""Reading Persian back out of a PDF.

pdfplumber returns a line's glyphs in visual order (left to right on the page), so a right-to-left
word comes out reversed ("هدف" → "فده"), while runs of digits such as «۱۴۰۳/۰۱/۱۵» keep their order.
The zero-width non-joiner has no glyph and disappears ("آسیب‌های" → "یاهبیسآ"). Long texts wrap inside
table cells, and pdfplumber joins a cell's line with the neighbouring cells' text on the same baseline,
so a whole sentence is not found verbatim; each of its words is. The check is therefore per word:
every word of the expected text must appear, in its visual spelling, in the extracted text.
"""

import io
import re
import unicodedata

import pdfplumber
from pdfminer.pdftypes import resolve1

ZWNJ = "\u200c"
_RTL = re.compile("[\u0600-\u06ff]")
_DIGITS = re.compile("^[0-9۰-۹/٪%.,:]+$")


def pdf_pages(content: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return [
            unicodedata.normalize("NFKC", page.extract_text() or "").replace(ZWNJ, "") for page in pdf.pages
        ]


def visual(word: str) -> str:
    """How pdfplumber spells a word of a right-to-left line: reversed, letter by letter, the lam-alef
    ligature («لا», one glyph) too ("محلات" → "تالحم"), so that a reader's reversal gives back «محلات»
    (hamafza.lib.pdf.copyable_text)."""
    word = word.replace(ZWNJ, "")
    if _DIGITS.match(word) or not _RTL.search(word):
        return word
    return word[::-1]


def missing_words(expected: str, extracted: str) -> list[str]:
    return [word for word in expected.split() if visual(word) not in extracted]


def position(expected: str, extracted: str) -> int:
    """Where the first word of `expected` first appears: the text runs top to bottom, page after page."""
    return extracted.index(visual(expected.split()[0]))


def embedded_fonts(content: bytes) -> dict[str, list[str]]:
    """Each font resource of the first page and the font files embedded for it (FontFile2 = TrueType)."""
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        found = {}
        for ref in resolve1(pdf.pages[0].page_obj.resources["Font"]).values():
            font = resolve1(ref)
            name = resolve1(font["BaseFont"]).name.split("+", 1)[-1]
            files = []
            for descendant in resolve1(font.get("DescendantFonts") or [font]):
                descriptor = resolve1(resolve1(descendant)["FontDescriptor"])
                files += [key for key in descriptor if key.startswith("FontFile")]
            found[name] = files
        return found


def fonts(content: bytes) -> set[str]:
    """The fonts of every glyph on every page, without the subset prefix (ABCDEF+Vazirmatn → Vazirmatn)."""
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return {char["fontname"].split("+", 1)[-1] for page in pdf.pages for char in page.chars}
