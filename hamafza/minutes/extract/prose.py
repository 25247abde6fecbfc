"""Decisions in the prose of a report: «مقرر شد …», «… تصویب شد», «… موافقت کردند», «… موظف شد».

A news report of a meeting tells its decisions in sentences, not in a list. A sentence is a decision when
it carries a verb by which Persian administrative writing records one: the decision words that open
what was decided («مقرر شد / مقرر گردید / مصوب شد که …», the decision follows them), and the verbs that
close a decision («… تصویب شد / به تصویب رسید / مورد موافقت قرار گرفت / موافقت کردند / موظف شد /
تعیین شد / منصوب شد», the whole sentence is the decision). A sentence that reports speech («گفت»,
«افزود», «تأکید کرد») is not a decision unless it opens one; a headline (a line repeated, or the first
line without a full stop) is not one either. A sentence holding both («… موافقت کردند و مقرر شد …»)
gives two.
"""

import re

from hamafza.minutes.extract.document import Doc, Item
from hamafza.minutes.extract.patterns import END, SPEECH
from hamafza.minutes.text import Line, ascii_digits

_W = r"(?![\u0620-\u065f\u066e-\u06d3\u06d5-\u06ef\u06fa-\u06ff])"
# What opens a decision: its words follow.
OPENING_CUE = re.compile(
    r"(?:مقرر|قرار)\s*(?:شد|گردید|گرديد|می\u200c?گردد|میگردد|می\u200c?شود|گردد)"
    + _W
    + r"|(?<![\u0620-\u065f\u066e-\u06d3\u06d5-\u06ef\u06fa-\u06ff])مصوب\s*(?:شد|گردید)(?=\s*(?:که\s+)?[\u0600-\u06ff]{2,}\s+[\u0600-\u06ff]{2,}\s)"
    + r"|تصمیم\s*(?:گرفته\s*شد|بر\s*این\s*شد)"
    + _W
)
# What closes a decision: the sentence before it is the decision.
CLOSING_CUE = re.compile(
    r"(?:تصویب|تصويب)\s*(?:شد|گردید|گرديد|کرد|کردند|نمود|نمودند)"
    + _W
    + r"|به\s*تصویب\s*(?:[\u0600-\u06ff\u200c]+\s+){0,6}?(?:رسید|رسيد|رسیدند|رساند|رساندند|رسانده\s*شد)"
    + _W
    + r"|مورد\s*(?:تصویب|موافقت|تایید|تأیید)\s*(?:[\u0600-\u06ff\u200c]+\s+){0,4}?قرار\s*(?:گرفت|گرفتند)"
    + _W
    + r"|مصوب\s*(?:شد|گردید)"
    + _W
    + r"|موافقت\s*(?:شد|گردید|کرد|کردند|نمود|نمودند)"
    + _W
    + r"|(?:موظف|مکلف|متعهد|مامور|مأمور)\s*(?:شد|شدند|گردید|گردیدند)"
    + _W
    + r"|(?:تعیین|انتخاب|انتخخاب|منصوب|الحاق|تمدید|ابقا|ابقاء)\s*(?:شد|شدند|گردید|گردیدند|کردند|نمودند)"
    + _W
    + r"|(?:با\s*اکثریت|به\s*اتفاق)\s*(?:آراء?|آرا|آرای)"
    + _W
)
DECISION_VERB = re.compile(f"(?:{OPENING_CUE.pattern})|(?:{CLOSING_CUE.pattern})")
_NOT_A_DECISION = re.compile(
    r"(?:خواستار|خواهان)\s*(?:شد|شدند)|پیشنهاد\s*(?:کرد|داد)|(?:قبلی|گذشته|پیشین)\s*(?:کارگروه|شورا|جلسه|ستاد)?"
    r".{0,40}(?:بررسی|پیگیری|مرور)|گزارش\s*(?:\S+\s+){0,4}(?:ارائه\s*(?:داد|کرد|شد)|قرائت\s*شد)"
)
_SENTENCE_END = re.compile(r"(?<!\d)[.!؟?](?!\d)|\n")
_LEAD = re.compile(r"^\s*(?:که|تا|:|،)\s*")
_CONNECTORS = re.compile(
    r"^\s*(?:(?:و\s+)?(?:همچنین|همچنان|ضمنا|ضمناً|سپس|نیز|در\s*ادامه(?:\s*(?:این|همین))?(?:\s*(?:جلسه|نشست))?|"
    r"در\s*(?:این|همین|پایان|پایان\s*این|انتهای|انتهای\s*این)\s*(?:جلسه|نشست|اجلاس)|در\s*پایان|در\s*خاتمه)"
    r"(?![\u0620-\u065f\u066e-\u06d3\u06d5-\u06ef\u06fa-\u06ff])[\s،,]*)+"
)
_JOINER_TAIL = re.compile(r"[\s،,]*(?:و\s*)?(?:همچنین|نیز)?\s*$")
_AND_TAIL = re.compile(r"[\s،,]*و\s*$")


_NUMBER_BEFORE = re.compile(r"(?:^|[\s.:،؛])(\d{1,4})\s*[-:.)ـ]?\s*$")
_NUMBER_AFTER = re.compile(r"\s+\d{1,3}\s*[-:.)ـ]?\s*$")
_LEADING_NUMBER = re.compile(r"^\s*(\d{1,3})\s*[-:.)ـ]\s*")
_LEAD_CLAUSES = re.compile(
    r"^\s*(?:(?:به\s*گزارش|به\s*نقل\s*از|بر\s*این\s*اساس|بر\s*اساس\s*این|براساس\s*این)[^،,:]{0,120}[،,:]\s*"
    r"|(?:در|طی)\s+(?:[^\s،,]+\s+){0,14}?(?:جلسه|نشست|اجلاس)(?:[^،,]{0,120})[،,]\s*)+"
)


def prose_items(doc: Doc, content: list[Line]) -> list[Item]:
    items: list[Item] = []
    seen = _repeated(content)
    for n, line in enumerate(content):
        text = doc.reading(line)
        key = line.key.strip()
        if END.search(key) or key in seen:
            continue
        headline = n < 3 and not re.search(r"[.!؟:]\s*$", key) and len(key.split()) < 25
        if headline:
            continue
        for sentence, offset in _sentences(text):
            for body, start, end, number in decisions_in(sentence):
                items.append(
                    Item(
                        number,
                        None,
                        str(number) if number is not None else "",
                        [body],
                        [line],
                        layout="prose",
                        start_col=offset + start,
                        end_col=offset + end,
                    )
                )
    return items


def decisions_in(sentence: str) -> list[tuple[str, int, int, int | None]]:
    """The decisions of one sentence: (text, start, end, number written before it) within it."""
    key = ascii_digits(sentence)
    openers = list(OPENING_CUE.finditer(sentence))
    out: list[tuple[str, int, int, int | None]] = []
    if not openers:
        if not CLOSING_CUE.search(sentence):
            return []
        if SPEECH.search(sentence) or _NOT_A_DECISION.search(sentence):
            return []
        m = _LEADING_NUMBER.match(key)
        return _span(sentence, m.end() if m else 0, len(sentence), out, number=int(m.group(1)) if m else None)
    # Before the first opener: a decision of its own if a closing verb ends it («… موافقت کردند و مقرر شد …»).
    head = sentence[: openers[0].start()]
    head_trimmed = _AND_TAIL.sub("", head)
    if CLOSING_CUE.search(head_trimmed) and not SPEECH.search(head_trimmed):
        _span(sentence, 0, len(head_trimmed), out)
    for k, m in enumerate(openers):
        stop = openers[k + 1].start() if k + 1 < len(openers) else len(sentence)
        raw = sentence[m.end() : stop]
        if k + 1 < len(openers):
            raw = _JOINER_TAIL.sub("", raw)
            # «… ۲:مقرر شد …»: the next item's number is written before its cue, not part of this one.
            tail = _NUMBER_AFTER.search(ascii_digits(raw))
            if tail and _NUMBER_BEFORE.search(key[: openers[k + 1].start()]):
                raw = raw[: tail.start()]
        before = _NUMBER_BEFORE.search(key[: m.start()])
        number = int(before.group(1)) if before else None
        _span(sentence, m.end(), m.end() + len(raw), out, lead=True, number=number)
    return out


def _span(
    sentence: str, start: int, end: int, out: list, *, lead: bool = False, number: int | None = None
) -> list:
    raw = sentence[start:end]
    body = _LEAD.sub("", raw) if lead else raw
    body = _CONNECTORS.sub("", body)
    if not lead:
        body = _LEAD_CLAUSES.sub("", body)
        body = _CONNECTORS.sub("", body)
    body = body.strip(" \t،,:؛")
    if len(body.split()) >= 3:
        begin = start + raw.find(body)
        out.append((body, begin, begin + len(body), number))
    return out


def _repeated(content: list[Line]) -> set[str]:
    """Lines that stand more than once (a page's headline repeated above its body)."""
    counts: dict[str, int] = {}
    for line in content:
        k = line.key.strip()
        if len(k) > 10:
            counts[k] = counts.get(k, 0) + 1
    return {k for k, c in counts.items() if c > 1}


def _sentences(text: str) -> list[tuple[str, int]]:
    out = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        out.append((text[start : m.start()], start))
        start = m.end()
    if start < len(text):
        out.append((text[start:], start))
    return out


MAX_MISSED = 20
# «با اتفاق آراء مورد تصویب … قرار گرفت»: the vote on the decision before it, not a decision of its own.
_VOTE_ONLY = re.compile(r"^\s*(?:با|به)\s*(?:اتفاق|اکثریت)\s*(?:آراء?|آرا|آرای)")


def missed_decisions(doc: Doc, content: list[Line], resolutions: list) -> list:
    """Sentences with a decision's verb that overlap no resolution: what the reader may have missed.

    Speech («گفت», «افزود») and the lines after the end of the minutes are left out, as in `prose_items`.
    A document that came in visual order is not searched (its sentences cannot be told apart reliably).
    """
    from hamafza.minutes.draft import MissedDecision

    if doc.visual:
        return []
    taken = [r.span for r in resolutions]
    out: list[MissedDecision] = []
    seen: set[str] = set()
    for line in content:
        if END.search(line.key.strip()) or "\t" in line.text:
            continue
        for sentence, offset in _sentences(line.text):
            if not DECISION_VERB.search(sentence) or (
                SPEECH.search(sentence) and not OPENING_CUE.search(sentence)
            ):
                continue
            text = sentence.strip(" \t،,:؛")
            if len(text.split()) < 3:
                continue
            start = line.src(offset + sentence.find(text))
            end = line.src(offset + sentence.find(text) + len(text))
            if any(start < b and a < end for a, b in taken):
                continue
            if _VOTE_ONLY.match(text) or text in seen:
                continue  # how the decision before was voted, or a headline the page repeats
            seen.add(text)
            out.append(MissedDecision(text, (start, end)))
            if len(out) >= MAX_MISSED:
                return out
    return out
