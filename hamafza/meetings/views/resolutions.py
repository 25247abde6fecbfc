"""Pages of resolutions: adding one to a meeting, editing, cancelling, its page and its history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamafza.audit.models import AuditEntry
from hamafza.meetings import services
from hamafza.meetings.access import can_manage_body, can_review_body, meeting_for_user, resolution_for_user
from hamafza.meetings.forms.resolutions import CancelForm, ResolutionEditForm, ResolutionForm
from hamafza.meetings.models import Assignment, ProgressReport
from hamafza.meetings.views.common import form_error
from hamafza.places.models import Region


@login_required
def resolution_create(request, pk):
    meeting = meeting_for_user(request.user, pk)
    if not can_manage_body(request.user, meeting.body):
        raise PermissionDenied
    next_number = meeting.resolutions.count() + 1
    form = ResolutionForm(
        request.POST or None,
        initial={"number": next_number, "recurrence": Assignment.Recurrence.ONCE},
        body=meeting.body,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        timing = {k: data[k] for k in ["recurrence", "deadline", "interval", "interval_unit"]}
        specs = [services.AssignmentSpec(data["lead"], role=Assignment.Role.LEAD, **timing)]
        specs += [
            services.AssignmentSpec(org, role=Assignment.Role.SUPPORTING, **timing)
            for org in data["supporting"]
        ]
        spec = services.ResolutionSpec(
            number=data["number"],
            text=data["text"],
            assignments=specs,
            topics=form.topic_list(),
            target_regions=list(data["target_regions"]),
        )
        try:
            resolution = services.create_resolution(meeting, by=request.user, spec=spec)
        except services.FollowUpError as error:
            form_error(form, error)
        else:
            messages.success(
                request, _("Resolution %(number)s was recorded.") % {"number": resolution.number}
            )
            if "another" in request.POST:
                return redirect("meetings:resolution_create", pk=meeting.pk)
            return redirect("meetings:resolution", pk=resolution.pk)
    return render(
        request, "meetings/resolutions/form.html", {"form": form, "meeting": meeting, "body": meeting.body}
    )


@login_required
def resolution_edit(request, pk):
    resolution = resolution_for_user(request.user, pk)
    if not can_manage_body(request.user, resolution.body):
        raise PermissionDenied
    initial = {
        "number": resolution.number,
        "text": resolution.text,
        "topics": "، ".join(resolution.topics.values_list("name", flat=True)),
        "target_regions": list(resolution.target_regions.values_list("pk", flat=True)),
    }
    form = ResolutionEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_resolution(
                resolution,
                by=request.user,
                number=data["number"],
                text=data["text"],
                topics=form.topic_list(),
                target_regions=list(data["target_regions"]),
            )
        except services.FollowUpError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The resolution was saved."))
            return redirect("meetings:resolution", pk=resolution.pk)
    return render(
        request,
        "meetings/resolutions/edit.html",
        {"form": form, "resolution": resolution, "body": resolution.body},
    )


@login_required
def resolution_detail(request, pk):
    resolution = resolution_for_user(request.user, pk)
    # The template reads topics and target regions twice each (test, then list): one query for each.
    prefetch_related_objects(
        [resolution], "topics", Prefetch("target_regions", queryset=Region.objects.without_boundaries())
    )
    user = request.user
    today = services.today()
    assignments = list(resolution.assignments.select_related("organization").order_by("role", "pk"))
    reviewer = can_review_body(user, resolution.body)
    visible_org_ids = {
        a.organization_id for a in assignments if reviewer or a.organization_id == user.organization_id
    }
    reports = (
        ProgressReport.objects.filter(
            assignment__resolution=resolution, assignment__organization_id__in=visible_org_ids
        )
        .select_related("assignment__organization", "submitted_by", "reviewed_by")
        .prefetch_related("evidence")
        .order_by("submitted_at", "pk")
    )
    timeline = []
    for report in reports:
        timeline.append({"at": report.submitted_at, "kind": "submitted", "report": report})
        if report.reviewed_at:
            timeline.append({"at": report.reviewed_at, "kind": report.status, "report": report})
    timeline.sort(key=lambda item: item["at"])
    return render(
        request,
        "meetings/resolutions/detail.html",
        {
            "resolution": resolution,
            "body": resolution.body,
            "assignments": [(a, a.follow_up_state(today)) for a in assignments],
            "timeline": timeline,
            "can_manage": can_manage_body(user, resolution.body),
            "cancel_form": CancelForm(),
            "today": today,
        },
    )


@login_required
@require_POST
def resolution_cancel(request, pk):
    resolution = resolution_for_user(request.user, pk)
    form = CancelForm(request.POST)
    try:
        if "reopen" in request.POST:
            services.reopen_resolution(resolution, by=request.user)
            messages.success(request, _("The resolution was reopened."))
        else:
            services.cancel_resolution(resolution, by=request.user, reason=form.data.get("reason", ""))
            messages.success(request, _("The resolution was cancelled."))
    except services.FollowUpError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("meetings:resolution", pk=resolution.pk)


@login_required
def resolution_history(request, pk):
    resolution = resolution_for_user(request.user, pk)
    entries = (
        AuditEntry.objects.filter(resolution_id=resolution.pk).select_related("actor").order_by("-at", "-pk")
    )
    if not can_review_body(request.user, resolution.body):
        # Organisations outside the secretariat see the history of the resolution, not others' reports.
        entries = entries.exclude(object_type="meetings.progressreport")
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/resolutions/history.html",
        {"resolution": resolution, "body": resolution.body, "page": page},
    )
