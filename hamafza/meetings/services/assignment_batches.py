"""Several assignments changed at once: a new deadline, or another organisation, for all the chosen
ones in one transaction. Each change is checked and audited as the single edit is (`update_assignment`,
`change_organization`); if any one is refused, none is made and the message names them all."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from hamafza.accounts.models import User
from hamafza.audit.services import diff, record, snapshot
from hamafza.meetings.models import Assignment, Resolution
from hamafza.meetings.services import notify
from hamafza.meetings.services.common import FollowUpError, require_manager
from hamafza.meetings.services.followup import ASSIGNMENT_FIELDS, update_assignment
from hamafza.orgs.models import Organization
from hamafza.templatetags_builtins import digits as n


@transaction.atomic
def change_organization(assignment: Assignment, *, by: User, organization: Organization) -> Assignment:
    """Give the duty to another organisation: only while nothing has been reported on it, the resolution
    is open and the organisation is not already assigned to the resolution. The new organisation's
    officers are told, as of a new assignment."""
    assignment = (
        Assignment.objects.select_for_update()
        .select_related("resolution__body", "organization")
        .get(pk=assignment.pk)
    )
    require_manager(by, assignment.resolution.body)
    if assignment.organization_id == organization.pk:
        return assignment
    if assignment.resolution.status != Resolution.Status.OPEN:
        raise FollowUpError(_("This resolution is closed."))
    if assignment.status == Assignment.Status.DONE or assignment.reports.exists():
        raise FollowUpError(
            _("%(organization)s has already reported on it; its duty cannot pass to another organisation.")
            % {"organization": assignment.organization.name}
        )
    if assignment.resolution.assignments.filter(organization=organization).exclude(pk=assignment.pk).exists():
        raise FollowUpError(
            _("%(organization)s is already assigned to this resolution.")
            % {"organization": organization.name}
        )
    before = snapshot(assignment, ASSIGNMENT_FIELDS)
    assignment.organization = organization
    assignment.save(update_fields=["organization"])
    record(
        actor=by,
        action="assignment.reassign",
        obj=assignment,
        changes=diff(before, snapshot(assignment, ASSIGNMENT_FIELDS)),
        resolution_id=assignment.resolution_id,
        body_id=assignment.resolution.body_id,
    )
    transaction.on_commit(lambda: notify.assignment_created(assignment.pk))
    return assignment


@transaction.atomic
def change_assignments(
    assignments: list[Assignment],
    *,
    by: User,
    deadline: dt.date | None = None,
    organization: Organization | None = None,
) -> list[Assignment]:
    """Set the deadline (the duty becomes one with this deadline) and/or the organisation of every
    assignment given, all or nothing."""
    if not assignments:
        raise FollowUpError(_("Choose at least one assignment."), code="none")
    if deadline is None and organization is None:
        raise FollowUpError(_("Enter a new deadline or choose a new organisation."), code="nothing")
    refused: list[str] = []
    changed: list[Assignment] = []
    for assignment in sorted(assignments, key=lambda a: a.pk):
        try:
            if organization is not None:
                assignment = change_organization(assignment, by=by, organization=organization)
            if deadline is not None:
                assignment = update_assignment(
                    assignment, by=by, recurrence=Assignment.Recurrence.ONCE, deadline=deadline
                )
        except FollowUpError as error:
            refused.append(
                _("Resolution %(number)s, %(organization)s: %(reason)s")
                % {
                    "number": n(assignment.resolution.number),
                    "organization": assignment.organization.name,
                    "reason": " ".join(error.messages),
                }
            )
        else:
            changed.append(assignment)
    if refused:
        # Raised inside the transaction: the changes already made are rolled back with it.
        raise FollowUpError(refused, code="refused")
    return changed
