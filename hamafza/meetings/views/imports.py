"""Pages of the minutes import: upload or paste, review side by side with the source, confirm."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hamafza.lib.downloads import stored_file_response
from hamafza.meetings.access import body_for_user, can_manage_body, import_for_user
from hamafza.meetings.forms.imports import ImportStartForm, MeetingDraftForm, ResolutionDraftForm
from hamafza.meetings.models import MinutesImport
from hamafza.meetings.services import FollowUpError, imports
from hamafza.orgs.models import Organization
from hamafza.templatetags_builtins import digits as n


@login_required
def import_start(request, pk):
    body = body_for_user(request.user, pk)
    if not can_manage_body(request.user, body):
        raise PermissionDenied
    form = ImportStartForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("file")
        try:
            if upload:
                minutes_import = imports.start_import(
                    body, by=request.user, data=upload.read(), filename=upload.name
                )
            else:
                minutes_import = imports.start_import(body, by=request.user, text=form.cleaned_data["text"])
        except imports.ImportRefused as error:
            form.add_error(None, error.messages[0])
        else:
            return redirect("meetings:import_review", pk=minutes_import.pk)
    drafts = body.imports.filter(status=MinutesImport.Status.DRAFT).select_related("created_by")
    return render(request, "meetings/imports/start.html", {"body": body, "form": form, "drafts": drafts})


def source_segments(text: str, resolutions: list[dict]) -> list[tuple[str, int | None]]:
    """The source cut into pieces, each marked with the resolution it was read from (or None)."""
    spans = sorted(
        (
            (item["span"][0], item["span"][1], index)
            for index, item in enumerate(resolutions)
            if item.get("span")
        ),
        key=lambda span: span[0],
    )
    segments, position = [], 0
    for start, end, index in spans:
        start, end = max(start, position), min(end, len(text))
        if start >= end:
            continue
        if start > position:
            segments.append((text[position:start], None))
        segments.append((text[start:end], index))
        position = end
    if position < len(text):
        segments.append((text[position:], None))
    return segments


@login_required
def import_review(request, pk):
    minutes_import = import_for_user(request.user, pk)
    body = minutes_import.body
    if minutes_import.status != MinutesImport.Status.DRAFT:
        if minutes_import.meeting_id:
            return redirect("meetings:meeting", pk=minutes_import.meeting_id)
        messages.info(request, _("This import was discarded."))
        return redirect("meetings:body", pk=body.pk)
    draft = minutes_import.draft
    all_orgs = list(Organization.objects.filter(is_active=True).order_by("name").values_list("pk", "name"))
    data = request.POST if request.method == "POST" else None
    meeting_form = MeetingDraftForm.from_draft(draft["meeting"], data)
    forms = [
        ResolutionDraftForm(item, all_orgs, data, prefix=f"r{index}")
        for index, item in enumerate(draft["resolutions"])
    ]
    if request.method == "POST":
        if "discard" in request.POST:
            imports.discard_import(minutes_import, by=request.user)
            messages.success(request, _("The draft was discarded; nothing was created."))
            return redirect("meetings:body", pk=body.pk)
        if "add_missed" in request.POST:
            # The edits made so far are kept, each part where it is valid (the meeting's number may not
            # be typed yet: the choices made in the resolutions are not lost for that); then the passage
            # becomes a resolution.
            imports.save_draft(
                minutes_import,
                by=request.user,
                draft={
                    **draft,
                    "meeting": (
                        meeting_form.to_draft(draft["meeting"])
                        if meeting_form.is_valid()
                        else draft["meeting"]
                    ),
                    "resolutions": [
                        form.to_draft() if form.is_valid() else item
                        for form, item in zip(forms, draft["resolutions"], strict=True)
                    ],
                },
            )
            try:
                imports.add_missed(minutes_import, by=request.user, index=int(request.POST["add_missed"]))
            except (ValueError, imports.ImportRefused):
                messages.error(request, _("That passage is no longer offered."))
            else:
                messages.success(request, _("The passage was added as a resolution; check it."))
            return redirect("meetings:import_review", pk=minutes_import.pk)
        if meeting_form.is_valid() and all(form.is_valid() for form in forms):
            new_draft = {
                **draft,
                "meeting": meeting_form.to_draft(draft["meeting"]),
                "resolutions": [form.to_draft() for form in forms],
            }
            imports.save_draft(minutes_import, by=request.user, draft=new_draft)
            if "confirm" in request.POST:
                try:
                    meeting = imports.confirm_import(minutes_import, by=request.user)
                except FollowUpError as error:  # an ImportRefused, or a rule of the meetings refused it
                    messages.error(request, error.messages[0])
                else:
                    messages.success(
                        request,
                        _("Session %(number)s and its %(count)s resolutions were created.")
                        % {"number": n(meeting.number), "count": n(meeting.resolutions.count())},
                    )
                    return redirect("meetings:meeting", pk=meeting.pk)
            else:
                messages.success(request, _("The draft was saved; you can come back to it later."))
            return redirect("meetings:import_review", pk=minutes_import.pk)
        messages.error(request, _("Correct the fields marked below."))
    return render(
        request,
        "meetings/imports/review.html",
        {
            "body": body,
            "minutes_import": minutes_import,
            "meeting_form": meeting_form,
            "forms": forms,
            "draft": draft,
            "segments": source_segments(minutes_import.source_text, draft["resolutions"]),
            "recorded": imports.recorded_sessions(body, draft["meeting"]),
            "other_body": imports.body_name_differs(body, draft["meeting"].get("body_name", "")),
        },
    )


@login_required
def import_source(request, pk):
    minutes_import = import_for_user(request.user, pk)
    if not minutes_import.source_file:
        raise Http404
    return stored_file_response(
        minutes_import.source_file,
        filename=minutes_import.source_name or "minutes",
    )
