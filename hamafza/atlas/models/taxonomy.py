"""The taxonomy: harm categories (a tree) and the indicators measured for them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class HarmCategory(models.Model):
    """A kind of social harm or crime: addiction, divorce, theft, seal breaking (فک پلمب), …"""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("Persian name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    is_crime = models.BooleanField(_("recorded crime"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("harm category")
        verbose_name_plural = _("harm categories")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    """What is measured per neighbourhood and month: a count, or a rate over a denominator."""

    class Kind(models.TextChoices):
        COUNT = "count", _("Count")
        RATE = "rate", _("Rate")

    class Denominator(models.TextChoices):
        POPULATION = "population", _("residents")
        HOUSEHOLDS = "households", _("households")
        PUPILS = "pupils", _("pupils")
        # The value carries its own denominator (IndicatorValue.denominator), e.g. the closed cases of a
        # counselling centre under a reconciliation rate.
        CASES = "cases", _("cases")

    class Source(models.TextChoices):
        INCIDENTS = "incidents", _("Counted from incidents")
        REPORTED = "reported", _("Reported by an agency")
        COMPUTED = "computed", _("Computed from Hamafza's records")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    category = models.ForeignKey(
        HarmCategory, verbose_name=_("harm category"), on_delete=models.PROTECT, related_name="indicators"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.COUNT)
    denominator = models.CharField(_("per"), max_length=20, choices=Denominator.choices, blank=True)
    per = models.PositiveIntegerField(_("per how many"), default=10000, help_text=_("e.g. 10,000 residents"))
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.REPORTED)
    owner = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("reporting organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    higher_is_worse = models.BooleanField(_("a higher value is worse"), default=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["category__order", "name"]

    def __str__(self) -> str:
        return self.name
