"""Elections: the election's page (its state, candidates, officials and what the user may do next), its
settings and officials, the transitions, and candidacies."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamafza.accounts.models import User
from hamafza.assembly import access
from hamafza.assembly.forms.elections import CandidacyForm, ElectionForm, OfficialForm, ReasonForm
from hamafza.assembly.models import Candidate, Election, Member, Official, VoterRecord
from hamafza.assembly.services import counting
from hamafza.assembly.services import elections as services
from hamafza.assembly.services.common import AssemblyError
from hamafza.assembly.services.eligibility import eligibility_problem, eligible_members
from hamafza.assembly.tasks import close_ended_votes_task
from hamafza.assembly.views.common import refusal_on_form, run
from hamafza.audit.models import AuditEntry


def open_voting(election: Election, *, by: User) -> Election:
    """Open the vote and ask the task workers to close it when its window ends."""
    election = services.open_voting(election, by=by)
    if close_ended_votes_task.get_backend().supports_defer:  # the immediate backend of the tests cannot wait
        task = close_ended_votes_task.using(run_after=election.voting_ends_at)
        transaction.on_commit(task.enqueue)
    return election


STEPS = {
    "open-candidacy": (services.open_candidacy, _("Candidacy is open; the members were told.")),
    "close-candidacy": (services.close_candidacy, _("Candidacy is closed.")),
    "open-voting": (open_voting, _("Voting is open; the members were told.")),
    "close-voting": (services.close_voting, _("Voting is closed.")),
    "count": (counting.count_votes, _("The votes were counted; the supervisors were asked to sign.")),
}


def _data(form) -> services.ElectionData:
    starts, ends = form.window()
    data = form.cleaned_data
    return services.ElectionData(
        title=data["title"],
        seats=data["seats"],
        max_choices=data.get("max_choices"),
        voting_starts_at=starts,
        voting_ends_at=ends,
        substitutes=data.get("substitutes") or 0,
        tie_rule=data["tie_rule"],
        meeting=data.get("meeting"),
        confirmations_required=data.get("confirmations_required"),
    )


@login_required
def election_create(request, pk):
    assembly = access.assembly_for_manager(request.user, pk)
    form = ElectionForm(
        request.POST or None, assembly=assembly, initial={"substitutes": 0, "tie_rule": Election.TieRule.LOTS}
    )
    if request.method == "POST" and form.is_valid():
        try:
            election = services.create_election(assembly, by=request.user, data=_data(form))
        except AssemblyError as error:
            refusal_on_form(form, error)
        else:
            messages.success(
                request, _("The election was created in draft; name its supervisors and tellers.")
            )
            return redirect("assembly:officials", election.pk)
    return render(
        request,
        "assembly/elections/form.html",
        {"assembly": assembly, "body": assembly.body, "form": form, "election": None},
    )


@login_required
def election_edit(request, pk):
    election = access.election_for_manager(request.user, pk)
    if election.state not in services.EDITABLE_STATES:
        raise Http404
    initial = {name: getattr(election, name) for name in services.SETTINGS if not name.startswith("voting_")}
    initial["meeting"] = election.meeting_id
    initial.update(ElectionForm.initial_window(election.voting_starts_at, election.voting_ends_at))
    form = ElectionForm(request.POST or None, assembly=election.assembly, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_election(election, by=request.user, data=_data(form))
        except AssemblyError as error:
            refusal_on_form(form, error)
        else:
            messages.success(request, _("The election was saved."))
            return redirect("assembly:election", election.pk)
    return render(
        request,
        "assembly/elections/form.html",
        {"assembly": election.assembly, "body": election.assembly.body, "form": form, "election": election},
    )


def _stepper(election: Election) -> list[dict]:
    current = Election.ORDER.index(election.state)
    return [
        {"value": value, "label": label, "done": index < current, "current": index == current}
        for index, (value, label) in enumerate(Election.State.choices)
    ]


def _history(election: Election) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            object_type="assembly.election", object_id=election.pk, action__in=services.TRANSITION_ACTIONS
        ).order_by("at", "id")
    )


@login_required
def election_detail(request, pk):
    user = request.user
    election = access.election_for_user(user, pk)
    if election.state == Election.State.VOTING_OPEN and timezone.now() >= election.voting_ends_at:
        services.close_ended_votes()  # the window has ended; the scheduled close may not have run yet
        election = access.election_for_user(user, pk)
    assembly = election.assembly
    manages = access.can_manage_assembly(user, assembly)
    roles = access.roles_in(user, election)
    own = access.own_member(user, assembly)
    own_record = VoterRecord.objects.filter(election=election, member=own).first() if own else None
    own_candidate = Candidate.objects.filter(election=election, member=own).first() if own else None
    reads_all = access.reads_everything(user, assembly) or bool(roles)
    candidates = election.candidates.select_related("member__organization__region")
    if not (manages or reads_all):
        candidates = candidates.filter(state=Candidate.State.STANDING)
    steps = []
    if manages and election.state == Election.State.DRAFT:
        steps.append(("open-candidacy", _("Open candidacy")))
    if manages and election.state == Election.State.CANDIDACY_OPEN:
        steps.append(("close-candidacy", _("Close candidacy")))
    if access.can_run(user, election):
        if election.state == Election.State.CANDIDACY_CLOSED:
            steps.append(("open-voting", _("Open voting")))
        if election.state == Election.State.VOTING_OPEN:
            steps.append(("close-voting", _("Close voting")))
        if election.state == Election.State.VOTING_CLOSED:
            steps.append(("count", _("Count the votes")))
    problem = eligibility_problem(own, election.election_day) if own else None
    context = {
        "election": election,
        "assembly": assembly,
        "body": assembly.body,
        "stepper": _stepper(election),
        "candidates": candidates,
        "officials": election.officials.select_related("user__organization"),
        "manages": manages,
        "reads_all": reads_all,
        "is_supervisor": Official.Role.SUPERVISOR in roles,
        "is_teller": Official.Role.TELLER in roles,
        "own": own,
        "own_problem": problem,
        "own_record": own_record,
        "own_candidate": own_candidate,
        # The voting page's own rule (access.ballot_member): whom it answers is who is offered the link.
        "speaks": access.ballot_member(user, election) is not None,
        "can_stand": (
            own is not None
            and election.state == Election.State.CANDIDACY_OPEN
            and problem is None
            and services.can_stand_for(user, own)
            and (own_candidate is None or own_candidate.state == Candidate.State.WITHDRAWN)
        ),
        "steps": steps,
        "in_window": election.in_window(),
        "now": timezone.now(),
        "history": _history(election) if reads_all or manages else [],
        "sees_results": access.can_see_results(user, election),
        "channels": dict(VoterRecord.Channel.choices),
    }
    if reads_all and election.reached(Election.State.VOTING_OPEN):
        context["voters"] = election.voter_records.count()
        context["eligible"] = eligible_members(assembly, election.election_day).count()
    return render(request, "assembly/elections/detail.html", context)


@login_required
@require_POST
def election_step(request, pk, step):
    election = access.election_for_user(request.user, pk)
    if step not in STEPS:
        raise Http404
    if not access.can_run(request.user, election):
        raise Http404
    change, success = STEPS[step]
    return run(request, lambda: change(election, by=request.user), success, "assembly:election", election.pk)


@login_required
def officials(request, pk):
    election = access.election_for_manager(request.user, pk)
    people = (
        User.objects.filter(is_active=True)
        .exclude(pk__in=election.officials.values("user_id"))
        .select_related("organization")
        .order_by("organization__name", "last_name", "first_name")
    )
    form = OfficialForm(request.POST or None, users=people)
    if request.method == "POST":
        removing = request.POST.get("remove")
        if removing:
            official = election.officials.filter(pk=removing).first()
            if official is None:
                raise Http404
            return run(
                request,
                lambda: services.remove_official(official, by=request.user),
                _("The official was removed."),
                "assembly:officials",
                election.pk,
            )
        if form.is_valid():
            try:
                services.add_official(
                    election,
                    by=request.user,
                    user=form.cleaned_data["user"],
                    role=form.cleaned_data["role"],
                    title=form.cleaned_data["title"],
                )
            except AssemblyError as error:
                refusal_on_form(form, error)
            else:
                messages.success(request, _("The official was named."))
                return redirect("assembly:officials", election.pk)
    return render(
        request,
        "assembly/elections/officials.html",
        {
            "election": election,
            "assembly": election.assembly,
            "body": election.assembly.body,
            "form": form,
            "officials": election.officials.select_related("user__organization"),
            "editable": election.state in services.EDITABLE_STATES,
        },
    )


def _member_to_stand(request, election: Election) -> Member:
    """The member the user registers: their own NGO, or for the secretariat the one chosen."""
    user = request.user
    if access.can_manage_assembly(user, election.assembly):
        chosen = request.GET.get("member") or request.POST.get("member")
        if chosen and chosen.isdigit():
            member = (
                Member.objects.filter(assembly=election.assembly, pk=chosen)
                .select_related("organization")
                .first()
            )
            if member is not None:
                return member
    own = access.own_member(user, election.assembly)
    if own is None or not services.can_stand_for(user, own):
        raise Http404
    return own


@login_required
def stand(request, pk):
    election = access.election_for_user(request.user, pk)
    member = _member_to_stand(request, election)
    candidate = Candidate.objects.filter(
        election=election, member=member, state=Candidate.State.STANDING
    ).first()
    initial = {}
    if candidate is not None:
        initial = {
            "programme": candidate.programme,
            "achievements": list(candidate.achievements.values_list("pk", flat=True)),
        }
    form = CandidacyForm(request.POST or None, organization_id=member.organization_id, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {
            "programme": form.cleaned_data["programme"],
            "achievements": form.cleaned_data["achievements"],
        }
        try:
            if candidate is None:
                candidate = services.stand(election, member, by=request.user, **data)
                messages.success(request, _("%(ngo)s stands in the election.") % {"ngo": member.organization})
            else:
                services.update_candidate(candidate, by=request.user, **data)
                messages.success(request, _("The candidacy was saved."))
        except AssemblyError as error:
            refusal_on_form(form, error)
        else:
            return redirect("assembly:candidate", candidate.pk)
    members = []
    if access.can_manage_assembly(request.user, election.assembly):
        members = eligible_members(election.assembly, election.election_day).select_related("organization")
    return render(
        request,
        "assembly/elections/stand.html",
        {
            "election": election,
            "assembly": election.assembly,
            "body": election.assembly.body,
            "member": member,
            "members": members,
            "candidate": candidate,
            "form": form,
        },
    )


@login_required
def candidate_detail(request, pk):
    user = request.user
    candidate = access.candidate_for_user(user, pk)
    election = candidate.election
    manages = access.can_manage_assembly(user, election.assembly)
    if candidate.state != Candidate.State.STANDING and not (
        manages or access.reads_everything(user, election.assembly)
    ):
        if user.organization_id != candidate.member.organization_id:
            raise Http404
    before_voting = election.state in (Election.State.CANDIDACY_OPEN, Election.State.CANDIDACY_CLOSED)
    standing = candidate.state == Candidate.State.STANDING
    return render(
        request,
        "assembly/elections/candidate.html",
        {
            "candidate": candidate,
            "election": election,
            "assembly": election.assembly,
            "body": election.assembly.body,
            "reports": candidate.achievements.select_related("body").prefetch_related("regions"),
            "can_edit": standing
            and election.state == Election.State.CANDIDACY_OPEN
            and services.can_stand_for(user, candidate.member),
            "can_withdraw": standing and before_voting and services.can_stand_for(user, candidate.member),
            "can_refuse": standing and before_voting and manages,
            "refuse_form": ReasonForm(),
        },
    )


@login_required
@require_POST
def candidate_withdraw(request, pk):
    candidate = access.candidate_for_user(request.user, pk)
    if not services.can_stand_for(request.user, candidate.member):
        raise Http404
    return run(
        request,
        lambda: services.withdraw(candidate, by=request.user),
        _("The candidacy was withdrawn."),
        "assembly:candidate",
        candidate.pk,
    )


@login_required
@require_POST
def candidate_refuse(request, pk):
    candidate = access.candidate_for_user(request.user, pk)
    if not access.can_manage_assembly(request.user, candidate.election.assembly):
        raise Http404
    form = ReasonForm(request.POST)
    reason = form.data.get("reason", "")
    return run(
        request,
        lambda: services.refuse_candidate(candidate, by=request.user, reason=reason),
        _("The candidate was not admitted."),
        "assembly:candidate",
        candidate.pk,
    )
