"""The year-end review of each goal, its acceptance or return, and carrying goals into next year."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamafza.goals.forms.reports import DecisionForm
from hamafza.goals.forms.reviews import CarryOverForm, YearEndReviewForm
from hamafza.goals.models import Goal, YearEndReview
from hamafza.goals.services import progress
from hamafza.goals.services import reviews as services
from hamafza.goals.services.common import GoalsError
from hamafza.goals.services.overview import programme_overview
from hamafza.goals.views.common import viewer
from hamafza.lib.forms import form_error


@login_required
def review(request, pk):
    """The goal's review: the form for its organisation while it may change, the text for everyone else,
    and the decision for its reviewer."""
    v = viewer(request)
    goal = v.goal(pk)
    programme = goal.programme
    existing = YearEndReview.objects.filter(goal=goal).select_related("written_by", "reviewed_by").first()
    measures = list(goal.measures.select_related("indicator", "body").order_by("position", "pk"))
    editable = (
        v.owns(programme)
        and services.can_write_review(programme)
        and (existing is None or existing.state in (YearEndReview.State.DRAFT, YearEndReview.State.RETURNED))
    )
    form = None
    if editable:
        initial = {}
        if existing is not None:
            initial = {name: getattr(existing, name) for name in services.TEXT_FIELDS}
            initial.update({f"figure_{f.measure_id}": f.achieved for f in existing.figures.all()})
        else:
            initial.update({f"figure_{m.pk}": m.value for m in measures if m.value is not None})
        form = YearEndReviewForm(request.POST or None, measures=measures, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            submit = "submit" in request.POST
            try:
                services.save_review(
                    goal,
                    by=request.user,
                    achieved=data["achieved"],
                    strengths=data["strengths"],
                    weaknesses=data["weaknesses"],
                    causes=data["causes"],
                    proposal=data["proposal"],
                    figures=form.figures(),
                    submit=submit,
                )
            except GoalsError as error:
                form_error(form, error)
            else:
                messages.success(
                    request,
                    _("The review was sent to the reviewer.")
                    if submit
                    else _("The draft of the review was saved."),
                )
                return redirect("goals:review", pk=goal.pk)
    elif request.method == "POST":
        raise PermissionDenied
    figures = {f.measure_id: f.achieved for f in existing.figures.all()} if existing is not None else {}
    states = {m.pk: progress.assess_measure(m, programme.year) for m in measures}
    return render(
        request,
        "goals/reviews/review.html",
        {
            "goal": goal,
            "programme": programme,
            "review": existing,
            "measures": [(m, figures.get(m.pk), states[m.pk]) for m in measures],
            "form": form,
            "can_decide": v.reviews(programme)
            and existing is not None
            and existing.state == YearEndReview.State.SUBMITTED,
            "decision_form": DecisionForm(),
            "opens": services.review_opens(programme.year),
            "is_open": services.can_write_review(programme),
            "owns": v.owns(programme),
        },
    )


@login_required
@require_POST
def review_decide(request, pk):
    v = viewer(request)
    goal = v.goal(pk)
    if not v.reviews(goal.programme):
        raise PermissionDenied
    existing = YearEndReview.objects.filter(goal=goal).first()
    form = DecisionForm(request.POST)
    if existing is None or not form.is_valid():
        messages.error(request, _("Choose to accept or return the review."))
        return redirect("goals:review", pk=goal.pk)
    data = form.cleaned_data
    try:
        if data["decision"] == "accept":
            services.accept_review(existing, by=request.user, comment=data["comment"])
            messages.success(request, _("The review was accepted."))
        else:
            services.return_review(existing, by=request.user, comment=data["comment"])
            messages.success(request, _("The review was returned to the organisation."))
    except GoalsError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("goals:review", pk=goal.pk)


@login_required
def carry_over(request, pk):
    """Choose the goals, whose reviews are accepted, to carry into next year's draft programme."""
    v = viewer(request)
    programme = v.programme(pk)
    if not v.owns(programme):
        raise PermissionDenied
    view = programme_overview(programme, explain=False, with_reports=False)
    candidates = [
        g.goal
        for g in view.goals
        if g.review is not None and g.review.state == YearEndReview.State.ACCEPTED and not g.carried
    ]
    form = CarryOverForm(request.POST or None, goals=candidates)
    if request.method == "POST" and form.is_valid():
        chosen = list(Goal.objects.filter(pk__in=form.cleaned_data["goals"], programme=programme))
        try:
            following = services.carry_over(programme, by=request.user, goals=chosen)
        except GoalsError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "The goals were carried into the draft programme of next year: review their targets there."
                ),
            )
            return redirect("goals:programme", pk=following.pk)
    return render(
        request,
        "goals/reviews/carry.html",
        {"programme": programme, "view": view, "form": form, "candidates": candidates},
    )
