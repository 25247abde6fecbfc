"""The figures' summary table: cases counted per unit, Jalali month and kind of dispute, kept by
services.tallies from the cases and the reported statistics. Every figures page reads this, never cases.

One row per (level, unit, month, kind): the level is a station (unit: the station's organisation id), a
county or a province (unit: the region's id). `opened` counts the cases opened in the month; the outcome
counts and `days` (a histogram {days to close: cases}) count the cases closed in it.
"""

from django.db import models


class Tally(models.Model):
    class Level(models.TextChoices):
        STATION = "station"
        COUNTY = "county"
        PROVINCE = "province"

    level = models.CharField(max_length=10, choices=Level.choices)
    unit_id = models.BigIntegerField()
    county_id = models.BigIntegerField(null=True)
    province_id = models.BigIntegerField(null=True)
    month = models.PositiveIntegerField()
    kind_id = models.BigIntegerField()
    opened = models.PositiveIntegerField(default=0)
    reconciled = models.PositiveIntegerField(default=0)
    partly = models.PositiveIntegerField(default=0)
    referred = models.PositiveIntegerField(default=0)
    withdrawn = models.PositiveIntegerField(default=0)
    days = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["level", "unit_id", "month", "kind_id"], name="counseling_tally_unique"
            )
        ]
        indexes = [
            models.Index(fields=["level", "month"], name="counseling_tally_level_month"),
            models.Index(fields=["level", "province_id", "month"], name="counseling_tally_province"),
        ]

    def __str__(self) -> str:
        return f"{self.level} {self.unit_id} {self.month} {self.kind_id}"

    @property
    def closed(self) -> int:
        return self.reconciled + self.partly + self.referred + self.withdrawn
