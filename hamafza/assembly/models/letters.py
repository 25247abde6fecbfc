"""Letters of introduction (معرفی‌نامه): the numbered official letter issued to each elected NGO."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IntroductionLetter(models.Model):
    assembly = models.ForeignKey(
        "assembly.Assembly", verbose_name=_("assembly"), on_delete=models.PROTECT, related_name="letters"
    )
    election = models.ForeignKey(
        "assembly.Election", verbose_name=_("election"), on_delete=models.PROTECT, related_name="letters"
    )
    candidate = models.OneToOneField(
        "assembly.Candidate", verbose_name=_("elected NGO"), on_delete=models.PROTECT, related_name="letter"
    )
    number = models.CharField(_("letter number"), max_length=60, unique=True)
    year = models.PositiveSmallIntegerField(_("Jalali year"))
    serial = models.PositiveIntegerField(_("serial"))
    verification_code = models.CharField(_("verification code"), max_length=20, unique=True)
    issued_on = models.DateField(_("date"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("letter of introduction")
        verbose_name_plural = _("letters of introduction")
        ordering = ["year", "serial"]
        constraints = [
            models.UniqueConstraint(fields=["assembly", "year", "serial"], name="letter_unique_serial"),
        ]

    def __str__(self) -> str:
        return self.number
