"""Asking for a large follow-up report: the job is recorded, and enqueued once it is committed (a worker
must find its row). The task module imports the work (hamafza.reports.jobs); this module imports the task."""

import datetime as dt

from django.db import transaction

from hamafza.meetings.models import Body
from hamafza.reports import followup
from hamafza.reports.models import ReportJob
from hamafza.reports.tasks import render_report_job


def request_report(body: Body, *, by, start: dt.date, end: dt.date, fmt: str, language: str) -> ReportJob:
    job = ReportJob.objects.create(
        body=body,
        requested_by=by,
        start=start,
        end=end,
        format=fmt,
        language=language,
        resolutions=followup.resolutions_for_period(body, end).count(),
    )
    transaction.on_commit(lambda: render_report_job.enqueue(job.pk))
    return job
