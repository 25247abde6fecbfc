"""The follow-up: organisations' assignments on resolutions, their progress reports and evidence, and
the log of reminders sent."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hamafza.lib import limits
from hamafza.lib.jalali import add_months
from hamafza.meetings.models.resolutions import Resolution


class AssignmentQuerySet(models.QuerySet):
    """The follow-up states an assignment shows are derived here from deadlines and recurrence."""

    def not_done(self):
        return self.exclude(status=Assignment.Status.DONE).filter(resolution__status=Resolution.Status.OPEN)

    def overdue(self, today: dt.date):
        return self.not_done().filter(due_on__lt=today)

    def due_soon(self, today: dt.date, days: int | None = None):
        days = settings.DUE_SOON_DAYS if days is None else days
        return self.not_done().filter(due_on__gte=today, due_on__lte=today + dt.timedelta(days=days))

    def for_body(self, body):
        return self.filter(resolution__body=body)


class Assignment(models.Model):
    """An organisation's duty on a resolution: the lead or a supporting one."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead")
        SUPPORTING = "supporting", _("Supporting")

    class Recurrence(models.TextChoices):
        ONCE = "once", _("By a deadline")
        CONTINUOUS = "continuous", _("Continuous")
        PERIODIC = "periodic", _("Periodic report")

    class IntervalUnit(models.TextChoices):
        DAY = "day", _("days")
        MONTH = "month", _("months")

    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting report")
        SUBMITTED = "submitted", _("Report under review")
        RETURNED = "returned", _("Report returned")
        DONE = "done", _("Done")

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="assignments")
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.LEAD)
    recurrence = models.CharField(
        _("recurrence"), max_length=20, choices=Recurrence.choices, default=Recurrence.ONCE
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    interval = models.PositiveIntegerField(_("report every"), null=True, blank=True)
    interval_unit = models.CharField(
        _("unit"), max_length=10, choices=IntervalUnit.choices, default=IntervalUnit.MONTH, blank=True
    )
    start_on = models.DateField(_("start"), help_text=_("The meeting date; periodic reports count from it."))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    progress = models.PositiveSmallIntegerField(_("accepted progress (%)"), default=0)
    due_on = models.DateField(
        _("next due"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Derived from the deadline or the recurrence by the service functions."),
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True, editable=False)
    last_report_on = models.DateField(null=True, blank=True, editable=False)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["resolution", "role", "id"]  # the lead ("lead" < "supporting") first
        constraints = [
            models.UniqueConstraint(fields=["resolution", "organization"], name="assignment_unique_org"),
            models.UniqueConstraint(
                fields=["resolution"], condition=Q(role="lead"), name="assignment_one_lead_per_resolution"
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="assignment_progress_max_100"),
        ]
        indexes = [
            models.Index(fields=["organization", "status", "due_on"]),
            models.Index(fields=["role", "status", "due_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.resolution.number}"

    @property
    def is_lead(self) -> bool:
        return self.role == self.Role.LEAD

    def compute_due_on(self) -> dt.date | None:
        """The next date a report is owed: the deadline, or the last report plus the interval.

        None when done, and while a report awaits the secretariat's review: the organisation owes
        nothing then, so it is neither reminded nor counted overdue for the secretariat's delay.
        """
        if self.status in (self.Status.DONE, self.Status.SUBMITTED):
            return None
        if self.resolution.status != Resolution.Status.OPEN:
            return None  # closed with its resolution
        if self.recurrence == self.Recurrence.ONCE:
            return self.deadline
        if self.recurrence == self.Recurrence.PERIODIC and self.interval:
            anchor = self.last_report_on or self.start_on
            if self.interval_unit == self.IntervalUnit.DAY:
                return anchor + dt.timedelta(days=self.interval)
            return add_months(anchor, self.interval)
        return None

    def follow_up_state(self, today: dt.date) -> str:
        """done · closed · overdue · due_soon · in_review · returned · open, for display.

        «closed»: the resolution is done or cancelled while this duty was not: it closed with the
        resolution, owes nothing and is never late.
        """
        if self.status == self.Status.DONE:
            return "done"
        if self.resolution.status != Resolution.Status.OPEN:
            return "closed"
        if self.due_on and self.due_on < today:
            return "overdue"
        if self.due_on and self.due_on <= today + dt.timedelta(days=settings.DUE_SOON_DAYS):
            return "due_soon"
        if self.status == self.Status.SUBMITTED:
            return "in_review"
        if self.status == self.Status.RETURNED:
            return "returned"
        return "open"

    def on_time(self) -> bool | None:
        """Was it done by its deadline? None while that is not known yet."""
        if self.deadline is None or self.completed_on is None:
            return None
        return self.completed_on <= self.deadline


class ProgressReport(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Awaiting review")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reports")
    percent = models.PositiveSmallIntegerField(_("progress (%)"))
    narrative = models.TextField(_("report"), max_length=limits.LONG_TEXT)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True, max_length=limits.NOTE)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["assignment", "-submitted_at"])]
        constraints = [models.CheckConstraint(condition=Q(percent__lte=100), name="report_percent_max_100")]

    def __str__(self) -> str:
        return f"{self.assignment} — {self.percent}%"


def evidence_upload_to(instance: "Evidence", filename: str) -> str:
    return f"evidence/{instance.report.assignment_id}/{filename}"


class Evidence(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_upload_to)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.original_name


class ReminderLog(models.Model):
    """One reminder sent: at most one of each kind per assignment per day."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Due soon")
        OVERDUE = "overdue", _("Overdue")
        ESCALATION = "escalation", _("Escalated to the secretariat")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    sent_on = models.DateField()
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "kind", "sent_on"], name="reminder_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id} {self.kind} {self.sent_on}"
