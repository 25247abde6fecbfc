"""Incidents, and the summary table (neighbourhood × Jalali month × category) that every page reads
instead of raw incidents."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from hamafza.atlas.models.imports import DataBatch
from hamafza.atlas.models.taxonomy import HarmCategory


class Incident(models.Model):
    """One recorded event. Pages never read these: imports keep IncidentSummary current.

    Built for bulk import (hamafza.atlas.imports): the primary key is the row's natural key, a signed
    64-bit hash (of the file's id column, or of date, category, place and occurrence), so a repeated
    row is refused by the one index the table has. The foreign keys have neither database constraints
    nor indexes: each would cost more than the insert itself on ten million rows, the importer only
    writes ids it has just looked up, and nothing reads incidents by region, category or batch except
    the summary rebuild, which scans the whole table anyway.
    """

    natural_key = models.BigIntegerField(primary_key=True)
    occurred_on = models.DateField()
    month = models.PositiveIntegerField()
    category = models.ForeignKey(
        HarmCategory, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    region = models.ForeignKey(
        "places.Region", on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    batch = models.ForeignKey(
        DataBatch,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")

    def __str__(self) -> str:
        return f"{self.natural_key}"


class IncidentSummary(models.Model):
    """Incidents counted per neighbourhood, Jalali month and category (the analytics table)."""

    region = models.ForeignKey("places.Region", on_delete=models.CASCADE, related_name="+")
    month = models.PositiveIntegerField()
    category = models.ForeignKey(HarmCategory, on_delete=models.CASCADE, related_name="+")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["region", "month", "category"], name="incidentsummary_unique")
        ]
        # Covering: the map and the ranking read the counts of some categories over a period by index alone.
        indexes = [
            models.Index(fields=["category", "month", "region", "count"], name="atlas_summary_covering")
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.month} {self.category_id}: {self.count}"
