"""A goal of a programme (هدف): what the organisation means to achieve in the year, and who owns it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hamafza.lib import limits


class Goal(models.Model):
    programme = models.ForeignKey(
        "goals.Programme", verbose_name=_("programme"), on_delete=models.CASCADE, related_name="goals"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("goal"), max_length=300)
    description = models.TextField(_("description"), blank=True, max_length=limits.NOTE)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_goals",
        help_text=_("The person in the organisation who answers for the goal."),
    )
    adopted_from = models.ForeignKey(
        "self",
        verbose_name=_("goal of the adopted programme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adoptions",
    )
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("carried from last year's goal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carried_into",
    )

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="goals_goal_unique_number"),
            models.UniqueConstraint(
                fields=["programme", "adopted_from"],
                condition=Q(adopted_from__isnull=False),
                name="goals_goal_adopted_once",
            ),
            models.UniqueConstraint(
                fields=["carried_from"],
                condition=Q(carried_from__isnull=False),
                name="goals_goal_carried_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def is_adopted(self) -> bool:
        return self.adopted_from_id is not None
