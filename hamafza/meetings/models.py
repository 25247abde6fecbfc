"""Bodies, their meetings and resolutions, assignments to organisations, and progress reports."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hamafza.lib.jalali import add_months


class Body(models.Model):
    """A standing coordinating body: working group, social headquarters, council."""

    class Kind(models.TextChoices):
        WORKING_GROUP = "working_group", _("Working group")
        HEADQUARTERS = "headquarters", _("Social headquarters")
        COUNCIL = "council", _("Council")

    name = models.CharField(_("name"), max_length=250)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(
        "places.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    secretariat = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("secretariat"),
        on_delete=models.PROTECT,
        related_name="secretariat_of",
        help_text=_("The organisation that keeps the body's minutes and follows up its resolutions."),
    )
    members = models.ManyToManyField(
        "orgs.Organization", verbose_name=_("member organizations"), related_name="bodies"
    )
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def minutes_upload_to(instance: "Meeting", filename: str) -> str:
    return f"minutes/{instance.body_id}/{filename}"


class Meeting(models.Model):
    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="meetings")
    number = models.PositiveIntegerField(_("session number"))
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=250, blank=True)
    chair = models.CharField(_("chair"), max_length=250, blank=True)
    attendees = models.TextField(_("attendees"), blank=True, help_text=_("One per line."))
    agenda = models.TextField(_("agenda"), blank=True)
    minutes_file = models.FileField(_("minutes file"), upload_to=minutes_upload_to, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "-number"]
        constraints = [models.UniqueConstraint(fields=["body", "number"], name="meeting_unique_body_number")]

    def __str__(self) -> str:
        return f"{self.body} — {self.number}"

    def attendee_list(self) -> list[str]:
        return [line.strip() for line in self.attendees.splitlines() if line.strip()]


class Topic(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ResolutionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Resolution.Status.OPEN)

    def done_between(self, start: dt.date, end: dt.date):
        """Done on a day from `start` to `end`, both included, in local time."""
        from django.utils import timezone

        first = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
        after = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
        return self.filter(status=Resolution.Status.DONE, done_at__gte=first, done_at__lt=after)

    def assigned_to(self, organization_id: int):
        """Resolutions on which the organisation has an assignment, lead or supporting."""
        return self.filter(
            pk__in=Assignment.objects.filter(organization_id=organization_id).values("resolution_id")
        )


class Resolution(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="resolutions"
    )
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="resolutions", editable=False)
    number = models.CharField(
        _("number"), max_length=20, help_text=_("As written in the minutes, e.g. 3 or 1-1.")
    )
    position = models.PositiveIntegerField(default=0, editable=False)
    text = models.TextField(_("text"))
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True, related_name="resolutions")
    target_regions = models.ManyToManyField(
        "places.Region", verbose_name=_("target regions"), blank=True, related_name="resolutions"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    search_text = models.TextField(editable=False, default="")

    objects = ResolutionQuerySet.as_manager()

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["meeting__held_on", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="resolution_unique_meeting_number")
        ]
        indexes = [models.Index(fields=["body", "status"])]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"


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
        if self.recurrence == self.Recurrence.ONCE:
            return self.deadline
        if self.recurrence == self.Recurrence.PERIODIC and self.interval:
            anchor = self.last_report_on or self.start_on
            if self.interval_unit == self.IntervalUnit.DAY:
                return anchor + dt.timedelta(days=self.interval)
            return add_months(anchor, self.interval)
        return None

    def follow_up_state(self, today: dt.date) -> str:
        """done · overdue · due_soon · in_review · returned · open, for display."""
        if self.status == self.Status.DONE:
            return "done"
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
    narrative = models.TextField(_("report"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)

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


def import_upload_to(instance: "MinutesImport", filename: str) -> str:
    return f"imports/{instance.body_id}/{filename}"


class MinutesImport(models.Model):
    """Minutes read by the importer: the draft a secretariat checks, edits, and confirms or discards."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CONFIRMED = "confirmed", _("Confirmed")
        DISCARDED = "discarded", _("Discarded")

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="imports")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    source_name = models.CharField(_("file"), max_length=255, blank=True)
    source_file = models.FileField(upload_to=import_upload_to, blank=True)
    source_sha256 = models.CharField(max_length=64, db_index=True)
    source_text = models.TextField()
    draft = models.JSONField(default=dict)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="imports"
    )

    class Meta:
        verbose_name = _("minutes import")
        verbose_name_plural = _("minutes imports")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.source_name or str(_("Pasted text"))
