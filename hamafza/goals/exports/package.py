"""What a review package holds: programmes, each with its goals, measures, states and year-end reviews.

Read with a fixed number of queries for any number of programmes (the programmes, their goals with their
reviews, the measures, the reviews' figures)."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from hamafza.goals.models import Goal, Measure, Programme, ReviewFigure, YearEndReview
from hamafza.goals.services import progress
from hamafza.goals.services.overview import GoalView, ProgrammeView, goal_view
from hamafza.goals.services.sources import describe


@dataclass
class Package:
    title: str
    programmes: list[ProgrammeView]
    figures: dict[int, float] = field(default_factory=dict)  # {measure id: the value its review states}
    sources: dict[int, str] = field(default_factory=dict)  # {measure id: its source in words}
    generated_at: dt.datetime = field(default_factory=timezone.now)

    @property
    def goals(self) -> list[tuple[ProgrammeView, GoalView]]:
        return [(programme, goal) for programme in self.programmes for goal in programme.goals]


def gather(title: str, programmes: list[Programme]) -> Package:
    measures = Measure.objects.select_related("indicator", "body").order_by("position", "pk")
    goals = (
        Goal.objects.filter(programme__in=programmes)
        .select_related("owner", "review__reviewed_by")
        .prefetch_related(Prefetch("measures", queryset=measures))
        .order_by("number")
    )
    by_programme: dict[int, list[Goal]] = {p.pk: [] for p in programmes}
    for goal in goals:
        by_programme[goal.programme_id].append(goal)
    package = Package(title, [])
    for programme in programmes:
        views = []
        for goal in by_programme[programme.pk]:
            view = goal_view(goal, programme, list(goal.measures.all()), explain=False)
            view.review = getattr(goal, "review", None)
            views.append(view)
            for measure_view in view.measures:
                package.sources[measure_view.measure.pk] = describe(
                    measure_view.measure, programme.organization.name
                )
        package.programmes.append(ProgrammeView(programme, views))
    reviews = [view.review.pk for _p, view in package.goals if view.review is not None]
    for measure_id, achieved in ReviewFigure.objects.filter(review_id__in=reviews).values_list(
        "measure_id", "achieved"
    ):
        package.figures[measure_id] = achieved
    return package


def state_label(state: str) -> str:
    return str(progress.STATES[state])


def review_state_label(review: YearEndReview | None) -> str:
    from django.utils.translation import gettext as _

    return review.get_state_display() if review is not None else _("Not written")
