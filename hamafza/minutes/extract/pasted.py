"""Resolutions in a table pasted without its tabs: a header over short lines, then numbered rows."""

import re

from hamafza.lib.persian import normalize
from hamafza.minutes import numbering, responsible
from hamafza.minutes.extract.document import Doc, Item
from hamafza.minutes.extract.finish import clean_cell
from hamafza.minutes.extract.patterns import END, HEADER_RESP, HEADER_TEXT, HEADER_WORDS
from hamafza.minutes.repair import to_reading_order
from hamafza.minutes.text import Line
from hamafza.minutes.text import ascii_digits as to_ascii_digits

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


def _pasted_header(doc: Doc, content: list[Line], start: int) -> tuple[int, bool] | None:
    """(index after the header, visual?) of a table header spread over one to three short lines."""
    limit = min(len(content), start + 40)
    for i in range(start, limit):
        words: list[str] = []
        j = i
        while (
            j < limit
            and j < i + 4
            and HEADER_WORDS.match(content[j].key.strip())
            and len(content[j].key) < 60
        ):
            words.append(content[j].key.strip())
            j += 1
        if j == i:
            continue
        joined = " ".join(words)
        if HEADER_TEXT.search(joined) and HEADER_RESP.search(joined):
            # Visual order puts the agency column (leftmost of a right-to-left table) first on a line.
            visual = False
            for w in words:
                r, t = HEADER_RESP.search(w), re.search(r"شرح|متن|عنوان|موضوع|مصوبه|مصوبات", w)
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


def pasted_table(doc: Doc, content: list[Line], section: int | None) -> list[Item]:
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
        if END.search(key.strip()) and rows:
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
            last = clean_cell(doc.reading(content[end - 1]))
            if responsible.looks_like_org(normalize(last)) and len(last.split()) <= 8 and last not in known:
                known.append(last)
    items: list[Item] = []
    for number, first, end, kind in spans:
        block = [content[k] for k in range(first, min(end, len(content))) if not content[k].blank]
        block = [line for line in block if not END.search(line.key.strip())]
        if not block:
            continue
        agency, parts, repaired = "", [], False
        if kind == "alone" and len(block) >= 2:
            last = clean_cell(doc.reading(block[-1]))
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
            Item(
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
