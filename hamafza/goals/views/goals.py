"""A programme's goals and their measures, drawn up while the programme is a draft."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamafza.goals.forms.goals import GoalForm, MeasureForm
from hamafza.goals.services import programmes as services
from hamafza.goals.services import sources
from hamafza.goals.services.common import GoalsError
from hamafza.goals.views.common import act, viewer
from hamafza.lib.forms import form_error
from hamafza.meetings.access import bodies_for_user


def _programme_url(programme_id: int) -> str:
    return reverse("goals:programme", args=[programme_id])


@login_required
def goal_create(request, pk):
    v = viewer(request)
    programme = v.programme(pk)
    if not v.owns(programme):
        raise PermissionDenied
    form = GoalForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            goal = services.add_goal(
                programme,
                by=request.user,
                title=data["title"],
                description=data["description"],
                owner=data["owner"],
            )
        except GoalsError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The goal was added: now say how it will be measured."))
            return redirect("goals:measure_create", pk=goal.pk)
    return render(request, "goals/goals/goal_form.html", {"form": form, "programme": programme, "goal": None})


@login_required
def goal_edit(request, pk):
    v = viewer(request)
    goal = v.goal(pk)
    programme = goal.programme
    if not v.owns(programme):
        raise PermissionDenied
    form = GoalForm(
        request.POST or None,
        programme=programme,
        adopted=goal.is_adopted,
        initial={"title": goal.title, "description": goal.description, "owner": goal.owner_id},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_goal(
                goal,
                by=request.user,
                title=data["title"] or goal.title,
                description=data["description"]
                if not form.fields["description"].disabled
                else goal.description,
                owner=data["owner"],
            )
        except GoalsError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The goal was saved."))
            return redirect(_programme_url(programme.pk) + f"#goal-{goal.pk}")
    return render(request, "goals/goals/goal_form.html", {"form": form, "programme": programme, "goal": goal})


@login_required
@require_POST
def goal_delete(request, pk):
    v = viewer(request)
    goal = v.goal(pk)
    if not v.owns(goal.programme):
        raise PermissionDenied
    return act(
        request,
        lambda: services.remove_goal(goal, by=request.user),
        _("The goal was removed."),
        _programme_url(goal.programme_id),
    )


def _bodies(request):
    return bodies_for_user(request.user).order_by("name")


def _measure_page(request, form, goal, measure):
    return render(
        request,
        "goals/goals/measure_form.html",
        {
            "form": form,
            "goal": goal,
            "programme": goal.programme,
            "measure": measure,
            "sources": sources.SOURCES,
        },
    )


@login_required
def measure_create(request, pk):
    v = viewer(request)
    goal = v.goal(pk)
    if not v.owns(goal.programme):
        raise PermissionDenied
    form = MeasureForm(request.POST or None, bodies=_bodies(request), initial={"source": sources.MANUAL})
    if request.method == "POST" and form.is_valid():
        try:
            services.add_measure(goal, by=request.user, spec=form.spec())
        except GoalsError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The measure was added."))
            return redirect(_programme_url(goal.programme_id) + f"#goal-{goal.pk}")
    return _measure_page(request, form, goal, None)


@login_required
def measure_edit(request, pk):
    v = viewer(request)
    measure = v.measure(pk)
    goal = measure.goal
    if not v.owns(goal.programme):
        raise PermissionDenied
    form = MeasureForm(
        request.POST or None,
        bodies=_bodies(request),
        adopted=measure.adopted_from_id is not None,
        initial=MeasureForm.initial_of(measure),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_measure(measure, by=request.user, spec=form.spec())
        except GoalsError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The measure was saved."))
            return redirect(_programme_url(goal.programme_id) + f"#goal-{goal.pk}")
    return _measure_page(request, form, goal, measure)


@login_required
@require_POST
def measure_delete(request, pk):
    v = viewer(request)
    measure = v.measure(pk)
    if not v.owns(measure.goal.programme):
        raise PermissionDenied
    return act(
        request,
        lambda: services.remove_measure(measure, by=request.user),
        _("The measure was removed."),
        _programme_url(measure.goal.programme_id),
    )
