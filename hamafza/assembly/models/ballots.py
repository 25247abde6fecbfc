"""Who voted and what was voted, kept apart.

- `VoterRecord` (election, member, channel) says that a member NGO has voted. Its unique constraint is
  what makes one ballot per member true by every route, even for two requests at the same instant:
  the record is inserted in the same transaction as the ballot, so the second one fails and takes its
  ballot with it.
- `Ballot` (election, tracking-code hash, choices, validity) says what was voted. It has no foreign key
  to a member or a user, no time at all, and a random primary key (UUID4), so neither a column nor the
  order of keys leads back to a voter; the ballots of an election are rewritten in a random order when
  voting closes, so that their order on disk does not either (services.ballots.shuffle_ballots).
- `PaperEntry` is one teller's reading of one paper ballot, by its paper number, which is not linked to
  any member; two tellers' agreeing readings make a paper ballot.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class VoterRecord(models.Model):
    class Channel(models.TextChoices):
        WEB = "web", _("on the site")
        API = "api", _("through the API")
        PAPER = "paper", _("on paper")

    election = models.ForeignKey("assembly.Election", on_delete=models.PROTECT, related_name="voter_records")
    member = models.ForeignKey("assembly.Member", on_delete=models.PROTECT, related_name="voter_records")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)

    class Meta:
        verbose_name = _("voter record")
        verbose_name_plural = _("voter records")
        constraints = [
            models.UniqueConstraint(fields=["election", "member"], name="voterrecord_one_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.member} ({self.get_channel_display()})"


class Ballot(models.Model):
    class Invalid(models.TextChoices):
        BLANK = "blank", _("Blank")
        TOO_MANY = "too_many", _("Too many choices")
        SPOILED = "spoiled", _("Spoiled or unreadable")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    election = models.ForeignKey("assembly.Election", on_delete=models.PROTECT, related_name="ballots")
    tracking_hash = models.CharField(max_length=64, editable=False)
    choices = models.JSONField(default=list, editable=False)
    invalid_reason = models.CharField(max_length=10, choices=Invalid.choices, blank=True, editable=False)
    paper_number = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(fields=["election", "tracking_hash"], name="ballot_unique_tracking"),
            models.UniqueConstraint(
                fields=["election", "paper_number"],
                condition=models.Q(paper_number__isnull=False),
                name="ballot_unique_paper_number",
            ),
        ]

    def __str__(self) -> str:
        return str(_("ballot"))

    @property
    def is_valid(self) -> bool:
        return not self.invalid_reason


class PaperEntry(models.Model):
    """A teller's reading of paper ballot number N: the candidates marked, or «spoiled»."""

    election = models.ForeignKey("assembly.Election", on_delete=models.CASCADE, related_name="paper_entries")
    paper_number = models.PositiveIntegerField(_("paper number"))
    teller = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    choices = models.JSONField(default=list)
    spoiled = models.BooleanField(_("spoiled or unreadable"), default=False)

    class Meta:
        verbose_name = _("paper ballot entry")
        verbose_name_plural = _("paper ballot entries")
        ordering = ["paper_number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "paper_number", "teller"], name="paperentry_unique_teller"
            )
        ]

    def __str__(self) -> str:
        return f"{self.paper_number}"

    def reading(self) -> tuple:
        return ("spoiled",) if self.spoiled else tuple(sorted(self.choices))
