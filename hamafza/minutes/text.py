"""The source text as lines, each cleaned for reading and able to point back into the source."""

import re
from dataclasses import dataclass, field
from functools import cached_property

from hamafza.lib.persian import normalize_chars, to_ascii_digits

# Characters that `normalize_chars` leaves as they are: a line made only of them needs no cleaning.
_UNTOUCHED = re.compile(
    "[^\t\x20-\x7e\u0621-\u0628\u062a-\u063a\u0641\u0642\u0644-\u0648\u0660-\u0669\u067e\u0686"
    "\u0698\u06a9\u06af\u06cc\u06f0-\u06f9\u060c\u061b\u061f\u066a-\u066c\u200c«»…–—•]"
)
_NON_ASCII_DIGIT = re.compile("[\u06f0-\u06f9\u0660-\u0669]")
_NEEDS_MAP = re.compile(
    "[\u064b-\u0652\u0670\u0640\u200d\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufb50-\ufdff\ufe70-\ufeff]"
)


@dataclass
class Line:
    index: int
    start: int  # offset of the line in the source
    raw: str
    text: str  # letters normalised (ی/ک, no tatweel or bidi controls), digits as written, tabs kept
    colmap: list[int] | None = field(default=None, repr=False)  # text column → raw column, if they differ
    repaired: str | None = None  # the line in reading order, where it came in visual order

    @property
    def end(self) -> int:
        return self.start + len(self.raw)

    @cached_property
    def key(self) -> str:
        """The text with ASCII digits, same length, for the patterns."""
        return ascii_digits(self.text)

    def src(self, col: int) -> int:
        """Source offset of a column of `text`."""
        if self.colmap is None:
            return self.start + min(col, len(self.raw))
        if col >= len(self.colmap):
            return self.end
        return self.start + self.colmap[col]

    @property
    def reading(self) -> str:
        """The line in reading order: repaired where it had to be."""
        return self.repaired if self.repaired is not None else self.text

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def ascii_digits(text: str) -> str:
    """`to_ascii_digits`, without its cost on the many lines that have no Persian or Arabic digit."""
    return _NON_ASCII_DIGIT.sub(_ascii_digit, text)


def _ascii_digit(match: re.Match) -> str:
    return to_ascii_digits(match.group(0))


def _clean(raw: str) -> tuple[str, list[int] | None]:
    if not _UNTOUCHED.search(raw):
        return raw, None
    text = normalize_chars(raw)
    if len(text) == len(raw) and not _NEEDS_MAP.search(raw):
        return text, None
    parts, colmap = [], []
    for i, ch in enumerate(raw):
        out = normalize_chars(ch)
        parts.append(out)
        colmap.extend([i] * len(out))
    return "".join(parts), colmap


def split_lines(source: str) -> list[Line]:
    lines = []
    offset = 0
    for index, raw in enumerate(source.split("\n")):
        body = raw[:-1] if raw.endswith("\r") else raw
        text, colmap = _clean(body)
        lines.append(Line(index=index, start=offset, raw=body, text=text, colmap=colmap))
        offset += len(raw) + 1
    return lines
