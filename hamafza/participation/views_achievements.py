"""The achievements portfolio: an NGO's officers send reports, the body's secretariat reviews them.

A report is seen by its NGO's users and by the secretariat and viewers of the body it was sent to
(access.achievement_for_user); anyone else gets 404, evidence files included. Calls for reports are in
views_calls.py; a report in answer to a call is sent from here with ?call=."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamafza.orgs.models import Organization
from hamafza.participation import access
from hamafza.participation.forms_registry import AchievementForm, AchievementReviewForm, ResubmitForm
from hamafza.participation.models import AchievementCall, AchievementFile, AchievementReport
from hamafza.participation.services import achievements
from hamafza.participation.services.common import ParticipationError
from hamafza.participation.views_common import form_error, uploaded_files


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
        "participation/registry/achievement_list.html",
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
        "participation/registry/achievement_form.html",
        {"form": form, "ngo": ngo, "report": None, "call": call},
    )


@login_required
def achievement_detail(request, pk):
    report = access.achievement_for_user(request.user, pk)
    return render(
        request,
        "participation/registry/achievement_detail.html",
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
        "participation/registry/achievement_form.html",
        {"form": form, "ngo": report.organization, "report": report, "call": report.call},
    )


@login_required
def achievement_file(request, pk):
    evidence = get_object_or_404(AchievementFile, pk=pk)
    access.achievement_for_user(request.user, evidence.report_id)
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
