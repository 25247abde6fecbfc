"""Results: the page, the Excel workbook and the minutes (صورتجلسه) as PDF; ties, signatures and
publication. Seen by the secretariat, the viewers and the officials once counted, and by everyone who
sees the assembly once published (access.election_for_results); anyone else gets 404."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamafza.assembly import access
from hamafza.assembly.exports import minutes, workbook
from hamafza.assembly.forms.elections import LotsForm, RunoffForm
from hamafza.assembly.models import Candidate, Election, IntroductionLetter, Official, ResultLine
from hamafza.assembly.services import counting
from hamafza.assembly.services.common import AssemblyError
from hamafza.assembly.services.elections import confirmations_needed
from hamafza.assembly.views.common import run

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def attachment(data: bytes, content_type: str, ascii_name: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"
    )
    return response


def _file_title(election: Election) -> str:
    return "".join(ch for ch in election.title if ch not in '\\/:*?"<>|\r\n\t').strip()


@login_required
def results(request, pk):
    user = request.user
    election = access.election_for_results(user, pk)
    assembly = election.assembly
    lines = list(
        ResultLine.objects.filter(election=election).select_related("candidate__member__organization__region")
    )
    ties = counting.open_ties(election) if election.state == Election.State.COUNTED else []
    candidates = {
        c.pk: c for c in Candidate.objects.filter(election=election).select_related("member__organization")
    }
    supervisor = access.is_supervisor(user, election)
    manages = access.can_manage_assembly(user, assembly)
    tie_forms = []
    for tie in ties:
        tied = [candidates[pk] for pk in tie.candidate_ids]
        lots_allowed = not tie.at_last_seat or election.tie_rule == Election.TieRule.LOTS
        tie_forms.append(
            {
                "tie": tie,
                "tied": tied,
                "lots": LotsForm(tied=tied, prefix=f"tie{tie.first}")
                if supervisor and lots_allowed
                else None,
                "runoff": RunoffForm(prefix="runoff") if manages and not lots_allowed else None,
            }
        )
    signed = list(election.confirmations.select_related("user"))
    letters = []
    if election.state == Election.State.PUBLISHED:
        letters = [
            letter
            for letter in IntroductionLetter.objects.filter(election=election).select_related(
                "candidate__member__organization", "assembly", "election"
            )
            if access.can_read_letter(user, letter)
        ]
    return render(
        request,
        "assembly/results/results.html",
        {
            "election": election,
            "assembly": assembly,
            "body": assembly.body,
            "lines": lines,
            "tie_forms": tie_forms,
            "tie_breaks": election.tie_breaks.select_related("recorded_by", "runoff"),
            "names": {pk: c.name for pk, c in candidates.items()},
            "supervisors": election.officials.filter(role=Official.Role.SUPERVISOR).select_related("user"),
            "signed": signed,
            "signed_ids": {c.user_id for c in signed},
            "needed": confirmations_needed(election),
            "can_sign": supervisor
            and election.state == Election.State.COUNTED
            and not ties
            and user.pk not in {c.user_id for c in signed},
            "can_publish": manages and election.state == Election.State.CONFIRMED,
            "letters": letters,
            "runoffs": election.runoffs.all(),
            "outcomes": ResultLine.Outcome,
        },
    )


@login_required
def results_xlsx(request, pk):
    election = access.election_for_results(request.user, pk)
    title = _file_title(election)
    return attachment(
        workbook.render(election),
        XLSX,
        f"election-{election.pk}-results.xlsx",
        f"{_('Results')} - {title}.xlsx",
    )


@login_required
def minutes_pdf(request, pk):
    election = access.election_for_results(request.user, pk)
    title = _file_title(election)
    return attachment(
        minutes.render(election),
        "application/pdf",
        f"election-{election.pk}-minutes.pdf",
        f"{_('Election minutes')} - {title}.pdf",
    )


@login_required
@require_POST
def lots(request, pk):
    election = access.election_for_supervisor(request.user, pk)
    first = request.POST.get("tie", "")
    tie = next((t for t in counting.open_ties(election) if str(t.first) == first), None)
    if tie is None:
        messages.error(request, _("This tie has already been resolved."))
        return redirect("assembly:results", election.pk)
    tied = list(Candidate.objects.filter(pk__in=tie.candidate_ids).select_related("member__organization"))
    form = LotsForm(request.POST, tied=tied, prefix=f"tie{tie.first}")
    if not form.is_valid():
        messages.error(request, _("Put every tied candidate in a place, and write how the lots were drawn."))
        return redirect("assembly:results", election.pk)
    return run(
        request,
        lambda: counting.record_lots(
            election, by=request.user, order=form.order(), note=form.cleaned_data["note"]
        ),
        _("The drawing of lots was recorded."),
        "assembly:results",
        election.pk,
    )


@login_required
@require_POST
def runoff(request, pk):
    election = access.election_for_manager(request.user, pk)
    form = RunoffForm(request.POST, prefix="runoff")
    if not form.is_valid():
        messages.error(request, _("Enter when the second round's voting starts and ends."))
        return redirect("assembly:results", election.pk)
    starts, ends = form.window()
    try:
        second = counting.call_runoff(election, by=request.user, voting_starts_at=starts, voting_ends_at=ends)
    except AssemblyError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("assembly:results", election.pk)
    messages.success(request, _("The second round was called; open its voting when the time comes."))
    return redirect("assembly:election", second.pk)


@login_required
@require_POST
def confirm(request, pk):
    election = access.election_for_supervisor(request.user, pk)
    return run(
        request,
        lambda: counting.confirm_results(election, by=request.user),
        _("Your signature was recorded under the results."),
        "assembly:results",
        election.pk,
    )


@login_required
@require_POST
def publish(request, pk):
    election = access.election_for_manager(request.user, pk)
    if not election.reached(Election.State.COUNTED):
        raise Http404
    return run(
        request,
        lambda: counting.publish_results(election, by=request.user),
        _("The results are published and the letters of introduction issued."),
        "assembly:results",
        election.pk,
    )
