"""A proposed allocation of open pledges to approved needs, kept so the secretariat can confirm it line by
line before anyone is told."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AllocationProposal(models.Model):
    class State(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CLOSED = "closed", _("Closed")

    body = models.ForeignKey(
        "meetings.Body", verbose_name=_("body"), on_delete=models.CASCADE, related_name="allocation_proposals"
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.PROPOSED)
    value = models.FloatField(_("priority-weighted value met"), default=0)
    greedy_value = models.FloatField(_("value met by the simple rule"), default=0)
    amount = models.PositiveBigIntegerField(_("rials allocated"), default=0)
    pledges_count = models.PositiveIntegerField(default=0)
    needs_count = models.PositiveIntegerField(default=0)
    summary = models.JSONField(
        default=dict,
        help_text=_("What the page shows besides the lines: the simple rule's rials, the needs left unmet."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("allocation proposal")
        verbose_name_plural = _("allocation proposals")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.body} {self.created_at:%Y-%m-%d}"


class AllocationLine(models.Model):
    """One pledge → need amount of a proposal, with the reason it was chosen."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")

    proposal = models.ForeignKey(AllocationProposal, on_delete=models.CASCADE, related_name="lines")
    pledge = models.ForeignKey("participation.Pledge", on_delete=models.CASCADE, related_name="+")
    need = models.ForeignKey("participation.Need", on_delete=models.CASCADE, related_name="+")
    amount = models.PositiveBigIntegerField(_("amount (rials)"))
    explanation = models.JSONField(default=dict)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.PROPOSED)
    result = models.ForeignKey(
        "participation.Pledge",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The pledge to the need created when the line was confirmed."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("allocation line")
        verbose_name_plural = _("allocation lines")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.pledge_id} → {self.need_id}: {self.amount}"
