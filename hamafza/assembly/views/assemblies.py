"""Assemblies, their members and the attendance of their sessions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from hamafza.assembly import access
from hamafza.assembly.forms.assemblies import AssemblyForm, AttendanceForm, RepresentativesForm
from hamafza.assembly.models import Assembly, Election, Member, Nomination, SessionAttendance, VoterRecord
from hamafza.assembly.services import assemblies as services
from hamafza.assembly.services.common import AssemblyError
from hamafza.assembly.views.common import refusal_on_form
from hamafza.meetings.models import Body, Meeting
from hamafza.participation.models import NgoProfile


def _managed_bodies(user):
    if user.is_system_admin:
        return Body.objects.all()
    return Body.objects.filter(pk__in=access.managed_body_ids(user))


@login_required
def assembly_list(request):
    assemblies = (
        access.assemblies_for_user(request.user)
        .select_related("body")
        .annotate(
            n_members=Count("members", filter=Q(members__is_active=True), distinct=True),
            n_elections=Count("elections", distinct=True),
        )
        .order_by("name")
    )
    return render(
        request,
        "assembly/assemblies/list.html",
        {"assemblies": assemblies, "can_create": _managed_bodies(request.user).exists()},
    )


def _data(form) -> services.AssemblyData:
    return services.AssemblyData(
        **{name: form.cleaned_data.get(name, "") for name in services.ASSEMBLY_FIELDS}
    )


@login_required
def assembly_create(request):
    bodies = _managed_bodies(request.user)
    if not bodies.exists():
        raise Http404
    form = AssemblyForm(request.POST or None, bodies=bodies)
    if request.method == "POST" and form.is_valid():
        try:
            assembly = services.create_assembly(form.cleaned_data["body"], by=request.user, data=_data(form))
        except AssemblyError as error:
            refusal_on_form(form, error)
        else:
            messages.success(request, _("The assembly was created."))
            return redirect("assembly:detail", assembly.pk)
    return render(request, "assembly/assemblies/form.html", {"form": form, "assembly": None})


@login_required
def assembly_edit(request, pk):
    assembly = access.assembly_for_manager(request.user, pk)
    initial = {name: getattr(assembly, name) for name in services.ASSEMBLY_FIELDS}
    form = AssemblyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_assembly(assembly, by=request.user, data=_data(form))
        except AssemblyError as error:
            refusal_on_form(form, error)
        else:
            messages.success(request, _("The assembly was saved."))
            return redirect("assembly:detail", assembly.pk)
    return render(request, "assembly/assemblies/form.html", {"form": form, "assembly": assembly})


def licence_states(organization_ids, day) -> dict[int, str]:
    """«valid», «expired» or «none» for each NGO on `day`, from the registry."""
    profiles = dict(
        NgoProfile.objects.filter(organization_id__in=organization_ids).values_list(
            "organization_id", "licence_expires"
        )
    )
    states = {}
    for pk in organization_ids:
        if pk not in profiles:
            states[pk] = "none"
        elif profiles[pk] is not None and profiles[pk] < day:
            states[pk] = "expired"
        else:
            states[pk] = "valid"
    return states


@login_required
def assembly_detail(request, pk):
    user = request.user
    assembly = access.assembly_for_user(user, pk)
    manages = access.can_manage_assembly(user, assembly)
    members = list(
        assembly.members.filter(is_active=True).select_related(
            "organization__region", "representative", "substitute", "nomination__region"
        )
    )
    today = timezone.localdate()
    licences = licence_states([m.organization_id for m in members], today)
    for member in members:
        member.licence = licences[member.organization_id]
    elections = list(assembly.elections.select_related("meeting").order_by("-voting_starts_at", "-pk"))
    meeting_ids = {e.meeting_id for e in elections if e.meeting_id}
    sessions = list(
        Meeting.objects.filter(pk__in=meeting_ids)
        .annotate(
            present=Count("assembly_attendance", filter=Q(assembly_attendance__member__assembly=assembly))
        )
        .order_by("-held_on")
    )
    waiting = assembly.nominations.filter(state=Nomination.State.NOMINATED).count() if manages else 0
    return render(
        request,
        "assembly/assemblies/detail.html",
        {
            "assembly": assembly,
            "body": assembly.body,
            "members": members,
            "elections": elections,
            "sessions": sessions,
            "manages": manages,
            "waiting": waiting,
            "nominated": assembly.nominations.count() if manages else None,
            "own": access.own_member(user, assembly),
            "body_meetings": Meeting.objects.filter(body=assembly.body).order_by("-held_on")[:20]
            if manages
            else [],
        },
    )


@login_required
def attendance(request, pk, meeting):
    assembly = access.assembly_for_manager(request.user, pk)
    session = get_object_or_404(Meeting, pk=meeting, body_id=assembly.body_id)
    members = (
        assembly.members.filter(is_active=True).select_related("organization").order_by("organization__name")
    )
    present = SessionAttendance.objects.filter(meeting=session, member__assembly=assembly).values_list(
        "member_id", flat=True
    )
    form = AttendanceForm(request.POST or None, members=members, initial={"present": list(present)})
    if request.method == "POST" and form.is_valid():
        try:
            count = services.record_attendance(
                assembly, session, by=request.user, members=list(form.cleaned_data["present"])
            )
        except AssemblyError as error:
            refusal_on_form(form, error)
        else:
            messages.success(request, _("%(count)s member NGOs were present.") % {"count": count})
            return redirect("assembly:detail", assembly.pk)
    return render(
        request,
        "assembly/assemblies/attendance.html",
        {"assembly": assembly, "session": session, "form": form, "body": assembly.body},
    )


@login_required
def member_detail(request, pk):
    user = request.user
    member = access.member_for_user(user, pk)
    assembly = member.assembly
    editor = access.can_name_representatives(user, member)
    form = RepresentativesForm(
        request.POST or None,
        member=member,
        initial={"representative": member.representative_id, "substitute": member.substitute_id},
    )
    if request.method == "POST":
        if not editor:
            raise Http404
        if form.is_valid():
            try:
                services.name_representatives(
                    member,
                    by=user,
                    representative=form.cleaned_data["representative"],
                    substitute=form.cleaned_data["substitute"],
                )
            except AssemblyError as error:
                refusal_on_form(form, error)
            else:
                messages.success(request, _("The representative and the substitute were saved."))
                return redirect("assembly:member", member.pk)
    sees_votes = access.reads_everything(user, assembly) or user.organization_id == member.organization_id
    voted = {}
    if sees_votes:
        voted = dict(VoterRecord.objects.filter(member=member).values_list("election_id", "channel"))
    elections = Election.objects.filter(assembly=assembly).order_by("-voting_starts_at")
    return render(
        request,
        "assembly/assemblies/member.html",
        {
            "assembly": assembly,
            "body": assembly.body,
            "member": member,
            "form": form if editor else None,
            "licence": licence_states([member.organization_id], timezone.localdate())[member.organization_id],
            "profile": NgoProfile.objects.filter(organization_id=member.organization_id).first(),
            "candidacies": member.candidacies.select_related("election"),
            "elections": elections,
            "voted": voted,
            "sees_votes": sees_votes,
            "channels": dict(VoterRecord.Channel.choices),
        },
    )


__all__ = ["Assembly", "Member"]
