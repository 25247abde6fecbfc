"""Imports of minutes: the draft read from a file or pasted text, kept until a person confirms it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hamafza.meetings.models.bodies import Body
from hamafza.meetings.models.meetings import Meeting


def import_upload_to(instance: "MinutesImport", filename: str) -> str:
    return f"imports/{instance.body_id}/{filename}"


class MinutesImport(models.Model):
    """Minutes read by the importer: the draft a secretariat checks, edits, and confirms or discards."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CONFIRMED = "confirmed", _("Confirmed")
        DISCARDED = "discarded", _("Discarded")

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="imports")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    source_name = models.CharField(_("file"), max_length=255, blank=True)
    source_file = models.FileField(upload_to=import_upload_to, blank=True)
    source_sha256 = models.CharField(max_length=64, db_index=True)
    source_text = models.TextField()
    draft = models.JSONField(default=dict)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="imports"
    )

    class Meta:
        verbose_name = _("minutes import")
        verbose_name_plural = _("minutes imports")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.source_name or str(_("Pasted text"))
