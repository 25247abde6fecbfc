"""Resolutions in a list: under a heading such as «مصوبات», or numbered decisions anywhere."""

import re

from hamafza.minutes import numbering
from hamafza.minutes.extract.document import Doc, Item
from hamafza.minutes.extract.patterns import DECISION_CUE, END, HEADING, INTRO, SPEECH, VERBISH
from hamafza.minutes.repair import to_reading_order
from hamafza.minutes.text import Line
from hamafza.minutes.text import ascii_digits as to_ascii_digits

_SECTION_BREAK = re.compile(
    r"^[\s\d\-.)*•]*(?:دستور\s*(?:کار|جلسه)|خلاصه\s*(?:مذاکرات|مباحث)|شرح\s*(?:مذاکرات|جلسه)|مذاکرات|"
    r"گزارش\s*جلسه|مباحث\s*مطرح\s*شده)\s*[:：]?\s*$"
)
_DUTY_WORDS = re.compile(
    r"(?:مقرر|موظف|مکلف|مسئول|مسوول|عهده|اقدام|پیگیری|تهیه|ارائه|برگزار|تشکیل|تامین|تأمین|ابلاغ|"
    r"ارسال|انجام|تصویب|مصوب|بررسی|تدوین|شناسایی|اجرای|اجرا|ضرورت|لزوم|نماید|نمایند|گردد|شود)"
)


def list_items(doc: Doc, content: list[Line], start: int, *, require_cues: bool) -> list[Item]:
    """Items under a heading (or, with require_cues, numbered decisions anywhere)."""
    region: list[Line] = []
    for line in content[start:]:
        key = _key(doc, line)
        if END.search(key) and (region or not require_cues):
            if require_cues:
                region.append(line)  # a list without a heading can stand after the signatures' line
                continue
            break
        if not require_cues and region and _SECTION_BREAK.match(key):
            break
        region.append(line)
    if not region:
        return []
    markers = []
    for line in region:
        reading = doc.reading(line)
        marker = numbering.leading_marker(to_ascii_digits(reading))
        if marker is None and doc.visual:
            trail = numbering.trailing_marker(to_ascii_digits(line.text))
            if trail:
                marker = numbering.Marker(trail[0], None, str(trail[0]), -trail[1], "trailing")
        markers.append(marker)
    numbered = [m for m in markers if m is not None and m.kind in ("numeric", "ordinal", "trailing")]
    items: list[Item] = []
    if len(numbered) >= 1 and (len(numbered) >= 2 or not require_cues):
        current: Item | None = None
        under_agenda = False
        for line, marker in zip(region, markers, strict=True):
            reading = doc.reading(line)
            if require_cues and END.search(_key(doc, line)):
                current = None
                continue
            if require_cues and marker is None:
                if _SECTION_BREAK.match(_key(doc, line)):
                    under_agenda, current = True, None
                    continue
                if HEADING.match(_key(doc, line)) or INTRO.search(_key(doc, line)):
                    under_agenda, current = False, None
                    continue
            if under_agenda:
                continue
            if marker is not None and marker.kind in ("numeric", "ordinal", "trailing", "abjad", "bullet"):
                if marker.kind == "trailing":
                    body = line.text[: -marker.end]
                    if doc.visual:
                        body = to_reading_order(body)
                else:
                    body = reading[marker.end :]
                if marker.kind in ("abjad", "bullet") and current is not None and current.number is not None:
                    # sub-items of a numbered item stay with it
                    current.parts.append(body)
                    current.lines.append(line)
                    continue
                current = Item(
                    number=marker.number,
                    sub=marker.sub,
                    label=marker.label,
                    parts=[body],
                    lines=[line],
                    repaired=line.repaired not in (None, line.text.strip()),
                    start_col=max(0, len(line.text) - len(line.text.lstrip()) + marker.end)
                    if not doc.visual
                    else 0,
                )
                items.append(current)
            elif current is not None and not (require_cues and _SECTION_BREAK.match(_key(doc, line))):
                current.parts.append(reading)
                current.lines.append(line)
        items = _drop_titles(items)
        if require_cues:
            items = _decision_run(items)
    elif not require_cues:
        # No numbers: each paragraph after the heading is one resolution, in order.
        current = None
        for line, marker in zip(region, markers, strict=True):
            reading = doc.reading(line)
            body = reading[marker.end :] if marker is not None else reading
            wrapped = (
                current is not None
                and marker is None
                and len(current.parts[-1]) >= 70
                and not re.search(r"[.!؟؛:]\s*$", current.parts[-1])
            )
            if wrapped:
                current.parts.append(body)
                current.lines.append(line)
                continue
            current = Item(number=None, sub=None, label="", parts=[body], lines=[line])
            items.append(current)
        items = [
            it
            for it in items
            if not SPEECH.search(" ".join(it.parts)) or DECISION_CUE.search(" ".join(it.parts))
        ]
    return items


def _key(doc: Doc, line: Line) -> str:
    """The line's pattern text, in reading order."""
    return to_ascii_digits(doc.reading(line)).strip() if doc.visual else line.key.strip()


def _drop_titles(items: list[Item]) -> list[Item]:
    """«۱- حوزه سلامت روان:» above «۱-۱-», «۱-۲-» is a title, not a resolution; a sentence stays."""
    kept = []
    for k, item in enumerate(items):
        text = " ".join(item.parts).strip()
        has_children = item.sub is None and any(
            other.sub is not None and other.number == item.number for other in items[k + 1 : k + 30]
        )
        if (
            has_children
            and len(text.split()) <= 6
            and not VERBISH.search(text)
            and not DECISION_CUE.search(text)
        ):
            continue
        kept.append(item)
    return kept


def _decision_run(items: list[Item]) -> list[Item]:
    """Among numbered items with no heading, the lists that read as decisions (not agenda or discussion).

    The numbered items of a document are cut into lists where the numbering starts again; a list is kept
    when at least half of its items carry the words of a decision and none is a report of speech.
    """
    runs: list[list[Item]] = []
    for item in items:
        if not runs or (
            item.sub is None
            and item.number is not None
            and runs[-1][-1].number is not None
            and item.number <= runs[-1][-1].number
            and item.number == 1
        ):
            runs.append([])
        runs[-1].append(item)
    kept: list[Item] = []
    for run in runs:
        texts = [" ".join(it.parts) for it in run]
        cues = sum(1 for t in texts if DECISION_CUE.search(t) or _DUTY_WORDS.search(t))
        speech = sum(1 for t in texts if SPEECH.search(t) and not DECISION_CUE.search(t))
        if (
            cues * 2 >= len(run)
            and speech * 3 < len(run)
            and (len(run) >= 2 or DECISION_CUE.search(texts[0]))
        ):
            kept.extend(
                it
                for t, it in zip(texts, run, strict=True)
                if not (SPEECH.search(t) and not DECISION_CUE.search(t))
            )
    return kept
