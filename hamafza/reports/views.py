"""The follow-up report of a body, downloaded as PDF or Excel by its secretariat and viewers."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import translation

from hamafza.meetings import services
from hamafza.meetings.access import body_for_user, can_review_body
from hamafza.reports import labels
from hamafza.reports import render as report_files
from hamafza.reports.followup import default_period
from hamafza.reports.forms import FollowupReportForm


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
