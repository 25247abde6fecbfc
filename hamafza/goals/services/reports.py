"""Quarterly reports of the measures reported by hand: the organisation sends a value with its evidence,
the reviewer accepts it (the value becomes the measure's value at the end of the quarter) or returns it
with a comment, and a returned report is sent again."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hamafza.accounts.models import User
from hamafza.audit.services import record
from hamafza.goals import notify
from hamafza.goals.access import Viewer
from hamafza.goals.models import Measure, Programme, QuarterReport, ReportFile
from hamafza.goals.services.common import (
    GoalsError,
    UploadedFile,
    checked_files,
    decide,
    required_text,
    store_files,
)
from hamafza.goals.services.common import today as local_today
from hamafza.goals.services.readings import record_accepted_report
from hamafza.goals.services.sources import source_of
from hamafza.lib.jalali import jalali_month_bounds
from hamafza.templatetags_builtins import digits as n


def quarter_opens(year: int, quarter: int) -> dt.date:
    """A quarter can be reported from the first day of its last month."""
    return jalali_month_bounds(year, quarter * 3)[0]


def reportable_quarters(programme: Programme, on: dt.date | None = None) -> list[int]:
    """The quarters of the programme's year that can be reported by `on` (today)."""
    on = on or local_today()
    return [quarter for quarter in (1, 2, 3, 4) if quarter_opens(programme.year, quarter) <= on]


@transaction.atomic
def submit_report(
    measure: Measure,
    *,
    by: User,
    quarter: int,
    value: float | None,
    narrative: str,
    files: list[UploadedFile] | None = None,
) -> QuarterReport:
    measure = (
        Measure.objects.select_for_update(of=("self",)).select_related("goal__programme").get(pk=measure.pk)
    )
    programme = measure.goal.programme
    if not Viewer(by).owns(programme):
        raise PermissionDenied(_("Only an officer of the programme's organisation may report on it."))
    if source_of(measure).computed:
        raise GoalsError(_("This measure is computed from Hamafza's data; it is not reported by hand."))
    if programme.state != Programme.State.ACTIVE:
        raise GoalsError(_("Reports are sent once the programme is active."))
    errors: dict[str, list[str]] = {}
    if quarter not in (1, 2, 3, 4):
        errors["quarter"] = [_("Choose the quarter.")]
    elif quarter not in reportable_quarters(programme):
        errors["quarter"] = [
            _("Quarter %(quarter)s can be reported from the first day of its last month.")
            % {"quarter": n(quarter)}
        ]
    elif measure.reports.filter(quarter=quarter, state=QuarterReport.State.SUBMITTED).exists():
        errors["quarter"] = [_("A report on this quarter is awaiting review.")]
    elif measure.reports.filter(quarter=quarter, state=QuarterReport.State.ACCEPTED).exists():
        errors["quarter"] = [_("This quarter's report has already been accepted.")]
    if value is None:
        errors["value"] = [_("Enter the value reached.")]
    narrative = required_text(narrative)
    if not narrative:
        errors["narrative"] = [_("Describe what was done in the quarter.")]
    if errors or value is None:
        raise GoalsError(errors)
    checked = checked_files(files or [])
    report = QuarterReport.objects.create(
        measure=measure,
        quarter=quarter,
        value=value,
        narrative=narrative,
        submitted_by=by,
        submitted_at=timezone.now(),
    )
    store_files(ReportFile, "report", report, checked)
    record(
        actor=by,
        action="quarter_report.submit",
        obj=report,
        changes={
            "quarter": quarter,
            "value": value,
            "note": narrative,
            "files": [u.name for u, _c in checked],
        },
    )
    transaction.on_commit(lambda: notify.report_submitted(report.pk))
    return report


def _lock_for_review(report: QuarterReport, by: User) -> QuarterReport:
    report = (
        QuarterReport.objects.select_for_update(of=("self",))
        .select_related("measure__goal__programme__organization")
        .get(pk=report.pk)
    )
    if not Viewer(by).reviews(report.measure.goal.programme):
        raise PermissionDenied(_("Only the programme's reviewer may review its reports."))
    if report.state != QuarterReport.State.SUBMITTED:
        raise GoalsError(_("This report has already been reviewed."), code="reviewed")
    return report


@transaction.atomic
def accept_report(report: QuarterReport, *, by: User, comment: str = "") -> QuarterReport:
    report = _lock_for_review(report, by)
    state, text = QuarterReport.State.ACCEPTED, required_text(comment)
    decide(report, by=by, state=state, comment=text, action="quarter_report.accept")
    record_accepted_report(report)
    transaction.on_commit(lambda: notify.report_reviewed(report.pk))
    return report


@transaction.atomic
def return_report(report: QuarterReport, *, by: User, comment: str) -> QuarterReport:
    report = _lock_for_review(report, by)
    comment = required_text(comment)
    if not comment:
        raise GoalsError(
            {"comment": [_("Say what is missing, so the organisation can complete its report.")]}
        )
    decide(report, by=by, state=QuarterReport.State.RETURNED, comment=comment, action="quarter_report.return")
    transaction.on_commit(lambda: notify.report_reviewed(report.pk))
    return report
