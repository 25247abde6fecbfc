"""Who may see what. One helper per object type; anyone outside the scope gets a 404.

Scope:
- a system administrator sees everything;
- a body is seen by its secretariat and viewers (BodyRole) and by the users of its member organisations
  and of its secretariat organisation;
- a resolution, meeting or assignment is seen by whoever sees its body, and a resolution also by the
  users of an organisation assigned to it;
- progress reports and their evidence are seen by the body's secretariat and viewers and by the
  assigned organisation only.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from hamafza.accounts.models import BodyRole, User
from hamafza.meetings.models import (
    Assignment,
    Body,
    Evidence,
    Meeting,
    MinutesImport,
    ProgressReport,
    Resolution,
)
from hamafza.orgs.models import Organization


def _body_q(user: User, prefix: str = "") -> Q:
    """Bodies the user sees: by a role in it, or through the user's organisation."""
    q = Q(**{f"{prefix}roles__user": user})
    if user.organization_id:
        q |= Q(**{f"{prefix}members": user.organization_id})
        q |= Q(**{f"{prefix}secretariat": user.organization_id})
    return q


def bodies_for_user(user: User) -> QuerySet[Body]:
    if user.is_system_admin:
        return Body.objects.all()
    return Body.objects.filter(pk__in=Body.objects.filter(_body_q(user)).values("pk"))


def body_for_user(user: User, pk) -> Body:
    body = bodies_for_user(user).filter(pk=pk).first()
    if body is None:
        raise Http404
    return body


def managed_body_ids(user: User) -> set[int]:
    """Bodies the user manages: those whose secretariat the user is; every body for an administrator
    (as can_manage_body says)."""
    if user.is_system_admin:
        return set(Body.objects.values_list("pk", flat=True))
    return set(
        BodyRole.objects.filter(user=user, kind=BodyRole.Kind.SECRETARIAT).values_list("body_id", flat=True)
    )


def can_manage_body(user: User, body: Body) -> bool:
    if user.is_system_admin:
        return True
    return BodyRole.objects.filter(user=user, body=body, kind=BodyRole.Kind.SECRETARIAT).exists()


def can_review_body(user: User, body: Body) -> bool:
    """Seeing every organisation's reports: secretariat and viewers."""
    if user.is_system_admin:
        return True
    return BodyRole.objects.filter(user=user, body=body).exists()


def meetings_for_user(user: User) -> QuerySet[Meeting]:
    if user.is_system_admin:
        return Meeting.objects.all()
    return Meeting.objects.filter(body__in=bodies_for_user(user))


def meeting_for_user(user: User, pk) -> Meeting:
    meeting = meetings_for_user(user).select_related("body").filter(pk=pk).first()
    if meeting is None:
        raise Http404
    return meeting


def resolutions_for_user(user: User) -> QuerySet[Resolution]:
    if user.is_system_admin:
        return Resolution.objects.all()
    q = Q(body__in=bodies_for_user(user))
    if user.organization_id:
        q |= Q(pk__in=Assignment.objects.filter(organization=user.organization_id).values("resolution_id"))
    return Resolution.objects.filter(q)


def resolution_for_user(user: User, pk) -> Resolution:
    resolution = resolutions_for_user(user).select_related("meeting", "body").filter(pk=pk).first()
    if resolution is None:
        raise Http404
    return resolution


def assignments_for_user(user: User) -> QuerySet[Assignment]:
    if user.is_system_admin:
        return Assignment.objects.all()
    return Assignment.objects.filter(resolution__in=resolutions_for_user(user))


def assignment_for_user(user: User, pk) -> Assignment:
    assignment = (
        assignments_for_user(user)
        .select_related("resolution__body", "resolution__meeting", "organization")
        .filter(pk=pk)
        .first()
    )
    if assignment is None:
        raise Http404
    return assignment


def reports_for_user(user: User) -> QuerySet[ProgressReport]:
    if user.is_system_admin:
        return ProgressReport.objects.all()
    q = Q(assignment__resolution__body__roles__user=user)
    if user.organization_id:
        q |= Q(assignment__organization=user.organization_id)
    return ProgressReport.objects.filter(pk__in=ProgressReport.objects.filter(q).values("pk"))


def report_for_user(user: User, pk) -> ProgressReport:
    report = (
        reports_for_user(user)
        .select_related("assignment__resolution__body", "assignment__organization", "submitted_by")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404
    return report


def evidence_for_user(user: User, pk) -> Evidence:
    evidence = Evidence.objects.filter(pk=pk, report__in=reports_for_user(user)).first()
    if evidence is None:
        raise Http404
    return evidence


def can_see_reports_of(user: User, assignment: Assignment) -> bool:
    if user.is_system_admin:
        return True
    if user.organization_id and user.organization_id == assignment.organization_id:
        return True
    return can_review_body(user, assignment.resolution.body)


def organizations_dashboard_for_user(user: User) -> QuerySet[Organization]:
    """Organisations whose dashboard the user may open: their own, or any for an administrator."""
    if user.is_system_admin:
        return Organization.objects.all()
    return Organization.objects.filter(pk=user.organization_id)


def organization_dashboard_for_user(user: User, pk) -> Organization:
    organization = organizations_dashboard_for_user(user).filter(pk=pk).first()
    if organization is None:
        raise Http404
    return organization


def import_for_user(user: User, pk) -> MinutesImport:
    """Minutes imports are the secretariat's working drafts: only the body's managers see them."""
    minutes_import = MinutesImport.objects.select_related("body").filter(pk=pk).first()
    if minutes_import is None:
        raise Http404
    if not can_manage_body(user, minutes_import.body):
        raise Http404
    return minutes_import


def notice_for_user(user: User, meeting_pk, organization_pk) -> tuple[Meeting, Organization]:
    """A meeting's notification letter to an organisation with a duty from it (on a resolution not
    cancelled): read by the body's secretariat and viewers and by the organisation's own users; everyone else (the other organisations
    of the body included) gets a 404, as for a letter to an organisation without a duty."""
    meeting = Meeting.objects.select_related("body__secretariat__parent").filter(pk=meeting_pk).first()
    if meeting is None:
        raise Http404
    assignment = (
        Assignment.objects.select_related("organization")
        .filter(resolution__meeting=meeting, organization=organization_pk)
        .exclude(resolution__status=Resolution.Status.CANCELLED)
        .first()
    )
    if assignment is None:
        raise Http404
    if not (user.organization_id == assignment.organization_id or can_review_body(user, meeting.body)):
        raise Http404
    return meeting, assignment.organization
