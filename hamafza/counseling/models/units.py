"""The units: a police station's counselling centre, and who works in it or reviews it.

A police station (کلانتری) is an Organization whose parent is its county command, whose parent is the
provincial command (Organization.parent). Its centre keeps where the station's figures are counted:
its county and province, read from the station's region when the centre is saved, and the
neighbourhood that carries its figures on the atlas's map.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Centre(models.Model):
    """A police station's counselling centre (مرکز مشاوره کلانتری)."""

    station = models.OneToOneField(
        "orgs.Organization",
        verbose_name=_("police station"),
        on_delete=models.PROTECT,
        related_name="counseling_centre",
    )
    keeps_cases_elsewhere = models.BooleanField(
        _("keeps its cases elsewhere"),
        default=False,
        help_text=_("The centre reports monthly statistics instead of recording each case here."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Read from the station's region by services.units.place(); never typed.
    county = models.ForeignKey(
        "places.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    province = models.ForeignKey(
        "places.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    neighbourhood = models.ForeignKey(
        "places.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("counselling centre")
        verbose_name_plural = _("counselling centres")
        ordering = ["station__name"]

    def __str__(self) -> str:
        return str(self.station)


class CounselingRole(models.Model):
    """A user's role in counselling: a station's counsellor, a province's reviewer, or a reader of figures.

    - counsellor: on a station (the user works there); reads and records that station's cases;
    - reviewer: on a provincial command (the social deputy's reviewers); reads the cases of every station
      under it;
    - viewer: on any organisation; reads the figures (numbers only) of the stations under it.
    """

    class Kind(models.TextChoices):
        COUNSELLOR = "counsellor", _("Counsellor")
        REVIEWER = "reviewer", _("Reviewer of the social deputy")
        VIEWER = "viewer", _("Reader of the figures")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="counseling_roles"
    )
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("organization"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("role"), max_length=20, choices=Kind.choices)

    class Meta:
        verbose_name = _("role in counselling")
        verbose_name_plural = _("roles in counselling")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "kind"], name="counseling_role_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_kind_display()} — {self.organization}"
