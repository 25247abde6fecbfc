"""Monthly statistics reported by a station that keeps its cases elsewhere: typed in, or uploaded from
Excel. They count in the figures exactly as recorded cases do (services.tallies)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StatisticsBatch(models.Model):
    """One uploaded workbook; its fingerprint tells a repeated file."""

    file_name = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    rows_written = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("statistics upload")
        verbose_name_plural = _("statistics uploads")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.file_name


class MonthlyStatistic(models.Model):
    """A station's cases of one kind in one Jalali month: opened, and closed by outcome."""

    station = models.ForeignKey(
        "orgs.Organization", verbose_name=_("police station"), on_delete=models.PROTECT, related_name="+"
    )
    month = models.PositiveIntegerField(_("Jalali month (YYYYMM)"))
    kind = models.ForeignKey(
        "counseling.DisputeKind",
        verbose_name=_("kind of dispute"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened = models.PositiveIntegerField(_("cases opened"), default=0)
    reconciled = models.PositiveIntegerField(_("reconciled"), default=0)
    partly = models.PositiveIntegerField(_("partly reconciled"), default=0)
    referred = models.PositiveIntegerField(_("referred to the judiciary"), default=0)
    withdrawn = models.PositiveIntegerField(_("withdrawn"), default=0)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    batch = models.ForeignKey(
        StatisticsBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="statistics"
    )

    class Meta:
        verbose_name = _("monthly statistic")
        verbose_name_plural = _("monthly statistics")
        ordering = ["station", "month", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["station", "month", "kind"], name="counseling_statistic_unique")
        ]

    def __str__(self) -> str:
        return f"{self.station_id} {self.month} {self.kind_id}"

    @property
    def closed(self) -> int:
        return self.reconciled + self.partly + self.referred + self.withdrawn
