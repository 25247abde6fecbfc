"""The entry points: a source becomes text, the text a draft; and where in the text the resolutions are.

Resolutions are looked for, in order: in a table with a resolution column; in a table pasted without
its tabs; in a list under a heading; in a numbered list of decisions; and last, in the prose of a report.
"""

import os
import re
from pathlib import Path

from hamafza.minutes.draft import MinutesDraft
from hamafza.minutes.extract.document import Doc, Item, is_visual
from hamafza.minutes.extract.finish import finish
from hamafza.minutes.extract.header import read_header
from hamafza.minutes.extract.lists import list_items
from hamafza.minutes.extract.pasted import pasted_table
from hamafza.minutes.extract.patterns import HEADING, INTRO
from hamafza.minutes.extract.prose import missed_decisions, prose_items
from hamafza.minutes.extract.tables import tab_tables
from hamafza.minutes.repair import reverse_words
from hamafza.minutes.text import Line, split_lines
from hamafza.minutes.text import ascii_digits as to_ascii_digits

MAX_TEXT = 2_000_000  # characters; longer sources are refused

_FURNITURE = re.compile(
    r"^\s*(?:(?:صفحه|page|ص)\s*\d+(?:\s*(?:از|/|of)\s*\d+)?|\d+\s*(?:از|/|of)\s*\d+|"
    r"ب?ا?سمه\s*‌?تعالی|بسم\s*الله.*|جمهوری\s*اسلامی\s*ایران|"
    r"(?:شماره|پیوست|طبقه\s*بندی)\s*[:：].{0,30}|"
    r"امروز\s*[:：].{0,40}|captcha|share|print|نظرات\s*حاوی.*|نظراتی\s*که.*|شما\s*در\s*حال\s*پاسخ.*|لینک\s*کوتاه.*|کپی\s*شد)\s*$",
    re.IGNORECASE,
)


def read_source(source: str | bytes | os.PathLike, filename: str | None = None) -> str:
    """The text of a source: a string of text, a path, or bytes with their file name."""
    if isinstance(source, os.PathLike) or (
        isinstance(source, str) and filename is None and _looks_like_path(source)
    ):
        path = Path(source)
        return read_source(path.read_bytes(), filename or path.name)
    if isinstance(source, bytes):
        name = (filename or "").lower()
        if name.endswith((".txt", ".text", ".md")) or not name:
            return _decode(source)
        from hamafza.minutes.readers import read

        return read(source, filename or "")
    return source


def _looks_like_path(text: str) -> bool:
    return "\n" not in text and len(text) < 1024 and text.lower().endswith((".txt", ".docx", ".pdf", ".doc"))


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16", "cp1256"):
        try:
            return data.decode(encoding)
        except UnicodeError:
            continue
    return data.decode("utf-8", errors="replace")


def extract(source: str | bytes | os.PathLike, filename: str | None = None) -> MinutesDraft:
    """Read minutes from text (or a file, through the readers) into a draft for a person to confirm."""
    text = read_source(source, filename)
    if len(text) > MAX_TEXT:
        raise ValueError("text too long")
    return extract_text(text)


def extract_text(text: str) -> MinutesDraft:
    lines = split_lines(text)
    doc = Doc(lines=lines, visual=is_visual(lines))
    draft = MinutesDraft()
    furniture = {
        line.index
        for line in lines
        if _FURNITURE.match(line.key) or (doc.visual and _FURNITURE.match(reverse_words(line.key)))
    }
    content = [line for line in lines if not line.blank and line.index not in furniture]

    section_start = _find_section(doc, content)
    items, layout = _find_items(doc, content, section_start)
    read_header(doc, content, draft, section_start)
    draft.layout = layout
    for position, item in enumerate(items, start=1):
        resolution = finish(doc, item, position, draft.meeting_date)
        if resolution is not None:
            draft.resolutions.append(resolution)
    draft.missed = missed_decisions(doc, content, draft.resolutions)
    draft.repaired_lines = doc.repaired
    if doc.visual:
        draft.warnings.append("visual-order")
    if not draft.resolutions:
        draft.warnings.append("no-resolutions")
    return draft


def _find_section(doc: Doc, content: list[Line]) -> int | None:
    """Index (into content) of the first line after a resolutions heading or introduction, if any."""
    found = None
    for i, line in enumerate(content):
        key = to_ascii_digits(doc.reading(line)) if doc.visual and len(line.text) < 40 else line.key
        stripped = key.strip()
        if HEADING.match(stripped) or HEADING.match(line.key.strip()):
            found = i + 1
        elif INTRO.search(stripped) and len(stripped) < 160:
            found = i + 1
    return found


def _find_items(doc: Doc, content: list[Line], section: int | None) -> tuple[list[Item], str]:
    items = tab_tables(doc, content, section)
    if items:
        return items, "table"
    items = pasted_table(doc, content, section)
    if items:
        return items, "table"
    if section is not None:
        items = list_items(doc, content, section, require_cues=False)
        if items:
            return items, "list"
    items = list_items(doc, content, 0, require_cues=True)
    if items:
        return items, "list"
    items = prose_items(doc, content)
    return items, ("prose" if items else "")
