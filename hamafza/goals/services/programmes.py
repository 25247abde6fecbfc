"""Programmes, their goals and measures: drafting, adopting the programme of an organisation above,
activating. A programme's goals and measures change only while it is a draft; a goal taken up from an
adopted programme keeps its wording and measures, and the adopting organisation sets its own baselines
and targets."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from hamafza.accounts.models import User
from hamafza.atlas.models import Indicator
from hamafza.audit.services import diff, record, snapshot
from hamafza.goals import notify
from hamafza.goals.access import Viewer
from hamafza.goals.models import Goal, GoalRole, Measure, Programme, ReviewFigure, YearEndReview
from hamafza.goals.services.common import GoalsError, required_text
from hamafza.goals.services.progress import DECREASE, INCREASE, LEVEL, TOTAL
from hamafza.goals.services.readings import previous_year_value
from hamafza.goals.services.sources import SOURCES, Context
from hamafza.meetings.models import Body
from hamafza.orgs.models import Organization
from hamafza.places.models import Region
from hamafza.templatetags_builtins import digits as n

PROGRAMME_FIELDS = ["year", "title", "description", "region", "adopts", "state"]
GOAL_FIELDS = ["number", "title", "description", "owner"]
MEASURE_FIELDS = [
    "name",
    "source",
    "indicator",
    "body",
    "figure",
    "unit",
    "aggregation",
    "direction",
    "baseline",
    "target",
]
FIRST_YEAR, LAST_YEAR = 1390, 1499
# Which optional fields each source accepts beside what it needs.
OPTIONAL = {"resolutions": ("body",), "manual": ("unit", "aggregation")}


class _OrganisationRegion:
    """The default area of a new programme: its organisation's region."""


ORGANISATION_REGION = _OrganisationRegion()


def _enqueue_refresh(programme_id: int) -> None:
    from hamafza.goals.tasks import refresh_programme_task

    transaction.on_commit(lambda: refresh_programme_task.enqueue(programme_id))


def _require_owner(by: User, programme: Programme) -> None:
    if not (Viewer(by).owns(programme) or by.is_system_admin):
        raise PermissionDenied(_("Only an officer of the programme's organisation may do this."))


def _require_draft(programme: Programme) -> None:
    if not programme.is_draft:
        raise GoalsError(
            _("This programme is active: its goals and measures no longer change."), code="active"
        )


def _lock(programme: Programme) -> Programme:
    return (
        Programme.objects.select_for_update(of=("self",)).select_related("organization").get(pk=programme.pk)
    )


# --- Programmes ---------------------------------------------------------------------------------------


@transaction.atomic
def create_programme(
    organization: Organization,
    *,
    by: User,
    year: int,
    title: str,
    description: str = "",
    region: Region | None | _OrganisationRegion = ORGANISATION_REGION,
) -> Programme:
    if not (by.is_system_admin or (by.is_active and by.is_officer and by.organization_id == organization.pk)):
        raise PermissionDenied(_("Only an officer of the organisation may draw up its programme."))
    errors: dict[str, list[str]] = {}
    if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        errors["year"] = [_("Enter a Jalali year such as 1403.")]
    elif Programme.objects.filter(organization=organization, year=year).exists():
        errors["year"] = [_("Your organisation already has a programme for %(year)s.") % {"year": n(year)}]
    title = required_text(title)
    if not title:
        errors["title"] = [_("Give the programme a title.")]
    if errors:
        raise GoalsError(errors)
    programme = Programme.objects.create(
        organization=organization,
        year=year,
        title=title,
        description=required_text(description),
        region=organization.region if isinstance(region, _OrganisationRegion) else region,
        created_by=by,
    )
    record(actor=by, action="programme.create", obj=programme, changes=snapshot(programme, PROGRAMME_FIELDS))
    return programme


@transaction.atomic
def update_programme(
    programme: Programme, *, by: User, title: str, description: str, region: Region | None
) -> Programme:
    programme = _lock(programme)
    _require_owner(by, programme)
    _require_draft(programme)
    title = required_text(title)
    if not title:
        raise GoalsError({"title": [_("Give the programme a title.")]})
    before = snapshot(programme, PROGRAMME_FIELDS)
    programme.title = title
    programme.description = required_text(description)
    programme.region = region
    programme.save(update_fields=["title", "description", "region"])
    changes = diff(before, snapshot(programme, PROGRAMME_FIELDS))
    if changes:
        record(actor=by, action="programme.update", obj=programme, changes=changes)
    return programme


@transaction.atomic
def activate_programme(programme: Programme, *, by: User) -> Programme:
    """From draft to active: its goals are set and its measures are followed from now on."""
    programme = _lock(programme)
    _require_owner(by, programme)
    _require_draft(programme)
    goals = list(programme.goals.annotate(measure_count=Count("measures")).order_by("number"))
    if not goals:
        raise GoalsError(_("A programme needs at least one goal."), code="empty")
    bare = [goal for goal in goals if not goal.measure_count]
    if bare:
        raise GoalsError(
            _("Goal %(number)s has no measure: say how it will be measured.") % {"number": n(bare[0].number)},
            code="no_measure",
        )
    programme.state = Programme.State.ACTIVE
    programme.activated_at = timezone.now()
    programme.save(update_fields=["state", "activated_at"])
    record(actor=by, action="programme.activate", obj=programme, changes={"state": ["draft", "active"]})
    _enqueue_refresh(programme.pk)
    transaction.on_commit(lambda: notify.programme_activated(programme.pk))
    return programme


def recompute(programme: Programme, *, by: User) -> None:
    """The "recompute now" button: the programme's computed measures are refreshed in the background."""
    viewer = Viewer(by)
    if not (viewer.owns(programme) or viewer.reviews(programme)):
        raise PermissionDenied(_("Only the programme's organisation or its reviewers may recompute it."))
    with transaction.atomic():
        record(actor=by, action="programme.refresh", obj=programme)
        _enqueue_refresh(programme.pk)


# --- Adoption -----------------------------------------------------------------------------------------


@transaction.atomic
def adopt_programme(upper: Programme, *, by: User) -> Programme:
    """The user's organisation takes up the programme of an organisation above it: a draft of its own for
    the same year with a copy of every goal and measure, whose baselines (from last year's data, where a
    measure is computed) and targets it then sets. An existing draft of that year (goals carried over
    from last year) is kept and completed."""
    viewer = Viewer(by)
    if not viewer.may_adopt(upper):
        raise PermissionDenied(
            _("Only an officer of an organisation under this one may adopt its programme.")
        )
    organization = by.organization
    if organization is None:
        raise PermissionDenied(
            _("Only an officer of an organisation under this one may adopt its programme.")
        )
    programme = (
        Programme.objects.select_for_update().filter(organization=organization, year=upper.year).first()
    )
    if programme is None:
        programme = Programme.objects.create(
            organization=organization,
            year=upper.year,
            title=f"{upper.title} — {organization.name}",
            description=upper.description,
            region=organization.region,
            created_by=by,
        )
        record(
            actor=by, action="programme.create", obj=programme, changes=snapshot(programme, PROGRAMME_FIELDS)
        )
    elif programme.adopts_id == upper.pk:
        raise GoalsError(_("Your organisation has already adopted this programme."), code="adopted")
    elif programme.adopts_id is not None:
        raise GoalsError(_("Your organisation's programme for this year adopts another one."), code="adopted")
    else:
        _require_draft(programme)
    adopt_into(programme, upper, by=by)
    return programme


def adopt_into(programme: Programme, upper: Programme, *, by: User) -> None:
    """Make the draft `programme` follow `upper`: every goal of `upper` is copied, except that a goal of
    the draft carried over from last year, which followed the goal `upper`'s goal was carried from, is
    linked to it instead of copied twice."""
    programme.adopts = upper
    programme.save(update_fields=["adopts"])
    context = Context()
    last_year = _last_years_values(programme)
    mine = list(programme.goals.select_related("carried_from"))
    taken = {goal.adopted_from_id for goal in mine if goal.adopted_from_id}
    next_number = max((goal.number for goal in mine), default=0) + 1
    for goal in upper.goals.order_by("number").prefetch_related("measures"):
        if goal.pk in taken:
            continue
        carried = next(
            (
                own
                for own in mine
                if own.adopted_from_id is None
                and goal.carried_from_id is not None
                and own.carried_from is not None
                and own.carried_from.adopted_from_id == goal.carried_from_id
            ),
            None,
        )
        if carried is not None:
            _link_carried(carried, goal)
            continue
        copy = Goal.objects.create(
            programme=programme,
            number=next_number,
            title=goal.title,
            description=goal.description,
            adopted_from=goal,
        )
        next_number += 1
        for measure in goal.measures.all():
            _copy_measure(measure, copy, programme, context, last_year)
    record(
        actor=by,
        action="programme.adopt",
        obj=programme,
        changes={"adopts": upper, "goals": programme.goals.count()},
    )
    _enqueue_refresh(programme.pk)
    transaction.on_commit(lambda: notify.programme_adopted(programme.pk))


def _last_years_values(programme: Programme) -> dict[int, float]:
    """{measure id of last year's upper programme: the value this organisation reached on it last year}
    (the accepted review's figure, else the measure's last value)."""
    found: dict[int, float] = {}
    measures = Measure.objects.filter(
        goal__programme__organization_id=programme.organization_id,
        goal__programme__year=programme.year - 1,
        adopted_from__isnull=False,
    ).select_related("goal__review")
    figures = dict(
        ReviewFigure.objects.filter(
            measure__in=measures, review__state=YearEndReview.State.ACCEPTED
        ).values_list("measure_id", "achieved")
    )
    for measure in measures:
        value = figures.get(measure.pk, measure.value)
        if value is not None and measure.adopted_from_id is not None:
            found[measure.adopted_from_id] = value
    return found


def _copy_measure(
    measure: Measure, goal: Goal, programme: Programme, context: Context, last_year: dict[int, float]
) -> Measure:
    """The upper programme's measure in the adopting one: the same source (a body's resolutions become
    the organisation's own, since a body is not shared) and the upper target as a first target. Its
    baseline is the organisation's own last year where it is known: computed over its area, or (for a
    goal carried over above) the value it reached on that goal last year; else the upper baseline."""
    copy = Measure(
        goal=goal,
        position=measure.position,
        name=measure.name,
        source=measure.source,
        indicator_id=measure.indicator_id,
        figure=measure.figure,
        unit=measure.unit,
        aggregation=measure.aggregation,
        direction=measure.direction,
        baseline=measure.baseline,
        target=measure.target,
        adopted_from=measure,
    )
    baseline = None
    if SOURCES[measure.source].computed:
        baseline = previous_year_value(copy, programme, context)
    elif measure.carried_from_id in last_year:
        baseline = last_year[measure.carried_from_id]
    if baseline is not None:
        copy.baseline = baseline
        if (copy.direction == INCREASE) == (copy.target < baseline):
            copy.target = baseline  # the upper target is already passed here: the adopter raises it
    copy.save()
    return copy


def _link_carried(own: Goal, upper_goal: Goal) -> None:
    """A goal carried over from last year that follows `upper_goal` (itself carried over above): link
    the goal and its measures instead of copying them."""
    own.adopted_from = upper_goal
    own.save(update_fields=["adopted_from"])
    upper_measures = {m.carried_from_id: m for m in upper_goal.measures.all() if m.carried_from_id}
    for measure in own.measures.select_related("carried_from"):
        previous = measure.carried_from
        if previous is not None and previous.adopted_from_id in upper_measures:
            measure.adopted_from = upper_measures[previous.adopted_from_id]
            measure.save(update_fields=["adopted_from"])


# --- Goals --------------------------------------------------------------------------------------------


def _check_owner(programme: Programme, owner: User | None) -> None:
    if owner is not None and (owner.organization_id != programme.organization_id or not owner.is_active):
        raise GoalsError({"owner": [_("The owner of a goal is a user of the programme's organisation.")]})


@transaction.atomic
def add_goal(
    programme: Programme, *, by: User, title: str, description: str = "", owner: User | None = None
) -> Goal:
    programme = _lock(programme)
    _require_owner(by, programme)
    _require_draft(programme)
    title = required_text(title)
    if not title:
        raise GoalsError({"title": [_("Say what the goal is.")]})
    _check_owner(programme, owner)
    number = (programme.goals.aggregate(last=Max("number"))["last"] or 0) + 1
    goal = Goal.objects.create(
        programme=programme, number=number, title=title, description=required_text(description), owner=owner
    )
    record(actor=by, action="goal.create", obj=goal, changes=snapshot(goal, GOAL_FIELDS))
    return goal


@transaction.atomic
def update_goal(goal: Goal, *, by: User, title: str, description: str, owner: User | None) -> Goal:
    """The wording changes in a draft and only for the organisation's own goals; the owner at any time."""
    programme = _lock(goal.programme)
    _require_owner(by, programme)
    goal = Goal.objects.select_for_update().get(pk=goal.pk)
    _check_owner(programme, owner)
    before = snapshot(goal, GOAL_FIELDS)
    title, description = required_text(title), required_text(description)
    if (title, description) != (goal.title, goal.description):
        _require_draft(programme)
        if goal.is_adopted:
            raise GoalsError(
                _("A goal taken up from the adopted programme keeps its wording."), code="adopted"
            )
        if not title:
            raise GoalsError({"title": [_("Say what the goal is.")]})
        goal.title, goal.description = title, description
    goal.owner = owner
    goal.save(update_fields=["title", "description", "owner"])
    changes = diff(before, snapshot(goal, GOAL_FIELDS))
    if changes:
        record(actor=by, action="goal.update", obj=goal, changes=changes)
    return goal


@transaction.atomic
def remove_goal(goal: Goal, *, by: User) -> None:
    programme = _lock(goal.programme)
    _require_owner(by, programme)
    _require_draft(programme)
    if goal.is_adopted:
        raise GoalsError(_("A goal taken up from the adopted programme cannot be removed."), code="adopted")
    record(actor=by, action="goal.delete", obj=goal, changes=snapshot(goal, GOAL_FIELDS))
    number = goal.number
    goal.delete()
    for later in programme.goals.filter(number__gt=number).order_by("number"):
        later.number -= 1
        later.save(update_fields=["number"])


# --- Measures -----------------------------------------------------------------------------------------


@dataclass
class MeasureSpec:
    name: str
    source: str
    target: float | None
    baseline: float | None = None
    direction: str = INCREASE
    aggregation: str = TOTAL
    indicator: Indicator | None = None
    body: Body | None = None
    figure: str = ""
    unit: str = ""

    @classmethod
    def of(cls, measure: Measure, **changes) -> "MeasureSpec":
        """The measure as it is, with `changes` (e.g. a new baseline and target)."""
        fields = {
            "name": measure.name,
            "source": measure.source,
            "target": measure.target,
            "baseline": measure.baseline,
            "direction": measure.direction,
            "aggregation": measure.aggregation,
            "indicator": measure.indicator,
            "body": measure.body,
            "figure": measure.figure,
            "unit": measure.unit,
        }
        return cls(**{**fields, **changes})


def _checked(spec: MeasureSpec, programme: Programme, *, adopted: Measure | None = None) -> Measure:
    """A Measure (unsaved, without its goal) from the spec, or GoalsError naming the wrong fields."""
    errors: dict[str, list[str]] = {}
    if adopted is not None:
        # Only the baseline and the target of a measure taken up from the adopted programme change.
        measure = Measure(
            **{name: getattr(adopted, name) for name in MEASURE_FIELDS if name not in ("baseline", "target")}
        )
        measure.indicator_id, measure.body_id = adopted.indicator_id, adopted.body_id
    else:
        measure = Measure(name=required_text(spec.name), source=spec.source, direction=spec.direction)
        source = SOURCES.get(spec.source)
        if not measure.name:
            errors["name"] = [_("Name the measure.")]
        if source is None:
            errors["source"] = [_("Choose where the measure's value comes from.")]
        else:
            accepted = set(source.needs) | set(OPTIONAL.get(source.code, ()))
            if "indicator" in source.needs and spec.indicator is None:
                errors["indicator"] = [_("Choose the atlas indicator.")]
            if source.figures and spec.figure not in source.figures:
                errors["figure"] = [_("Choose the figure.")]
            measure.indicator = spec.indicator if "indicator" in accepted else None
            measure.body = spec.body if "body" in accepted else None
            measure.figure = spec.figure if source.figures else ""
            measure.unit = required_text(spec.unit) if "unit" in accepted else ""
            measure.aggregation = spec.aggregation if spec.aggregation in (TOTAL, LEVEL) else TOTAL
            measure.aggregation = source.aggregation_of(measure)
        if spec.direction not in (INCREASE, DECREASE):
            errors["direction"] = [_("Say whether a higher or a lower value is better.")]
    target, baseline = spec.target, spec.baseline
    if target is None:
        errors["target"] = [_("Enter the target.")]
    if not errors and baseline is None and SOURCES[measure.source].computed:
        baseline = previous_year_value(measure, programme)
    if baseline is None and "baseline" not in errors:
        errors["baseline"] = [_("Enter the baseline: there is no value of last year to start from.")]
    if target is not None and baseline is not None and not errors:
        if measure.direction == INCREASE and target < baseline:
            errors["target"] = [_("Higher is better here: the target cannot be below the baseline.")]
        if measure.direction == DECREASE and target > baseline:
            errors["target"] = [_("Lower is better here: the target cannot be above the baseline.")]
    if errors or target is None or baseline is None:
        raise GoalsError(errors)
    measure.target, measure.baseline = target, baseline
    return measure


@transaction.atomic
def add_measure(goal: Goal, *, by: User, spec: MeasureSpec) -> Measure:
    programme = _lock(goal.programme)
    _require_owner(by, programme)
    _require_draft(programme)
    if goal.is_adopted:
        raise GoalsError(_("A goal taken up from the adopted programme keeps its measures."), code="adopted")
    measure = _checked(spec, programme)
    measure.goal = goal
    measure.position = (goal.measures.aggregate(last=Max("position"))["last"] or 0) + 1
    measure.save()
    record(actor=by, action="measure.create", obj=measure, changes=snapshot(measure, MEASURE_FIELDS))
    return measure


@transaction.atomic
def update_measure(measure: Measure, *, by: User, spec: MeasureSpec) -> Measure:
    programme = _lock(measure.goal.programme)
    _require_owner(by, programme)
    _require_draft(programme)
    measure = (
        Measure.objects.select_for_update(of=("self",)).select_related("adopted_from").get(pk=measure.pk)
    )
    before = snapshot(measure, MEASURE_FIELDS)
    checked = _checked(spec, programme, adopted=measure if measure.adopted_from_id else None)
    for name in MEASURE_FIELDS:
        setattr(measure, name, getattr(checked, name))
    measure.save()
    changes = diff(before, snapshot(measure, MEASURE_FIELDS))
    if changes:
        record(actor=by, action="measure.update", obj=measure, changes=changes)
        _enqueue_refresh(programme.pk)
    return measure


@transaction.atomic
def remove_measure(measure: Measure, *, by: User) -> None:
    programme = _lock(measure.goal.programme)
    _require_owner(by, programme)
    _require_draft(programme)
    if measure.adopted_from_id:
        raise GoalsError(
            _("A measure taken up from the adopted programme cannot be removed."), code="adopted"
        )
    record(actor=by, action="measure.delete", obj=measure, changes=snapshot(measure, MEASURE_FIELDS))
    measure.delete()


# --- Roles --------------------------------------------------------------------------------------------


@transaction.atomic
def grant_goal_role(organization: Organization, *, by: User, user: User, kind: str) -> GoalRole:
    if not by.is_system_admin:
        raise PermissionDenied(_("Only a system administrator may give roles."))
    if kind not in GoalRole.Kind.values:
        raise GoalsError(_("Choose a reviewer or a viewer."))
    role, _created = GoalRole.objects.update_or_create(
        user=user, organization=organization, defaults={"kind": kind}
    )
    record(
        actor=by,
        action="goalrole.grant",
        obj=role,
        changes={"user": user.get_username(), "kind": kind, "organization": organization},
    )
    return role
