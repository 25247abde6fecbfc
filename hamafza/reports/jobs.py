"""Large follow-up reports go to the task worker: the page shows their progress and a download when
they are ready (issue 10, defect 4), instead of holding a server worker while they are drawn.

`needs_background` says which reports go there (more resolutions than REPORT_INLINE_MAX_RESOLUTIONS);
`hamafza.reports.queue.request_report` records a job and enqueues it; `run` is what the task does.
"""

import datetime as dt
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone, translation

from hamafza.meetings.models import Body
from hamafza.reports import followup, render
from hamafza.reports.models import ReportJob

log = logging.getLogger(__name__)

# How far a job has got once its data is read (percent); the renderers report the later stages.
GATHERED = 20


def needs_background(body: Body, end: dt.date) -> bool:
    return followup.resolutions_for_period(body, end).count() > settings.REPORT_INLINE_MAX_RESOLUTIONS


def _advance(job: ReportJob, percent: int, state: str = ReportJob.State.RUNNING) -> None:
    job.progress, job.state = percent, state
    ReportJob.objects.filter(pk=job.pk).update(progress=percent, state=state)


def run(job_id: int) -> str:
    """Render job `job_id`, saving its progress at each stage; returns its final state."""
    job = ReportJob.objects.select_related("body").get(pk=job_id)
    if job.state == ReportJob.State.DONE:
        return job.state  # a task run twice does the work once
    _advance(job, 5)
    try:
        with translation.override(job.language):
            report = followup.gather(job.body, job.start, job.end)
            _advance(job, GATHERED)
            content = render.render_report(
                report, job.format, on_stage=lambda percent: _advance(job, percent)
            )
            ascii_name, _unicode = render.filenames(job.body, job.start, job.end, job.format)
            job.file.save(ascii_name, ContentFile(content), save=False)
    except Exception as error:  # the page must say it failed rather than wait for ever
        log.exception("follow-up report job %s failed", job_id)
        job.state, job.error, job.finished_at = ReportJob.State.FAILED, str(error)[:500], timezone.now()
        job.save(update_fields=["state", "error", "finished_at"])
        return job.state
    job.state, job.progress, job.finished_at = ReportJob.State.DONE, 100, timezone.now()
    job.save(update_fields=["state", "progress", "file", "finished_at"])
    return job.state
