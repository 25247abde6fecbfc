"""The header of the minutes: the meeting date, the body, the session number, chair, place, attendees."""

import re

from hamafza.minutes import dates, numbering
from hamafza.minutes.draft import MinutesDraft
from hamafza.minutes.extract.document import Doc
from hamafza.minutes.extract.finish import clean_cell, tidy_name
from hamafza.minutes.extract.patterns import END, HEADING, VERBISH
from hamafza.minutes.lexicon import word_cost
from hamafza.minutes.repair import reorient
from hamafza.minutes.text import Line
from hamafza.minutes.text import ascii_digits as to_ascii_digits

_SESSION_ORDINALS = {
    "اولین": 1, "نخستین": 1, "یکمین": 1, "دومین": 2, "سومین": 3, "چهارمین": 4, "پنجمین": 5, "ششمین": 6,
    "هفتمین": 7, "هشتمین": 8, "نهمین": 9, "دهمین": 10, "یازدهمین": 11, "دوازدهمین": 12, "سیزدهمین": 13,
    "چهاردهمین": 14, "پانزدهمین": 15, "شانزدهمین": 16, "هفدهمین": 17, "هجدهمین": 18, "هیجدهمین": 18,
    "نوزدهمین": 19, "بیستمین": 20, "سی‌امین": 30, "سی امین": 30, "سیامین": 30, "چهلمین": 40,
    "پنجاهمین": 50, "شصتمین": 60, "هفتادمین": 70, "هشتادمین": 80, "نودمین": 90, "صدمین": 100,
}  # fmt: skip
_TENS = {"بیست": 20, "سی": 30, "چهل": 40, "پنجاه": 50, "شصت": 60, "هفتاد": 70, "هشتاد": 80, "نود": 90}
_UNITS_ORD = {
    "یکمین": 1,
    "دومین": 2,
    "سومین": 3,
    "چهارمین": 4,
    "پنجمین": 5,
    "ششمین": 6,
    "هفتمین": 7,
    "هشتمین": 8,
    "نهمین": 9,
}
_MEETING = r"(?:جلسه|نشست|اجلاس|اجلاسیه|گردهمایی|همایش)"
_SESSION_DIGITS = re.compile(
    rf"{_MEETING}\s*(?:شماره|شمارهٔ)?\s*[:：]?\s*(\d{{1,4}})(?![\d/])|(\d{{1,4}})\s*(?:ام|مین|\u200cمین)\s*{_MEETING}"
)
_SESSION_FIELD = re.compile(r"(?:شماره\s*جلسه|جلسه\s*شماره)\s*[:：]?\s*(\d{1,4})(?![\d/])")
_SESSION_WORDS = re.compile(
    rf"((?:(?:{'|'.join(_TENS)})\s*\u200c?و\s*\u200c?)?(?:{'|'.join(sorted(_SESSION_ORDINALS, key=len, reverse=True))}))\s*{_MEETING}"
)
# An ordinal anywhere on a line that speaks of a meeting (a header line copied in visual order).
_SESSION_LOOSE = re.compile(
    rf"(?<![\u0620-\u065f\u066e-\u06d3\u06d5-\u06ef\u06fa-\u06ff])((?:(?:{'|'.join(_TENS)})\s*\u200c?و\s*\u200c?)?(?:{'|'.join(sorted(_SESSION_ORDINALS, key=len, reverse=True))}))(?![\u0620-\u065f\u066e-\u06d3\u06d5-\u06ef\u06fa-\u06ff])"
)
_BODY_KINDS = r"(?:کارگروه|قرارگاه|شورای|شورا|ستاد|کمیته|کمیسیون|هیئت|هیات|هیأت|مجمع|کمیسیون|اتاق\s*فکر)"
_ORDINAL_WORDS = "|".join(sorted(_SESSION_ORDINALS, key=len, reverse=True))
_BODY = re.compile(
    rf"(?:{_MEETING}|صورتجلسه|صورت\u200c?\s?جلسه)\s*(?:شماره\s*\d+\s*)?(?:«)?(?P<body>{_BODY_KINDS}[^«»\n]*?)(?:»|\s+(?:در|با|به|مورخ|مورخه|روز|ساعت|که|برگزار|تشکیل|رأس|راس|صبح|عصر|از|شنبه|{_ORDINAL_WORDS})(?![\u0620-\u065f\u066e-\u06d3\u06d5-\u06ef\u06fa-\u06ff])|[.:؛]|$)"
)
_BODY_FIELD = re.compile(r"(?:نام|عنوان)\s*(?:جلسه|کارگروه|شورا)\s*[:：]\s*(?P<body>.+)")
# Where a meeting is held, when no «در محل» announces it: «… به ریاست استاندار در سالن جلسات استانداری».
_ROOMS = r"(?:سالن|تالار|دفتر|اتاق|ساختمان|سرای|محل)"
_CHAIR = re.compile(
    rf"(?:به\s*ریاست|با\s*ریاست|ریاست\s*جلسه\s*[:：]?|رئیس\s*جلسه\s*[:：])\s*(?P<chair>.+?)(?=\s+(?:و\s*با|با\s*حضور|در\s*(?:محل|{_ROOMS})|برگزار|تشکیل|و\s*دبیری)(?![\u0620-\u065f\u066e-\u06d3\u06d5-\u06ef\u06fa-\u06ff])|[.؛\n]|$)"
)
_PLACE = re.compile(
    rf"(?:در\s*محل|محل\s*(?:برگزاری|جلسه|تشکیل)\s*[:：]?|در(?=\s*(?:{_ROOMS})(?![\u0620-\u065f\u066e-\u06d3\u06d5-\u06ef\u06fa-\u06ff])))\s*(?P<place>.+?)(?=\s+(?:به\s*ریاست|با\s*حضور|برگزار|تشکیل|و\s*با|با)(?![\u0620-\u065f\u066e-\u06d3\u06d5-\u06ef\u06fa-\u06ff])|[.؛،\n]|$)"
)
_ATTENDEES = re.compile(
    r"^(?:حاضرین|حاضران|اعضای\s*حاضر|شرکت\s*کنندگان|شرکت‌کنندگان)(?:\s*در\s*جلسه)?\s*[:：]\s*(?P<list>.*)$"
)
_MEETING_WORD = re.compile(_MEETING)
_HONORIFICS = re.compile(
    r"(?<![\u0620-\u065f\u066e-\u06d3\u06d5-\u06ef\u06fa-\u06ff])(?:محترم|جناب\s*آقای|جناب|سرکار\s*خانم|آقای|خانم|دکتر|مهندس|حجت‌الاسلام|حجت\s*الاسلام)(?![\u0620-\u065f\u066e-\u06d3\u06d5-\u06ef\u06fa-\u06ff])\s*"
)


def _plausible(phrase: str, doc: Doc) -> bool:
    """A name or a place read from a header: no verb in it, and no debris in a document read backwards."""
    if VERBISH.search(phrase) or re.search(
        r"(?:انجام|برگزار|تشکیل|خواهد)(?![\u0620-\u065f\u066e-\u06d3\u06d5-\u06ef\u06fa-\u06ff])", phrase
    ):
        return False
    return not doc.visual or all(word_cost(w) < 8.5 for w in phrase.split())


def _session_number(key: str) -> int | None:
    if not _MEETING_WORD.search(key) or not ("مین" in key or "شماره" in key or re.search(r"\d", key)):
        return None
    m = _SESSION_FIELD.search(key) or _SESSION_DIGITS.search(key)
    if m:
        value = m.group(1) or m.group(2)
        if value and not re.search(r"\d\s*[/\-]\s*$", key[: m.start(1) if m.group(1) else m.start(2)]):
            return int(value)
    m = _SESSION_WORDS.search(key) or _SESSION_LOOSE.search(key)
    if m:
        words = m.group(1).replace("\u200c", " ")
        total = 0
        for tens, value in _TENS.items():
            if words.startswith(tens) and " و " in f" {words} ":
                total += value
                words = words[len(tens) :].strip()
                words = re.sub(r"^و\s*", "", words)
                break
        total += (
            _UNITS_ORD.get(words, _SESSION_ORDINALS.get(words, 0))
            if total
            else _SESSION_ORDINALS.get(words, 0)
        )
        return total or None
    return None


def read_header(doc: Doc, content: list[Line], draft: MinutesDraft, section: int | None) -> None:
    head = content[: min(len(content), 15, section - 1 if section else 15)]
    # In a document copied in visual order only the first lines are worth putting back in order here.
    # In a document copied in visual order the header is read with its words turned round, not repaired:
    # what it yields (number, body, chair) is not worth the search, and the date is found either way.
    head_text = [
        to_ascii_digits(reorient(line.text) or line.text if doc.visual else line.text) for line in head
    ]
    # The meeting date.
    if content:
        meta = dates.metadata_date(content[0].key)
    else:
        meta = None
    best: tuple[float, int, dates.DateMatch] | None = None
    section_line = content[section].index if section is not None and section < len(content) else None
    for rank, line in enumerate(content):
        key = line.key
        if not re.search(r"\d", key):
            continue
        reading_key = to_ascii_digits(reorient(line.text) or key) if doc.visual and rank < 5 else key
        for source_key in {key, reading_key}:
            for match in dates.find_dates(source_key):
                in_res = section_line is not None and line.index >= section_line
                score = dates.score_meeting_date(source_key, match, rank, in_res)
                if best is None or score > best[0]:
                    best = (score, rank, match)
    if best is not None and best[0] >= 1.5:
        draft.meeting_date = best[2].date
        draft.date_text = best[2].text
    elif meta is not None:
        draft.meeting_date = meta
    if meta is not None and (best is None or best[0] < 4.0):
        # A news page's date is when it was published; it is the meeting's only where the report says so.
        # Where it tells nothing, the publication date stands (the development corpus's rule, which the
        # real corpus's README contradicts: there it is null).
        told = _day_from_publication(" ".join(line.key for line in content[:40]), meta) or meta
        draft.meeting_date = told
        draft.date_text = told.isoformat()
    # Session number, body, chair, place, attendees: from the first lines, else the first paragraph.
    for key in head_text:
        if draft.session_number is None:
            draft.session_number = _session_number(key)
        if draft.body is None:
            m = _BODY_FIELD.search(key) or _BODY.search(key)
            if m:
                body = clean_cell(m.group("body"))
                body = re.sub(r"\s+(?:این|آن)\s+", " ", body)
                if 1 <= len(body.split()) <= 14:
                    draft.body = tidy_name(body)
        if draft.chair is None:
            m = _CHAIR.search(key)
            if m:
                chair = _HONORIFICS.sub("", m.group("chair")).strip(" ،,")
                if 1 <= len(chair.split()) <= 10 and _plausible(chair, doc):
                    draft.chair = tidy_name(chair)
        if draft.place is None:
            m = _PLACE.search(key)
            if m:
                place = m.group("place").strip(" ،,")
                if 1 <= len(place.split()) <= 8 and _plausible(place, doc):
                    draft.place = tidy_name(place)
    for i, line in enumerate(content):
        m = _ATTENDEES.match(line.key.strip())
        if not m:
            continue
        names = m.group("list")
        if not names.strip():
            following = []
            for nxt in content[i + 1 : i + 40]:
                marker = numbering.leading_marker(nxt.key)
                if HEADING.match(nxt.key.strip()) or END.search(nxt.key.strip()) and not marker:
                    break
                following.append(nxt.text[marker.end :] if marker else nxt.text)
            names = "،".join(following)
        draft.attendees = [tidy_name(n) for n in re.split(r"\s*[،,؛\t]\s*|\s+-\s+", names) if tidy_name(n)]
        break


_TODAY = re.compile(
    r"(?<![\u0620-\u065f\u066e-\u06d3\u06d5-\u06ef\u06fa-\u06ff])(?:امروز|امروز\s*صبح|صبح\s*امروز|عصر\s*امروز)(?![\u0620-\u065f\u066e-\u06d3\u06d5-\u06ef\u06fa-\u06ff])(?!\s*[:：])"
)
_YESTERDAY = re.compile(
    r"(?<![\u0620-\u065f\u066e-\u06d3\u06d5-\u06ef\u06fa-\u06ff])(?:روز\s*گذشته|دیروز)(?![\u0620-\u065f\u066e-\u06d3\u06d5-\u06ef\u06fa-\u06ff])"
)
_WEEKDAY_TOLD = re.compile(
    r"(?:صبح|عصر|ظهر|بعدازظهر|بعد\s*از\s*ظهر|شامگاه|روز)\s*(?P<day>یک\s*\u200c?شنبه|دو\s*\u200c?شنبه|سه\s*\u200c?شنبه|"
    r"چهار\s*\u200c?شنبه|پنج\s*\u200c?شنبه|شنبه|جمعه)(?!\s*\d|\s*[\u0600-\u06ff]+\s*\d)"
)


def _day_from_publication(text: str, published):
    """The meeting's day from the publication date: «امروز» that day, «روز گذشته» the day before, a
    weekday alone the latest such day on or before it; None where the report does not tell (README rules)."""
    import datetime as dt

    if _TODAY.search(text):
        return published
    if _YESTERDAY.search(text):
        return published - dt.timedelta(days=1)
    m = _WEEKDAY_TOLD.search(text)
    if m:
        day = re.sub(r"[\s\u200c]+", "", m.group("day"))
        wanted = {"یکشنبه": 6, "دوشنبه": 0, "سهشنبه": 1, "چهارشنبه": 2, "پنجشنبه": 3, "شنبه": 5, "جمعه": 4}[
            day
        ]
        back = (published.weekday() - wanted) % 7
        return published - dt.timedelta(days=back)
    return None
