"""Who is told about what. Called after commit; the delivery itself is a background task."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from hamafza.accounts.models import BodyRole, User
from hamafza.accounts.tasks import deliver_notifications
from hamafza.meetings.models import Assignment, ProgressReport
from hamafza.templatetags_builtins import digits as n


def officers_of(organization_id: int) -> list[int]:
    return list(
        User.objects.filter(organization_id=organization_id, is_officer=True, is_active=True).values_list(
            "pk", flat=True
        )
    )


def secretariat_of(body_id: int) -> list[int]:
    return list(
        BodyRole.objects.filter(
            body_id=body_id, kind=BodyRole.Kind.SECRETARIAT, user__is_active=True
        ).values_list("user_id", flat=True)
    )


def resolution_ref(resolution) -> str:
    """A resolution as a notification names it: its number and its session («۳ جلسه ۷»), Persian digits."""
    return _("%(number)s of session %(session)s") % {
        "number": n(resolution.number),
        "session": n(resolution.meeting.number),
    }


def send(user_ids: list[int], title: str, body: str, url: str) -> None:
    if user_ids:
        deliver_notifications.enqueue(user_ids, title, body, url)


def assignment_created(assignment_id: int) -> None:
    assignment = Assignment.objects.select_related("resolution__body", "resolution__meeting").get(
        pk=assignment_id
    )
    resolution = assignment.resolution
    with override("fa"):
        title = _("New resolution for your organisation: %(body)s, resolution %(number)s") % {
            "body": resolution.body.name,
            "number": resolution_ref(resolution),
        }
    send(
        officers_of(assignment.organization_id),
        title,
        resolution.text,
        reverse("meetings:assignment", args=[assignment.pk]),
    )


def report_submitted(report_id: int) -> None:
    report = ProgressReport.objects.select_related(
        "assignment__resolution__body", "assignment__resolution__meeting", "assignment__organization"
    ).get(pk=report_id)
    resolution = report.assignment.resolution
    with override("fa"):
        title = _("%(org)s reported %(percent)s%% on resolution %(number)s of %(body)s") % {
            "org": report.assignment.organization.name,
            "percent": n(report.percent),
            "number": resolution_ref(resolution),
            "body": resolution.body.name,
        }
    send(
        secretariat_of(resolution.body_id),
        title,
        report.narrative,
        reverse("meetings:report", args=[report.pk]),
    )


def report_reviewed(report_id: int) -> None:
    report = ProgressReport.objects.select_related(
        "assignment__resolution__body", "assignment__resolution__meeting"
    ).get(pk=report_id)
    resolution = report.assignment.resolution
    with override("fa"):
        values = {"number": resolution_ref(resolution), "body": resolution.body.name}
        if report.status == ProgressReport.Status.ACCEPTED:
            title = _("Your report on resolution %(number)s of %(body)s was accepted") % values
        else:
            title = _("Your report on resolution %(number)s of %(body)s was returned") % values
    send(
        officers_of(report.assignment.organization_id),
        title,
        report.review_comment,
        reverse("meetings:assignment", args=[report.assignment_id]),
    )
