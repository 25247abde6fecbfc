"""Pages for bodies, meetings and resolutions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamafza.audit.models import AuditEntry
from hamafza.lib.jalali import JalaliDateError, parse_jalali
from hamafza.lib.persian import search_terms
from hamafza.meetings import dashboards, services
from hamafza.meetings.access import (
    bodies_for_user,
    body_for_user,
    can_manage_body,
    can_review_body,
    meeting_for_user,
    meetings_for_user,
    resolution_for_user,
    resolutions_for_user,
)
from hamafza.meetings.forms import CancelForm, MeetingForm, ResolutionEditForm, ResolutionForm
from hamafza.meetings.models import Assignment, ProgressReport, Resolution
from hamafza.places.models import Region


def _form_error(form, error) -> None:
    for message in getattr(error, "messages", [str(error)]):
        form.add_error(None, message)


@login_required
def home(request):
    user = request.user
    if user.organization_id and user.is_officer and not user.body_roles.exists():
        return redirect("meetings:organization", pk=user.organization_id)
    return redirect("meetings:bodies")


@login_required
def body_list(request):
    # * bodies visible to the user, with counts of open and done resolutions
    bodies = (
        bodies_for_user(request.user)
        .select_related("region", "secretariat")
        .annotate(
            open_count=Count("resolutions", filter=Q(resolutions__status=Resolution.Status.OPEN)),
            done_count=Count("resolutions", filter=Q(resolutions__status=Resolution.Status.DONE)),
            meeting_count=Count("meetings", distinct=True),
        )
        .order_by("name")
    )
    return render(request, "meetings/body_list.html", {"bodies": bodies})


@login_required
def body_dashboard(request, pk):
    body = body_for_user(request.user, pk)
    today = services.today()
    data = dashboards.body_dashboard(body, today)
    # The ten latest meetings are picked before their resolutions are counted (not after counting all).
    latest = body.meetings.order_by("-held_on").values("pk")[:10]
    meetings = list(
        body.meetings.filter(pk__in=latest)
        .annotate(resolution_count=Count("resolutions"))
        .order_by("-held_on")
    )
    return render(
        request,
        "meetings/body_dashboard.html",
        {
            "body": body,
            "today": today,
            "meetings": meetings,
            "can_manage": can_manage_body(request.user, body),
            "states": dashboards.STATES,
            "chart_data": dashboards.chart_data(data),
            **data,
        },
    )


@login_required
def body_resolutions(request, pk):
    body = body_for_user(request.user, pk)
    today = services.today()
    state = request.GET.get("state", "")
    leads = Assignment.objects.filter(role=Assignment.Role.LEAD, resolution__body=body)
    filters = dashboards.lead_state_filters(today)
    if state in filters:
        leads = leads.filter(filters[state])
    resolutions = (
        Resolution.objects.filter(pk__in=leads.values("resolution_id"))
        .select_related("meeting")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("organization").order_by("role", "pk"),
            )
        )
        .order_by("-meeting__held_on", "position")
    )
    page = Paginator(resolutions, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/body_resolutions.html",
        {"body": body, "page": page, "state": state, "states": dashboards.STATES, "today": today},
    )


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
            _form_error(form, error)
        else:
            messages.success(request, _("The meeting was recorded."))
            return redirect("meetings:meeting", pk=meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form, "body": body})


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
            _form_error(form, error)
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect("meetings:meeting", pk=meeting.pk)
    return render(
        request, "meetings/meeting_form.html", {"form": form, "body": meeting.body, "meeting": meeting}
    )


@login_required
def meeting_detail(request, pk):
    meeting = meeting_for_user(request.user, pk)
    resolutions = meeting.resolutions.prefetch_related(
        Prefetch(
            "assignments", queryset=Assignment.objects.select_related("organization").order_by("role", "pk")
        )
    ).order_by("position")
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "body": meeting.body,
            "resolutions": resolutions,
            "today": services.today(),
            "can_manage": can_manage_body(request.user, meeting.body),
        },
    )


@login_required
def minutes_file(request, pk):
    from django.http import FileResponse

    meeting = meeting_for_user(request.user, pk)
    if not meeting.minutes_file:
        raise Http404
    return FileResponse(
        meeting.minutes_file.open("rb"),
        as_attachment=True,
        filename=meeting.minutes_file.name.rsplit("/", 1)[-1],
    )


@login_required
def resolution_create(request, pk):
    meeting = meeting_for_user(request.user, pk)
    if not can_manage_body(request.user, meeting.body):
        raise PermissionDenied
    next_number = meeting.resolutions.count() + 1
    form = ResolutionForm(
        request.POST or None, initial={"number": next_number, "recurrence": Assignment.Recurrence.ONCE}
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
            _form_error(form, error)
        else:
            messages.success(
                request, _("Resolution %(number)s was recorded.") % {"number": resolution.number}
            )
            if "another" in request.POST:
                return redirect("meetings:resolution_create", pk=meeting.pk)
            return redirect("meetings:resolution", pk=resolution.pk)
    return render(
        request, "meetings/resolution_form.html", {"form": form, "meeting": meeting, "body": meeting.body}
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
        "target_regions": list(resolution.target_regions.all()),
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
            _form_error(form, error)
        else:
            messages.success(request, _("The resolution was saved."))
            return redirect("meetings:resolution", pk=resolution.pk)
    return render(
        request,
        "meetings/resolution_edit.html",
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
        "meetings/resolution_detail.html",
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
        "meetings/resolution_history.html",
        {"resolution": resolution, "body": resolution.body, "page": page},
    )


def _jalali_or_none(term: str):
    try:
        return parse_jalali(term)
    except JalaliDateError:
        return None


@login_required
def search(request):
    query = request.GET.get("q", "").strip()
    terms = search_terms(query)
    resolutions = meetings = None
    if terms:
        rq = resolutions_for_user(request.user)
        mq = meetings_for_user(request.user)
        for term in terms:
            on = _jalali_or_none(term)
            if on is None:
                rq = rq.filter(search_text__contains=term)
                mq = mq.filter(search_text__contains=term)
            else:  # a Jalali date also finds the meetings of that day and their resolutions
                rq = rq.filter(Q(search_text__contains=term) | Q(meeting__held_on=on))
                mq = mq.filter(Q(search_text__contains=term) | Q(held_on=on))
        resolutions = Paginator(
            rq.select_related("meeting", "body").order_by("-meeting__held_on", "position"), 50
        ).get_page(request.GET.get("page"))
        meetings = list(mq.select_related("body").order_by("-held_on")[:50])
    return render(
        request, "meetings/search.html", {"query": query, "resolutions": resolutions, "meetings": meetings}
    )
