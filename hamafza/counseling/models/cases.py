"""A counselling case (پرونده مشاوره): a dispute brought to a station's centre, its parties, sessions and
outcome.

Parties are kept as minimal data (role, sex, age band). A name and a national ID are stored only where the
centre needs them, as Fernet tokens (services.privacy): the database and its dumps never hold them in
clear, and lists, exports and the API never show them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hamafza.lib import limits


class DisputeKind(models.Model):
    """A kind of dispute: family, spouses, neighbours, landlord and tenant, … (administrators keep the list)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("kind of dispute")
        verbose_name_plural = _("kinds of dispute")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Channel(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint at the station")
    PROSECUTOR = "prosecutor", _("Referral from the prosecutor's office")
    COUNCIL = "council", _("Referral from a dispute council")
    WALK_IN = "walk_in", _("Walk-in")


class Outcome(models.TextChoices):
    OPEN = "open", _("Still open")
    RECONCILED = "reconciled", _("Reconciled")
    PARTLY = "partly", _("Partly reconciled")
    REFERRED = "referred", _("Referred to the judiciary")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Case(models.Model):
    station = models.ForeignKey(
        "orgs.Organization", verbose_name=_("police station"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField(_("case number"), max_length=40)
    opened_on = models.DateField(_("date opened"))
    channel = models.CharField(_("how it came"), max_length=20, choices=Channel.choices)
    kind = models.ForeignKey(
        DisputeKind, verbose_name=_("kind of dispute"), on_delete=models.PROTECT, related_name="cases"
    )
    harm_category = models.ForeignKey(
        "atlas.HarmCategory",
        verbose_name=_("harm category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    summary = models.TextField(_("summary"), blank=True, max_length=limits.NOTE)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.OPEN)
    closed_on = models.DateField(_("date closed"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Kept by the services for the figures: Jalali months (YYYYMM) and the days from opening to closing.
    opened_month = models.PositiveIntegerField(editable=False)
    closed_month = models.PositiveIntegerField(null=True, blank=True, editable=False)
    days_to_close = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("counselling case")
        verbose_name_plural = _("counselling cases")
        ordering = ["-opened_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["station", "number"], name="counseling_case_unique_number"),
            models.CheckConstraint(
                condition=(Q(outcome="open") & Q(closed_on__isnull=True))
                | (~Q(outcome="open") & Q(closed_on__isnull=False)),
                name="counseling_case_closes_with_outcome_and_date",
            ),
        ]
        indexes = [
            models.Index(fields=["station", "opened_month"], name="counseling_case_station_month"),
            models.Index(fields=["station", "closed_month"], name="counseling_case_station_closed"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.outcome == Outcome.OPEN


class Party(models.Model):
    class Role(models.TextChoices):
        COMPLAINANT = "complainant", _("Complainant")
        RESPONDENT = "respondent", _("Respondent")
        OTHER = "other", _("Other party")

    class Sex(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        UNKNOWN = "unknown", _("Not stated")

    class AgeBand(models.TextChoices):
        UNDER_18 = "under18", _("Under 18")
        AGE_18 = "18-29", _("18 to 29")
        AGE_30 = "30-44", _("30 to 44")
        AGE_45 = "45-59", _("45 to 59")
        AGE_60 = "60+", _("60 and over")
        UNKNOWN = "unknown", _("Not stated")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    age_band = models.CharField(
        _("age band"), max_length=10, choices=AgeBand.choices, default=AgeBand.UNKNOWN
    )
    # Fernet tokens (services.privacy); empty when the centre did not need them.
    name_token = models.TextField(blank=True, default="", editable=False)
    national_id_token = models.TextField(blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["case", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_role_display()}"

    @property
    def has_personal_data(self) -> bool:
        return bool(self.name_token or self.national_id_token)


class CaseSession(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("date held"))
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("counsellor"), on_delete=models.PROTECT, related_name="+"
    )
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    notes = models.TextField(_("notes"), blank=True, max_length=limits.NOTE)

    class Meta:
        verbose_name = _("counselling session")
        verbose_name_plural = _("counselling sessions")
        ordering = ["case", "held_on", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.held_on}"
