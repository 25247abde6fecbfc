"""Pages of meetings: recording and editing a meeting, its page, its minutes file."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hamafza.lib.downloads import stored_file_response
from hamafza.meetings import services
from hamafza.meetings.access import body_for_user, can_manage_body, meeting_for_user
from hamafza.meetings.forms.meetings import MeetingForm
from hamafza.meetings.models import Assignment
from hamafza.meetings.views.common import form_error
from hamafza.meetings.views.papers import recipients_for


@login_required
def meeting_create(request, pk):
    body = body_for_user(request.user, pk)
    if not can_manage_body(request.user, body):
        raise PermissionDenied
    next_number = (body.meetings.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    form = MeetingForm(request.POST or None, request.FILES or None, initial={"number": next_number})
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.create_meeting(body, by=request.user, **form.cleaned_data)
        except services.FollowUpError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The meeting was recorded."))
            return redirect("meetings:meeting", pk=meeting.pk)
    return render(request, "meetings/meetings/form.html", {"form": form, "body": body})


@login_required
def meeting_edit(request, pk):
    meeting = meeting_for_user(request.user, pk)
    if not can_manage_body(request.user, meeting.body):
        raise PermissionDenied
    initial = {
        name: getattr(meeting, name)
        for name in ["number", "held_on", "place", "chair", "attendees", "agenda"]
    }
    form = MeetingForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_meeting(meeting, by=request.user, **form.cleaned_data)
        except services.FollowUpError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect("meetings:meeting", pk=meeting.pk)
    return render(
        request, "meetings/meetings/form.html", {"form": form, "body": meeting.body, "meeting": meeting}
    )


@login_required
def meeting_detail(request, pk):
    meeting = meeting_for_user(request.user, pk)
    resolutions = meeting.resolutions.prefetch_related(
        Prefetch(
            "assignments", queryset=Assignment.objects.select_related("organization").order_by("role", "pk")
        )
    ).order_by("position")
    resolutions = list(resolutions)
    return render(
        request,
        "meetings/meetings/detail.html",
        {
            "meeting": meeting,
            "body": meeting.body,
            "resolutions": resolutions,
            "today": services.today(),
            "can_manage": can_manage_body(request.user, meeting.body),
            "recipients": recipients_for(request.user, meeting, resolutions),
        },
    )


@login_required
def minutes_file(request, pk):
    meeting = meeting_for_user(request.user, pk)
    if not meeting.minutes_file:
        raise Http404
    return stored_file_response(
        meeting.minutes_file,
        filename=meeting.minutes_file.name.rsplit("/", 1)[-1],
    )
