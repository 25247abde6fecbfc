"""The achievements portfolio of NGOs (seed 002): an NGO reports what it achieved in a period to the body
that asked for it, with evidence; the body's secretariat accepts it with an effectiveness score or returns
it with a note; a returned report is corrected and sent again."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _

from hamafza.accounts.models import User
from hamafza.audit import services as audit
from hamafza.lib.jalali import format_jalali
from hamafza.lib.persian import normalize
from hamafza.meetings import notify
from hamafza.meetings.models import Body
from hamafza.orgs.models import Organization
from hamafza.participation import access
from hamafza.participation.models import AchievementFile, AchievementReport
from hamafza.participation.services.common import ParticipationError, UploadedFile, checked_files, store_files

AUDIT_ACTIONS = {
    "achievement.submit": _("Achievements report submitted"),
    "achievement.resubmit": _("Achievements report corrected and sent again"),
    "achievement.accept": _("Achievements report accepted"),
    "achievement.return": _("Achievements report returned"),
}

REPORT_FIELDS = ["period_start", "period_end", "activities", "beneficiaries", "state", "review_note", "score"]


def can_submit(user: User, organization: Organization) -> bool:
    """An officer of the NGO itself."""
    return bool(
        user.is_active
        and user.is_officer
        and organization.kind == Organization.Kind.NGO
        and user.organization_id == organization.pk
    )


def can_review(user: User, report: AchievementReport) -> bool:
    return access.can_manage_participation(user, report.body_id)


def _snapshot(report: AchievementReport) -> dict:
    values = audit.snapshot(report, REPORT_FIELDS)
    values["regions"] = sorted(report.regions.values_list("pk", flat=True))
    return values


def _check_content(
    *, period_start: dt.date | None, period_end: dt.date | None, activities: str, beneficiaries
) -> str:
    errors: dict[str, list] = {}
    activities = normalize(activities or "")
    if period_start is None:
        errors.setdefault("period_start", []).append(_("Enter the first day of the period."))
    if period_end is None:
        errors.setdefault("period_end", []).append(_("Enter the last day of the period."))
    if period_start and period_end and period_end < period_start:
        errors.setdefault("period_end", []).append(_("The period cannot end before it starts."))
    if period_start and period_start > timezone.localdate():
        errors.setdefault("period_start", []).append(_("A report covers a period that has already begun."))
    if not activities:
        errors.setdefault("activities", []).append(_("Describe the activities of the period."))
    if not isinstance(beneficiaries, int) or beneficiaries < 0:
        errors.setdefault("beneficiaries", []).append(_("The number of beneficiaries is a whole number."))
    if errors:
        raise ParticipationError(errors)
    return activities


@transaction.atomic
def submit_achievement(
    organization: Organization,
    *,
    by: User,
    body: Body,
    period_start: dt.date,
    period_end: dt.date,
    activities: str,
    beneficiaries: int,
    regions=(),
    files: list[UploadedFile] | None = None,
) -> AchievementReport:
    """An NGO's officer sends a report to a body; a file of the wrong type or size refuses the whole report."""
    if not can_submit(by, organization):
        raise PermissionDenied(gettext("Only an officer of the NGO may report its achievements."))
    activities = _check_content(
        period_start=period_start, period_end=period_end, activities=activities, beneficiaries=beneficiaries
    )
    checked = checked_files(files or [])
    report = AchievementReport.objects.create(
        organization=organization,
        body=body,
        period_start=period_start,
        period_end=period_end,
        activities=activities,
        beneficiaries=beneficiaries,
        submitted_by=by,
    )
    report.regions.set(regions)
    stored = store_files(AchievementFile, "report", report, checked)
    audit.record(
        actor=by,
        action="achievement.submit",
        obj=report,
        changes={**_snapshot(report), "files": [row.original_name for row in stored]},
        body_id=body.pk,
    )
    transaction.on_commit(lambda: notify_submitted(report.pk))
    return report


@transaction.atomic
def resubmit_achievement(
    report: AchievementReport,
    *,
    by: User,
    period_start: dt.date,
    period_end: dt.date,
    activities: str,
    beneficiaries: int,
    regions=(),
    files: list[UploadedFile] | None = None,
) -> AchievementReport:
    """A returned report, corrected by the NGO's officer and sent for review again."""
    report = AchievementReport.objects.select_for_update().select_related("organization").get(pk=report.pk)
    if not can_submit(by, report.organization):
        raise PermissionDenied(gettext("Only an officer of the NGO may report its achievements."))
    if report.state != AchievementReport.State.RETURNED:
        raise ParticipationError(_("Only a report returned for correction can be sent again."))
    activities = _check_content(
        period_start=period_start, period_end=period_end, activities=activities, beneficiaries=beneficiaries
    )
    checked = checked_files(files or [])
    before = _snapshot(report)
    report.period_start, report.period_end = period_start, period_end
    report.activities, report.beneficiaries = activities, beneficiaries
    report.state = AchievementReport.State.SUBMITTED
    report.submitted_by = by
    report.score = None
    report.save()
    report.regions.set(regions)
    stored = store_files(AchievementFile, "report", report, checked)
    changes = audit.diff(before, _snapshot(report))
    if stored:
        changes["files"] = [row.original_name for row in stored]
    audit.record(actor=by, action="achievement.resubmit", obj=report, changes=changes, body_id=report.body_id)
    transaction.on_commit(lambda: notify_submitted(report.pk))
    return report


def _lock_for_review(report: AchievementReport, by: User) -> AchievementReport:
    report = AchievementReport.objects.select_for_update().get(pk=report.pk)
    if not can_review(by, report):
        raise PermissionDenied(
            gettext("Only the secretariat of the body the report was sent to may review it.")
        )
    if report.state != AchievementReport.State.SUBMITTED:
        raise ParticipationError(_("This report has already been reviewed."))
    return report


def _check_score(score, *, required: bool) -> int | None:
    if score is None and not required:
        return None
    if not isinstance(score, int) or not 1 <= score <= 5:
        raise ParticipationError({"score": [_("Give an effectiveness score from 1 to 5.")]})
    return score


def _review(report: AchievementReport, *, by: User, state: str, score: int | None, note: str) -> None:
    before = _snapshot(report)
    report.state = state
    report.score = score
    report.review_note = note
    report.reviewed_by = by
    report.reviewed_at = timezone.now()
    report.save(update_fields=["state", "score", "review_note", "reviewed_by", "reviewed_at"])
    action = "achievement.accept" if state == AchievementReport.State.ACCEPTED else "achievement.return"
    audit.record(
        actor=by,
        action=action,
        obj=report,
        changes=audit.diff(before, _snapshot(report)),
        body_id=report.body_id,
    )
    transaction.on_commit(lambda: notify_reviewed(report.pk))


@transaction.atomic
def accept_achievement(
    report: AchievementReport, *, by: User, score: int, note: str = ""
) -> AchievementReport:
    report = _lock_for_review(report, by)
    score = _check_score(score, required=True)
    _review(report, by=by, state=AchievementReport.State.ACCEPTED, score=score, note=normalize(note or ""))
    return report


@transaction.atomic
def return_achievement(
    report: AchievementReport, *, by: User, note: str, score: int | None = None
) -> AchievementReport:
    report = _lock_for_review(report, by)
    score = _check_score(score, required=False)
    note = normalize(note or "")
    if not note:
        raise ParticipationError({"note": [_("Say what the NGO should correct.")]})
    _review(report, by=by, state=AchievementReport.State.RETURNED, score=score, note=note)
    return report


# Notifications (after commit)


def _period(report: AchievementReport) -> str:
    return f"{format_jalali(report.period_start)}–{format_jalali(report.period_end)}"


def notify_submitted(report_id: int) -> None:
    report = AchievementReport.objects.select_related("organization").get(pk=report_id)
    with override("fa"):
        title = gettext("%(ngo)s sent its achievements of %(period)s") % {
            "ngo": report.organization.name,
            "period": _period(report),
        }
    notify.send(
        notify.secretariat_of(report.body_id),
        title,
        report.activities[:300],
        reverse("participation:achievement_detail", args=[report.pk]),
    )


def notify_reviewed(report_id: int) -> None:
    report = AchievementReport.objects.get(pk=report_id)
    with override("fa"):
        if report.state == AchievementReport.State.ACCEPTED:
            title = gettext("Your achievements report of %(period)s was accepted")
        else:
            title = gettext("Your achievements report of %(period)s was returned for correction")
        title = title % {"period": _period(report)}
    notify.send(
        notify.officers_of(report.organization_id),
        title,
        report.review_note,
        reverse("participation:achievement_detail", args=[report.pk]),
    )
