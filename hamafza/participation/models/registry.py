"""Who takes part: NGOs (سمن) with their licence and contact people, donors (خیرین) and industries
with their recognitions."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hamafza.lib import limits
from hamafza.lib.persian import search_key


class NgoProfile(models.Model):
    """What the registry knows of an NGO beyond its Organization row: licence, fields, regions, members."""

    organization = models.OneToOneField(
        "orgs.Organization", verbose_name=_("NGO"), on_delete=models.CASCADE, related_name="ngo_profile"
    )
    registration_number = models.CharField(_("registration / licence number"), max_length=60)
    licence_authority = models.CharField(_("issuing authority"), max_length=200)
    licence_expires = models.DateField(_("licence expires"), null=True, blank=True)
    legal_id = models.CharField(_("legal entity national ID"), max_length=11, blank=True)
    fields = models.ManyToManyField(
        "atlas.HarmCategory", verbose_name=_("fields of activity"), blank=True, related_name="ngos"
    )
    regions_served = models.ManyToManyField(
        "places.Region", verbose_name=_("regions served"), blank=True, related_name="ngos_serving"
    )
    members_count = models.PositiveIntegerField(_("members"), null=True, blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("NGO profile")
        verbose_name_plural = _("NGO profiles")

    def __str__(self) -> str:
        return str(self.organization)

    def licence_expired(self, on: dt.date | None = None) -> bool:
        if self.licence_expires is None:
            return False
        return self.licence_expires < (on or dt.date.today())


class Contact(models.Model):
    """A contact person of an organisation (NGO, charity, industry)."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("organization"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=120, blank=True)
    mobile = models.CharField(_("mobile"), max_length=11, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_primary = models.BooleanField(_("primary contact"), default=False)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact people")
        ordering = ["-is_primary", "name"]

    def __str__(self) -> str:
        return self.name


class Donor(models.Model):
    """A charity giver (خیّر): a person, a charitable institution or an industry (social responsibility).

    Registered with a body, whose secretariat manages donors. An anonymous donor's name is shown only to
    that secretariat (and to the donor); everyone else sees «خیّر ناشناس».
    """

    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        CHARITY = "charity", _("Charitable institution")
        INDUSTRY = "industry", _("Industry")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PERSON)
    name = models.CharField(_("name"), max_length=200)
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="donor_records",
        help_text=_("For a charity or an industry: its organization in the directory."),
    )
    body = models.ForeignKey(
        "meetings.Body", verbose_name=_("registered with"), on_delete=models.PROTECT, related_name="donors"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="donor",
    )
    national_id = models.CharField(_("national ID"), max_length=10, blank=True)
    legal_id = models.CharField(_("legal entity national ID"), max_length=11, blank=True)
    mobile = models.CharField(_("mobile"), max_length=11, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    address = models.TextField(_("address"), blank=True, max_length=limits.NOTE)
    region = models.ForeignKey(
        "places.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    interest_categories = models.JSONField(
        _("categories of interest"), default=list, blank=True, help_text=_("Need categories (codes).")
    )
    interest_regions = models.ManyToManyField(
        "places.Region", verbose_name=_("regions of interest"), blank=True, related_name="interested_donors"
    )
    prior_giving = models.PositiveBigIntegerField(
        _("giving before Hamafza (rials)"),
        default=0,
        help_text=_("Contributions recorded before the donor was registered here."),
    )
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    consent_at = models.DateTimeField(_("consent to keep personal data given"), null=True, blank=True)
    may_contact = models.BooleanField(_("may be contacted about new needs"), default=True)
    note = models.TextField(_("note"), blank=True, max_length=limits.NOTE)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    search_text = models.TextField(editable=False, default="")
    # The name alone, folded: what those who may not see a donor's personal data search in.
    search_name = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("donor")
        verbose_name_plural = _("donors")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "national_id"],
                condition=~models.Q(national_id=""),
                name="donor_unique_national_id",
            ),
            models.UniqueConstraint(
                fields=["body", "legal_id"], condition=~models.Q(legal_id=""), name="donor_unique_legal_id"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = search_key(f"{self.name} {self.mobile} {self.national_id} {self.legal_id}")
        self.search_name = search_key(self.name)
        super().save(*args, **kwargs)


class Recognition(models.Model):
    """A recognition (تجلیل) a donor received: a ceremony, a letter, a plaque."""

    donor = models.ForeignKey(
        Donor, verbose_name=_("donor"), on_delete=models.CASCADE, related_name="recognitions"
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=250)
    given_by = models.CharField(_("given by"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=limits.NOTE)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")
        ordering = ["-date"]

    def __str__(self) -> str:
        return self.title
