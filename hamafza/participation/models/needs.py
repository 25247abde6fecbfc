"""Needs (نیازسنجی) registered by agencies or for neighbourhoods."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hamafza.lib import limits
from hamafza.lib.persian import search_key


class NeedCategory(models.TextChoices):
    """Seed 004: material contributions (building, equipment, paying costs) and non-material ones
    (information, support, supervision, policing/volunteering)."""

    BUILDING = "building", _("Building")
    EQUIPMENT = "equipment", _("Equipment")
    VEHICLE = "vehicle", _("Vehicle")
    CASH = "cash", _("Cash")
    SERVICES = "services", _("Paying for services")
    INFORMATION = "information", _("Information")
    SUPPORTIVE = "supportive", _("Support")
    SUPERVISORY = "supervisory", _("Supervision")
    VOLUNTEERING = "volunteering", _("Volunteering")

    @classmethod
    def material(cls) -> set[str]:
        return {cls.BUILDING, cls.EQUIPMENT, cls.VEHICLE, cls.CASH, cls.SERVICES}

    @classmethod
    def is_material(cls, value: str) -> bool:
        return value in cls.material()


class Need(models.Model):
    """Something an agency or a neighbourhood lacks. The body's secretariat approves it and may adjust its
    computed priority with a reason; verified pledges meet it in part or in full."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", _("Approved")
        PARTLY_MET = "partly_met", _("Partly met")
        MET = "met", _("Met")
        REJECTED = "rejected", _("Not approved")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Urgency(models.IntegerChoices):
        LOW = 1, _("Low")
        MEDIUM = 2, _("Medium")
        HIGH = 3, _("High")
        CRITICAL = 4, _("Critical")

    OPEN_STATES = (State.APPROVED, State.PARTLY_MET)

    body = models.ForeignKey(
        "meetings.Body", verbose_name=_("body"), on_delete=models.PROTECT, related_name="needs"
    )
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="needs",
        help_text=_("The agency that needs it and will receive it; empty for a neighbourhood's need."),
    )
    region = models.ForeignKey(
        "places.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="needs"
    )
    category = models.CharField(_("category"), max_length=20, choices=NeedCategory.choices)
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True, max_length=limits.NOTE)
    justification = models.TextField(_("justification"), max_length=limits.LONG_TEXT)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=2, default=1)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    estimated_cost = models.PositiveBigIntegerField(
        _("estimated cost or value (rials)"),
        help_text=_("For a non-material need, the value of the work it asks for."),
    )
    deadline = models.DateField(_("needed by"), null=True, blank=True)
    urgency = models.PositiveSmallIntegerField(_("urgency"), choices=Urgency.choices, default=Urgency.MEDIUM)
    priority_computed = models.FloatField(_("computed priority"), default=0, editable=False)
    priority_parts = models.JSONField(default=dict, editable=False)
    priority_override = models.FloatField(_("priority set by the secretariat"), null=True, blank=True)
    priority_reason = models.TextField(_("reason for the priority set"), blank=True, max_length=limits.NOTE)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.PROPOSED)
    state_note = models.TextField(_("note on the state"), blank=True, max_length=limits.NOTE)
    value_met = models.PositiveBigIntegerField(_("value met (rials)"), default=0, editable=False)
    met_by_hand = models.BooleanField(
        _("marked met by the secretariat"),
        default=False,
        editable=False,
        help_text=_(
            "Met otherwise than in rials (work done, goods given outside pledges): the note says how."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["-pk"]
        indexes = [
            models.Index(fields=["body", "state"]),
            models.Index(fields=["state", "category", "region"]),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.search_text = search_key(f"{self.title} {self.description}")
        super().save(*args, **kwargs)

    @property
    def priority(self) -> float:
        return self.priority_override if self.priority_override is not None else self.priority_computed

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES

    @property
    def is_material(self) -> bool:
        return NeedCategory.is_material(self.category)

    @property
    def value_lacking(self) -> int:
        return max(0, self.estimated_cost - self.value_met)
