"""A follow-up report rendered in the background: who asked for it, how far it has got, the file."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hamafza.lib import limits


def report_upload_to(instance: "ReportJob", filename: str) -> str:
    return f"reports/{instance.body_id}/{instance.pk}/{filename}"


class ReportJob(models.Model):
    """One request for a large follow-up report, rendered by the task worker (hamafza.reports.tasks)."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting for its turn")
        RUNNING = "running", _("Being prepared")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    body = models.ForeignKey("meetings.Body", on_delete=models.CASCADE, related_name="report_jobs")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    start = models.DateField()
    end = models.DateField()
    format = models.CharField(max_length=10)
    language = models.CharField(max_length=10)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    resolutions = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to=report_upload_to, blank=True)
    error = models.TextField(blank=True, max_length=limits.NOTE)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("report being prepared")
        verbose_name_plural = _("reports being prepared")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.body} {self.start}–{self.end} {self.format}"

    @property
    def running(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)
