"""The year-end review of a goal (آسیب‌شناسی): what was achieved, strengths, weaknesses and their causes,
a proposal for next year; written by the programme's organisation, accepted or returned by its reviewer."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hamafza.lib import limits


class YearEndReview(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Awaiting review")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned")

    goal = models.OneToOneField(
        "goals.Goal", verbose_name=_("goal"), on_delete=models.CASCADE, related_name="review"
    )
    achieved = models.TextField(_("what was achieved"), blank=True, max_length=limits.LONG_TEXT)
    strengths = models.TextField(_("strengths"), blank=True, max_length=limits.LONG_TEXT)
    weaknesses = models.TextField(_("weaknesses"), blank=True, max_length=limits.LONG_TEXT)
    causes = models.TextField(_("causes of the weaknesses"), blank=True, max_length=limits.LONG_TEXT)
    proposal = models.TextField(_("proposal for next year"), blank=True, max_length=limits.LONG_TEXT)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True, max_length=limits.NOTE)

    class Meta:
        verbose_name = _("year-end review")
        verbose_name_plural = _("year-end reviews")

    def __str__(self) -> str:
        return str(self.goal)


class ReviewFigure(models.Model):
    """The value a measure reached in the year, as the review states it: next year's baseline if the goal
    is carried over."""

    review = models.ForeignKey(YearEndReview, on_delete=models.CASCADE, related_name="figures")
    measure = models.ForeignKey("goals.Measure", on_delete=models.CASCADE, related_name="+")
    achieved = models.FloatField(_("achieved"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "measure"], name="goals_figure_unique")]

    def __str__(self) -> str:
        return f"{self.measure_id}: {self.achieved}"
