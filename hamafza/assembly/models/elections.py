"""An election of an assembly: seats, candidates, officials (supervisors and tellers), and its results.

The states run one way only: draft → candidacy open → candidacy closed → voting open → voting closed →
counted → results confirmed → published. The transitions are in hamafza.assembly.services.elections.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamafza.lib import limits


class Election(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CANDIDACY_OPEN = "candidacy_open", _("Candidacy open")
        CANDIDACY_CLOSED = "candidacy_closed", _("Candidacy closed")
        VOTING_OPEN = "voting_open", _("Voting open")
        VOTING_CLOSED = "voting_closed", _("Voting closed")
        COUNTED = "counted", _("Counted")
        CONFIRMED = "confirmed", _("Results confirmed")
        PUBLISHED = "published", _("Published")

    class TieRule(models.TextChoices):
        LOTS = "lots", _("Drawing of lots recorded by the supervisors")
        SECOND_ROUND = "second_round", _("A second round among the tied candidates")

    ORDER = list(State.values)

    assembly = models.ForeignKey(
        "assembly.Assembly", verbose_name=_("assembly"), on_delete=models.PROTECT, related_name="elections"
    )
    title = models.CharField(_("title"), max_length=250)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assembly_elections",
        help_text=_("The session of the assembly (a meeting of its body) at which the vote is held."),
    )
    seats = models.PositiveSmallIntegerField(_("seats"))
    max_choices = models.PositiveSmallIntegerField(
        _("choices on a ballot"),
        help_text=_("A ballot may mark up to this many candidates (approval voting)."),
    )
    substitutes = models.PositiveSmallIntegerField(
        _("substitutes"),
        default=0,
        help_text=_("How many candidates after the elected are named substitutes."),
    )
    tie_rule = models.CharField(
        _("a tie for the last seat is resolved by"),
        max_length=20,
        choices=TieRule.choices,
        default=TieRule.LOTS,
    )
    voting_starts_at = models.DateTimeField(_("voting starts"))
    voting_ends_at = models.DateTimeField(_("voting ends"))
    confirmations_required = models.PositiveSmallIntegerField(
        _("supervisors' signatures required"),
        null=True,
        blank=True,
        help_text=_("Empty: every supervisor signs. Otherwise at least a majority of them."),
    )
    runoff_of = models.ForeignKey(
        "self",
        verbose_name=_("second round of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="runoffs",
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    # When each state was reached (also in the audit log, with who).
    candidacy_opened_at = models.DateTimeField(null=True, blank=True)
    candidacy_closed_at = models.DateTimeField(null=True, blank=True)
    voting_opened_at = models.DateTimeField(null=True, blank=True)
    voting_closed_at = models.DateTimeField(null=True, blank=True)
    counted_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # What the count found (written by the count, never typed in).
    eligible_count = models.PositiveIntegerField(default=0, editable=False)
    voters_count = models.PositiveIntegerField(default=0, editable=False)
    ballots_count = models.PositiveIntegerField(default=0, editable=False)
    valid_count = models.PositiveIntegerField(default=0, editable=False)
    blank_count = models.PositiveIntegerField(default=0, editable=False)
    overvote_count = models.PositiveIntegerField(default=0, editable=False)
    spoiled_count = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ["-voting_starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(seats__gte=1), name="election_seats_positive"),
            models.CheckConstraint(condition=models.Q(max_choices__gte=1), name="election_choices_positive"),
            models.CheckConstraint(
                condition=models.Q(voting_ends_at__gt=models.F("voting_starts_at")),
                name="election_window_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def election_day(self) -> dt.date:
        """The day the vote opens, in local time: licences must be valid on it."""
        return timezone.localtime(self.voting_starts_at).date()

    def reached(self, state: str) -> bool:
        """The election is in `state` or beyond it."""
        return self.ORDER.index(self.state) >= self.ORDER.index(state)

    def in_window(self, moment: dt.datetime | None = None) -> bool:
        moment = moment or timezone.now()
        return self.voting_starts_at <= moment < self.voting_ends_at

    @property
    def turnout(self) -> float | None:
        return self.voters_count / self.eligible_count * 100 if self.eligible_count else None


class Official(models.Model):
    """A supervisor (ناظر) or a teller (شمارشگر) of an election."""

    class Role(models.TextChoices):
        SUPERVISOR = "supervisor", _("Supervisor")
        TELLER = "teller", _("Teller")

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="officials")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    title = models.CharField(
        _("title"), max_length=200, blank=True, help_text=_("As printed under the signature line.")
    )

    class Meta:
        verbose_name = _("election official")
        verbose_name_plural = _("election officials")
        ordering = ["role", "user__last_name", "user__first_name"]
        constraints = [models.UniqueConstraint(fields=["election", "user"], name="official_unique_user")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"

    @property
    def name(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


class Candidate(models.Model):
    """A member NGO standing in an election, with its programme and the achievements reports it shows."""

    class State(models.TextChoices):
        STANDING = "standing", _("Standing")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        REFUSED = "refused", _("Not admitted")

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidates")
    member = models.ForeignKey(
        "assembly.Member", verbose_name=_("member NGO"), on_delete=models.PROTECT, related_name="candidacies"
    )
    programme = models.TextField(_("programme"), max_length=limits.LONG_TEXT)
    achievements = models.ManyToManyField(
        "participation.AchievementReport",
        verbose_name=_("achievements reports shown to voters"),
        blank=True,
        related_name="+",
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.STANDING)
    state_note = models.TextField(_("reason"), blank=True, max_length=limits.NOTE)
    stood_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    stood_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["member__organization__name"]
        constraints = [models.UniqueConstraint(fields=["election", "member"], name="candidate_unique_member")]

    def __str__(self) -> str:
        return str(self.member)

    @property
    def name(self) -> str:
        return self.member.organization.name


class Confirmation(models.Model):
    """A supervisor's signature under the counted results."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="confirmations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("confirmation of the results")
        verbose_name_plural = _("confirmations of the results")
        ordering = ["confirmed_at"]
        constraints = [models.UniqueConstraint(fields=["election", "user"], name="confirmation_unique_user")]

    def __str__(self) -> str:
        return f"{self.user} — {self.election}"


class ResultLine(models.Model):
    """A candidate's votes, rank and outcome, written by the count."""

    class Outcome(models.TextChoices):
        ELECTED = "elected", _("Elected")
        SUBSTITUTE = "substitute", _("Substitute")
        NOT_ELECTED = "not_elected", _("Not elected")
        TIED = "tied", _("Tied: awaiting the tie rule")

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="results")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="+")
    votes = models.PositiveIntegerField(_("votes"))
    rank = models.PositiveSmallIntegerField(_("rank"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    by_tie_break = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("result line")
        verbose_name_plural = _("results")
        ordering = ["rank", "candidate__member__organization__name"]
        constraints = [
            models.UniqueConstraint(fields=["election", "candidate"], name="result_unique_candidate")
        ]

    def __str__(self) -> str:
        return f"{self.candidate}: {self.votes}"


class TieBreak(models.Model):
    """How candidates tied in votes were put in order: lots drawn before the supervisors, or a second
    round (whose results give the order)."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="tie_breaks")
    method = models.CharField(_("method"), max_length=20, choices=Election.TieRule.choices)
    order = models.JSONField(_("order"), default=list, help_text=_("Candidate ids, first place first."))
    runoff = models.ForeignKey(
        Election, null=True, blank=True, on_delete=models.PROTECT, related_name="resolves"
    )
    note = models.TextField(_("how it was done"), blank=True, max_length=limits.NOTE)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tie break")
        verbose_name_plural = _("tie breaks")
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.election}: {self.get_method_display()}"
