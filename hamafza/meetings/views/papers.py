"""A meeting's paperwork to download: its minutes, and the notification letter to each responsible
organisation, as Word or PDF (hamafza.meetings.exports)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse

from hamafza.meetings.access import can_review_body, meeting_for_user, notice_for_user
from hamafza.meetings.exports import minutes, notices
from hamafza.meetings.exports.letterhead import FORMATS


def _download(content: bytes, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def minutes_document(request, pk, fmt):
    """Whoever sees the meeting reads its minutes."""
    if fmt not in FORMATS:
        raise Http404
    meeting = meeting_for_user(request.user, pk)
    render = minutes.render_pdf if fmt == "pdf" else minutes.render_docx
    return _download(render(meeting), fmt, minutes.filename(meeting, fmt))


@login_required
def notice_document(request, pk, organization, fmt):
    """The secretariat and viewers read every organisation's letter; an organisation, its own."""
    if fmt not in FORMATS:
        raise Http404
    meeting, recipient = notice_for_user(request.user, pk, organization)
    render = notices.render_pdf if fmt == "pdf" else notices.render_docx
    return _download(render(meeting, recipient), fmt, notices.filename(meeting, recipient, fmt))


def recipients_for(user, meeting, resolutions) -> list:
    """The organisations whose letter the meeting page offers the user: every one to the secretariat
    and viewers, the user's own (if it has a duty) to anyone else. `resolutions`: the meeting's, with
    their assignments and organisations prefetched (as the page lists them)."""
    recipients = notices.organizations(resolutions)
    if can_review_body(user, meeting.body):
        return recipients
    return [organization for organization in recipients if organization.pk == user.organization_id]
