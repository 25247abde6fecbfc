"""What each agency can offer, where and how much: the inventory behind the coverage matrix (seed 001 #4)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hamafza.lib import limits


class ServiceKind(models.Model):
    """A kind of service: counselling, fixed or mobile library, sports space, teachers sent, treatment
    places, … with the unit it is counted in and, where one is agreed, a norm per 1,000 residents."""

    class Unit(models.TextChoices):
        PLACES = "places", _("places")
        HOURS = "hours", _("hours a week")
        STAFF = "staff", _("staff")
        SITES = "sites", _("sites")
        SQUARE_METRES = "m2", _("square metres")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("Persian name"), max_length=150)
    name_en = models.CharField(_("English name"), max_length=150)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    norm_per_1000 = models.DecimalField(
        _("norm per 1,000 residents"),
        max_digits=10,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_("Capacity a neighbourhood should have per 1,000 residents; below it the cell is a gap."),
    )
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Capacity(models.Model):
    """One service an agency offers in one region, and how much of it."""

    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="capacities",
    )
    service = models.ForeignKey(
        ServiceKind, verbose_name=_("service"), on_delete=models.PROTECT, related_name="capacities"
    )
    region = models.ForeignKey(
        "places.Region", verbose_name=_("where"), on_delete=models.PROTECT, related_name="capacities"
    )
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    staff = models.PositiveIntegerField(_("staff"), null=True, blank=True)
    hours_per_week = models.PositiveIntegerField(_("hours a week"), null=True, blank=True)
    place = models.CharField(_("place / address"), max_length=250, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=limits.NOTE)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("capacity")
        verbose_name_plural = _("capacities")
        ordering = ["organization__name", "service__order"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "service", "region"], name="capacity_unique"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="capacity_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.service} — {self.region}"
