"""Who is told about what in annual programmes. Called after commit; delivery is the follow-up's task
(an inbox notification and an e-mail)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from hamafza.accounts.models import User
from hamafza.goals.models import GoalRole, Programme, QuarterReport, YearEndReview
from hamafza.meetings.services.notify import officers_of, send
from hamafza.templatetags_builtins import digits as n


def reviewers_of(programme: Programme) -> list[int]:
    """The officers of the parent organisation, and reviewers by role on the organisation or above it."""
    from hamafza.goals.access import OrgTree

    tree = OrgTree.load()
    organization_id = programme.organization_id
    above = [organization_id, *tree.ancestors(organization_id)]
    ids = set(
        GoalRole.objects.filter(
            organization_id__in=above, kind=GoalRole.Kind.REVIEWER, user__is_active=True
        ).values_list("user_id", flat=True)
    )
    parent = tree.parent.get(organization_id)
    if parent is not None:
        ids.update(officers_of(parent))
    own = set(User.objects.filter(organization_id=organization_id).values_list("pk", flat=True))
    return sorted(ids - own)


def _programme_url(programme_id: int) -> str:
    return reverse("goals:programme", args=[programme_id])


def programme_activated(programme_id: int) -> None:
    programme = Programme.objects.select_related("organization").get(pk=programme_id)
    with override("fa"):
        title = _("The annual programme %(title)s is active") % {"title": programme.title}
    send(reviewers_of(programme), title, "", _programme_url(programme.pk))


def programme_adopted(programme_id: int) -> None:
    programme = Programme.objects.select_related("organization", "adopts").get(pk=programme_id)
    if programme.adopts is None:
        return
    with override("fa"):
        title = _("%(org)s adopted the programme %(title)s") % {
            "org": programme.organization.name,
            "title": programme.adopts.title,
        }
    send(officers_of(programme.adopts.organization_id), title, "", _programme_url(programme.pk))


def report_submitted(report_id: int) -> None:
    report = QuarterReport.objects.select_related("measure__goal__programme__organization").get(pk=report_id)
    programme = report.measure.goal.programme
    with override("fa"):
        title = _("%(org)s reported quarter %(quarter)s of %(measure)s") % {
            "org": programme.organization.name,
            "quarter": n(report.quarter),
            "measure": report.measure.name,
        }
    send(reviewers_of(programme), title, report.narrative, reverse("goals:report", args=[report.pk]))


def report_reviewed(report_id: int) -> None:
    report = QuarterReport.objects.select_related("measure__goal__programme").get(pk=report_id)
    programme = report.measure.goal.programme
    with override("fa"):
        if report.state == QuarterReport.State.ACCEPTED:
            title = _("Your report of quarter %(quarter)s on %(measure)s was accepted")
        else:
            title = _("Your report of quarter %(quarter)s on %(measure)s was returned")
        title = title % {"quarter": n(report.quarter), "measure": report.measure.name}
    send(
        officers_of(programme.organization_id),
        title,
        report.review_comment,
        reverse("goals:report", args=[report.pk]),
    )


def review_submitted(review_id: int) -> None:
    review = YearEndReview.objects.select_related("goal__programme__organization").get(pk=review_id)
    programme = review.goal.programme
    with override("fa"):
        title = _("%(org)s sent its year-end review of goal %(number)s") % {
            "org": programme.organization.name,
            "number": n(review.goal.number),
        }
    send(reviewers_of(programme), title, review.goal.title, reverse("goals:review", args=[review.goal_id]))


def review_decided(review_id: int) -> None:
    review = YearEndReview.objects.select_related("goal__programme").get(pk=review_id)
    programme = review.goal.programme
    with override("fa"):
        if review.state == YearEndReview.State.ACCEPTED:
            title = _("Your year-end review of goal %(number)s was accepted")
        else:
            title = _("Your year-end review of goal %(number)s was returned")
        title = title % {"number": n(review.goal.number)}
    recipients = set(officers_of(programme.organization_id))
    if review.goal.owner_id:
        recipients.add(review.goal.owner_id)
    send(sorted(recipients), title, review.review_comment, reverse("goals:review", args=[review.goal_id]))
