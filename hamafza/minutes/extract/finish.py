"""An item found becomes a resolution: its words tidied, its agencies and deadline read, a confidence."""

import datetime as dt
import re

from hamafza.lib.persian import normalize, normalize_compounds
from hamafza.minutes import dates, responsible
from hamafza.minutes.draft import DraftResolution
from hamafza.minutes.extract.document import Doc, Item
from hamafza.minutes.extract.patterns import VERBISH
from hamafza.minutes.extract.prose import CLOSING_CUE, OPENING_CUE
from hamafza.minutes.lexicon import restore_zwnj
from hamafza.minutes.repair import fix_brackets, guillemets
from hamafza.minutes.text import ascii_digits as to_ascii_digits

_LABEL_TAIL = re.compile(
    r"[\s(\-–—]*(?:مسئول|مسوول|مسؤول|مجری)\s*(?:پیگیری|اجرا)?\s*[:：].*$|[\s(\-–—]*مهلت\s*(?:اجرا|انجام)?\s*[:：].*$"
)
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([،؛:.!؟)\]»])")
_SPACE_AFTER_PUNCT = re.compile(r"([،؛])(?=[\u0600-\u06ff])")
_SPACE_AFTER_OPEN = re.compile(r"([(\[«])\s+")
_EDGES = re.compile(r"^[\s\-–—:：.،؛*•]+|[\s\-–—:：.،؛*•]+$")


def tidy_text(text: str) -> str:
    """The words of a resolution as a Persian reader expects them."""
    text = _WHITESPACE.sub(" ", text)
    text = guillemets(text)
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = _SPACE_AFTER_PUNCT.sub(r"\1 ", text)
    text = _SPACE_AFTER_OPEN.sub(r"\1", text)
    text = normalize_compounds(text)
    text = restore_zwnj(text)
    text = _EDGES.sub("", text)
    if text.endswith("...") is False:
        text = text.rstrip(".")
    return text.strip()


def finish(doc: Doc, item: Item, position: int, meeting: dt.date | None) -> DraftResolution | None:
    raw = " ".join(p.strip() for p in item.parts if p and p.strip())
    if doc.visual:
        raw = fix_brackets(raw)
    names = item.responsible
    text = raw
    if item.layout == "list":
        text = _after_opening_cue(text)
    if names is None:
        # The agency is read from the decision itself, not from what was discussed before «مقرر شد».
        names = responsible.from_sentence(text)
        if text != raw:  # the span starts where the decision does
            at = item.lines[0].text.find(text[:20], item.start_col)
            if at >= 0:
                item.start_col = at
    if item.responsible is None:
        text = _LABEL_TAIL.sub("", text)
    text = tidy_text(text)
    if len(text.split()) < 2:
        return None
    key = to_ascii_digits(normalize(raw))
    deadline = None
    if item.deadline_cell:
        cell_key = to_ascii_digits(normalize(item.deadline_cell))
        found = dates.find_dates(cell_key)
        if found:
            deadline = dates.Deadline(found[0].date, item.deadline_cell.strip(), 0, 0)
        else:
            deadline = dates.find_deadline(cell_key, meeting) or dates.find_deadline(
                "تا " + cell_key, meeting
            )
            if deadline is None:
                deadline = dates.Deadline(None, item.deadline_cell.strip(), 0, 0)
    if deadline is None:
        deadline = dates.find_deadline(key, meeting)
    confidence = {"table": 0.95, "list": 0.9, "prose": 0.5}.get(item.layout, 0.8)
    if item.number is None and item.layout == "list":
        confidence -= 0.1
    if item.repaired or (doc.visual and item.layout != "table"):
        confidence -= 0.15
    if len(text.split()) < 4:
        confidence -= 0.2
        if not VERBISH.search(key) and not OPENING_CUE.search(key) and not CLOSING_CUE.search(key):
            confidence -= 0.15  # short and no verb: a heading or a form's label («تصویب نامه») as often
    first, last = item.lines[0], item.lines[-1]
    start = first.src(item.start_col) if len(item.lines) == 1 or item.layout != "prose" else first.start
    end = last.src(item.end_col) if item.end_col is not None and len(item.lines) == 1 else last.end
    if doc.visual:
        start, end = first.start, last.end
    return DraftResolution(
        number=item.number if item.number is not None else position,
        sub_number=item.sub,
        label=item.label,
        text=text,
        responsible=[name for name in map(tidy_name, names) if name],
        deadline=deadline.date if deadline else None,
        deadline_text=deadline.text if deadline else "",
        confidence=round(max(0.05, min(1.0, confidence)), 2),
        span=(start, max(start, end)),
    )


_WHITESPACE = re.compile(r"\s+")
_LEAD = re.compile(r"^\s*(?:که|:|،)\s*")


def _after_opening_cue(text: str) -> str:
    """«… مقرر گردید شهرداری …»: the decision is what follows the words that open it (README rules)."""
    m = OPENING_CUE.search(text)
    if not m or CLOSING_CUE.search(text[: m.start()]):
        return text
    rest = _LEAD.sub("", text[m.end() :])
    return rest if len(rest.split()) >= 2 else text


def tidy_name(name: str) -> str:
    name = normalize(_WHITESPACE.sub(" ", name))
    name = _SPACE_BEFORE_PUNCT.sub(r"\1", name)
    return _EDGES.sub("", name)


def clean_cell(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" .،:")
