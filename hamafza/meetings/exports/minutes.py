"""The minutes of a meeting (صورت‌جلسه) as Word and PDF, from what was recorded: the body, the session's
number and Jalali date, its place and chair, the attendees and the agenda if recorded, every resolution
numbered with its text, its lead and supporting organisations and their deadlines, and the signatures."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _

from hamafza.lib import word
from hamafza.lib.jalali import format_jalali
from hamafza.lib.persian import to_persian_digits
from hamafza.meetings.exports.letterhead import docx_header, docx_signature, due_text, letterhead
from hamafza.meetings.models import Assignment, Meeting, Resolution
from hamafza.reports.pdf import template_pdf


@dataclass
class Row:
    """One resolution as the minutes print it."""

    resolution: Resolution
    number: str  # in Persian digits
    lead: str
    supporting: list[str]
    due: str


def rows(meeting: Meeting) -> list[Row]:
    resolutions = meeting.resolutions.prefetch_related(
        Prefetch(
            "assignments", queryset=Assignment.objects.select_related("organization").order_by("role", "pk")
        )
    ).order_by("position", "pk")
    made = []
    for resolution in resolutions:
        assignments = list(resolution.assignments.all())
        lead = next((a for a in assignments if a.is_lead), None)
        lead_due = due_text(lead) if lead else ""
        supporting = []
        for assignment in assignments:
            if assignment.is_lead:
                continue
            own = due_text(assignment)
            name = assignment.organization.name
            supporting.append(name if own == lead_due else f"{name} ({own})")
        made.append(
            Row(
                resolution=resolution,
                number=to_persian_digits(resolution.number),
                lead=lead.organization.name if lead else "—",
                supporting=supporting,
                due=lead_due or (due_text(assignments[0]) if assignments else "—"),
            )
        )
    return made


def _context(meeting: Meeting) -> dict:
    return {
        "meeting": meeting,
        "body": meeting.body,
        "head": letterhead(meeting.body, number=str(meeting.number), date=meeting.held_on),
        "rows": rows(meeting),
        "session": to_persian_digits(meeting.number),
        "held_on": format_jalali(meeting.held_on, long=True),
        "attendees": meeting.attendee_list(),
    }


def filename(meeting: Meeting, extension: str) -> str:
    return f"minutes-{meeting.body_id}-{meeting.number}.{extension}"


def render_pdf(meeting: Meeting) -> bytes:
    with translation.override("fa"):
        return template_pdf("meetings/papers/minutes_pdf.html", _context(meeting))


def render_docx(meeting: Meeting) -> bytes:
    with translation.override("fa"):
        return word.to_bytes(_document(_context(meeting)))


def _document(context: dict):
    meeting, body = context["meeting"], context["body"]
    document = word.new_document()
    session = _("Session %(n)s") % {"n": context["session"]}
    word.describe(document, title=f"{_('Minutes')} — {session} {body.name}", author=body.name)
    docx_header(document, context["head"])
    word.paragraph(document, _("Minutes"), bold=True, size=16, align="center")
    word.paragraph(document, f"{session} {body.name} — {context['held_on']}", size=12, align="center")

    facts = [(_("Date"), format_jalali(meeting.held_on))]
    if meeting.place:
        facts.append((_("Place"), meeting.place))
    if meeting.chair:
        facts.append((_("Chair"), meeting.chair))
    if context["attendees"]:
        facts.append((_("Attendees"), "، ".join(context["attendees"])))
    table = word.column_widths(word.rtl_table(document, len(facts), 2), [32, 138])
    for row, (label, value) in zip(table.rows, facts, strict=True):
        word.cell_text(row.cells[0], label, bold=True)
        word.cell_text(row.cells[1], value)
    if meeting.agenda:
        word.paragraph(document, _("Agenda"), bold=True, size=12.5)
        word.paragraph(document, meeting.agenda)

    word.paragraph(document, _("Resolutions"), bold=True, size=12.5)
    headings = [_("No."), _("Resolution"), _("Lead"), _("Supporting"), _("Deadline")]
    table = word.repeat_header(word.rtl_table(document, 1 + len(context["rows"]), len(headings)))
    word.column_widths(table, [12, 80, 30, 28, 20])
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        word.cell_text(cell, heading, bold=True, align="center")
    for row, item in zip(table.rows[1:], context["rows"], strict=True):
        values = [item.number, item.resolution.text, item.lead, "\n".join(item.supporting) or "—", item.due]
        for cell, value in zip(row.cells, values, strict=True):
            word.cell_text(cell, value, size=10)
    if not context["rows"]:
        word.paragraph(document, _("No resolutions."))

    word.paragraph(document, _("Signatures"), bold=True, size=12.5)
    docx_signature(
        document,
        [
            (meeting.chair, _("Chair of the meeting")),
            ("", _("Secretariat of %(body)s") % {"body": body.name}),
        ],
    )
    return document
