from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionQuerySet(models.QuerySet):
    def without_boundaries(self):
        return self.defer("boundary")

    def neighbourhoods(self):
        return self.filter(kind=Region.Kind.NEIGHBOURHOOD)


class Region(models.Model):
    """A node of the country's divisions: province › county › city or district › neighbourhood."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province")
        COUNTY = "county", _("County")
        CITY = "city", _("City")
        DISTRICT = "district", _("District")
        NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")

    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.CharField(_("code"), max_length=40, unique=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    households = models.PositiveIntegerField(_("households"), null=True, blank=True)
    boundary = models.JSONField(_("boundary (GeoJSON geometry)"), null=True, blank=True)
    is_target = models.BooleanField(_("target neighbourhood"), default=False)
    target_marked_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    target_marked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "parent"])]

    def __str__(self) -> str:
        return self.name

    def ancestors(self) -> list["Region"]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))
