"""Voting on the site, paper ballots, and checking a tracking code.

The voting page belongs to a member NGO's representative and substitute only (404 to anyone else). The
answer to a vote shows the tracking code once, in that response: it is not put in the session, a
message or a notification, and the page is not cached.

The paper page belongs to the tellers (who enter paper ballots), the secretariat (who, like the
tellers, records which members took a paper ballot) and the supervisors. A teller does not see another
teller's reading of a paper ballot until both have entered it, so the two entries stay independent.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamafza.assembly import access
from hamafza.assembly.forms.ballots import BallotForm, PaperEntryForm, PaperVoterForm, TrackingForm
from hamafza.assembly.models import Ballot, Candidate, Election, VoterRecord
from hamafza.assembly.services import ballots
from hamafza.assembly.services.common import AssemblyError
from hamafza.assembly.services.eligibility import eligibility_problem, eligible_members
from hamafza.assembly.views.common import refusal_on_form


def _standing(election: Election):
    return election.candidates.filter(state=Candidate.State.STANDING).select_related(
        "member__organization__region"
    )


@login_required
def vote(request, pk):
    user = request.user
    election = access.election_for_user(user, pk)
    member = access.ballot_member(user, election)
    if member is None:
        raise Http404
    record = VoterRecord.objects.filter(election=election, member=member).first()
    candidates = list(_standing(election))
    form = BallotForm(request.POST if request.method == "POST" else None, candidates=candidates)
    open_now = election.state == Election.State.VOTING_OPEN and election.in_window()
    warning = ""
    if request.method == "POST" and record is None and form.is_valid():
        chosen = form.cleaned_data["choices"]
        invalid = (
            Ballot.Invalid.BLANK
            if not chosen
            else Ballot.Invalid.TOO_MANY
            if len(chosen) > election.max_choices
            else ""
        )
        if invalid and not form.cleaned_data["confirm_invalid"]:
            warning = invalid
        else:
            try:
                receipt = ballots.cast_ballot(
                    election, member, by=user, choices=chosen, channel=VoterRecord.Channel.WEB
                )
            except AssemblyError as error:
                refusal_on_form(form, error)
                record = VoterRecord.objects.filter(election=election, member=member).first()
            else:
                response = render(
                    request,
                    "assembly/ballots/receipt.html",
                    {
                        "election": election,
                        "assembly": election.assembly,
                        "member": member,
                        "receipt": receipt,
                    },
                )
                response["Cache-Control"] = "no-store"
                return response
    return render(
        request,
        "assembly/ballots/vote.html",
        {
            "election": election,
            "assembly": election.assembly,
            "member": member,
            "candidates": candidates,
            "form": form,
            "record": record,
            "open_now": open_now,
            "problem": eligibility_problem(member, election.election_day),
            "warning": warning,
            "chosen": set(form.cleaned_data.get("choices", []))
            if form.is_bound and form.is_valid()
            else set(),
            "channels": dict(VoterRecord.Channel.choices),
        },
    )


def _paper_election(user, pk) -> tuple[Election, bool, bool]:
    election = access.election_for_user(user, pk)
    manages = access.can_manage_assembly(user, election.assembly)
    roles = access.roles_in(user, election)
    if not (manages or roles):
        raise Http404
    return election, manages, "teller" in roles


@login_required
def paper(request, pk):
    user = request.user
    election, manages, teller = _paper_election(user, pk)
    candidates = list(_standing(election))
    entry_form = PaperEntryForm(request.POST or None, candidates=candidates) if teller else None
    if request.method == "POST":
        if entry_form is None:
            raise Http404
        if entry_form.is_valid():
            number = entry_form.cleaned_data["paper_number"]
            try:
                state = ballots.enter_paper_ballot(
                    election,
                    by=user,
                    paper_number=number,
                    choices=entry_form.cleaned_data["choices"],
                    spoiled=entry_form.cleaned_data["spoiled"],
                )
            except AssemblyError as error:
                refusal_on_form(entry_form, error)
            else:
                text = {
                    ballots.PaperState.WAITING: _(
                        "Paper ballot %(n)s was entered; it awaits a second teller."
                    ),
                    ballots.PaperState.COUNTED: _(
                        "Paper ballot %(n)s: the two readings agree; it is counted."
                    ),
                    ballots.PaperState.DISAGREE: _(
                        "Paper ballot %(n)s: the readings differ; look at the paper again."
                    ),
                }[state]
                (messages.success if state != ballots.PaperState.DISAGREE else messages.warning)(
                    request, text % {"n": number}
                )
                return redirect("assembly:paper", election.pk)
    names = {c.pk: c.name for c in candidates}
    sheets = []
    for sheet in ballots.paper_sheets(election):
        own = next((entry for entry in sheet.entries if entry.teller_id == user.pk), None)
        reveal = sheet.state != ballots.PaperState.WAITING
        sheets.append(
            {
                "number": sheet.number,
                "state": sheet.state,
                "own": own,
                "entries": sheet.entries if reveal else [],
                "tellers": len({entry.teller_id for entry in sheet.entries}),
            }
        )
    voted = VoterRecord.objects.filter(election=election)
    may_hand_out = access.can_record_paper_voters(user, election)
    voter_form = None
    if may_hand_out:
        waiting = eligible_members(election.assembly, election.election_day).exclude(
            pk__in=voted.values("member_id")
        )
        voter_form = PaperVoterForm(
            members=waiting.select_related("organization").order_by("organization__name")
        )
    return render(
        request,
        "assembly/ballots/paper.html",
        {
            "election": election,
            "assembly": election.assembly,
            "body": election.assembly.body,
            "entry_form": entry_form,
            "voter_form": voter_form,
            "sheets": sheets,
            "names": names,
            "paper_voters": voted.filter(channel=VoterRecord.Channel.PAPER).select_related(
                "member__organization"
            ),
            "open_now": election.state == Election.State.VOTING_OPEN and election.in_window(),
            "entering": election.state in (Election.State.VOTING_OPEN, Election.State.VOTING_CLOSED),
            "states": ballots.PaperState,
        },
    )


@login_required
@require_POST
def paper_voter(request, pk):
    election = access.election_for_user(request.user, pk)
    if not access.can_record_paper_voters(request.user, election):
        raise Http404
    member_id = request.POST.get("member", "")
    member = (
        election.assembly.members.filter(pk=member_id).select_related("organization").first()
        if member_id.isdigit()
        else None
    )
    if member is None:
        messages.error(request, _("Choose the member NGO that took the paper ballot."))
    else:
        try:
            ballots.record_paper_voter(election, member, by=request.user)
        except AssemblyError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(ngo)s took a paper ballot.") % {"ngo": member.organization})
    return redirect("assembly:paper", election.pk)


@login_required
def tracking(request, pk):
    election = access.election_for_user(request.user, pk)
    if not election.reached(Election.State.VOTING_OPEN):
        raise Http404
    form = TrackingForm(request.GET or None)
    answer = None
    if form.is_bound and form.is_valid():
        answer = ballots.is_counted(election, form.cleaned_data["code"])
    published = election.state == Election.State.PUBLISHED
    return render(
        request,
        "assembly/ballots/tracking.html",
        {
            "election": election,
            "assembly": election.assembly,
            "body": election.assembly.body,
            "form": form,
            "answer": answer,
            "published": published,
            "fingerprints": ballots.published_fingerprints(election) if published else [],
            "paper_numbers": ballots.counted_paper_numbers(election) if published else [],
        },
    )
