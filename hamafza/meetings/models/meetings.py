"""Meetings: one sitting of a body, with its minutes file."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from hamafza.lib import limits
from hamafza.meetings.models.bodies import Body


def minutes_upload_to(instance: "Meeting", filename: str) -> str:
    return f"minutes/{instance.body_id}/{filename}"


class Meeting(models.Model):
    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="meetings")
    number = models.PositiveIntegerField(_("session number"))
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=250, blank=True)
    chair = models.CharField(_("chair"), max_length=250, blank=True)
    attendees = models.TextField(
        _("attendees"), blank=True, help_text=_("One per line."), max_length=limits.LIST
    )
    agenda = models.TextField(_("agenda"), blank=True, max_length=limits.LONG_TEXT)
    minutes_file = models.FileField(_("minutes file"), upload_to=minutes_upload_to, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "-number"]
        constraints = [models.UniqueConstraint(fields=["body", "number"], name="meeting_unique_body_number")]

    def __str__(self) -> str:
        return f"{self.body} — {self.number}"

    def attendee_list(self) -> list[str]:
        return [line.strip() for line in self.attendees.splitlines() if line.strip()]
