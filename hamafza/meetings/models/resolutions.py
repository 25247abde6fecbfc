"""Resolutions: a meeting's numbered decisions, with their topics and target regions."""

import datetime as dt

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamafza.lib import limits
from hamafza.meetings.models.bodies import Body
from hamafza.meetings.models.meetings import Meeting


class Topic(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ResolutionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Resolution.Status.OPEN)

    def done_between(self, start: dt.date, end: dt.date):
        """Done on a day from `start` to `end`, both included, in local time."""
        first = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
        after = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
        return self.filter(status=Resolution.Status.DONE, done_at__gte=first, done_at__lt=after)

    def assigned_to(self, organization_id: int):
        """Resolutions on which the organisation has an assignment, lead or supporting."""
        assignment = self.model._meta.get_field("assignments").related_model
        return self.filter(
            pk__in=assignment.objects.filter(organization_id=organization_id).values("resolution_id")
        )


class Resolution(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="resolutions"
    )
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="resolutions", editable=False)
    number = models.CharField(
        _("number"), max_length=20, help_text=_("As written in the minutes, e.g. 3 or 1-1.")
    )
    position = models.PositiveIntegerField(default=0, editable=False)
    text = models.TextField(_("text"), max_length=limits.LONG_TEXT)
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True, related_name="resolutions")
    target_regions = models.ManyToManyField(
        "places.Region", verbose_name=_("target regions"), blank=True, related_name="resolutions"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True, max_length=limits.NOTE)
    created_at = models.DateTimeField(auto_now_add=True)
    search_text = models.TextField(editable=False, default="")

    objects = ResolutionQuerySet.as_manager()

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["meeting__held_on", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="resolution_unique_meeting_number")
        ]
        indexes = [models.Index(fields=["body", "status"])]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"
