"""Denominators: residents, households and pupils per neighbourhood and Jalali year."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionYear(models.Model):
    """A neighbourhood's denominators in one Jalali year."""

    region = models.ForeignKey("places.Region", on_delete=models.CASCADE, related_name="denominators")
    year = models.PositiveSmallIntegerField(_("Jalali year"))
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    households = models.PositiveIntegerField(_("households"), null=True, blank=True)
    pupils = models.PositiveIntegerField(_("pupils"), null=True, blank=True)

    class Meta:
        verbose_name = _("denominators of a year")
        verbose_name_plural = _("denominators by year")
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="regionyear_unique")]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year}"
