"""The body's letterhead and what both papers share: the lines at the head (as the body sets them, or
the secretariat's parent organisation, the secretariat, the body's secretariat), the number, Jalali date and attachment of the
paper, and how a duty's deadline is written.

Text the secretariat recorded is printed as it was typed; only what Hamafza writes (numbers, dates) is
in Persian digits.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from hamafza.lib import word
from hamafza.lib.jalali import format_jalali
from hamafza.lib.persian import to_persian_digits
from hamafza.meetings.models import Assignment, Body

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
FORMATS = {"docx": DOCX, "pdf": PDF}


@dataclass
class Letterhead:
    lines: list[str]
    number: str
    date: dt.date
    attachment: str = ""
    invocation: str = field(default="")

    @property
    def jalali_date(self) -> str:
        return format_jalali(self.date)

    @property
    def persian_number(self) -> str:
        return to_persian_digits(self.number)


def letterhead_lines(body: Body) -> list[str]:
    """The body's letterhead as an administrator set it, or else the secretariat's parent organisation
    (if any), the secretariat, and «دبیرخانه» of the body."""
    if body.letterhead_lines():
        return body.letterhead_lines()
    secretariat = body.secretariat
    lines = []
    if secretariat.parent_id:
        lines.append(secretariat.parent.name)
    lines.append(secretariat.name)
    lines.append(_("Secretariat of %(body)s") % {"body": body.name})
    return lines


def letterhead(body: Body, *, number: str, date: dt.date, attachment: str = "") -> Letterhead:
    return Letterhead(
        lines=letterhead_lines(body),
        number=number,
        date=date,
        attachment=attachment or _("none"),
        invocation=_("In the name of God"),
    )


def due_text(assignment: Assignment) -> str:
    """The deadline as the papers write it: a Jalali date, «مستمر», or a report every N months."""
    if assignment.recurrence == Assignment.Recurrence.CONTINUOUS:
        return _("Continuous")
    if assignment.recurrence == Assignment.Recurrence.PERIODIC and assignment.interval:
        every = _("every %(n)s %(unit)s") % {
            "n": to_persian_digits(assignment.interval),
            "unit": assignment.get_interval_unit_display(),
        }
        if assignment.deadline:
            return f"{every}، {_('until')} {format_jalali(assignment.deadline)}"
        return every
    return format_jalali(assignment.deadline) if assignment.deadline else "—"


def docx_header(document, head: Letterhead) -> None:
    """The letterhead in the header of every page: its lines at the start (right), the invocation in
    the middle, the number, date and attachment at the end (left)."""
    header = document.sections[0].header
    header.is_linked_to_previous = False
    table = word.no_borders(word.rtl_table(header, 1, 3, style=None, width_mm=170))
    word.cell_text(table.cell(0, 0), "\n".join(head.lines), bold=True, size=10.5)
    word.cell_text(table.cell(0, 1), head.invocation, bold=True, size=11, align="center")
    word.cell_text(
        table.cell(0, 2),
        "\n".join(
            [
                f"{_('Number')}: {head.persian_number}",
                f"{_('Date')}: {head.jalali_date}",
                f"{_('Attachment')}: {head.attachment}",
            ]
        ),
        size=10,
    )
    word.paragraph(header, "")


def docx_signature(document, lines: list[tuple[str, str]]) -> None:
    """Side by side at the foot: each (name, title), with space above it for the signature."""
    word.paragraph(document, "")
    table = word.no_borders(word.rtl_table(document, 1, len(lines), style=None))
    for cell, (name, title) in zip(table.rows[0].cells, lines, strict=True):
        word.cell_text(cell, "\n\n" + (name or ""), bold=True, align="center")
        word.paragraph(cell, title, align="center", size=10)
