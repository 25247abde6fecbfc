"""Pages for the follow-up: assignments, progress reports and their review, an organisation's dashboard."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamafza.lib.downloads import stored_file_response
from hamafza.lib.listing import Listing, Sort, xlsx_response
from hamafza.meetings import services
from hamafza.meetings.access import (
    assignment_for_user,
    can_manage_body,
    can_see_reports_of,
    evidence_for_user,
    organization_dashboard_for_user,
    report_for_user,
    resolution_for_user,
)
from hamafza.meetings.exports import lists as exports
from hamafza.meetings.forms.followup import AddAssignmentForm, AssignmentFields, ProgressForm, ReviewForm
from hamafza.meetings.models import ProgressReport
from hamafza.meetings.services import dashboards, lists
from hamafza.meetings.views.common import form_error, uploaded_files


@login_required
def assignment_detail(request, pk):
    assignment = assignment_for_user(request.user, pk)
    user = request.user
    today = services.today()
    can_report = services.can_report(user, assignment)
    form = ProgressForm(request.POST or None, initial={"percent": assignment.progress})
    if request.method == "POST":
        if not can_report:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.submit_progress(
                    assignment,
                    by=user,
                    percent=form.cleaned_data["percent"],
                    note=form.cleaned_data["note"],
                    files=uploaded_files(request),
                )
            except services.FollowUpError as error:
                form_error(form, error)
            else:
                messages.success(request, _("Your report was sent to the secretariat."))
                return redirect("meetings:assignment", pk=assignment.pk)
    reports = []
    if can_see_reports_of(user, assignment):
        reports = assignment.reports.select_related("submitted_by", "reviewed_by").prefetch_related(
            "evidence"
        )
    return render(
        request,
        "meetings/followup/assignment_detail.html",
        {
            "assignment": assignment,
            "resolution": assignment.resolution,
            "body": assignment.resolution.body,
            "state": assignment.follow_up_state(today),
            "form": form,
            "upload_max_bytes": settings.UPLOAD_MAX_BYTES,
            "can_report": can_report
            and assignment.status in ("open", "returned")
            and assignment.resolution.status == "open",
            "can_manage": can_manage_body(user, assignment.resolution.body),
            "reports": reports,
            "today": today,
            "can_read_notice": can_see_reports_of(user, assignment),  # the notification letter's rule
        },
    )


@login_required
def assignment_add(request, pk):
    resolution = resolution_for_user(request.user, pk)
    if not can_manage_body(request.user, resolution.body):
        raise PermissionDenied
    form = AddAssignmentForm(request.POST or None, initial={"recurrence": "once"}, body=resolution.body)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        spec = services.AssignmentSpec(
            data["organization"],
            role=data["role"],
            recurrence=data["recurrence"],
            deadline=data["deadline"],
            interval=data["interval"],
            interval_unit=data["interval_unit"],
        )
        try:
            services.add_assignment(resolution, by=request.user, spec=spec)
        except services.FollowUpError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The organisation was assigned."))
            return redirect("meetings:resolution", pk=resolution.pk)
    return render(
        request,
        "meetings/followup/assignment_form.html",
        {"form": form, "resolution": resolution, "body": resolution.body},
    )


@login_required
def assignment_edit(request, pk):
    assignment = assignment_for_user(request.user, pk)
    resolution = assignment.resolution
    if not can_manage_body(request.user, resolution.body):
        raise PermissionDenied
    initial = {
        "recurrence": assignment.recurrence,
        "deadline": assignment.deadline,
        "interval": assignment.interval,
        "interval_unit": assignment.interval_unit,
    }
    form = AssignmentFields(request.POST or None, initial=initial)
    if request.method == "POST":
        if "remove" in request.POST:
            try:
                services.remove_assignment(assignment, by=request.user)
            except services.FollowUpError as error:
                messages.error(request, " ".join(error.messages))
                return redirect("meetings:assignment_edit", pk=assignment.pk)
            messages.success(request, _("The organisation was removed from the resolution."))
            return redirect("meetings:resolution", pk=resolution.pk)
        if form.is_valid():
            try:
                services.update_assignment(assignment, by=request.user, **form.cleaned_data)
            except services.FollowUpError as error:
                form_error(form, error)
            else:
                messages.success(request, _("The deadline was saved."))
                return redirect("meetings:resolution", pk=resolution.pk)
    return render(
        request,
        "meetings/followup/assignment_form.html",
        {"form": form, "resolution": resolution, "body": resolution.body, "assignment": assignment},
    )


@login_required
def report_detail(request, pk):
    report = report_for_user(request.user, pk)
    assignment = report.assignment
    can_review = (
        can_manage_body(request.user, assignment.resolution.body)
        and report.status == ProgressReport.Status.SUBMITTED
    )
    return render(
        request,
        "meetings/followup/report_detail.html",
        {
            "report": report,
            "assignment": assignment,
            "resolution": assignment.resolution,
            "body": assignment.resolution.body,
            "can_review": can_review,
            "form": ReviewForm(),
        },
    )


@login_required
@require_POST
def report_review(request, pk):
    report = report_for_user(request.user, pk)
    if not can_manage_body(request.user, report.assignment.resolution.body):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to accept or return the report."))
        return redirect("meetings:report", pk=report.pk)
    try:
        if form.cleaned_data["decision"] == ProgressReport.Status.ACCEPTED:
            services.accept_report(report, by=request.user, comment=form.cleaned_data["comment"])
            messages.success(request, _("The report was accepted."))
        else:
            services.return_report(report, by=request.user, comment=form.cleaned_data["comment"])
            messages.success(request, _("The report was returned to the organisation."))
    except services.FollowUpError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("meetings:report", pk=report.pk)
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(
        back, {request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)  # the review queue: decided in place
    return redirect("meetings:resolution", pk=report.assignment.resolution_id)


@login_required
def evidence_download(request, pk):
    evidence = evidence_for_user(request.user, pk)
    return stored_file_response(
        evidence.file,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )


@login_required
def organization_dashboard(request, pk):
    organization = organization_dashboard_for_user(request.user, pk)
    today = services.today()
    form = lists.organization_assignment_filters(request.GET, organization)
    listing = Listing(request.GET, Sort(request.GET, lists.ASSIGNMENT_COLUMNS), form)
    assignments = lists.organization_assignments(organization, today, form, listing.sort)
    if listing.wants_xlsx:
        return xlsx_response(
            _("Assignments"),
            exports.assignment_columns(today),
            assignments,
            today=today,
            slug="assignments",
            subject=organization.name,
            key=organization.pk,
        )
    summary = dashboards.organization_dashboard(organization.pk, today)
    page = listing.paginate(assignments)
    rows = [(a, a.follow_up_state(today)) for a in page.object_list]
    return render(
        request,
        "meetings/followup/organization_dashboard.html",
        {
            "organization": organization,
            "summary": summary,
            "listing": listing,
            "page": page,
            "rows": rows,
            "today": today,
        },
    )
    rows = [(a, a.follow_up_state(today)) for a in page.object_list]
    return render(
        request,
        "meetings/followup/organization_dashboard.html",
        {"organization": organization, "summary": summary, "page": page, "rows": rows, "today": today},
    )
