"""Bodies: standing coordinating bodies (working groups, social headquarters, councils)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from hamafza.lib import limits


class Body(models.Model):
    """A standing coordinating body: working group, social headquarters, council."""

    class Kind(models.TextChoices):
        WORKING_GROUP = "working_group", _("Working group")
        HEADQUARTERS = "headquarters", _("Social headquarters")
        COUNCIL = "council", _("Council")

    name = models.CharField(_("name"), max_length=250)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(
        "places.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    secretariat = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("secretariat"),
        on_delete=models.PROTECT,
        related_name="secretariat_of",
        help_text=_("The organisation that keeps the body's minutes and follows up its resolutions."),
    )
    members = models.ManyToManyField(
        "orgs.Organization", verbose_name=_("member organizations"), related_name="bodies"
    )
    description = models.TextField(_("description"), blank=True, max_length=limits.NOTE)
    letterhead = models.TextField(
        _("letterhead"),
        blank=True,
        help_text=_("The lines at the head of its letters, one per line, as on the body's paper."),
        max_length=limits.NOTE,
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def letterhead_lines(self) -> list[str]:
        """The letterhead as set (the minutes and notification letters derive one when it is empty)."""
        return [line.strip() for line in self.letterhead.splitlines() if line.strip()]
