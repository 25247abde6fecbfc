"""What the pages, the API and the exports read: a programme's goals with their measures' states, and the
adopting organisations' progress side by side. A fixed number of queries whatever the number of goals,
measures or adopting organisations; states are computed from the stored values, never recomputed."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from hamafza.goals.models import Goal, Measure, Programme, QuarterReport, YearEndReview
from hamafza.goals.services import progress
from hamafza.goals.services.sources import describe, source_of


@dataclass
class MeasureView:
    measure: Measure
    assessment: progress.Assessment
    computed: bool
    source_text: str = ""
    explanation: str = ""
    quarters: dict[int, QuarterReport | None] = field(default_factory=dict)

    @property
    def state(self) -> str:
        return self.assessment.state

    @property
    def progress_percent(self) -> float | None:
        """How far from the baseline (zero, for a total) towards the target the value is, 0–100."""
        measure, value = self.measure, self.measure.value
        if value is None:
            return None
        start = 0.0 if measure.aggregation == progress.TOTAL else measure.baseline
        span = measure.target - start
        if span == 0:
            return 100.0 if self.state == progress.MET else 0.0
        return max(0.0, min(100.0, 100 * (value - start) / span))


@dataclass
class GoalView:
    goal: Goal
    measures: list[MeasureView]
    state: str
    review: YearEndReview | None = None
    carried: bool = False

    @property
    def state_label(self) -> str:
        return str(progress.STATES[self.state])


@dataclass
class ProgrammeView:
    programme: Programme
    goals: list[GoalView]

    @property
    def counts(self) -> dict[str, int]:
        found = Counter(goal.state for goal in self.goals)
        return {state: found.get(state, 0) for state in progress.ORDER}

    @property
    def met(self) -> int:
        return self.counts[progress.MET]


def _measure_view(measure: Measure, programme: Programme, *, explain: bool, reports=None) -> MeasureView:
    assessment = progress.assess_measure(measure, programme.year)
    source = source_of(measure)
    view = MeasureView(measure, assessment, computed=source.computed)
    if explain:
        view.source_text = describe(measure, programme.organization.name)
        view.explanation = progress.explain(measure, assessment)
    if reports is not None and not source.computed:
        latest: dict[int, QuarterReport | None] = {quarter: None for quarter in (1, 2, 3, 4)}
        for report in reports:  # newest first
            if latest[report.quarter] is None:
                latest[report.quarter] = report
        view.quarters = latest
    return view


def goal_view(
    goal: Goal, programme: Programme, measures: list[Measure], *, explain: bool, reports=None
) -> GoalView:
    views = [
        _measure_view(
            m, programme, explain=explain, reports=reports.get(m.pk, []) if reports is not None else None
        )
        for m in measures
    ]
    return GoalView(goal, views, progress.goal_state(view.state for view in views))


def programme_overview(
    programme: Programme, *, explain: bool = True, with_reports: bool = True
) -> ProgrammeView:
    """The programme's goals, measures, quarterly reports and reviews (four queries)."""
    measures = Measure.objects.select_related("indicator", "body").order_by("position", "pk")
    goals = list(
        programme.goals.select_related("owner", "review", "adopted_from", "carried_from__programme")
        .prefetch_related(Prefetch("measures", queryset=measures), "carried_into")
        .order_by("number")
    )
    reports: dict[int, list[QuarterReport]] | None = None
    if with_reports:
        reports = {}
        rows = QuarterReport.objects.filter(measure__goal__programme=programme).order_by(
            "-submitted_at", "-pk"
        )
        for report in rows.only("pk", "measure_id", "quarter", "state", "value", "submitted_at"):
            reports.setdefault(report.measure_id, []).append(report)
    views = []
    for goal in goals:
        view = goal_view(goal, programme, list(goal.measures.all()), explain=explain, reports=reports)
        view.review = getattr(goal, "review", None)
        view.carried = bool(goal.carried_into.all())
        views.append(view)
    return ProgrammeView(programme, views)


@dataclass
class Cell:
    """One adopting organisation's take on one goal of the upper programme."""

    goal: GoalView | None  # None: the goal is not in its programme


@dataclass
class Row:
    programme: Programme
    cells: list[Cell]
    own_goals: list[GoalView]
    all_goals: list[GoalView]

    @property
    def counts(self) -> dict[str, int]:
        found = Counter(goal.state for goal in self.all_goals)
        return {state: found.get(state, 0) for state in progress.ORDER}

    @property
    def met(self) -> int:
        return self.counts[progress.MET]


@dataclass
class SideBySide:
    upper: Programme
    goals: list[Goal]
    rows: list[Row]


def side_by_side(upper: Programme, adoptions: QuerySet[Programme]) -> SideBySide:
    """The upper programme's goals × the adopting programmes (four queries, whatever their number)."""
    upper_goals = list(upper.goals.order_by("number"))
    programmes = list(adoptions.select_related("organization", "region").order_by("organization__name"))
    by_programme: dict[int, list[Goal]] = {p.pk: [] for p in programmes}
    goals = (
        Goal.objects.filter(programme__in=programmes)
        .order_by("number")
        .prefetch_related(Prefetch("measures", queryset=Measure.objects.order_by("position", "pk")))
    )
    for goal in goals:
        by_programme[goal.programme_id].append(goal)
    rows = []
    for programme in programmes:
        views = [
            goal_view(goal, programme, list(goal.measures.all()), explain=False)
            for goal in by_programme[programme.pk]
        ]
        adopted = {view.goal.adopted_from_id: view for view in views if view.goal.adopted_from_id}
        cells = [Cell(adopted.get(goal.pk)) for goal in upper_goals]
        own = [view for view in views if not view.goal.adopted_from_id]
        rows.append(Row(programme, cells, own, views))
    return SideBySide(upper, upper_goals, rows)


def scorecard(table: SideBySide) -> list[Row]:
    """The adopting organisations ranked by goals met, then on track, then fewest behind."""
    return sorted(
        table.rows,
        key=lambda row: (
            -row.counts[progress.MET],
            -row.counts[progress.ON_TRACK],
            row.counts[progress.BEHIND],
            row.programme.organization.name,
        ),
    )


def goal_counts(programmes) -> dict[int, dict[str, int]]:
    """{programme id: {state: goals}} for a page of programmes (two queries)."""
    programmes = {programme.pk: programme for programme in programmes}
    found: dict[int, Counter] = {pk: Counter() for pk in programmes}
    goals = Goal.objects.filter(programme_id__in=list(programmes)).prefetch_related("measures")
    for goal in goals:
        programme = programmes[goal.programme_id]
        found[goal.programme_id][
            goal_view(goal, programme, list(goal.measures.all()), explain=False).state
        ] += 1
    return {pk: {state: counter.get(state, 0) for state in progress.ORDER} for pk, counter in found.items()}
