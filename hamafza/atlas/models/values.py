"""Indicator values as agencies report them, per neighbourhood and Jalali month (YYYYMM)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from hamafza.atlas.models.imports import DataBatch
from hamafza.atlas.models.taxonomy import Indicator


class IndicatorValue(models.Model):
    """The value of an indicator in one neighbourhood and month, as reported. A re-upload replaces it."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    region = models.ForeignKey("places.Region", on_delete=models.CASCADE, related_name="indicator_values")
    month = models.PositiveIntegerField(_("Jalali month (YYYYMM)"))
    value = models.FloatField(_("value"))
    # Only for a rate whose denominator comes with each value (Indicator.Denominator.CASES).
    denominator = models.FloatField(_("denominator"), null=True, blank=True)
    batch = models.ForeignKey(
        DataBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="values"
    )

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "region", "month"], name="indicatorvalue_unique")
        ]
        indexes = [models.Index(fields=["indicator", "month"])]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.region_id} {self.month}: {self.value}"
