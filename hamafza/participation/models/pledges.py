"""Donors' pledges (تعهد) against needs, and the evidence of their delivery."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hamafza.lib import limits
from hamafza.participation.models.needs import Need, NeedCategory


class Pledge(models.Model):
    """A donor's offer of money, goods or time: for one need, or for a category and region (then split
    onto needs by confirmed matching, each part a child pledge).

    offered (from the public page, awaiting the secretariat) → pledged → delivered → verified by the
    receiving agency; declined or cancelled on the way. A delivery may be partial.
    """

    class Kind(models.TextChoices):
        MONEY = "money", _("Money")
        GOODS = "goods", _("Goods")
        TIME = "time", _("Time")

    class State(models.TextChoices):
        OFFERED = "offered", _("Offered, awaiting the secretariat")
        PLEDGED = "pledged", _("Pledged")
        DELIVERED = "delivered", _("Delivered, awaiting verification")
        VERIFIED = "verified", _("Verified")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    class Source(models.TextChoices):
        SECRETARIAT = "secretariat", _("Recorded by the secretariat")
        DONOR = "donor", _("Made by the donor")
        PUBLIC = "public", _("Offered on the public page")
        MATCHING = "matching", _("Confirmed matching")
        IMPORT = "import", _("Imported")

    LIVE_STATES = (State.PLEDGED, State.DELIVERED, State.VERIFIED)

    donor = models.ForeignKey(
        "participation.Donor", verbose_name=_("donor"), on_delete=models.PROTECT, related_name="pledges"
    )
    body = models.ForeignKey(
        "meetings.Body", verbose_name=_("body"), on_delete=models.PROTECT, related_name="pledges"
    )
    need = models.ForeignKey(
        Need, verbose_name=_("need"), null=True, blank=True, on_delete=models.PROTECT, related_name="pledges"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parts",
    )
    category = models.CharField(
        _("category"),
        max_length=20,
        choices=NeedCategory.choices,
        blank=True,
        help_text=_("For a pledge not tied to a need: the kind of need it may meet (empty: any)."),
    )
    region = models.ForeignKey(
        "places.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("For a pledge not tied to a need: where it may be used (empty: anywhere)."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MONEY)
    description = models.TextField(_("description"), blank=True, max_length=limits.NOTE)
    value = models.PositiveBigIntegerField(_("value (rials)"))
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=2, null=True, blank=True)
    hours = models.PositiveIntegerField(_("hours"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.PLEDGED)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.SECRETARIAT)
    delivered_value = models.PositiveBigIntegerField(_("value delivered (rials)"), default=0)
    delivered_at = models.DateTimeField(null=True, blank=True)
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("note"), blank=True, max_length=limits.NOTE)
    state_note = models.TextField(
        _("note on the state"),
        blank=True,
        help_text=_("Why it was declined, cancelled or sent back."),
        max_length=limits.NOTE,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    certificate_number = models.CharField(max_length=30, blank=True, editable=False)

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["-pk"]
        indexes = [models.Index(fields=["body", "state"]), models.Index(fields=["donor", "state"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(delivered_value__lte=models.F("value")),
                name="pledge_delivered_within_value",
            ),
            models.UniqueConstraint(
                fields=["certificate_number"],
                condition=~models.Q(certificate_number=""),
                name="pledge_unique_certificate_number",
            ),
        ]

    def __str__(self) -> str:
        # Not the donor's name: this text goes into the audit log, which an agency may read.
        return _("Pledge %(number)s") % {"number": self.pk}

    @property
    def is_partial(self) -> bool:
        return self.state in (self.State.DELIVERED, self.State.VERIFIED) and self.delivered_value < self.value

    @property
    def value_unallocated(self) -> int:
        """For a general pledge: what is not yet given to needs through confirmed matching."""
        return max(0, self.value - sum(p.value for p in self.parts.all() if p.state != self.State.CANCELLED))


def pledge_evidence_upload_to(instance: "PledgeEvidence", filename: str) -> str:
    return f"pledges/{instance.pledge_id}/{filename}"


class PledgeEvidence(models.Model):
    """A file showing what was delivered. A rejected delivery's files stay on record but are no longer
    current, so they cannot serve as the evidence of a later verification."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=pledge_evidence_upload_to)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    is_current = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.original_name
