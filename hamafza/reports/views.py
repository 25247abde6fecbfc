"""The follow-up report of a body, downloaded as PDF or Excel by its secretariat and viewers.

A small report is sent at once; a large one (more than REPORT_INLINE_MAX_RESOLUTIONS resolutions) is
prepared by the task worker: the page shows how far it has got and offers the file when it is ready.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation

from hamafza.meetings import services
from hamafza.meetings.access import body_for_user, can_review_body
from hamafza.reports import jobs, labels, queue
from hamafza.reports import render as report_files
from hamafza.reports.followup import default_period
from hamafza.reports.forms import FollowupReportForm
from hamafza.reports.models import ReportJob


@login_required
def followup(request, pk):
    """The form (GET without a format), or the file (GET with the period and the format).

    Outsiders get a 404 (body_for_user); members of the body who are neither its secretariat nor its
    viewers get a 403: they know the body exists, but the report shows every organisation's reports.
    """
    body = body_for_user(request.user, pk)
    if not can_review_body(request.user, body):
        raise PermissionDenied
    start, end = default_period(services.today())
    submitted = "format" in request.GET
    form = FollowupReportForm(request.GET if submitted else None, initial={"start": start, "end": end})
    if submitted and form.is_valid():
        data = form.cleaned_data
        if jobs.needs_background(body, data["end"]):
            job = queue.request_report(
                body,
                by=request.user,
                start=data["start"],
                end=data["end"],
                fmt=data["format"],
                language=translation.get_language(),
            )
            return redirect("reports:job", pk=job.pk)
        content = report_files.render(
            body, data["start"], data["end"], data["format"], language=translation.get_language()
        )
        response = HttpResponse(content, content_type=report_files.FORMATS[data["format"]].content_type)
        response["Content-Disposition"] = report_files.content_disposition(
            body, data["start"], data["end"], data["format"]
        )
        return response
    context = {"body": body, "form": form, "page": labels.PAGE}
    return render(request, "reports/followup_form.html", context, status=400 if submitted else 200)


def _job_for(user, pk) -> ReportJob:
    """Only the person who asked for a report sees it (and only while they may still read the body)."""
    job = get_object_or_404(ReportJob.objects.select_related("body"), pk=pk, requested_by=user)
    body = body_for_user(user, job.body_id)
    if not can_review_body(user, body):
        raise Http404
    return job


@login_required
def job(request, pk):
    """The progress of a report being prepared; htmx asks again every second until it is ready."""
    report_job = _job_for(request.user, pk)
    template = "reports/_job.html" if request.headers.get("HX-Request") else "reports/job.html"
    return render(request, template, {"job": report_job, "body": report_job.body, "page": labels.PAGE})


@login_required
def job_download(request, pk):
    report_job = _job_for(request.user, pk)
    if report_job.state != ReportJob.State.DONE or not report_job.file:
        raise Http404
    response = FileResponse(
        report_job.file.open("rb"), content_type=report_files.FORMATS[report_job.format].content_type
    )
    response["Content-Disposition"] = report_files.content_disposition(
        report_job.body, report_job.start, report_job.end, report_job.format
    )
    return response
