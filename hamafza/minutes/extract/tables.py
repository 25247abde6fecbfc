"""Resolutions in a table whose rows came with their cells separated by tabs (Word, PDF, or pasted)."""

import re

from hamafza.lib.persian import normalize
from hamafza.minutes import numbering, responsible
from hamafza.minutes.extract.document import Doc, Item
from hamafza.minutes.extract.patterns import HEADER_RESP, HEADER_TEXT, HEADER_WORDS, HEADING
from hamafza.minutes.text import Line
from hamafza.minutes.text import ascii_digits as to_ascii_digits

_HEADER_NUMBER = re.compile(r"^(?:ردیف|شماره|ش|بند|#|شماره\s*مصوبه|ردیف\s*مصوبه|شماره\s*بند|no\.?)$", re.I)
_HEADER_DEADLINE = re.compile(r"(?:مهلت|زمان|تاریخ|موعد)")
_ATTENDEE_TABLE = re.compile(r"(?:نام|سمت|امضا|امضاء|نام\s*خانوادگی)")


def _header_roles(cells: list[str]) -> dict[str, int] | None:
    roles: dict[str, int] = {}
    for i, cell in enumerate(cells):
        c = normalize(cell).strip().strip(":")
        if not c:
            continue
        if _HEADER_NUMBER.match(c) and "number" not in roles:
            roles["number"] = i
        elif HEADER_RESP.search(c) and "responsible" not in roles:
            roles["responsible"] = i
        elif _HEADER_DEADLINE.search(c) and "deadline" not in roles and not HEADER_TEXT.search(c):
            roles["deadline"] = i
        elif HEADER_TEXT.search(c) and "text" not in roles:
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


def tab_tables(doc: Doc, content: list[Line], section: int | None) -> list[Item]:
    items: list[Item] = []
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
            if after_heading or (items == [] and i > 0 and HEADING.match(content[i - 1].key.strip())):
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
    doc: Doc, rows: list[tuple[Line, list[str]]], roles: dict[str, int], offset: int
) -> list[Item]:
    items: list[Item] = []
    for line, row in rows:
        text = _cell(row, roles, "text")
        number_cell = to_ascii_digits(_cell(row, roles, "number"))
        if not text.strip() and not number_cell:
            continue
        if all(not c.strip() or (len(c) < 30 and HEADER_WORDS.match(normalize(c).strip())) for c in row):
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
        item = Item(
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
