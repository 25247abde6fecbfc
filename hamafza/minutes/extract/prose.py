"""Decisions in the prose of a report: after «مقرر شد», or «... در این جلسه به تصویب رسید»."""

import re

from hamafza.minutes.extract.document import Doc, Item
from hamafza.minutes.extract.patterns import DECISION_CUE, END
from hamafza.minutes.text import Line

_PASSIVE_CUE = re.compile(
    r"(?:به\s*تصویب\s*(?:رسید|رسانده\s*شد)|تصویب\s*(?:شد|گردید)|مصوب\s*(?:شد|گردید))(?![\u0600-\u06ff])"
)
_THIS_MEETING = re.compile(r"(?:این|همین)\s*(?:جلسه|نشست|اجلاس|گردهمایی)|در\s*پایان\s*(?:جلسه|نشست)")
_SENTENCE_END = re.compile(r"(?<!\d)[.!؟?](?!\d)|\n")
_LEAD = re.compile(r"^\s*(?:که|تا|:|،)\s*")
_JOINER_TAIL = re.compile(r"[\s،,]*(?:و\s*)?(?:همچنین|نیز)?\s*$")


def prose_items(doc: Doc, content: list[Line]) -> list[Item]:
    items: list[Item] = []
    for line in content:
        text = doc.reading(line)
        if END.search(line.key.strip()):
            continue
        for sentence, offset in _sentences(text):
            cues = list(DECISION_CUE.finditer(sentence))
            if cues:
                # «مقرر شد ... و همچنین مقرر گردید ...»: each cue starts a decision of its own.
                for k, m in enumerate(cues):
                    stop = cues[k + 1].start() if k + 1 < len(cues) else len(sentence)
                    raw = sentence[m.end() : stop]
                    if k + 1 < len(cues):
                        raw = _JOINER_TAIL.sub("", raw)
                    body = _LEAD.sub("", raw)
                    if len(body.split()) >= 3:
                        start = (
                            offset
                            + m.end()
                            + (len(raw) - len(raw.lstrip()))
                            + (len(raw.strip()) - len(body.strip()))
                        )
                        items.append(
                            Item(
                                None,
                                None,
                                "",
                                [body],
                                [line],
                                layout="prose",
                                start_col=start,
                                end_col=offset + m.end() + len(raw.rstrip()),
                            )
                        )
                continue
            m = _PASSIVE_CUE.search(sentence)
            if m and _THIS_MEETING.search(sentence):
                body = sentence[: m.start()]
                body = re.sub(r"^.*?(?:این|همین)\s*(?:جلسه|نشست|اجلاس|گردهمایی)[،,]?\s*", "", body)
                body = re.sub(r"^\s*(?:نیز|همچنین)\s*", "", body)
                if len(body.split()) >= 3:
                    items.append(
                        Item(
                            None,
                            None,
                            "",
                            [body],
                            [line],
                            layout="prose",
                            start_col=offset,
                            end_col=offset + m.start(),
                        )
                    )
    return items


def _sentences(text: str) -> list[tuple[str, int]]:
    out = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        out.append((text[start : m.start()], start))
        start = m.end()
    if start < len(text):
        out.append((text[start:], start))
    return out
