"""Issue 10, defect 4: a large report is prepared by the task worker, its progress shown, and the file
offered when it is ready; the server worker that took the request is free at once."""

import pytest
from django.urls import reverse

from hamafza.reports import jobs
from hamafza.reports.models import ReportJob
from tests.reports.pdftext import missing_words, pdf_pages
from tests.reports.test_followup_views import params, url


@pytest.fixture
def large(settings):
    settings.REPORT_INLINE_MAX_RESOLUTIONS = 3  # the scenario has 7 resolutions up to the period's end


def test_a_small_report_is_sent_at_once(client_for, secretary, scenario):
    response = client_for(secretary).get(url(scenario.body), params(scenario, "pdf"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert not ReportJob.objects.exists()


def test_a_large_report_is_prepared_in_the_background(
    client_for, secretary, scenario, large, django_capture_on_commit_callbacks
):
    client = client_for(secretary)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.get(url(scenario.body), params(scenario, "pdf"))
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reports:job", args=[job.pk])
    assert (job.state, job.progress, job.resolutions, job.requested_by) == ("queued", 0, 7, secretary)

    waiting = client.get(response["Location"]).content.decode()
    assert "در نوبت" in waiting and "۰٪" in waiting
    assert 'hx-trigger="every 1s"' in waiting, "the page asks again until the report is ready"
    assert reverse("reports:job_download", args=[job.pk]) not in waiting
    assert client.get(reverse("reports:job_download", args=[job.pk])).status_code == 404

    for callback in callbacks:  # the worker's turn (the tests' task backend runs it at once)
        callback()
    job.refresh_from_db()
    assert (job.state, job.progress) == ("done", 100)
    ready = client.get(reverse("reports:job", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "گزارش آماده است" in ready and "hx-trigger" not in ready
    download = client.get(reverse("reports:job_download", args=[job.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert "filename*=UTF-8''" in download["Content-Disposition"]
    content = b"".join(download.streaming_content)
    assert missing_words(scenario.body.name, "\n".join(pdf_pages(content))) == []


def test_progress_is_saved_at_each_stage(secretary, scenario, monkeypatch):
    seen = []
    advance = jobs._advance
    monkeypatch.setattr(
        jobs, "_advance", lambda job, percent, *a: (seen.append(percent), advance(job, percent, *a))
    )
    job = ReportJob.objects.create(
        body=scenario.body,
        requested_by=secretary,
        start=scenario.start,
        end=scenario.end,
        format="xlsx",
        language="fa",
    )
    assert jobs.run(job.pk) == "done"
    assert seen == sorted(seen) and seen[0] < seen[-1] < 100 and len(seen) >= 2
    job.refresh_from_db()
    assert job.file.name.endswith(".xlsx") and job.file.size > 0


@pytest.mark.parametrize("who", ["viewer", "officer", "outsider"])
def test_only_who_asked_sees_the_job(request, client_for, secretary, scenario, who):
    job = ReportJob.objects.create(
        body=scenario.body,
        requested_by=secretary,
        start=scenario.start,
        end=scenario.end,
        format="pdf",
        language="fa",
    )
    jobs.run(job.pk)
    client = client_for(request.getfixturevalue(who))
    assert client.get(reverse("reports:job", args=[job.pk])).status_code == 404
    assert client.get(reverse("reports:job_download", args=[job.pk])).status_code == 404


def test_a_failed_job_says_so(client_for, secretary, scenario):
    job = ReportJob.objects.create(
        body=scenario.body,
        requested_by=secretary,
        start=scenario.start,
        end=scenario.end,
        format="doc",
        language="fa",
    )
    assert jobs.run(job.pk) == "failed"
    page = client_for(secretary).get(reverse("reports:job", args=[job.pk])).content.decode()
    assert "تهیهٔ گزارش ممکن نشد" in page and "hx-trigger" not in page
