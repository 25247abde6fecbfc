"""The programmes: the list a user reads, a programme's page, drawing one up, adopting one, activating."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamafza.goals.forms.programmes import ProgrammeForm
from hamafza.goals.models import Programme, YearEndReview
from hamafza.goals.services import overview, progress
from hamafza.goals.services import programmes as services
from hamafza.goals.services.common import GoalsError, today
from hamafza.goals.services.reports import reportable_quarters
from hamafza.goals.services.reviews import can_write_review, review_opens
from hamafza.goals.views.common import act, viewer
from hamafza.lib.forms import form_error
from hamafza.lib.jalali import to_jalali
from hamafza.lib.persian import to_ascii_digits


@login_required
def programme_list(request):
    v = viewer(request)
    programmes = v.programmes().select_related("organization", "region", "adopts")
    years = sorted(set(programmes.order_by().values_list("year", flat=True)), reverse=True)
    year = to_ascii_digits(request.GET.get("year", "")).strip()
    if year.isdigit():
        programmes = programmes.filter(year=int(year))
    page = Paginator(programmes.order_by("-year", "organization__name", "pk"), 50).get_page(
        request.GET.get("page")
    )
    counts = overview.goal_counts(page.object_list)
    user = request.user
    adoptable = []
    if user.is_officer and user.organization_id:
        above = v.tree.ancestors(user.organization_id)
        adopted = Programme.objects.filter(organization_id=user.organization_id).exclude(adopts=None)
        adoptable = list(
            Programme.objects.filter(organization_id__in=above, state=Programme.State.ACTIVE)
            .exclude(pk__in=adopted.values("adopts_id"))
            .exclude(
                year__in=Programme.objects.filter(
                    organization_id=user.organization_id, state="active"
                ).values("year")
            )
            .select_related("organization")
            .order_by("-year")
        )
    return render(
        request,
        "goals/programmes/list.html",
        {
            "page": page,
            "rows": [(programme, counts[programme.pk]) for programme in page.object_list],
            "years": years,
            "year": int(year) if year.isdigit() else None,
            "adoptable": adoptable,
            "can_create": bool(user.is_officer and user.organization_id),
            "states": progress.STATES,
            "order": progress.ORDER,
        },
    )


@login_required
def programme_create(request):
    user = request.user
    if not (user.is_officer and user.organization_id):
        raise Http404
    organization = user.organization
    this_year = to_jalali(today()).year
    form = ProgrammeForm(
        request.POST or None,
        organization=organization,
        initial={"year": this_year, "area": ProgrammeForm.area_initial(organization.region)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            programme = services.create_programme(
                organization,
                by=user,
                year=data["year"],
                title=data["title"],
                description=data["description"],
                region=data["area"],
            )
        except GoalsError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The programme was drawn up as a draft: add its goals."))
            return redirect("goals:programme", pk=programme.pk)
    return render(request, "goals/programmes/form.html", {"form": form, "organization": organization})


@login_required
def programme_detail(request, pk):
    v = viewer(request)
    programme = v.programme(pk)
    view = overview.programme_overview(programme)
    owns, reviews = v.owns(programme), v.reviews(programme)
    user = request.user
    mine = None
    if v.may_adopt(programme):
        mine = Programme.objects.filter(organization_id=user.organization_id, year=programme.year).first()
    readable = v.readable_org_ids()
    adoptions = programme.adoptions.all()
    if readable is not None:
        adoptions = adoptions.filter(organization_id__in=readable)
    following = Programme.objects.filter(
        organization_id=programme.organization_id, year=programme.year + 1
    ).first()
    carriable = [
        goal
        for goal in view.goals
        if goal.review is not None and goal.review.state == YearEndReview.State.ACCEPTED and not goal.carried
    ]
    return render(
        request,
        "goals/programmes/detail.html",
        {
            "programme": programme,
            "view": view,
            "owns": owns,
            "reviews": reviews,
            "may_adopt": v.may_adopt(programme)
            and (mine is None or (mine.is_draft and mine.adopts_id is None)),
            "mine": mine,
            "adopts_readable": programme.adopts_id is not None and v.reads(programme.adopts.organization_id),
            "adoption_count": adoptions.count(),
            "following": following,
            "carriable": carriable and owns and (following is None or following.is_draft),
            "review_open": can_write_review(programme),
            "review_opens": review_opens(programme.year),
            "quarters": reportable_quarters(programme) if programme.state == Programme.State.ACTIVE else [],
            "states": progress.STATES,
            "order": progress.ORDER,
            "tolerance": round(progress.TOLERANCE * 100),
        },
    )


@login_required
def programme_edit(request, pk):
    v = viewer(request)
    programme = v.programme(pk)
    if not v.owns(programme):
        raise PermissionDenied
    form = ProgrammeForm(
        request.POST or None,
        organization=programme.organization,
        editing=True,
        initial={
            "title": programme.title,
            "description": programme.description,
            "area": ProgrammeForm.area_initial(programme.region),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_programme(
                programme,
                by=request.user,
                title=data["title"],
                description=data["description"],
                region=data["area"],
            )
        except GoalsError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The programme was saved."))
            return redirect("goals:programme", pk=programme.pk)
    return render(
        request,
        "goals/programmes/form.html",
        {"form": form, "organization": programme.organization, "programme": programme},
    )


@login_required
@require_POST
def programme_activate(request, pk):
    v = viewer(request)
    programme = v.programme(pk)
    if not v.owns(programme):
        raise PermissionDenied
    return act(
        request,
        lambda: services.activate_programme(programme, by=request.user),
        _("The programme is active: its measures are followed from now on."),
        reverse("goals:programme", args=[programme.pk]),
    )


@login_required
@require_POST
def programme_adopt(request, pk):
    v = viewer(request)
    programme = v.programme(pk)
    if not v.may_adopt(programme):
        raise PermissionDenied
    try:
        adoption = services.adopt_programme(programme, by=request.user)
    except GoalsError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("goals:programme", pk=programme.pk)
    messages.success(
        request,
        _("The programme was adopted as a draft: set your own baselines and targets, then activate it."),
    )
    return redirect("goals:programme", pk=adoption.pk)


@login_required
@require_POST
def programme_recompute(request, pk):
    v = viewer(request)
    programme = v.programme(pk)
    if not (v.owns(programme) or v.reviews(programme)):
        raise PermissionDenied
    services.recompute(programme, by=request.user)
    messages.success(request, _("The computed measures are being recomputed."))
    return redirect("goals:programme", pk=programme.pk)
