"""Quarterly reports of hand-reported measures: sent by the programme's organisation, accepted or returned
by its reviewer; their evidence files are served only to those who read the programme."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamafza.goals.forms.reports import DecisionForm, QuarterReportForm
from hamafza.goals.models import Programme, QuarterReport
from hamafza.goals.services import reports as services
from hamafza.goals.services.common import GoalsError
from hamafza.goals.services.sources import source_of
from hamafza.goals.views.common import uploaded_files, viewer
from hamafza.lib.downloads import stored_file_response
from hamafza.lib.forms import form_error


@login_required
def report_create(request, pk):
    v = viewer(request)
    measure = v.measure(pk)
    programme = measure.goal.programme
    if not v.owns(programme):
        raise PermissionDenied
    if source_of(measure).computed or programme.state != Programme.State.ACTIVE:
        raise Http404
    quarters = services.reportable_quarters(programme)
    initial = {}
    if request.GET.get("quarter", "").isdigit():
        initial["quarter"] = int(request.GET["quarter"])
    form = QuarterReportForm(request.POST or None, request.FILES or None, quarters=quarters, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = services.submit_report(
                measure,
                by=request.user,
                quarter=data["quarter"],
                value=data["value"],
                narrative=data["narrative"],
                files=uploaded_files(request),
            )
        except GoalsError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Your report was sent to the reviewer."))
            return redirect("goals:report", pk=report.pk)
    history = measure.reports.select_related("submitted_by", "reviewed_by").prefetch_related("files")
    return render(
        request,
        "goals/reports/form.html",
        {"form": form, "measure": measure, "programme": programme, "history": history},
    )


@login_required
def report_detail(request, pk):
    v = viewer(request)
    report = v.report(pk)
    programme = report.measure.goal.programme
    can_decide = v.reviews(programme) and report.state == QuarterReport.State.SUBMITTED
    return render(
        request,
        "goals/reports/detail.html",
        {
            "report": report,
            "measure": report.measure,
            "programme": programme,
            "files": report.files.all(),
            "can_decide": can_decide,
            "can_resend": v.owns(programme)
            and report.state == QuarterReport.State.RETURNED
            and not report.measure.reports.filter(
                quarter=report.quarter, state__in=["submitted", "accepted"]
            ).exists(),
            "form": DecisionForm(),
        },
    )


@login_required
@require_POST
def report_decide(request, pk):
    v = viewer(request)
    report = v.report(pk)
    if not v.reviews(report.measure.goal.programme):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to accept or return the report."))
        return redirect("goals:report", pk=report.pk)
    data = form.cleaned_data
    try:
        if data["decision"] == "accept":
            services.accept_report(report, by=request.user, comment=data["comment"])
            messages.success(
                request, _("The report was accepted: its value is the measure's value for the quarter.")
            )
        else:
            services.return_report(report, by=request.user, comment=data["comment"])
            messages.success(request, _("The report was returned to the organisation."))
    except GoalsError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("goals:report", pk=report.pk)


@login_required
def report_file(request, pk):
    evidence = viewer(request).report_file(pk)
    return stored_file_response(
        evidence.file,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
