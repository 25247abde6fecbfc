"""Rendering follow-up reports in the background. Tasks take keys and ISO dates, not objects."""

import datetime as dt
from pathlib import Path

from django_tasks import task

from hamafza.meetings.models import Body
from hamafza.reports import jobs, render


@task()
def render_followup(
    body_id: int, start: str, end: str, fmt: str, out: str, language: str | None = None
) -> str:
    """Write the follow-up report of body `body_id` for [start, end] (ISO dates) to the file `out`."""
    body = Body.objects.get(pk=body_id)
    content = render.render(
        body, dt.date.fromisoformat(start), dt.date.fromisoformat(end), fmt, language=language
    )
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    partial.write_bytes(content)
    partial.replace(path)  # readers never see half a file
    return str(path)


@task()
def render_report_job(job_id: int) -> str:
    """A report asked for on the site (hamafza.reports.jobs.ReportJob), with its progress saved."""
    return jobs.run(job_id)
