"""An organisation's programme for a Jalali year, and who besides its organisation reviews or reads it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hamafza.lib import limits
from hamafza.lib.jalali import jalali_year_bounds


class Programme(models.Model):
    """An organisation's goals for one Jalali year (برنامه سالانه). A programme that adopts another (a
    province's adoption of the national programme) copies its goals and sets its own targets."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")

    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="goal_programmes",
    )
    year = models.PositiveSmallIntegerField(_("Jalali year"))
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True, max_length=limits.NOTE)
    region = models.ForeignKey(
        "places.Region",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The area the computed measures cover; empty for the whole country."),
    )
    adopts = models.ForeignKey(
        "self",
        verbose_name=_("adopts"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adoptions",
        help_text=_("The programme of an organisation above this one whose goals this one takes up."),
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    activated_at = models.DateTimeField(_("activated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("annual programme")
        verbose_name_plural = _("annual programmes")
        ordering = ["-year", "organization__name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="goals_programme_one_a_year")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.state == self.State.DRAFT

    def bounds(self):
        """First day of the year and first day of the next."""
        return jalali_year_bounds(self.year)


class GoalRole(models.Model):
    """A user's role over an organisation's programmes and those of every organisation under it.

    A reviewer accepts or returns their quarterly reports and year-end reviews (besides the officers of
    the parent organisation); a viewer reads them."""

    class Kind(models.TextChoices):
        REVIEWER = "reviewer", _("Reviewer")
        VIEWER = "viewer", _("Viewer")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="goal_roles")
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("organization"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("role"), max_length=20, choices=Kind.choices)

    class Meta:
        verbose_name = _("role in annual programmes")
        verbose_name_plural = _("roles in annual programmes")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="goals_role_unique_user_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_kind_display()} — {self.organization}"
