"""Matching pages: donors ranked for a need, and the allocation of open pledges to needs, proposed by the
linear program and confirmed by the secretariat line by line.

Who sees what: the secretariat of the body (and system administrators). A body's viewers may not run
matching (403 on the matching page); a proposal is the secretariat's working draft, so everyone else,
viewers included, gets 404 on a proposal and its lines. On a need's donor ranking, whoever may not see
the need gets 404 and whoever sees it without managing the body (viewers, the need's agency) 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamafza.participation import access
from hamafza.participation.models import AllocationLine, AllocationProposal
from hamafza.participation.services import allocation
from hamafza.participation.services import matching as services
from hamafza.participation.services.common import ParticipationError
from hamafza.participation.tasks import confirm_proposal_task
from hamafza.participation.views.common import act


def _managed_bodies(user):
    bodies = access.participation_bodies(user)
    if user.is_system_admin:
        return bodies.order_by("name")
    return bodies.filter(pk__in=access.secretariat_body_ids(user)).order_by("name")


@login_required
def need_donors(request, pk):
    need = access.need_for_user(request.user, pk)
    if not access.can_manage_participation(request.user, need.body_id):
        raise PermissionDenied
    ranked = allocation.rank_donors(need)
    rows = [
        {
            "score": s,
            "name": s.donor.name if access.may_see_donor_name(request.user, s.donor) else None,
            "explanation": s.explanation(),
        }
        for s in ranked
    ]
    return render(
        request,
        "participation/matching/need_donors.html",
        {"need": need, "rows": rows, "weights": allocation.RANK_WEIGHTS},
    )


@login_required
def matching_home(request):
    """Choose a body and run the allocation; the body's recent proposals."""
    user = request.user
    bodies = list(_managed_bodies(user))
    if not bodies:
        if access.reviewing_body_ids(user):
            raise PermissionDenied
        raise Http404
    if request.method == "POST":
        body = next((b for b in bodies if str(b.pk) == request.POST.get("body")), None)
        if body is None:
            messages.error(request, _("Choose a body."))
            return redirect("participation:matching")
        try:
            proposal = services.propose_allocation(body, by=user)
        except ParticipationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("participation:matching")
        messages.success(request, _("The allocation was proposed. Nobody is told until you confirm it."))
        return redirect("participation:proposal", pk=proposal.pk)
    proposals = (
        AllocationProposal.objects.filter(body__in=bodies)
        .select_related("body")
        .annotate(
            lines_count=Count("lines"),
            confirmed_count=Count("lines", filter=Q(lines__state=AllocationLine.State.CONFIRMED)),
        )[:20]
    )
    for proposal in proposals:
        proposal.amount_shown = allocation.number(proposal.amount)
    return render(request, "participation/matching/home.html", {"bodies": bodies, "proposals": proposals})


LINES_PER_PAGE = 100
UNMET_PER_PAGE = 100
CONFIRM_IN_BACKGROUND = 200  # lines; more are confirmed by the worker


@login_required
def proposal_detail(request, pk):
    """The proposal's totals, its lines a page at a time (by need) and the needs it leaves unmet, also a
    page at a time: at a district's size a proposal runs to thousands of each."""
    proposal = allocation.proposal_for_user(request.user, pk)
    lines_page = Paginator(
        proposal.lines.select_related("pledge__donor", "need__region", "need__organization")
        .defer("need__region__boundary")
        .order_by("need_id", "pk"),
        LINES_PER_PAGE,
    ).get_page(request.GET.get("page"))
    # Whoever sees a proposal manages its body, so sees the names of anonymous donors: asked once.
    names_shown = access.can_manage_participation(request.user, proposal.body_id)
    for line in lines_page:
        line.reasons = allocation.explain_line(line.explanation)
        line.amount_shown = allocation.number(line.amount)
        donor = line.pledge.donor
        line.donor_name = (
            donor.name if names_shown or access.may_see_donor_name(request.user, donor) else None
        )
    unmet_page = Paginator(proposal.summary.get("unmet", []), UNMET_PER_PAGE).get_page(
        request.GET.get("unmet_page")
    )
    unmet = [
        {
            **row,
            "lacking_shown": allocation.number(row["lacking"]),
            "receives_shown": allocation.number(row["receives"]),
            "reason": allocation.explain_unmet(row),
        }
        for row in unmet_page
    ]
    gain = (proposal.value / proposal.greedy_value - 1) * 100 if proposal.greedy_value else None
    # Thousands separators in the page's digits (the fa locale of Django does not group numbers).
    figures = {
        "value": allocation.number(round(proposal.value)),
        "greedy_value": allocation.number(round(proposal.greedy_value)),
        "gain": allocation.number(round(gain, 1)) if gain is not None else None,
        "amount": allocation.number(proposal.amount),
        "greedy_amount": allocation.number(proposal.summary.get("greedy_amount", 0)),
    }
    return render(
        request,
        "participation/matching/proposal.html",
        {
            "proposal": proposal,
            "lines": list(lines_page),
            "lines_page": lines_page,
            "unmet": unmet,
            "unmet_page": unmet_page,
            "figures": figures,
            "open": proposal.state == AllocationProposal.State.PROPOSED,
            "pending": proposal.lines.filter(state=AllocationLine.State.PROPOSED).exists(),
        },
    )


def _line_for_user(user, pk) -> AllocationLine:
    line = get_object_or_404(AllocationLine.objects.select_related("proposal"), pk=pk)
    allocation.proposal_for_user(user, line.proposal_id)
    return line


@login_required
@require_POST
def line_confirm(request, pk):
    line = _line_for_user(request.user, pk)
    return act(
        request,
        lambda: services.confirm_line(line, by=request.user),
        _("The line was confirmed; the donor and the agency are told."),
        reverse("participation:proposal", args=[line.proposal_id]),
    )


@login_required
@require_POST
def line_reject(request, pk):
    line = _line_for_user(request.user, pk)
    return act(
        request,
        lambda: services.reject_line(line, by=request.user),
        _("The line was rejected."),
        reverse("participation:proposal", args=[line.proposal_id]),
    )


@login_required
@require_POST
def proposal_confirm_all(request, pk):
    proposal = allocation.proposal_for_user(request.user, pk)
    waiting = proposal.lines.filter(state=AllocationLine.State.PROPOSED).count()
    if waiting > CONFIRM_IN_BACKGROUND and proposal.state == proposal.State.PROPOSED:
        # Each line is checked, audited and told on its own (about 10 ms a line): many go to the worker.
        confirm_proposal_task.enqueue(proposal.pk, request.user.pk)
        messages.success(
            request,
            _("%(count)s lines are being confirmed in the background; you will be notified when it is done.")
            % {"count": allocation.number(waiting)},
        )
        return redirect("participation:proposal", pk=proposal.pk)
    try:
        confirmed, refused = services.confirm_all(proposal, by=request.user)
    except ParticipationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(count)s lines were confirmed.") % {"count": allocation.number(len(confirmed))}
        )
        for line, reason in refused:
            messages.error(
                request,
                _("Line %(line)s was not confirmed: %(reason)s")
                % {"line": allocation.number(line.pk), "reason": reason},
            )
    return redirect("participation:proposal", pk=proposal.pk)


@login_required
@require_POST
def proposal_close(request, pk):
    proposal = allocation.proposal_for_user(request.user, pk)
    return act(
        request,
        lambda: services.close_proposal(proposal, by=request.user),
        _("The proposal was closed."),
        reverse("participation:proposal", args=[proposal.pk]),
    )
