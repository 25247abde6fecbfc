"""A table of resolutions pasted from Word or Excel: read into rows, the organisations matched, checked
by a person, then saved all in one transaction.

Excel copies a range as tab-separated lines, a cell with a line break, a tab or a quote in double quotes
(quotes doubled inside). Word copies a table as tab-separated lines too, but a cell of several
paragraphs breaks its row over several lines, unquoted: such a broken row is joined again. The first
line may be a header in Persian («ردیف، متن مصوبه، دستگاه مسئول، دستگاه‌های همکار، مهلت»), which says
the order of the columns; without one the order is number, text, lead, supporting, deadline.
Nothing here writes until `save_table`, which creates every resolution through `create_resolution`.
"""

import re
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hamafza.accounts.models import User
from hamafza.audit.models import AuditEntry
from hamafza.audit.services import record
from hamafza.lib.jalali import JalaliDateError, parse_jalali
from hamafza.lib.persian import normalize, search_key, tidy, to_ascii_digits
from hamafza.meetings.models import Meeting, Resolution
from hamafza.meetings.services.common import FollowUpError, require_manager
from hamafza.meetings.services.imports import match_names
from hamafza.meetings.services.resolutions import ResolutionSpec, create_resolution
from hamafza.templatetags_builtins import digits as n

COLUMNS = ["number", "text", "lead", "supporting", "deadline"]
MAX_ROWS = 300
CONFIRM_ACTION = "resolution_table.confirm"

# Header words, by column, as a search key sees them (ی/ک folded, no ZWNJ, ASCII digits). The first
# column whose words a header cell contains wins, so «شماره مصوبه» is the number, not the text.
_HEADER_WORDS = [
    ("number", ["ردیف", "شماره", "بند", "number", "no"]),
    ("supporting", ["همکار", "حمایت", "پشتیبان", "supporting"]),
    ("lead", ["مسئول", "متولی", "مجری", "اقدام کننده", "دستگاه", "lead", "responsible"]),
    ("deadline", ["مهلت", "زمان", "تاریخ", "موعد", "سررسید", "deadline", "due"]),
    ("text", ["متن", "مصوبه", "شرح", "عنوان", "موضوع", "text", "resolution"]),
]
# A resolution's number as minutes write it: 3, ۱۲, 1-1, ۲/۳, 4.2, «3.» or «3)».
_NUMBER = re.compile(r"^\d{1,4}(?:\s*[-/.]\s*\d{1,4})*\s*[.)]?$")
# Several organisations in one cell: one a line, or separated by «،» «,» «؛» «;» or a dash list.
_ORG_SEPARATORS = re.compile(r"\s*(?:[\n،,؛;]|\s+-\s+)\s*")


@dataclass
class TableRow:
    """One pasted row, as written; `line` is where it starts in the pasted text (1 = first line)."""

    line: int
    number: str = ""
    text: str = ""
    lead: str = ""
    supporting: list[str] = field(default_factory=list)
    deadline: str = ""


@dataclass
class PastedTable:
    rows: list[TableRow]
    columns: list[str]  # the columns in the order they were read
    header: bool  # whether the first line was a header


def _clean_cell(cell: str) -> str:
    return tidy(cell.replace("\r\n", "\n").replace("\r", "\n"))


def _quoted_cell(text: str, start: int) -> tuple[str, int] | None:
    """Excel's quoted cell at `start` (a quote): its text with doubled quotes undone and where it ends,
    or None when the quote is the cell's own text (Word's «"مهارت" زندگی»), not Excel's quoting: a quoted
    cell ends with a quote right before a tab, a line break or the end."""
    position, parts = start + 1, []
    while True:
        close = text.find('"', position)
        if close < 0:
            return None
        parts.append(text[position:close])
        if text.startswith('""', close):
            parts.append('"')
            position = close + 2
            continue
        end = close + 1
        if end == len(text) or text[end] in "\t\n":
            return "".join(parts), end
        return None


def _split_lines(text: str) -> list[tuple[int, list[str]]]:
    """Tab-separated cells per line, Excel's quoting undone (a quoted cell may hold line breaks), each
    line with the number of the pasted line it starts on."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    lines: list[tuple[int, list[str]]] = []
    cells: list[str] = []
    position, line_number, start = 0, 1, 1
    while position < len(text):
        quoted = _quoted_cell(text, position) if text[position] == '"' else None
        if quoted is not None:
            line_number += text.count("\n", position, quoted[1])
            cell, position = quoted
        else:
            ends = [i for i in (text.find("\t", position), text.find("\n", position)) if i >= 0]
            end = min(ends) if ends else len(text)
            cell, position = text[position:end], end
        cells.append(cell)
        if position < len(text) and text[position] == "\t":
            position += 1
            if position == len(text) or text[position] == "\n":
                cells.append("")  # an empty last cell
        if position >= len(text) or text[position] == "\n":
            lines.append((start, cells))
            cells = []
            position += 1
            line_number += 1
            start = line_number
    return lines


def _is_blank(cells: list[str]) -> bool:
    return not any(tidy(cell) for cell in cells)


def header_columns(cells: list[str]) -> list[str] | None:
    """The columns a header line names, in order ("" for a column it does not know), or None when the
    line is not a header (fewer than two known columns, or a cell that reads as a number or a date)."""
    columns: list[str] = []
    for cell in cells:
        key = search_key(cell).replace("\u200c", "").strip()
        if not key:
            columns.append("")
            continue
        if len(key) > 40 or _NUMBER.match(key) or _reads_as_date(cell):
            return None  # a header's cells are short words, not a number, a date or a sentence
        found = ""
        for column, words in _HEADER_WORDS:
            if column in columns:
                continue
            if any(re.search(rf"(?<!\w){re.escape(search_key(word))}", key) for word in words):
                found = column
                break
        columns.append(found)
    if sum(1 for column in columns if column) < 2:
        return None
    return columns


def _reads_as_date(text: str) -> bool:
    try:
        parse_jalali(text)
    except JalaliDateError:
        return False
    return True


def _looks_like_number(cell: str) -> bool:
    return bool(_NUMBER.match(to_ascii_digits(tidy(cell))))


def _join_broken_rows(
    lines: list[tuple[int, list[str]]], width: int, number_at: int | None
) -> list[tuple[int, list[str]]]:
    """Word breaks a row whose cell has several paragraphs over several lines: a line that is short of
    cells and is followed by one that does not start a new row (no number where the number goes) is
    joined with it, the last cell of the one and the first of the other being the same cell."""
    joined: list[tuple[int, list[str]]] = []
    for line, cells in lines:
        if joined:
            previous = joined[-1][1]
            starts_row = (
                number_at is not None and number_at < len(cells) and _looks_like_number(cells[number_at])
            )
            total = len(previous) + len(cells) - 1
            fits = total <= width if number_at is not None else total == width
            if len(previous) < width and not starts_row and fits:
                previous[-1] = previous[-1].rstrip() + "\n" + cells[0].lstrip()
                previous.extend(cells[1:])
                continue
        joined.append((line, list(cells)))
    return joined


def split_organizations(cell: str) -> list[str]:
    names = [tidy(part).strip("-•*.").strip() for part in _ORG_SEPARATORS.split(cell or "")]
    return list(dict.fromkeys(name for name in names if name))


def read_table(text: str) -> PastedTable:
    """The rows of a pasted table, as written (trimmed); blank lines skipped. FollowUpError when there is
    nothing to read or too many rows."""
    lines = [(line, cells) for line, cells in _split_lines(text or "") if not _is_blank(cells)]
    if not lines:
        raise FollowUpError(_("Paste the table of resolutions: nothing was pasted."), code="empty")
    columns = header_columns(lines[0][1])
    header = columns is not None
    if header:
        lines = lines[1:]
    elif sum(_looks_like_number(cells[0]) for _line, cells in lines) * 2 >= len(lines):
        columns = list(COLUMNS)
    else:
        # No number column: text, lead, supporting, deadline; numbered in order when saved.
        columns = COLUMNS[1:]
    assert columns is not None
    number_at = columns.index("number") if "number" in columns else None
    lines = _join_broken_rows(lines, len(columns), number_at)
    if len(lines) > MAX_ROWS:
        raise FollowUpError(
            _("At most %(max)s resolutions can be pasted at once; this table has %(count)s rows.")
            % {"max": n(MAX_ROWS), "count": n(len(lines))},
            code="too_many",
        )
    rows = []
    for line, cells in lines:
        row = TableRow(line=line)
        values: dict[str, str] = {}
        for column, cell in zip(columns, cells, strict=False):
            if column and column not in values:
                values[column] = _clean_cell(cell)
        row.number = to_ascii_digits(normalize(values.get("number", ""))).rstrip(".)").strip()
        row.text = values.get("text", "")
        lead_names = split_organizations(values.get("lead", ""))
        row.lead = lead_names[0] if lead_names else ""
        # A second name in the lead's cell is a supporting organisation, as minutes read.
        row.supporting = list(
            dict.fromkeys(lead_names[1:] + split_organizations(values.get("supporting", "")))
        )
        row.deadline = values.get("deadline", "")
        rows.append(row)
    return PastedTable(rows=rows, columns=columns, header=header)


def match_rows(rows: list[TableRow], meeting: Meeting) -> list[dict]:
    """Each row with its organisations matched (the body's members first) and what needs a person's
    eye: an organisation not found, a date that cannot be read, a number used twice or already taken.
    One call of the name matching for the whole table."""
    names = list(dict.fromkeys(name for row in rows for name in [row.lead, *row.supporting] if name))
    matched = {m["name"]: m for m in match_names(names, meeting.body)} if names else {}
    taken = {number_key(number) for number in meeting.resolutions.values_list("number", flat=True)}
    seen: dict[str, int] = {}
    for row in rows:
        if row.number:
            key = number_key(row.number)
            seen[key] = seen.get(key, 0) + 1
    result = []
    for row in rows:
        lead = matched.get(row.lead) if row.lead else None
        supporting = [(name, matched[name]) for name in row.supporting]
        problems = []
        deadline = None
        if row.deadline:
            try:
                deadline = parse_jalali(row.deadline)
            except JalaliDateError:
                problems.append("deadline")
        key = number_key(row.number) if row.number else ""
        result.append(
            {
                "row": row,
                "lead": lead["match"] if lead else None,
                "lead_suggestions": lead["suggestions"] if lead else [],
                "supporting": [m["match"] for _name, m in supporting if m["match"] is not None],
                "unmatched_supporting": [name for name, m in supporting if m["match"] is None],
                "supporting_suggestions": {
                    name: m["suggestions"] for name, m in supporting if m["match"] is None
                },
                "deadline": deadline,
                "taken": bool(key) and key in taken,
                "repeated": bool(key) and seen.get(key, 0) > 1,
                "problems": problems,
            }
        )
    return result


def number_key(number: str) -> str:
    """A resolution's number as compared: «۳», «3» and «3 » are one number."""
    return to_ascii_digits(normalize(str(number))).replace(" ", "")


def next_numbers(meeting: Meeting, count: int) -> list[str]:
    """Numbers for rows pasted without one: after the meeting's resolutions, in order."""
    start = meeting.resolutions.count() + 1
    return [str(start + i) for i in range(count)]


@dataclass
class SavedTable:
    resolutions: list[Resolution]
    repeated: bool  # the same confirmation had already been saved: nothing new was written


def already_saved(meeting: Meeting, token: str) -> list[Resolution] | None:
    """The resolutions saved by the confirmation `token` of this meeting, or None if it saved none."""
    if not token:
        return None
    entry = AuditEntry.objects.filter(
        action=CONFIRM_ACTION, object_type="meetings.meeting", object_id=meeting.pk, changes__token=token
    ).first()
    if entry is None:
        return None
    ids = entry.changes.get("resolutions", [])
    return list(Resolution.objects.filter(pk__in=ids).order_by("position"))


def save_table(meeting: Meeting, *, by: User, specs: list[ResolutionSpec], token: str) -> SavedTable:
    """Create every resolution of the checked table with its assignments, all or nothing.

    `token` names this confirmation (the preview gives one): sending the same confirmation again (a
    double click, the browser's back and resend) writes nothing and returns what the first one saved.
    A number used twice in the table or already taken in the meeting refuses the whole table.
    """
    require_manager(by, meeting.body)
    if not token:
        raise FollowUpError(_("The table was not checked: read it again and confirm."), code="token")
    if not specs:
        raise FollowUpError(_("Paste the table of resolutions: nothing was pasted."), code="empty")
    try:
        with transaction.atomic():
            meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
            earlier = already_saved(meeting, token)
            if earlier is not None:
                return SavedTable(resolutions=earlier, repeated=True)
            _check_numbers(meeting, specs)
            resolutions = [create_resolution(meeting, by=by, spec=spec) for spec in specs]
            record(
                actor=by,
                action=CONFIRM_ACTION,
                obj=meeting,
                changes={"token": token, "resolutions": [r.pk for r in resolutions]},
                body_id=meeting.body_id,
            )
    except IntegrityError:
        # The same confirmation saved at the same moment by a second request: the unique numbers held.
        earlier = already_saved(meeting, token)
        if earlier is None:
            raise
        return SavedTable(resolutions=earlier, repeated=True)
    return SavedTable(resolutions=resolutions, repeated=False)


def _check_numbers(meeting: Meeting, specs: list[ResolutionSpec]) -> None:
    keys = [number_key(spec.number) for spec in specs]
    twice = sorted({key for key in keys if keys.count(key) > 1})
    if twice:
        raise FollowUpError(
            _("The table gives the number %(numbers)s to more than one resolution.")
            % {"numbers": "، ".join(n(key) for key in twice)},
            code="repeated",
        )
    taken = {number_key(number) for number in meeting.resolutions.values_list("number", flat=True)}
    clash = [key for key in keys if key in taken]
    if clash:
        raise FollowUpError(
            _("This meeting already has resolutions numbered %(numbers)s.")
            % {"numbers": "، ".join(n(key) for key in clash)},
            code="taken",
        )
