"""`extract(source) -> MinutesDraft`: the meeting and its resolutions, read from the text of its minutes.

The text comes as it was pasted, or from `hamafza.minutes.readers` for Word and PDF files (one paragraph
per line, a table row per line with its cells separated by tabs). Resolutions are looked for, in order:
in a table with a resolution column; in a table pasted without its tabs (numbers on their own lines);
in a list under a heading such as «مصوبات»; in a numbered list of decisions; and last, in the prose of a
news report, after «مقرر شد». Lines that came out of a PDF in visual order are put back first.
"""

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from hamafza.lib.persian import normalize, normalize_compounds
from hamafza.minutes import dates, numbering, responsible
from hamafza.minutes.draft import DraftResolution, MinutesDraft
from hamafza.minutes.lexicon import restore_zwnj, word_cost
from hamafza.minutes.repair import fix_brackets, guillemets, reorient, reverse_words, to_reading_order
from hamafza.minutes.text import Line, split_lines
from hamafza.minutes.text import ascii_digits as to_ascii_digits

MAX_TEXT = 2_000_000  # characters; longer sources are refused

# --- recognisers --------------------------------------------------------------------------------------

_HEADING = re.compile(
    r"^[\s\d\-.)*•:]*(?:خلاصه\s*)?(?:مصوبات|مصوبه‌ها|تصمیمات|تصمیم‌ها|موارد\s*مصوب|نتایج|جمع\s*‌?بندی|"
    r"مصوبات\s*و\s*تصمیمات|تصمیمات\s*و\s*مصوبات)(?![\u0600-\u06ff])"
    r"(?:\s+(?!(?:شد|گردید|است|بود|قرار|مورد)(?![\u0600-\u06ff]))[^\s:：]+){0,5}\s*[:：]?\s*$"
)
_INTRO = re.compile(
    r"(?:موارد|مصوبات|تصمیمات|بندهای)\s*(?:زیر|ذیل|به\s*شرح\s*(?:زیر|ذیل)).{0,40}(?:تصویب|مصوب|اتخاذ|مقرر|رسید)"
    r"|(?:مقرر|مصوب|تصویب)\s*(?:شد|گردید)\s*[:：]\s*$|(?:تصمیمات|مصوبات)\s*(?:زیر|ذیل)\s*(?:اتخاذ|تصویب)"
)
_END = re.compile(
    r"^[\s\d\-.)*•]*(?:حاضرین|حاضران|غایبین|غائبین|غایبان|اعضای\s*حاضر|امضا|امضاء|محل\s*امضا|رونوشت|"
    r"نام\s*و\s*نام\s*خانوادگی|ختم\s*جلسه|پایان\s*جلسه|زمان\s*جلسه\s*(?:بعد|آتی|آینده)|"
    r"(?:تاریخ\s*|زمان\s*)?جلسه\s*(?:بعد|بعدی|آتی|آینده)(?![\u0600-\u06ff])|دستور\s*(?:کار|جلسه)\s*(?:جلسه\s*)?(?:بعد|آتی|آینده)|"
    r"کد\s*خبر|برچسب|نظر\s*شما|اخبار\s*مرتبط|انتهای\s*پیام|منبع\s*[:：])"
    r"|جلسه\s*(?:با|در\s*ساعت).{0,60}(?:پایان|خاتمه)\s*(?:یافت|پذیرفت)"
)
_SECTION_BREAK = re.compile(
    r"^[\s\d\-.)*•]*(?:دستور\s*(?:کار|جلسه)|خلاصه\s*(?:مذاکرات|مباحث)|شرح\s*(?:مذاکرات|جلسه)|مذاکرات|"
    r"گزارش\s*جلسه|مباحث\s*مطرح\s*شده)\s*[:：]?\s*$"
)
_FURNITURE = re.compile(
    r"^\s*(?:(?:صفحه|page|ص)\s*\d+(?:\s*(?:از|/|of)\s*\d+)?|\d+\s*(?:از|/|of)\s*\d+|"
    r"ب?ا?سمه\s*‌?تعالی|بسم\s*الله.*|جمهوری\s*اسلامی\s*ایران|"
    r"(?:شماره|پیوست|طبقه\s*بندی)\s*[:：].{0,30}|"
    r"captcha|share|print|نظرات\s*حاوی.*|نظراتی\s*که.*|شما\s*در\s*حال\s*پاسخ.*|لینک\s*کوتاه.*|کپی\s*شد)\s*$",
    re.IGNORECASE,
)
_DECISION_CUE = re.compile(
    r"(?:مقرر|قرار)\s*(?:شد|گردید|گرديد)(?![\u0600-\u06ff])|تصمیم\s*(?:گرفته\s*شد|بر\s*این\s*شد)"
)
_PASSIVE_CUE = re.compile(
    r"(?:به\s*تصویب\s*(?:رسید|رسانده\s*شد)|تصویب\s*(?:شد|گردید)|مصوب\s*(?:شد|گردید))(?![\u0600-\u06ff])"
)
_THIS_MEETING = re.compile(r"(?:این|همین)\s*(?:جلسه|نشست|اجلاس|گردهمایی)|در\s*پایان\s*(?:جلسه|نشست)")
_DUTY_WORDS = re.compile(
    r"(?:مقرر|موظف|مکلف|مسئول|مسوول|عهده|اقدام|پیگیری|تهیه|ارائه|برگزار|تشکیل|تامین|تأمین|ابلاغ|"
    r"ارسال|انجام|تصویب|مصوب|بررسی|تدوین|شناسایی|اجرای|اجرا|ضرورت|لزوم|نماید|نمایند|گردد|شود)"
)
_SPEECH = re.compile(
    r"(?:گفت|افزود|اظهار\s*(?:داشت|کرد)|بیان\s*(?:داشت|کرد)|تاکید\s*کرد|تأکید\s*کرد|خاطرنشان|تصریح\s*کرد|اشاره\s*کرد)"
)
_SENTENCE_END = re.compile(r"(?<!\d)[.!؟?](?!\d)|\n")
_HEADER_NUMBER = re.compile(r"^(?:ردیف|شماره|ش|بند|#|شماره\s*مصوبه|ردیف\s*مصوبه|شماره\s*بند|no\.?)$", re.I)
_HEADER_RESP = re.compile(
    r"(?:مسئول|مسوول|مسؤول|مسئولین|مجری|دستگاه|اقدام\s*کننده|پیگیری\s*کننده|متولی|^پیگیری$|^اقدام$|واحد\s*مسئول)"
)
_HEADER_DEADLINE = re.compile(r"(?:مهلت|زمان|تاریخ|موعد)")
_HEADER_TEXT = re.compile(r"(?:مصوب|شرح|متن|عنوان|موضوع|تصمیم|تصمیمات|مفاد|خلاصه|اقدام)")
_HEADER_WORDS = re.compile(
    r"^(?:\s*(?:ردیف|شماره|مصوبه|مصوبات|شرح|متن|عنوان|موضوع|مسئول|مسوول|مسؤول|پیگیری|اجرا|مهلت|زمان|"
    r"تاریخ|انجام|دستگاه|مجری|اقدام|کننده|توضیحات|ملاحظات|تصمیم|تصمیمات|بند|و)\s*)+$"
)
_ATTENDEE_TABLE = re.compile(r"(?:نام|سمت|امضا|امضاء|نام\s*خانوادگی)")
_MULTI_SPACE = re.compile(r"\S(\s{3,}|\s*\t\s*)\S")

ORG_WORDS = set(
    """کل استان استانی شهرستان شهرستانها شهرستان‌ها امور اجتماعی فرهنگی کشور پرورش فکری کودکان نوجوانان
    آموزش بهداشت درمان ورزش جوانان ارشاد اسلامی فرهنگ انتظامی راه شهرسازی کار تعاون رفاه صنعت معدن تجارت
    جهاد کشاورزی علوم پزشکی آزاد پیام نور فنی حرفه‌ای امداد امام خمینی ره (ره) هلال احمر هلال‌احمر بهزیستی
    زندان‌ها زندانها دادگستری عمومی انقلاب ثبت احوال اسناد املاک میراث گردشگری صنایع دستی تبلیغات اوقاف
    خیریه محیط زیست منابع طبیعی آب فاضلاب آبفا برق گاز مخابرات پست صدا سیما صداوسیما مرکز شبکه حوزه علمیه
    بسیج سپاه ناحیه مقاومت حفاظت اطلاعات ستاد مبارزه مواد مخدر کمیته شورای شورا شهر روستا شهرداری منطقه
    فرمانداری بخشداری دهیاری استانداری سیاسی امنیتی اقتصادی عمرانی برنامه‌ریزی توسعه هماهنگی معاونت
    معاون مدیرکل مدیر دفتر اداره ادارات اداره‌کل عضو اعضای کارگروه دستگاه دستگاه‌های دستگاههای اجرایی
    ذیربط ذی‌ربط مرتبط وزارت سازمان کانون نیروی فرماندهی فراجا ناجا پلیس پیشگیری دانشگاه دانشگاه‌ها
    و / ، همکاری دبیرخانه دبیر رئیس قضایی قضائیه قضاییه قوه دادستانی بنیاد شهید ایثارگران مسکن نظام
    مهندسی پزشکی روانشناسی مشاوره اتاق بازرگانی اصناف تعزیرات حکومتی زنان خانواده ورزشی جوانان سلامت
    امداد کمیته‌امداد فنی‌وحرفه‌ای آموزش‌وپرورش صمت بهزیستی‌ها شوراهای شهرداری‌ها فرمانداری‌ها ادارات‌کل
    کلیه تمامی محترم ویژه مناطق مرزی شهری روستایی""".split()
)


# --- the document ---------------------------------------------------------------------------------------


@dataclass
class _Doc:
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
class _Item:
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


# --- visual order --------------------------------------------------------------------------------------

_LEADING_STOP = re.compile(r"(?:^|\s)[.،؛:!؟][\u0600-\u06ff]")
_MIRRORED = re.compile(r"(?:^|\s)\)[^()\n]{1,40}\((?:\s|$|[\u0600-\u06ff])")
_GLUED_LONER = re.compile(r"(?:^|\s)[یء][\u0600-\u06ff]{3,}")
_LAM_ALEF_DEBRIS = re.compile(r"(?:^|\s)لا[\u0600-\u06ff]{2,}|[\u0600-\u06ff]{2,}لا(?:\s|$)")
_TRAILING_NUMBER = re.compile(r"[\u0600-\u06ff]{2,}\s+\d{1,2}\s*$")


def _is_visual(lines: list[Line]) -> bool:
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


# --- entry points ----------------------------------------------------------------------------------------


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
    doc = _Doc(lines=lines, visual=_is_visual(lines))
    draft = MinutesDraft()
    furniture = {
        line.index
        for line in lines
        if _FURNITURE.match(line.key) or (doc.visual and _FURNITURE.match(reverse_words(line.key)))
    }
    content = [line for line in lines if not line.blank and line.index not in furniture]

    section_start = _find_section(doc, content)
    items, layout = _find_items(doc, content, section_start)
    _read_header(doc, content, draft, section_start)
    draft.layout = layout
    for position, item in enumerate(items, start=1):
        resolution = _finish(doc, item, position, draft.meeting_date)
        if resolution is not None:
            draft.resolutions.append(resolution)
    # Items with no number take their position.
    draft.repaired_lines = doc.repaired
    if doc.visual:
        draft.warnings.append("visual-order")
    if not draft.resolutions:
        draft.warnings.append("no-resolutions")
    return draft


# --- where the resolutions are -------------------------------------------------------------------------


def _find_section(doc: _Doc, content: list[Line]) -> int | None:
    """Index (into content) of the first line after a resolutions heading or introduction, if any."""
    found = None
    for i, line in enumerate(content):
        key = to_ascii_digits(doc.reading(line)) if doc.visual and len(line.text) < 40 else line.key
        stripped = key.strip()
        if _HEADING.match(stripped) or _HEADING.match(line.key.strip()):
            found = i + 1
        elif _INTRO.search(stripped) and len(stripped) < 160:
            found = i + 1
    return found


def _find_items(doc: _Doc, content: list[Line], section: int | None) -> tuple[list[_Item], str]:
    items = _tab_tables(doc, content, section)
    if items:
        return items, "table"
    items = _pasted_table(doc, content, section)
    if items:
        return items, "table"
    if section is not None:
        items = _list(doc, content, section, require_cues=False)
        if items:
            return items, "list"
    items = _list(doc, content, 0, require_cues=True)
    if items:
        return items, "list"
    items = _prose(doc, content)
    return items, ("prose" if items else "")


# --- tables with tabs ----------------------------------------------------------------------------------


def _header_roles(cells: list[str]) -> dict[str, int] | None:
    roles: dict[str, int] = {}
    for i, cell in enumerate(cells):
        c = normalize(cell).strip().strip(":")
        if not c:
            continue
        if _HEADER_NUMBER.match(c) and "number" not in roles:
            roles["number"] = i
        elif _HEADER_RESP.search(c) and "responsible" not in roles:
            roles["responsible"] = i
        elif _HEADER_DEADLINE.search(c) and "deadline" not in roles and not _HEADER_TEXT.search(c):
            roles["deadline"] = i
        elif _HEADER_TEXT.search(c) and "text" not in roles:
            roles["text"] = i
    return roles if "text" in roles else None


def _guess_roles(rows: list[list[str]]) -> dict[str, int] | None:
    """Columns of a resolutions table that has no header row: numbers, the longest text, agencies."""
    width = max(len(r) for r in rows)
    if width < 2:
        return None
    numeric = [
        sum(1 for r in rows if i < len(r) and re.fullmatch(r"\s*\d{1,3}\s*[-.)]?\s*", to_ascii_digits(r[i])))
        for i in range(width)
    ]
    lengths = [sum(len(r[i]) for r in rows if i < len(r)) for i in range(width)]
    roles: dict[str, int] = {}
    if max(numeric) >= len(rows) * 0.6:
        roles["number"] = numeric.index(max(numeric))
    text_col = max((i for i in range(width) if i != roles.get("number")), key=lambda i: lengths[i])
    roles["text"] = text_col
    orgs = [
        sum(1 for r in rows if i < len(r) and responsible.looks_like_org(normalize(r[i])))
        for i in range(width)
    ]
    for i in sorted(range(width), key=lambda i: -orgs[i]):
        if i not in roles.values() and orgs[i] >= max(1, len(rows) // 3):
            roles["responsible"] = i
            break
    return roles


def _tab_tables(doc: _Doc, content: list[Line], section: int | None) -> list[_Item]:
    items: list[_Item] = []
    i = 0
    while i < len(content):
        if "\t" not in content[i].text:
            i += 1
            continue
        j = i
        block: list[Line] = []
        while j < len(content) and "\t" in content[j].text:
            block.append(content[j])
            j += 1
        rows = [line.text.split("\t") for line in block]
        roles = _header_roles(rows[0])
        body_rows = list(zip(block[1:], rows[1:], strict=True)) if roles else []
        if roles is None and not _ATTENDEE_TABLE.search(" ".join(rows[0])):
            after_heading = section is not None and i >= section - 2
            if after_heading or (items == [] and i > 0 and _HEADING.match(content[i - 1].key.strip())):
                roles = _guess_roles(rows)
                body_rows = list(zip(block, rows, strict=True))
        if roles and _ATTENDEE_TABLE.search(" ".join(rows[0])) and "responsible" not in roles:
            roles = None
        if roles:
            items.extend(_table_items(doc, body_rows, roles, len(items)))
        i = j
    return items


def _cell(row: list[str], roles: dict[str, int], role: str) -> str:
    index = roles.get(role)
    if index is None or index >= len(row):
        return ""
    return row[index].strip()


def _table_items(
    doc: _Doc, rows: list[tuple[Line, list[str]]], roles: dict[str, int], offset: int
) -> list[_Item]:
    items: list[_Item] = []
    for line, row in rows:
        text = _cell(row, roles, "text")
        number_cell = to_ascii_digits(_cell(row, roles, "number"))
        if not text.strip() and not number_cell:
            continue
        if all(not c.strip() or (len(c) < 30 and _HEADER_WORDS.match(normalize(c).strip())) for c in row):
            continue  # a header repeated on a new page
        m = re.match(r"\s*(\d{1,3}(?:\s*[-.\/]\s*\d{1,3}){0,3})", number_cell)
        number, sub = numbering._split(m.group(1)) if m else (None, None)
        if number is None and items and not number_cell and text:
            # a continuation row of a cell split over pages
            items[-1].parts.append(text)
            items[-1].lines.append(line)
            continue
        if number is None and number_cell and not m:
            ordinal = numbering.leading_marker(number_cell + " -x")
            number = ordinal.number if ordinal else None
        resp_cell = _cell(row, roles, "responsible")
        if not resp_cell and "responsible" in roles and items and items[-1].responsible:
            # A responsibility cell merged down over rows comes out empty in the rows it covers.
            if not responsible.from_sentence(text):
                resp_cell = " / ".join(items[-1].responsible)
        start = line.text.find(text) if text else 0
        item = _Item(
            number=number,
            sub=sub,
            label=number_cell.strip(),
            parts=[text],
            lines=[line],
            responsible=responsible.split_names(resp_cell) if "responsible" in roles else None,
            deadline_cell=_cell(row, roles, "deadline"),
            layout="table",
            start_col=max(0, start),
            end_col=(start + len(text)) if start >= 0 else None,
            cells_known=True,
        )
        items.append(item)
    return items


# --- tables pasted without their tabs ------------------------------------------------------------------


def _pasted_header(doc: _Doc, content: list[Line], start: int) -> tuple[int, bool] | None:
    """(index after the header, visual?) of a table header spread over one to three short lines."""
    limit = min(len(content), start + 40)
    for i in range(start, limit):
        words: list[str] = []
        j = i
        while (
            j < limit
            and j < i + 4
            and _HEADER_WORDS.match(content[j].key.strip())
            and len(content[j].key) < 60
        ):
            words.append(content[j].key.strip())
            j += 1
        if j == i:
            continue
        joined = " ".join(words)
        if _HEADER_TEXT.search(joined) and _HEADER_RESP.search(joined):
            # Visual order puts the agency column (leftmost of a right-to-left table) first on a line.
            visual = False
            for w in words:
                r, t = _HEADER_RESP.search(w), re.search(r"شرح|متن|عنوان|موضوع|مصوبه|مصوبات", w)
                if r and t:
                    visual = r.start() < t.start()
            return j, visual or doc.visual
    return None


def _split_row_line(key: str, visual: bool, known: list[str]) -> tuple[str, str]:
    """(agency, text) of a whole table row on one line, its number already removed."""
    key = key.strip()
    for name in sorted(known, key=len, reverse=True):
        if visual and key.startswith(name):
            return name, key[len(name) :].strip()
        if not visual and key.endswith(name):
            return name, key[: -len(name)].strip()
    gap = _MULTI_SPACE.search(key)
    if gap:
        left, right = key[: gap.start(1)].strip(), key[gap.end(1) :].strip()
        agency, text = (left, right) if visual else (right, left)
        if responsible.looks_like_org(normalize(agency)):
            return agency, text
    words = key.split(" ")
    if not visual:
        words = list(reversed(words))
    taken: list[str] = []
    for word in words:
        bare = word.strip("،,")
        if bare in ORG_WORDS or responsible.looks_like_org(bare) or "/" in word or word == "/":
            taken.append(word)
            continue
        break
    if not visual:
        taken.reverse()
    # The name must start with the head of an organisation.
    while taken and not responsible.looks_like_org(normalize(" ".join(taken))):
        if visual:
            taken.pop()
        else:
            taken.pop(0)
    if not taken or len(taken) == len(words):
        return "", key
    agency = " ".join(taken)
    text = key[len(agency) :] if visual else key[: len(key) - len(agency)]
    return agency.strip(), text.strip()


def _pasted_table(doc: _Doc, content: list[Line], section: int | None) -> list[_Item]:
    header = _pasted_header(doc, content, section or 0)
    if header is None and section is not None:
        header = _pasted_header(doc, content, 0)
    if header is None:
        return []
    start, visual = header
    # Rows: a number alone on a line, or a number at the end (visual) / start of a line holding a row.
    rows: list[tuple[int, int, int, str]] = []  # (number, first line, end line, kind)
    expected = 1
    for i in range(start, len(content)):
        key = content[i].key
        if _END.search(key.strip()) and rows:
            break
        alone = numbering.alone_number(key)
        if alone is not None and alone in (expected, expected + 1):
            rows.append((alone, i + 1, i + 1, "alone"))
            expected = alone + 1
            continue
        trail = numbering.trailing_marker(key) if visual else None
        if trail and trail[0] in (expected, expected + 1):
            rows.append((trail[0], i, i + 1, "trailing"))
            expected = trail[0] + 1
            continue
        lead = numbering.leading_marker(key, allow_bare=True)
        if lead and lead.number in (expected, expected + 1) and lead.kind in ("numeric", "bare"):
            rows.append((lead.number, i, i + 1, "leading"))
            expected = lead.number + 1
    if len(rows) < 2:
        return []
    # Where each row's lines end: at the next row.
    spans = []
    for k, (number, first, end, kind) in enumerate(rows):
        nxt = rows[k + 1][1] if k + 1 < len(rows) else len(content)
        if k + 1 < len(rows) and rows[k + 1][3] == "alone":
            nxt = rows[k + 1][1] - 1
        if kind == "alone":
            spans.append((number, first, nxt, kind))
        else:
            spans.append(
                (number, first, max(end, nxt) if kind == "trailing" and k + 1 == len(rows) else end, kind)
            )
    # Agencies seen on a line of their own teach the names to look for in one-line rows.
    known: list[str] = []
    for _number, first, end, kind in spans:
        if kind == "alone" and end - first >= 2:
            last = _clean_cell(doc.reading(content[end - 1]))
            if responsible.looks_like_org(normalize(last)) and len(last.split()) <= 8 and last not in known:
                known.append(last)
    items: list[_Item] = []
    for number, first, end, kind in spans:
        block = [content[k] for k in range(first, min(end, len(content))) if not content[k].blank]
        block = [line for line in block if not _END.search(line.key.strip())]
        if not block:
            continue
        agency, parts, repaired = "", [], False
        if kind == "alone" and len(block) >= 2:
            last = _clean_cell(doc.reading(block[-1]))
            if responsible.looks_like_org(normalize(last)) and len(last.split()) <= 8:
                agency = last
                block_text = block[:-1]
            else:
                block_text = block
            for line in block_text:
                parts.append(doc.reading(line))
                repaired = repaired or (line.repaired not in (None, line.text.strip()))
        else:
            line = block[0]
            key = to_ascii_digits(line.text)
            if kind == "trailing":
                trail = numbering.trailing_marker(key)
                body = line.text[: trail[1]] if trail else line.text
            elif kind == "leading":
                lead = numbering.leading_marker(key, allow_bare=True)
                body = line.text[lead.end :] if lead else line.text
            else:
                body = line.text
            agency, text = _split_row_line(body, visual, known)
            if doc.visual:
                fixed = to_reading_order(text)
                if fixed != text.strip():
                    text, repaired = fixed, True
                    doc.repaired += 1
                agency = to_reading_order(agency) if agency else agency
            parts = [text]
            for extra in block[1:]:
                parts.append(doc.reading(extra))
        items.append(
            _Item(
                number=number,
                sub=None,
                label=str(number),
                parts=parts,
                lines=block,
                responsible=responsible.split_names(agency) if agency else [],
                layout="table",
                repaired=repaired,
                cells_known=True,
            )
        )
    return items


def _clean_cell(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" .،:")


# --- lists ----------------------------------------------------------------------------------------------


def _list(doc: _Doc, content: list[Line], start: int, *, require_cues: bool) -> list[_Item]:
    """Items under a heading (or, with require_cues, numbered decisions anywhere)."""
    region: list[Line] = []
    for line in content[start:]:
        key = _key(doc, line)
        if _END.search(key) and (region or not require_cues):
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
    items: list[_Item] = []
    if len(numbered) >= 1 and (len(numbered) >= 2 or not require_cues):
        current: _Item | None = None
        under_agenda = False
        for line, marker in zip(region, markers, strict=True):
            reading = doc.reading(line)
            if require_cues and _END.search(_key(doc, line)):
                current = None
                continue
            if require_cues and marker is None:
                if _SECTION_BREAK.match(_key(doc, line)):
                    under_agenda, current = True, None
                    continue
                if _HEADING.match(_key(doc, line)) or _INTRO.search(_key(doc, line)):
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
                current = _Item(
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
            current = _Item(number=None, sub=None, label="", parts=[body], lines=[line])
            items.append(current)
        items = [
            it
            for it in items
            if not _SPEECH.search(" ".join(it.parts)) or _DECISION_CUE.search(" ".join(it.parts))
        ]
    return items


def _key(doc: _Doc, line: Line) -> str:
    """The line's pattern text, in reading order."""
    return to_ascii_digits(doc.reading(line)).strip() if doc.visual else line.key.strip()


_VERBISH = re.compile(
    r"(?:شود|گردد|شوند|گردند|نماید|نمایند|کند|کنند|است|باشد|دهد|دهند|گیرد|گیرند|شد|گردید)(?![\u0600-\u06ff])"
)


def _drop_titles(items: list[_Item]) -> list[_Item]:
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
            and not _VERBISH.search(text)
            and not _DECISION_CUE.search(text)
        ):
            continue
        kept.append(item)
    return kept


def _decision_run(items: list[_Item]) -> list[_Item]:
    """Among numbered items with no heading, the lists that read as decisions (not agenda or discussion).

    The numbered items of a document are cut into lists where the numbering starts again; a list is kept
    when at least half of its items carry the words of a decision and none is a report of speech.
    """
    runs: list[list[_Item]] = []
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
    kept: list[_Item] = []
    for run in runs:
        texts = [" ".join(it.parts) for it in run]
        cues = sum(1 for t in texts if _DECISION_CUE.search(t) or _DUTY_WORDS.search(t))
        speech = sum(1 for t in texts if _SPEECH.search(t) and not _DECISION_CUE.search(t))
        if (
            cues * 2 >= len(run)
            and speech * 3 < len(run)
            and (len(run) >= 2 or _DECISION_CUE.search(texts[0]))
        ):
            kept.extend(
                it
                for t, it in zip(texts, run, strict=True)
                if not (_SPEECH.search(t) and not _DECISION_CUE.search(t))
            )
    return kept


# --- decisions in prose --------------------------------------------------------------------------------


_LEAD = re.compile(r"^\s*(?:که|تا|:|،)\s*")
_JOINER_TAIL = re.compile(r"[\s،,]*(?:و\s*)?(?:همچنین|نیز)?\s*$")


def _prose(doc: _Doc, content: list[Line]) -> list[_Item]:
    items: list[_Item] = []
    for line in content:
        text = doc.reading(line)
        if _END.search(line.key.strip()):
            continue
        for sentence, offset in _sentences(text):
            cues = list(_DECISION_CUE.finditer(sentence))
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
                            _Item(
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
                        _Item(
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


# --- finishing an item ---------------------------------------------------------------------------------

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


def _finish(doc: _Doc, item: _Item, position: int, meeting: dt.date | None) -> DraftResolution | None:
    raw = " ".join(p.strip() for p in item.parts if p and p.strip())
    if doc.visual:
        raw = fix_brackets(raw)
    names = item.responsible
    if names is None:
        names = responsible.from_sentence(raw)
    text = raw
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
    confidence = {"table": 0.95, "list": 0.9, "prose": 0.6}.get(item.layout, 0.8)
    if item.number is None and item.layout == "list":
        confidence -= 0.1
    if item.repaired or (doc.visual and item.layout != "table"):
        confidence -= 0.15
    if len(text.split()) < 4:
        confidence -= 0.2
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
        confidence=max(0.05, min(1.0, confidence)),
        span=(start, max(start, end)),
    )


_WHITESPACE = re.compile(r"\s+")


def tidy_name(name: str) -> str:
    name = normalize(_WHITESPACE.sub(" ", name))
    name = _SPACE_BEFORE_PUNCT.sub(r"\1", name)
    return _EDGES.sub("", name)


# --- the header: date, body, session, chair, place, attendees ------------------------------------------

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
    rf"(?<![\u0600-\u06ff])((?:(?:{'|'.join(_TENS)})\s*\u200c?و\s*\u200c?)?(?:{'|'.join(sorted(_SESSION_ORDINALS, key=len, reverse=True))}))(?![\u0600-\u06ff])"
)
_BODY_KINDS = r"(?:کارگروه|قرارگاه|شورای|شورا|ستاد|کمیته|کمیسیون|هیئت|هیات|هیأت|مجمع|کمیسیون|اتاق\s*فکر)"
_ORDINAL_WORDS = "|".join(sorted(_SESSION_ORDINALS, key=len, reverse=True))
_BODY = re.compile(
    rf"(?:{_MEETING}|صورتجلسه|صورت\u200c?\s?جلسه)\s*(?:شماره\s*\d+\s*)?(?:«)?(?P<body>{_BODY_KINDS}[^«»\n]*?)(?:»|\s+(?:در|با|به|مورخ|مورخه|روز|ساعت|که|برگزار|تشکیل|رأس|راس|صبح|عصر|از|شنبه|{_ORDINAL_WORDS})(?![\u0600-\u06ff])|[.:؛]|$)"
)
_BODY_FIELD = re.compile(r"(?:نام|عنوان)\s*(?:جلسه|کارگروه|شورا)\s*[:：]\s*(?P<body>.+)")
_CHAIR = re.compile(
    r"(?:به\s*ریاست|با\s*ریاست|ریاست\s*جلسه\s*[:：]?|رئیس\s*جلسه\s*[:：])\s*(?P<chair>.+?)(?=\s+(?:و\s*با|با\s*حضور|در\s*محل|برگزار|تشکیل|و\s*دبیری)(?![\u0600-\u06ff])|[.؛\n]|$)"
)
_PLACE = re.compile(
    r"(?:در\s*محل|محل\s*(?:برگزاری|جلسه|تشکیل)\s*[:：]?)\s*(?P<place>.+?)(?=\s+(?:به\s*ریاست|با\s*حضور|برگزار|تشکیل|و\s*با|با)(?![\u0600-\u06ff])|[.؛،\n]|$)"
)
_ATTENDEES = re.compile(
    r"^(?:حاضرین|حاضران|اعضای\s*حاضر|شرکت\s*کنندگان|شرکت‌کنندگان)(?:\s*در\s*جلسه)?\s*[:：]\s*(?P<list>.*)$"
)
_MEETING_WORD = re.compile(_MEETING)
_HONORIFICS = re.compile(
    r"(?<![\u0600-\u06ff])(?:محترم|جناب\s*آقای|جناب|سرکار\s*خانم|آقای|خانم|دکتر|مهندس|حجت‌الاسلام|حجت\s*الاسلام)(?![\u0600-\u06ff])\s*"
)


def _plausible(phrase: str, doc: _Doc) -> bool:
    """A name or a place read from a header: no verb in it, and no debris in a document read backwards."""
    if _VERBISH.search(phrase) or re.search(r"(?:انجام|برگزار|تشکیل|خواهد)(?![\u0600-\u06ff])", phrase):
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


def _read_header(doc: _Doc, content: list[Line], draft: MinutesDraft, section: int | None) -> None:
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
        draft.meeting_date = meta
        draft.date_text = meta.isoformat()
    # Session number, body, chair, place, attendees: from the first lines, else the first paragraph.
    for key in head_text:
        if draft.session_number is None:
            draft.session_number = _session_number(key)
        if draft.body is None:
            m = _BODY_FIELD.search(key) or _BODY.search(key)
            if m:
                body = _clean_cell(m.group("body"))
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
                if _HEADING.match(nxt.key.strip()) or _END.search(nxt.key.strip()) and not marker:
                    break
                following.append(nxt.text[marker.end :] if marker else nxt.text)
            names = "،".join(following)
        draft.attendees = [tidy_name(n) for n in re.split(r"\s*[،,؛\t]\s*|\s+-\s+", names) if tidy_name(n)]
        break
