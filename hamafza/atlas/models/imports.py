"""Uploaded files of indicator values or incidents, and how their import went."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DataBatch(models.Model):
    """One upload: values of indicators, or a file of incidents. Its hash makes a repeat harmless."""

    class Kind(models.TextChoices):
        VALUES = "values", _("Indicator values")
        INCIDENTS = "incidents", _("Incidents")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    organization = models.ForeignKey(
        "orgs.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    file = models.FileField(upload_to="atlas/batches/", blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    sha256 = models.CharField(max_length=64, db_index=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    rows_imported = models.PositiveIntegerField(default=0)
    rows_skipped = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, help_text=_("[{line, reason}] for the rows that failed"))
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("data upload")
        verbose_name_plural = _("data uploads")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.file_name or f"#{self.pk}"
