from django.db import models
from django.utils.translation import gettext_lazy as _

from hamafza.lib.persian import search_key


class Organization(models.Model):
    """An agency, NGO, charity, industry, university, seminary or council, serving a region."""

    class Kind(models.TextChoices):
        AGENCY = "agency", _("Government agency")
        NGO = "ngo", _("NGO")
        CHARITY = "charity", _("Charity")
        INDUSTRY = "industry", _("Industry")
        UNIVERSITY = "university", _("University")
        SEMINARY = "seminary", _("Seminary")
        COUNCIL = "council", _("Local council")

    class Sector(models.TextChoices):
        GOVERNORATE = "governorate", _("Governorate")
        POLICE = "police", _("Police")
        WELFARE = "welfare", _("Welfare")
        EDUCATION = "education", _("Education")
        HEALTH = "health", _("Health")
        MUNICIPALITY = "municipality", _("Municipality")
        JUDICIARY = "judiciary", _("Judiciary")
        CULTURE = "culture", _("Culture and religion")
        SPORTS = "sports", _("Sports and youth")
        RELIEF = "relief", _("Relief and charity")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.AGENCY)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, default=Sector.OTHER)
    region = models.ForeignKey(
        "places.Region",
        verbose_name=_("region served"),
        on_delete=models.PROTECT,
        related_name="organizations",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("The organization this one reports to, e.g. a police station's county command."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name", "region"], name="org_unique_name_region")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = search_key(f"{self.name} {self.short_name}")
        super().save(*args, **kwargs)
