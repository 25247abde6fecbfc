"""The document being read, the items found in it, and whether it came out of a PDF in visual order."""

import re
from dataclasses import dataclass, field

from hamafza.minutes.lexicon import word_cost
from hamafza.minutes.repair import to_reading_order
from hamafza.minutes.text import Line


@dataclass
class Doc:
    lines: list[Line]
    visual: bool
    repaired: int = 0

    def reading(self, line: Line) -> str:
        """The line in reading order (repaired once, on first use, in a document copied in visual order)."""
        if not self.visual:
            return line.text
        if line.repaired is None:
            line.repaired = to_reading_order(line.text) if not line.blank else ""
            if line.repaired != line.text.strip():
                self.repaired += 1
        return line.repaired


@dataclass
class Item:
    number: int | None
    sub: str | None
    label: str
    parts: list[str]
    lines: list[Line]
    responsible: list[str] | None = None  # from a column: None means "read the sentence"
    deadline_cell: str = ""
    layout: str = "list"
    repaired: bool = False
    start_col: int = 0
    end_col: int | None = None
    cells_known: bool = False
    extra: dict = field(default_factory=dict)


_LEADING_STOP = re.compile(r"(?:^|\s)[.،؛:!؟][\u0600-\u06ff]")
_MIRRORED = re.compile(r"(?:^|\s)\)[^()\n]{1,40}\((?:\s|$|[\u0600-\u06ff])")
_GLUED_LONER = re.compile(r"(?:^|\s)[یء][\u0600-\u06ff]{3,}")
_LAM_ALEF_DEBRIS = re.compile(r"(?:^|\s)لا[\u0600-\u06ff]{2,}|[\u0600-\u06ff]{2,}لا(?:\s|$)")
_TRAILING_NUMBER = re.compile(r"[\u0600-\u06ff]{2,}\s+\d{1,2}\s*$")


def is_visual(lines: list[Line]) -> bool:
    """Whether the text came out of a PDF in visual order: debris that only that leaves behind."""
    evidence = 0
    content = 0
    for line in lines:
        if line.blank:
            continue
        content += 1
        key = line.key
        evidence += len(_LEADING_STOP.findall(key)) + 2 * len(_MIRRORED.findall(key))
        evidence += len(_TRAILING_NUMBER.findall(key))
        for m in _GLUED_LONER.finditer(key):
            token = m.group(0).strip()
            if word_cost(token) >= 9 and word_cost(token[1:]) < 7:
                evidence += 1
        for m in _LAM_ALEF_DEBRIS.finditer(key):
            token = m.group(0).strip()
            if word_cost(token) >= 9:
                evidence += 1
    return evidence >= 4 and evidence >= content * 0.08
