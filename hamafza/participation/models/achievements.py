"""The achievements portfolio of NGOs (seed 002): a body's calls for reports, the reports NGOs send
with their evidence files."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamafza.lib import limits


class AchievementCall(models.Model):
    """A body's call on NGOs to report their achievements and effectiveness of a period by a deadline
    (seed 002: the NGOs introduced by the provinces «are asked to submit their achievements»).

    Each NGO asked answers with one AchievementReport (report.call); the call page shows who has not."""

    body = models.ForeignKey(
        "meetings.Body", verbose_name=_("body"), on_delete=models.PROTECT, related_name="achievement_calls"
    )
    title = models.CharField(_("title"), max_length=250)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    deadline = models.DateField(_("deadline"))
    note = models.TextField(_("note"), blank=True, max_length=limits.NOTE)
    ngos = models.ManyToManyField(
        "orgs.Organization",
        verbose_name=_("NGOs asked"),
        related_name="achievement_calls",
        limit_choices_to={"kind": "ngo"},
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    is_closed = models.BooleanField(_("closed"), default=False)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("call for achievements reports")
        verbose_name_plural = _("calls for achievements reports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def is_past_deadline(self, on: dt.date | None = None) -> bool:
        return self.deadline < (on or timezone.localdate())


class AchievementReport(models.Model):
    """An NGO's report of what it achieved in a period, submitted to the body that asked for it."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Awaiting review")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned for correction")

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("NGO"), on_delete=models.CASCADE, related_name="achievements"
    )
    body = models.ForeignKey(
        "meetings.Body", verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    activities = models.TextField(_("activities"), max_length=limits.LONG_TEXT)
    beneficiaries = models.PositiveIntegerField(_("beneficiaries"), default=0)
    regions = models.ManyToManyField("places.Region", verbose_name=_("regions"), blank=True, related_name="+")
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.SUBMITTED)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("reviewer's note"), blank=True, max_length=limits.NOTE)
    score = models.PositiveSmallIntegerField(_("effectiveness (1–5)"), null=True, blank=True)
    call = models.ForeignKey(
        AchievementCall,
        verbose_name=_("in answer to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )

    class Meta:
        verbose_name = _("achievements report")
        verbose_name_plural = _("achievements reports")
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "organization"],
                condition=models.Q(call__isnull=False),
                name="achievement_one_report_per_call",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.period_start}–{self.period_end}"


def achievement_upload_to(instance: "AchievementFile", filename: str) -> str:
    return f"achievements/{instance.report.organization_id}/{filename}"


class AchievementFile(models.Model):
    report = models.ForeignKey(AchievementReport, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=achievement_upload_to)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.original_name
