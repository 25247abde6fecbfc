"""The achievements portfolio: a body's secretariat calls on NGOs for their reports of a period by a
deadline and sees who has answered; an NGO's officers send reports (in answer to a call with ?call=, or
on their own); the secretariat reviews them.

A report is seen by its NGO's users and by the secretariat and viewers of the body it was sent to
(access.achievement_for_user); a call by the secretariat and viewers of its body (every NGO asked, with
its state) and by the users of an NGO asked (their own NGO's row only) (access.call_for_user); anyone
else gets 404, evidence files included."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamafza.lib.downloads import stored_file_response
from hamafza.meetings.models import Body
from hamafza.orgs.models import Organization
from hamafza.participation import access
from hamafza.participation.forms.achievements import (
    AchievementCallForm,
    AchievementForm,
    AchievementReviewForm,
    ResubmitForm,
)
from hamafza.participation.models import AchievementCall, AchievementFile, AchievementReport
from hamafza.participation.services import achievements
from hamafza.participation.services.common import ParticipationError
from hamafza.participation.views.common import act, form_error, uploaded_files


def _own_ngo(user) -> Organization | None:
    organization = user.organization if user.organization_id else None
    if organization is not None and achievements.can_submit(user, organization):
        return organization
    return None


@login_required
def achievement_list(request):
    state = request.GET.get("state", "")
    reports = access.achievements_for_user(request.user).select_related("organization", "body")
    if state in AchievementReport.State.values:
        reports = reports.filter(state=state)
    page = Paginator(reports.order_by("-submitted_at", "-pk"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "participation/achievements/list.html",
        {
            "page": page,
            "state": state,
            "states": AchievementReport.State.choices,
            "own_ngo": _own_ngo(request.user),
        },
    )


def _call_to_answer(request, ngo: Organization) -> AchievementCall | None:
    """The call named by ?call=, if the user's NGO is asked in it (404 otherwise)."""
    call_id = request.GET.get("call", "")
    if not call_id:
        return None
    if not call_id.isdigit():
        raise Http404
    call = access.call_for_user(request.user, call_id)
    if not call.ngos.filter(pk=ngo.pk).exists():
        raise Http404
    return call


@login_required
def achievement_submit(request):
    """A new report of the user's own NGO; nobody else has this page. With ?call=, in answer to that call:
    the body and the period come from the call."""
    ngo = _own_ngo(request.user)
    if ngo is None:
        raise Http404
    call = _call_to_answer(request, ngo)
    initial = {}
    if call is not None:
        answer = call.reports.filter(organization=ngo).first()
        if answer is not None and answer.state == AchievementReport.State.RETURNED and not call.is_closed:
            return redirect("participation:achievement_edit", pk=answer.pk)
        if answer is not None or call.is_closed:
            messages.error(
                request,
                _("Your NGO has already answered this call.")
                if answer is not None
                else _("This call is closed: it takes no more reports."),
            )
            return redirect("participation:achievement_call", pk=call.pk)
        initial = {"body": call.body_id, "period_start": call.period_start, "period_end": call.period_end}
    form = AchievementForm(request.POST or None, request.FILES or None, initial=initial)
    if call is not None:
        form.fields["body"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = achievements.submit_achievement(
                ngo,
                by=request.user,
                body=data["body"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                activities=data["activities"],
                beneficiaries=data["beneficiaries"],
                regions=list(data["regions"]),
                files=uploaded_files(request),
                call=call,
            )
        except ParticipationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Your report was sent to the body's secretariat."))
            return redirect("participation:achievement_detail", pk=report.pk)
    return render(
        request,
        "participation/achievements/form.html",
        {"form": form, "ngo": ngo, "report": None, "call": call},
    )


@login_required
def achievement_detail(request, pk):
    report = access.achievement_for_user(request.user, pk)
    return render(
        request,
        "participation/achievements/detail.html",
        {
            "report": report,
            "files": report.files.all(),
            "regions": report.regions.all(),
            "can_review": achievements.can_review(request.user, report)
            and report.state == AchievementReport.State.SUBMITTED,
            "can_correct": achievements.can_submit(request.user, report.organization)
            and report.state == AchievementReport.State.RETURNED
            and not (report.call is not None and report.call.is_closed),
            "form": AchievementReviewForm(),
        },
    )


@login_required
@require_POST
def achievement_review(request, pk):
    report = access.achievement_for_user(request.user, pk)
    if not achievements.can_review(request.user, report):
        raise PermissionDenied
    form = AchievementReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to accept or return the report."))
        return redirect("participation:achievement_detail", pk=report.pk)
    data = form.cleaned_data
    try:
        if data["decision"] == AchievementReport.State.ACCEPTED:
            achievements.accept_achievement(report, by=request.user, score=data["score"], note=data["note"])
            messages.success(request, _("The report was accepted."))
        else:
            achievements.return_achievement(report, by=request.user, score=data["score"], note=data["note"])
            messages.success(request, _("The report was returned to the NGO."))
    except ParticipationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("participation:achievement_detail", pk=report.pk)


@login_required
def achievement_edit(request, pk):
    """Correct a returned report and send it again."""
    report = access.achievement_for_user(request.user, pk)
    if not achievements.can_submit(request.user, report.organization):
        raise PermissionDenied
    if report.state != AchievementReport.State.RETURNED:
        messages.error(request, _("Only a report returned for correction can be sent again."))
        return redirect("participation:achievement_detail", pk=report.pk)
    initial = {
        "period_start": report.period_start,
        "period_end": report.period_end,
        "activities": report.activities,
        "beneficiaries": report.beneficiaries,
        "regions": list(report.regions.values_list("pk", flat=True)),
    }
    form = ResubmitForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            achievements.resubmit_achievement(
                report,
                by=request.user,
                period_start=data["period_start"],
                period_end=data["period_end"],
                activities=data["activities"],
                beneficiaries=data["beneficiaries"],
                regions=list(data["regions"]),
                files=uploaded_files(request),
            )
        except ParticipationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Your corrected report was sent again."))
            return redirect("participation:achievement_detail", pk=report.pk)
    return render(
        request,
        "participation/achievements/form.html",
        {"form": form, "ngo": report.organization, "report": report, "call": report.call},
    )


@login_required
def achievement_file(request, pk):
    evidence = get_object_or_404(AchievementFile, pk=pk)
    access.achievement_for_user(request.user, evidence.report_id)
    return stored_file_response(
        evidence.file,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )


STATE_FILTERS = [achievements.UNANSWERED, *AchievementReport.State.values, "overdue"]


def _managed_bodies(user):
    if user.is_system_admin:
        return Body.objects.all()
    return Body.objects.filter(pk__in=access.secretariat_body_ids(user))


def _sees_every_answer(user, call: AchievementCall) -> bool:
    return user.is_system_admin or call.body_id in access.reviewing_body_ids(user)


@login_required
def achievement_calls(request):
    """The calls the user sees, newest first, with how many NGOs were asked and how many answered."""
    user = request.user
    status = request.GET.get("status", "")
    calls = access.calls_for_user(user).select_related("body")
    if status == "open":
        calls = calls.filter(is_closed=False)
    elif status == "closed":
        calls = calls.filter(is_closed=True)
    page = Paginator(calls.order_by("-created_at", "-pk"), 50).get_page(request.GET.get("page"))
    ids = [call.pk for call in page]
    asked = dict(
        AchievementCall.ngos.through.objects.filter(achievementcall_id__in=ids)
        .values("achievementcall_id")
        .annotate(n=Count("pk"))
        .values_list("achievementcall_id", "n")
    )
    answered: dict[int, dict[str, int]] = {}
    for call_id, state, n in (
        AchievementReport.objects.filter(call_id__in=ids)
        .values("call_id", "state")
        .annotate(n=Count("pk"))
        .values_list("call_id", "state", "n")
    ):
        answered.setdefault(call_id, {})[state] = n
    own = {}
    if user.organization_id:
        own = {
            report.call_id: report
            for report in AchievementReport.objects.filter(
                call_id__in=ids, organization_id=user.organization_id
            )
        }
    reviewing = access.reviewing_body_ids(user)
    today = timezone.localdate()
    rows = []
    for call in page:
        sees_all = user.is_system_admin or call.body_id in reviewing
        n_asked = asked.get(call.pk, 0)
        n_answered = sum(answered.get(call.pk, {}).values())
        late = call.is_past_deadline(today)
        rows.append(
            {
                "call": call,
                "sees_all": sees_all,
                "asked": n_asked,
                "answered": n_answered,
                "accepted": answered.get(call.pk, {}).get(AchievementReport.State.ACCEPTED, 0),
                "late": late,
                "overdue": n_asked - n_answered if late else 0,
                "own": own.get(call.pk),
            }
        )
    return render(
        request,
        "participation/achievements/calls.html",
        {
            "page": page,
            "rows": rows,
            "status": status,
            "can_create": _managed_bodies(user).exists(),
        },
    )


@login_required
def achievement_call(request, pk):
    """Every NGO asked with its state and the overdue ones flagged; an NGO's user sees its own row."""
    user = request.user
    call = access.call_for_user(user, pk)
    sees_all = _sees_every_answer(user, call)
    if not sees_all and not user.organization_id:
        raise Http404
    rows = achievements.call_answers(call, organization_id=None if sees_all else user.organization_id)
    counts = achievements.answer_counts(rows)
    state = request.GET.get("state", "")
    shown = rows
    if state == "overdue":
        shown = [row for row in rows if row["overdue"]]
    elif state in STATE_FILTERS:
        shown = [row for row in rows if row["state"] == state]
    own = next((row for row in rows if row["ngo"].pk == user.organization_id), None)
    may_report = own is not None and achievements.can_submit(user, own["ngo"]) and not call.is_closed
    return render(
        request,
        "participation/achievements/call.html",
        {
            "call": call,
            "rows": shown,
            "counts": counts,
            "sees_all": sees_all,
            "state": state,
            "own": own,
            "can_answer": may_report and own["report"] is None,
            "can_correct": may_report
            and own["report"] is not None
            and own["report"].state == AchievementReport.State.RETURNED,
            "can_close": not call.is_closed and achievements.can_manage_calls(user, call.body_id),
        },
    )


@login_required
def achievement_call_create(request):
    """The secretariat opens a call; the NGO members of the chosen body come preselected."""
    user = request.user
    bodies = _managed_bodies(user)
    if not bodies.exists():
        if access.reviewing_body_ids(user):
            raise PermissionDenied
        raise Http404
    chosen = None
    if request.GET.get("body", "").isdigit():
        chosen = bodies.filter(pk=request.GET["body"]).first()
    elif len(bodies) == 1:
        chosen = bodies[0]
    initial = {}
    if chosen is not None:
        initial = {
            "body": chosen.pk,
            "ngos": list(achievements.body_ngos(chosen).values_list("pk", flat=True)),
        }
    form = AchievementCallForm(request.POST or None, bodies=bodies, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            call = achievements.open_call(
                data["body"],
                by=user,
                title=data["title"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                deadline=data["deadline"],
                note=data["note"],
                ngos=list(data["ngos"]),
            )
        except ParticipationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The call was sent to the NGOs asked."))
            return redirect("participation:achievement_call", pk=call.pk)
    return render(
        request,
        "participation/achievements/call_form.html",
        {"form": form, "bodies": bodies, "chosen": chosen},
    )


@login_required
@require_POST
def achievement_call_close(request, pk):
    call = access.call_for_user(request.user, pk)
    if not achievements.can_manage_calls(request.user, call.body_id):
        raise PermissionDenied
    return act(
        request,
        lambda: achievements.close_call(call, by=request.user),
        _("The call was closed."),
        reverse("participation:achievement_call", args=[call.pk]),
    )
