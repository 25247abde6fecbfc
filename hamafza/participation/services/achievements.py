"""The achievements portfolio of NGOs (seed 002): an NGO reports what it achieved in a period to the body
that asked for it, with evidence; the body's secretariat accepts it with an effectiveness score or returns
it with a note; a returned report is corrected and sent again.

A body asks for reports with a call (AchievementCall): a period, a deadline and the NGOs asked; each NGO
asked answers the call with one report, and the call shows who has not answered."""

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
from hamafza.lib.persian import tidy
from hamafza.meetings.models import Body
from hamafza.meetings.services import notify
from hamafza.orgs.models import Organization
from hamafza.participation import access
from hamafza.participation.models import AchievementCall, AchievementFile, AchievementReport
from hamafza.participation.services.common import ParticipationError, UploadedFile, checked_files, store_files

AUDIT_ACTIONS = {
    "achievement.submit": _("Achievements report submitted"),
    "achievement.resubmit": _("Achievements report corrected and sent again"),
    "achievement.accept": _("Achievements report accepted"),
    "achievement.return": _("Achievements report returned"),
    "achievement_call.open": _("Call for achievements reports opened"),
    "achievement_call.close": _("Call for achievements reports closed"),
}

REPORT_FIELDS = ["period_start", "period_end", "activities", "beneficiaries", "state", "review_note", "score"]
CALL_FIELDS = ["title", "period_start", "period_end", "deadline", "note", "is_closed"]


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
    activities = tidy(activities)
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


def _lock_call_for_answer(call: AchievementCall, organization: Organization) -> AchievementCall:
    """The call, locked, if it is open and asks this NGO."""
    call = AchievementCall.objects.select_for_update().select_related("body").get(pk=call.pk)
    if call.is_closed:
        raise ParticipationError(_("This call is closed: it takes no more reports."), code="call_closed")
    if not call.ngos.filter(pk=organization.pk).exists():
        raise ParticipationError(_("Your NGO was not asked in this call."), code="not_asked")
    return call


@transaction.atomic
def submit_achievement(
    organization: Organization,
    *,
    by: User,
    body: Body | None = None,
    period_start: dt.date,
    period_end: dt.date,
    activities: str,
    beneficiaries: int,
    regions=(),
    files: list[UploadedFile] | None = None,
    call: AchievementCall | None = None,
) -> AchievementReport:
    """An NGO's officer sends a report to a body; a file of the wrong type or size refuses the whole report.

    In answer to a call, the report goes to the call's body; the call must be open and ask this NGO, and
    the NGO answers it once: a report of its returned for correction is corrected and sent again."""
    if not can_submit(by, organization):
        raise PermissionDenied(gettext("Only an officer of the NGO may report its achievements."))
    if call is not None:
        call = _lock_call_for_answer(call, organization)
        body = call.body
        answer = AchievementReport.objects.filter(call=call, organization=organization).first()
        if answer is not None and answer.state != AchievementReport.State.RETURNED:
            raise ParticipationError(_("Your NGO has already answered this call."), code="answered")
        if answer is not None:
            return resubmit_achievement(
                answer,
                by=by,
                period_start=period_start,
                period_end=period_end,
                activities=activities,
                beneficiaries=beneficiaries,
                regions=regions,
                files=files,
            )
    if body is None:
        raise ParticipationError({"body": [_("Choose the body the report is sent to.")]})
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
        call=call,
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
    """A returned report, corrected by the NGO's officer and sent for review again (while its call, if it
    answers one, is open)."""
    report = AchievementReport.objects.select_for_update().select_related("organization").get(pk=report.pk)
    if not can_submit(by, report.organization):
        raise PermissionDenied(gettext("Only an officer of the NGO may report its achievements."))
    if report.state != AchievementReport.State.RETURNED:
        raise ParticipationError(_("Only a report returned for correction can be sent again."))
    if (
        report.call_id is not None
        and AchievementCall.objects.filter(pk=report.call_id, is_closed=True).exists()
    ):
        raise ParticipationError(_("This call is closed: it takes no more reports."), code="call_closed")
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
    checked = _check_score(score, required=True)
    _review(report, by=by, state=AchievementReport.State.ACCEPTED, score=checked, note=tidy(note))
    return report


@transaction.atomic
def return_achievement(
    report: AchievementReport, *, by: User, note: str, score: int | None = None
) -> AchievementReport:
    report = _lock_for_review(report, by)
    score = _check_score(score, required=False)
    note = tidy(note)
    if not note:
        raise ParticipationError({"note": [_("Say what the NGO should correct.")]})
    _review(report, by=by, state=AchievementReport.State.RETURNED, score=score, note=note)
    return report


# Calls for reports


def can_manage_calls(user: User, body: Body | int) -> bool:
    """The body's secretariat (or a system administrator) opens and closes its calls."""
    return access.can_manage_participation(user, body)


def _call_snapshot(call: AchievementCall) -> dict:
    values = audit.snapshot(call, CALL_FIELDS)
    values["ngos"] = sorted(call.ngos.values_list("pk", flat=True))
    return values


def body_ngos(body: Body):
    """The active NGOs among the body's member organisations: whom a call asks unless told otherwise."""
    return body.members.filter(kind=Organization.Kind.NGO, is_active=True).order_by("name")


@transaction.atomic
def open_call(
    body: Body,
    *,
    by: User,
    title: str,
    period_start: dt.date | None,
    period_end: dt.date | None,
    deadline: dt.date | None,
    note: str = "",
    ngos=None,
) -> AchievementCall:
    """The body's secretariat asks NGOs (by default its NGO members) to report their achievements of a
    period by a deadline; the officers of every NGO asked are told."""
    if not can_manage_calls(by, body):
        raise PermissionDenied(gettext("Only the body's secretariat may call for achievements reports."))
    title, note = tidy(title), tidy(note)
    errors: dict[str, list] = {}
    if not title:
        errors.setdefault("title", []).append(_("Give the call a title."))
    if period_start is None:
        errors.setdefault("period_start", []).append(_("Enter the first day of the period."))
    if period_end is None:
        errors.setdefault("period_end", []).append(_("Enter the last day of the period."))
    if period_start and period_end and period_end < period_start:
        errors.setdefault("period_end", []).append(_("The period cannot end before it starts."))
    if deadline is None:
        errors.setdefault("deadline", []).append(_("Enter the deadline of the reports."))
    elif deadline < timezone.localdate():
        errors.setdefault("deadline", []).append(_("The deadline cannot be in the past."))
    asked = list(ngos or [])
    if not asked:
        asked = list(body_ngos(body))
        if not asked:
            errors.setdefault("ngos", []).append(
                _("The body has no NGO among its members: choose the NGOs to ask.")
            )
    elif any(org.kind != Organization.Kind.NGO for org in asked):
        errors.setdefault("ngos", []).append(_("Only NGOs are asked for achievements reports."))
    if errors:
        raise ParticipationError(errors)
    assert period_start is not None and period_end is not None and deadline is not None  # refused above
    call = AchievementCall.objects.create(
        body=body,
        title=title,
        period_start=period_start,
        period_end=period_end,
        deadline=deadline,
        note=note,
        created_by=by,
    )
    call.ngos.set(asked)
    audit.record(
        actor=by, action="achievement_call.open", obj=call, changes=_call_snapshot(call), body_id=body.pk
    )
    transaction.on_commit(lambda: notify_call_opened(call.pk))
    return call


@transaction.atomic
def close_call(call: AchievementCall, *, by: User) -> AchievementCall:
    """No more reports in answer to the call; those sent are still reviewed."""
    call = AchievementCall.objects.select_for_update().get(pk=call.pk)
    if not can_manage_calls(by, call.body_id):
        raise PermissionDenied(gettext("Only the body's secretariat may call for achievements reports."))
    if call.is_closed:
        raise ParticipationError(_("This call is already closed."), code="closed")
    before = _call_snapshot(call)
    call.is_closed = True
    call.closed_at = timezone.now()
    call.closed_by = by
    call.save(update_fields=["is_closed", "closed_at", "closed_by"])
    audit.record(
        actor=by,
        action="achievement_call.close",
        obj=call,
        changes=audit.diff(before, _call_snapshot(call)),
        body_id=call.body_id,
    )
    return call


UNANSWERED = "unanswered"


def call_answers(call: AchievementCall, *, organization_id: int | None = None) -> list[dict]:
    """One row per NGO asked (or only `organization_id`'s): its report in answer, its state (unanswered,
    submitted, accepted, returned) and whether it is overdue (past the deadline and not answered)."""
    ngos = call.ngos.order_by("name")
    if organization_id is not None:
        ngos = ngos.filter(pk=organization_id)
    reports = {report.organization_id: report for report in call.reports.all()}
    late = call.is_past_deadline()
    rows = []
    for ngo in ngos:
        report = reports.get(ngo.pk)
        rows.append(
            {
                "ngo": ngo,
                "report": report,
                "state": report.state if report else UNANSWERED,
                "overdue": report is None and late,
            }
        )
    return rows


def answer_counts(rows: list[dict]) -> dict[str, int]:
    counts = {"asked": len(rows), UNANSWERED: 0, "overdue": 0}
    counts.update(dict.fromkeys(AchievementReport.State.values, 0))
    for row in rows:
        counts[row["state"]] += 1
        counts["overdue"] += row["overdue"]
    return counts


# Notifications (after commit)


def _span(start: dt.date, end: dt.date) -> str:
    return f"{format_jalali(start)}–{format_jalali(end)}"


def _period(report: AchievementReport) -> str:
    return _span(report.period_start, report.period_end)


def notify_call_opened(call_id: int) -> None:
    """The officers of every NGO asked."""
    call = AchievementCall.objects.select_related("body").get(pk=call_id)
    with override("fa"):
        title = gettext("%(body)s asks for your achievements of %(period)s by %(deadline)s") % {
            "body": call.body.name,
            "period": _span(call.period_start, call.period_end),
            "deadline": format_jalali(call.deadline),
        }
    user_ids: list[int] = []
    for organization_id in call.ngos.values_list("pk", flat=True):
        user_ids += notify.officers_of(organization_id)
    notify.send(
        user_ids,
        title,
        f"{call.title}\n{call.note}".strip(),
        reverse("participation:achievement_call", args=[call.pk]),
    )


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
