"""Nominations (معرفی): a province's or county's proposal of an NGO as a member of an assembly."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hamafza.lib import limits


def nomination_letter_upload_to(instance: "Nomination", filename: str) -> str:
    return f"assembly/nominations/{instance.assembly_id}/{filename}"


class Nomination(models.Model):
    class State(models.TextChoices):
        NOMINATED = "nominated", _("Awaiting the secretariat")
        ACCEPTED = "accepted", _("Accepted")
        REFUSED = "refused", _("Not accepted")

    assembly = models.ForeignKey(
        "assembly.Assembly", verbose_name=_("assembly"), on_delete=models.CASCADE, related_name="nominations"
    )
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("NGO"), on_delete=models.PROTECT, related_name="nominations"
    )
    region = models.ForeignKey(
        "places.Region",
        verbose_name=_("nominated by (province or county)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    nominated_by = models.CharField(
        _("nominating office"), max_length=250, blank=True, help_text=_("As written on the letter.")
    )
    nominated_on = models.DateField(_("date of nomination"))
    letter_number = models.CharField(_("letter number"), max_length=60, blank=True)
    letter_file = models.FileField(_("letter"), upload_to=nomination_letter_upload_to, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=limits.NOTE)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.NOMINATED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("reason"), blank=True, max_length=limits.NOTE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["region__name", "organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["assembly", "organization"], name="nomination_unique_assembly_ngo"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.region})"
