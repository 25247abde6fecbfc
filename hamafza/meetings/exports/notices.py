"""The notification letter (ابلاغیه) to one responsible organisation, as Word and PDF: addressed to it,
in the body's letterhead, listing its duties from one meeting (the resolution «مصوبه ۳ جلسه ۷», its text
as recorded, the organisation's role, and the deadline in Jalali), with the request to report progress
through Hamafza at the site's address."""

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from hamafza.lib import word
from hamafza.lib.jalali import format_jalali
from hamafza.lib.persian import to_persian_digits
from hamafza.meetings.exports.letterhead import docx_header, docx_signature, due_text, letterhead
from hamafza.meetings.models import Assignment, Meeting, Resolution
from hamafza.meetings.services import today
from hamafza.orgs.models import Organization
from hamafza.reports.pdf import template_pdf


@dataclass
class Duty:
    """One of the organisation's assignments as the letter prints it."""

    assignment: Assignment
    reference: str  # «مصوبه ۳ جلسه ۷»
    role: str
    lead: str  # the lead organisation, for a supporting duty
    due: str


def organizations(resolutions) -> list[Organization]:
    """The organisations with a duty from the resolutions (a meeting's, in order, their assignments
    prefetched with the organisation), in the order of their first duty; a cancelled resolution's
    duties are not notified."""
    seen: dict[int, Organization] = {}
    for resolution in resolutions:
        if resolution.status == Resolution.Status.CANCELLED:
            continue  # its duties ended with it: nothing to notify
        for assignment in resolution.assignments.all():
            seen.setdefault(assignment.organization_id, assignment.organization)
    return list(seen.values())


def duties(meeting: Meeting, organization: Organization) -> list[Duty]:
    assignments = (
        Assignment.objects.filter(resolution__meeting=meeting, organization=organization)
        .exclude(resolution__status=Resolution.Status.CANCELLED)
        .select_related("resolution")
        .order_by("resolution__position", "resolution_id")
    )
    leads = dict(
        Assignment.objects.filter(resolution__meeting=meeting, role=Assignment.Role.LEAD).values_list(
            "resolution_id", "organization__name"
        )
    )
    return [
        Duty(
            assignment=assignment,
            reference=_("Resolution %(n)s of session %(s)s")
            % {"n": to_persian_digits(assignment.resolution.number), "s": to_persian_digits(meeting.number)},
            role=assignment.get_role_display(),
            lead="" if assignment.is_lead else leads.get(assignment.resolution_id, ""),
            due=due_text(assignment),
        )
        for assignment in assignments
    ]


def number(meeting: Meeting, organization: Organization) -> str:
    """The letter's number: the session's and the organisation's, e.g. 7/12."""
    return f"{meeting.number}/{organization.pk}"


def filename(meeting: Meeting, organization: Organization, extension: str) -> str:
    return f"notice-{meeting.body_id}-{meeting.number}-{organization.pk}.{extension}"


def _context(meeting: Meeting, organization: Organization) -> dict:
    body = meeting.body
    site = settings.SITE_URL.rstrip("/")
    session = to_persian_digits(meeting.number)
    return {
        "meeting": meeting,
        "body": body,
        "organization": organization,
        "head": letterhead(body, number=number(meeting, organization), date=today()),
        "duties": duties(meeting, organization),
        "site": site,
        "subject": _("Notification of the resolutions of session %(n)s of %(body)s")
        % {"n": session, "body": body.name},
        "opening": _(
            "In session %(n)s of %(body)s, held on %(date)s, the resolutions below were adopted with the "
            "duties of %(organization)s named beside each. They are notified for action."
        )
        % {
            "n": session,
            "body": body.name,
            "date": format_jalali(meeting.held_on, long=True),
            "organization": organization.name,
        },
        "request": _(
            "Please report what was done on each duty, with its evidence, by its deadline through Hamafza "
            "at %(url)s."
        )
        % {"url": site},
    }


def render_pdf(meeting: Meeting, organization: Organization) -> bytes:
    with translation.override("fa"):
        return template_pdf("meetings/papers/notice_pdf.html", _context(meeting, organization))


def render_docx(meeting: Meeting, organization: Organization) -> bytes:
    with translation.override("fa"):
        return word.to_bytes(_document(_context(meeting, organization)))


def _document(context: dict):
    body, organization = context["body"], context["organization"]
    document = word.new_document()
    word.describe(document, title=f"{_('Notification letter')} — {organization.name}", author=body.name)
    docx_header(document, context["head"])
    word.paragraph(document, _("Notification letter"), bold=True, size=15, align="center")
    word.paragraph(document, f"{_('To')}: {organization.name}", bold=True)
    word.paragraph(document, f"{_('Subject')}: {context['subject']}", bold=True)
    word.paragraph(document, _("Greetings and respect,"))
    word.paragraph(document, context["opening"], align="justify")
    headings = [_("Resolution"), _("Text"), _("Role"), _("Deadline")]
    table = word.repeat_header(word.rtl_table(document, 1 + len(context["duties"]), len(headings)))
    word.column_widths(table, [28, 90, 28, 24])
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        word.cell_text(cell, heading, bold=True, align="center")
    for row, duty in zip(table.rows[1:], context["duties"], strict=True):
        role = duty.role if not duty.lead else f"{duty.role} ({_('lead')}: {duty.lead})"
        values = [duty.reference, duty.assignment.resolution.text, role, duty.due]
        for cell, value in zip(row.cells, values, strict=True):
            word.cell_text(cell, value, size=10)
    word.paragraph(document, "")
    word.paragraph(document, context["request"], align="justify")
    docx_signature(document, [("", _("Secretariat of %(body)s") % {"body": body.name})])
    return document
