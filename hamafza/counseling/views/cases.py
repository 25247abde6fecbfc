"""The cases: the list a counsellor or reviewer reads, opening one, its page, sessions, closing it, and
the parties' personal data (each read audited)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamafza.counseling.forms.cases import (
    CaseEditForm,
    CaseForm,
    CloseForm,
    PartyForm,
    PartyFormSet,
    SessionForm,
)
from hamafza.counseling.models import DisputeKind, Outcome
from hamafza.counseling.services import cases as services
from hamafza.counseling.services.common import CounselingError
from hamafza.counseling.services.privacy import personal_data
from hamafza.counseling.views.common import viewer
from hamafza.lib.forms import form_error
from hamafza.lib.persian import to_ascii_digits
from hamafza.places.models import Region


@login_required
def home(request):
    """Where counselling starts: the cases the user reads, and the figures the user reads."""
    v = viewer(request)
    if not v.detail_stations() and not v.figure_stations():
        return render(request, "counseling/home.html", {"nothing": True})
    cases = v.cases().select_related("station", "kind")
    outcome = request.GET.get("outcome", "")
    if outcome in Outcome.values:
        cases = cases.filter(outcome=outcome)
    kind = to_ascii_digits(request.GET.get("kind", ""))
    if kind.isdigit():
        cases = cases.filter(kind_id=int(kind))
    number = request.GET.get("number", "").strip()
    if number:
        cases = cases.filter(number__icontains=to_ascii_digits(number))
    page = Paginator(cases.order_by("-opened_on", "-id"), 50).get_page(request.GET.get("page"))
    provinces = {p for _county, p in v.centres.values() if p and v.reads_area("province", p)}
    return render(
        request,
        "counseling/home.html",
        {
            "page": page,
            "reads_cases": bool(v.detail_stations()),
            "counsels_at": v.counsels_at(),
            "outcomes": Outcome.choices,
            "outcome": outcome,
            "kinds": DisputeKind.objects.all(),
            "kind": int(kind) if kind.isdigit() else None,
            "number": number,
            "national": v.reads_area("national", None),
            "provinces": Region.objects.filter(pk__in=provinces).order_by("name"),
            "stations": v.figure_stations(),
        },
    )


@login_required
def case_create(request):
    v = viewer(request)
    station = v.counsels_at()
    if station is None:
        raise Http404
    form = CaseForm(request.POST or None)
    parties = PartyFormSet(request.POST or None, prefix="party")
    if request.method == "POST" and form.is_valid() and parties.is_valid():
        data = form.cleaned_data
        try:
            case = services.open_case(
                station,
                by=request.user,
                opened_on=data["opened_on"],
                channel=data["channel"],
                kind=data["kind"],
                number=data["number"],
                harm_category=data["harm_category"],
                summary=data["summary"],
                parties=[
                    services.PartyData(**party.cleaned_data)
                    for party in parties
                    if party.cleaned_data.get("role")
                ],
            )
        except CounselingError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Case %(number)s was opened.") % {"number": case.number})
            return redirect("counseling:case", pk=case.pk)
    return render(
        request, "counseling/cases/form.html", {"form": form, "parties": parties, "station": station}
    )


@login_required
def case_detail(request, pk):
    v = viewer(request)
    case = v.case(pk)
    can_record = v.records(case)
    return render(
        request,
        "counseling/cases/detail.html",
        {
            "case": case,
            "parties": list(case.parties.all()),
            "sessions": list(case.sessions.select_related("counsellor")),
            "can_record": can_record,
            "session_form": SessionForm() if can_record and case.is_open else None,
            "close_form": CloseForm() if can_record and case.is_open else None,
            "party_form": PartyForm(prefix="new") if can_record else None,
        },
    )


@login_required
def case_edit(request, pk):
    v = viewer(request)
    case = v.case(pk)
    if not v.records(case):
        raise Http404
    form = CaseEditForm(
        request.POST or None,
        initial={
            "channel": case.channel,
            "kind": case.kind_id,
            "harm_category": case.harm_category_id,
            "summary": case.summary,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.update_case(
            case,
            by=request.user,
            kind=data["kind"],
            channel=data["channel"],
            harm_category=data["harm_category"],
            summary=data["summary"],
        )
        messages.success(request, _("The case was saved."))
        return redirect("counseling:case", pk=case.pk)
    return render(request, "counseling/cases/edit.html", {"form": form, "case": case})


@login_required
def personal(request, pk):
    """The parties' names and national IDs, for the case's readers; every read is audited."""
    v = viewer(request)
    case = v.case(pk)
    return render(
        request,
        "counseling/cases/personal.html",
        {"case": case, "people": personal_data(case, by=request.user)},
    )


def _recorded_case(request, pk):
    v = viewer(request)
    case = v.case(pk)
    if not v.records(case):
        raise Http404
    return case


@login_required
@require_POST
def session_add(request, pk):
    case = _recorded_case(request, pk)
    form = SessionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_session(
                case,
                by=request.user,
                held_on=data["held_on"],
                duration_minutes=data["duration_minutes"],
                notes=data["notes"],
            )
        except CounselingError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The session was recorded."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("counseling:case", pk=case.pk)


@login_required
@require_POST
def party_add(request, pk):
    case = _recorded_case(request, pk)
    form = PartyForm(request.POST, prefix="new")
    if form.is_valid() and form.cleaned_data.get("role"):
        try:
            services.add_party(case, services.PartyData(**form.cleaned_data), by=request.user)
        except CounselingError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The party was added."))
    else:
        messages.error(request, _("Choose the party's role."))
    return redirect("counseling:case", pk=case.pk)


@login_required
@require_POST
def case_close(request, pk):
    case = _recorded_case(request, pk)
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("counseling:case", pk=case.pk)
    try:
        services.close_case(
            case,
            by=request.user,
            outcome=form.cleaned_data["outcome"],
            closed_on=form.cleaned_data["closed_on"],
        )
    except CounselingError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The case was closed: %(outcome)s.") % {"outcome": case.get_outcome_display()}
        )
    return redirect("counseling:case", pk=case.pk)
