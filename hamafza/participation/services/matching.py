"""Allocation proposals: the secretariat runs the allocation of open general pledges to approved needs,
then confirms or rejects it line by line. Nobody outside the secretariat is told anything until a line is
confirmed; a confirmed line becomes a pledge to the need (a part of the general pledge)."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from hamafza.audit import services as audit
from hamafza.meetings.models import Body
from hamafza.meetings.services import notify
from hamafza.participation.access import can_manage_participation
from hamafza.participation.models import AllocationLine, AllocationProposal, Need, Pledge
from hamafza.participation.services import allocation
from hamafza.participation.services.common import ParticipationError

AUDIT_ACTIONS = {
    "matching.propose": gettext_lazy("Allocation of pledges to needs proposed"),
    "matching.confirm": gettext_lazy("Allocation line confirmed"),
    "matching.reject": gettext_lazy("Allocation line rejected"),
    "matching.close": gettext_lazy("Allocation proposal closed"),
}


def _check_manager(user, body_id: int) -> None:
    if not can_manage_participation(user, body_id):
        raise ParticipationError(_("Only the body's secretariat may do this."), code="forbidden")


def _close(proposal: AllocationProposal, by) -> None:
    proposal.state = AllocationProposal.State.CLOSED
    proposal.closed_by, proposal.closed_at = by, timezone.now()
    proposal.save(update_fields=["state", "closed_by", "closed_at"])
    audit.record(
        actor=by,
        action="matching.close",
        obj=proposal,
        changes={"state": [AllocationProposal.State.PROPOSED, AllocationProposal.State.CLOSED]},
        body_id=proposal.body_id,
    )


@transaction.atomic
def propose_allocation(body: Body, *, by) -> AllocationProposal:
    """Allocate the body's open general pledges to its approved open needs by the linear program, keep
    the greedy baseline's figures beside it, and save the lines with their reasons. A new proposal closes
    the body's earlier open one (its lines would compete for the same pledges). Nobody is notified."""
    _check_manager(by, body.pk)
    problem = allocation.allocation_problem(body)
    if not problem.pledges:
        raise ParticipationError(_("The body has no open general pledge to allocate."), code="no_pledges")
    if not any(problem.lacking):
        raise ParticipationError(_("The body has no approved need that still lacks help."), code="no_needs")
    solution = allocation.solve(problem)
    for earlier in AllocationProposal.objects.select_for_update().filter(
        body=body, state=AllocationProposal.State.PROPOSED
    ):
        _close(earlier, by)
    proposal = AllocationProposal.objects.create(
        body=body,
        value=solution.value,
        greedy_value=solution.greedy_value,
        amount=solution.amount,
        pledges_count=len(problem.pledges),
        needs_count=len(problem.needs),
        summary={
            "greedy_amount": solution.greedy_amount,
            "offered": sum(problem.remaining),
            "lacking": sum(problem.lacking),
            "unmet": solution.unmet,
        },
        created_by=by,
    )
    AllocationLine.objects.bulk_create(
        AllocationLine(
            proposal=proposal,
            pledge=line.pledge,
            need=line.need,
            amount=line.amount,
            explanation=line.explanation,
        )
        for line in solution.lines
    )
    audit.record(
        actor=by,
        action="matching.propose",
        obj=proposal,
        changes={"lines": [None, len(solution.lines)], "amount": [None, solution.amount]},
        body_id=body.pk,
    )
    return proposal


def _open_line(line: AllocationLine, by) -> AllocationLine:
    """The line locked, still proposed, in an open proposal, and the user its manager."""
    # Not the proposal's summary (the unmet needs, thousands of them at a district's size) nor the line's
    # reasons: confirm_all locks every line in turn.
    line = (
        AllocationLine.objects.select_for_update()
        .select_related("proposal")
        .defer("explanation", "proposal__summary")
        .get(pk=line.pk)
    )
    _check_manager(by, line.proposal.body_id)
    if line.proposal.state != AllocationProposal.State.PROPOSED:
        raise ParticipationError(_("This proposal is closed."), code="closed")
    if line.state != AllocationLine.State.PROPOSED:
        raise ParticipationError(_("This line was already decided."), code="decided")
    return line


def _decide(line: AllocationLine, state: str, by, result: Pledge | None = None) -> None:
    before = {"state": line.state}
    line.state, line.result = state, result
    line.decided_by, line.decided_at = by, timezone.now()
    line.save(update_fields=["state", "result", "decided_by", "decided_at"])
    action = "matching.confirm" if state == AllocationLine.State.CONFIRMED else "matching.reject"
    changes = audit.diff(before, {"state": state})
    if result is not None:
        changes["pledge"] = [None, result.pk]
    audit.record(actor=by, action=action, obj=line, changes=changes, body_id=line.proposal.body_id)


@transaction.atomic
def confirm_line(line: AllocationLine, *, by) -> Pledge:
    """Give the line's amount of the general pledge to the need: a pledge to the need, part of the general
    one. Refused if the pledge no longer has that much unallocated or the need no longer lacks it. The
    donor and the need's agency are told after the commit."""
    line = _open_line(line, by)
    pledge = Pledge.objects.select_for_update().get(pk=line.pledge_id)
    need = Need.objects.select_for_update().get(pk=line.need_id)
    if pledge.state != Pledge.State.PLEDGED or pledge.need_id is not None:
        raise ParticipationError(_("The pledge is no longer open for allocation."), code="pledge_closed")
    if pledge.value_unallocated < line.amount:
        raise ParticipationError(
            _("The pledge has only %(left)s rials unallocated now, less than this line's %(amount)s.")
            % {"left": allocation.number(pledge.value_unallocated), "amount": allocation.number(line.amount)},
            code="pledge_short",
        )
    if need.state not in Need.OPEN_STATES:
        raise ParticipationError(_("The need is no longer open."), code="need_closed")
    lacking = allocation.need_lacking(need, allocation.pledges_outstanding([need.pk]).get(need.pk, 0))
    if lacking < line.amount:
        raise ParticipationError(
            _("The need lacks only %(lacking)s rials now, less than this line's %(amount)s.")
            % {"lacking": allocation.number(lacking), "amount": allocation.number(line.amount)},
            code="need_short",
        )
    part = Pledge.objects.create(
        donor_id=pledge.donor_id,
        body_id=pledge.body_id,
        need=need,
        parent=pledge,
        category=need.category,
        region_id=need.region_id,
        kind=pledge.kind,
        description=pledge.description,
        value=line.amount,
        state=Pledge.State.PLEDGED,
        source=Pledge.Source.MATCHING,
        created_by=by,
    )
    _decide(line, AllocationLine.State.CONFIRMED, by, result=part)
    transaction.on_commit(lambda: notify_confirmed(part.pk))
    return part


@transaction.atomic
def reject_line(line: AllocationLine, *, by) -> AllocationLine:
    line = _open_line(line, by)
    _decide(line, AllocationLine.State.REJECTED, by)
    return line


def confirm_all(proposal: AllocationProposal, *, by) -> tuple[list[Pledge], list[tuple[AllocationLine, str]]]:
    """Confirm every proposed line of the proposal, each on its own: a line refused (its pledge or need
    changed meanwhile) stays proposed and comes back with the reason."""
    _check_manager(by, proposal.body_id)
    if proposal.state != AllocationProposal.State.PROPOSED:
        raise ParticipationError(_("This proposal is closed."), code="closed")
    confirmed, refused = [], []
    for line in proposal.lines.filter(state=AllocationLine.State.PROPOSED).order_by("pk"):
        try:
            confirmed.append(confirm_line(line, by=by))
        except ParticipationError as error:
            refused.append((line, " ".join(error.messages)))
    return confirmed, refused


@transaction.atomic
def close_proposal(proposal: AllocationProposal, *, by) -> AllocationProposal:
    """Close the proposal: its undecided lines can no longer be confirmed."""
    proposal = AllocationProposal.objects.select_for_update().get(pk=proposal.pk)
    _check_manager(by, proposal.body_id)
    if proposal.state != AllocationProposal.State.PROPOSED:
        raise ParticipationError(_("This proposal is closed."), code="closed")
    _close(proposal, by)
    return proposal


def notify_confirmed(pledge_id: int) -> None:
    """Tell the donor (their user account) and the officers of the need's agency about a confirmed part."""
    part = Pledge.objects.select_related("donor", "need", "need__organization").get(pk=pledge_id)
    need = part.need
    assert need is not None, "a confirmed part is always for a need"
    with override("fa"):
        donor_title = _("Your pledge was allocated %(amount)s rials to a need: %(need)s") % {
            "amount": allocation.number(part.value),
            "need": need.title,
        }
        agency_title = _("A donor's pledge of %(amount)s rials was allocated to your need: %(need)s") % {
            "amount": allocation.number(part.value),
            "need": need.title,
        }
    if part.donor.user is not None and part.donor.user.is_active:
        notify.send(
            [part.donor.user.pk],
            donor_title,
            need.title,
            reverse("participation:pledge_detail", args=[part.pk]),
        )
    if need.organization_id:
        notify.send(
            notify.officers_of(need.organization_id),
            agency_title,
            need.title,
            reverse("participation:need_detail", args=[need.pk]),
        )
