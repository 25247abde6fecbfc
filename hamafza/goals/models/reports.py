"""Quarterly reports of the measures reported by hand: a value with its evidence, accepted or returned."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hamafza.lib import limits


class QuarterReport(models.Model):
    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Awaiting review")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned")

    measure = models.ForeignKey(
        "goals.Measure", verbose_name=_("measure"), on_delete=models.CASCADE, related_name="reports"
    )
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    value = models.FloatField(_("value"))
    narrative = models.TextField(_("report"), max_length=limits.LONG_TEXT)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.SUBMITTED)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True, max_length=limits.NOTE)

    class Meta:
        verbose_name = _("quarterly report")
        verbose_name_plural = _("quarterly reports")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="goals_report_quarter_1_4"
            ),
            # A quarter has at most one report awaiting review or accepted; a returned one is sent again.
            models.UniqueConstraint(
                fields=["measure", "quarter"],
                condition=Q(state__in=["submitted", "accepted"]),
                name="goals_report_one_live_per_quarter",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure} — Q{self.quarter}"


def report_file_upload_to(instance: "ReportFile", filename: str) -> str:
    return f"goals/evidence/{instance.report.measure_id}/{filename}"


class ReportFile(models.Model):
    report = models.ForeignKey(QuarterReport, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=report_file_upload_to)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.original_name
