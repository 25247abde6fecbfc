"""How a goal is measured (سنجه): a source, a baseline, a target, and the values read over the year.

`source` names an entry of the registry in `hamafza.goals.services.sources` (an atlas indicator,
resolutions done, a counselling figure, a number reported by hand); the fields a source needs
(`indicator`, `body`, `figure`, `unit`) are checked by the services. A measure keeps its latest value
beside it (written only by `services.readings`), so that pages read one row per measure; its history is
in MeasureReading, one row per Jalali month.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Measure(models.Model):
    class Direction(models.TextChoices):
        INCREASE = "increase", _("Higher is better")
        DECREASE = "decrease", _("Lower is better")

    class Aggregation(models.TextChoices):
        TOTAL = "total", _("A total over the year")
        LEVEL = "level", _("A level at the time")

    goal = models.ForeignKey(
        "goals.Goal", verbose_name=_("goal"), on_delete=models.CASCADE, related_name="measures"
    )
    position = models.PositiveSmallIntegerField(default=1)
    name = models.CharField(_("measure"), max_length=300)
    source = models.CharField(_("source"), max_length=30)
    indicator = models.ForeignKey(
        "atlas.Indicator",
        verbose_name=_("atlas indicator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    body = models.ForeignKey(
        "meetings.Body",
        verbose_name=_("body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Resolutions of this body; empty for resolutions assigned to the organisation."),
    )
    figure = models.CharField(_("figure"), max_length=40, blank=True)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    aggregation = models.CharField(
        _("the value is"), max_length=10, choices=Aggregation.choices, default=Aggregation.TOTAL
    )
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.INCREASE
    )
    baseline = models.FloatField(_("baseline"))
    target = models.FloatField(_("target"))
    adopted_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="adoptions"
    )
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="carried_into"
    )
    # The latest reading, kept beside the measure by services.readings.
    value = models.FloatField(_("value"), null=True, blank=True, editable=False)
    value_as_of = models.DateField(_("as of"), null=True, blank=True, editable=False)
    value_detail = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["goal", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "adopted_from"],
                condition=Q(adopted_from__isnull=False),
                name="goals_measure_adopted_once",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MeasureReading(models.Model):
    """A measure's value up to a month: computed from Hamafza's data, or an accepted quarterly report."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="readings")
    month = models.PositiveIntegerField(_("Jalali month (YYYYMM)"))
    as_of = models.DateField(_("as of"))
    value = models.FloatField(_("value"), null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    report = models.ForeignKey(
        "goals.QuarterReport", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("reading of a measure")
        verbose_name_plural = _("readings of measures")
        ordering = ["measure", "month"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "month"], name="goals_reading_unique_month")
        ]

    def __str__(self) -> str:
        return f"{self.measure_id} {self.month}: {self.value}"
