"""Saved priority assessments: a ranking of an area's neighbourhoods, kept with who made it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Assessment(models.Model):
    """A saved priority ranking of neighbourhoods; it may mark its top ones as target neighbourhoods."""

    class Method(models.TextChoices):
        TOPSIS = "topsis", _("TOPSIS")
        WEIGHTED_SUM = "weighted_sum", _("Weighted sum of normalised indicators")

    name = models.CharField(_("name"), max_length=200)
    area = models.ForeignKey(
        "places.Region", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    period_start = models.PositiveIntegerField(_("from month (YYYYMM)"))
    period_end = models.PositiveIntegerField(_("to month (YYYYMM)"))
    method = models.CharField(_("method"), max_length=20, choices=Method.choices, default=Method.TOPSIS)
    criteria = models.JSONField(
        _("indicators and weights"), default=list
    )  # [{"indicator": code, "weight": w}]
    ahp_matrix = models.JSONField(_("pairwise comparisons"), null=True, blank=True)
    consistency_ratio = models.FloatField(null=True, blank=True)
    results = models.JSONField(default=list)  # [{"region", "score", "rank", "contributions": {...}}]
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    targets_marked = models.PositiveIntegerField(default=0)
    targets_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    targets_marked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("priority assessment")
        verbose_name_plural = _("priority assessments")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name
