"""The year-end review of each goal (آسیب‌شناسی) and the carrying of goals into next year's programme.

From the first day of the year's last quarter (1 Dey), the programme's organisation writes, for each
goal, what was achieved (in words, and the value each measure reached), its strengths, its weaknesses and
their causes, and a proposal for next year; it may save a draft and send it when it is complete. The
reviewer accepts it or returns it with a comment. Goals whose review is accepted may be carried into
next year's draft programme, each measure starting from the value the review states."""

import datetime as dt
import re

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from hamafza.accounts.models import User
from hamafza.audit.services import diff, record, snapshot
from hamafza.goals import notify
from hamafza.goals.access import Viewer
from hamafza.goals.models import Goal, Measure, Programme, ReviewFigure, YearEndReview
from hamafza.goals.services.common import GoalsError, decide, required_text
from hamafza.goals.services.common import today as local_today
from hamafza.goals.services.programmes import PROGRAMME_FIELDS, adopt_into
from hamafza.goals.services.progress import INCREASE
from hamafza.lib.jalali import format_jalali, jalali_month_bounds
from hamafza.lib.persian import to_persian_digits
from hamafza.templatetags_builtins import digits as n

TEXT_FIELDS = ["achieved", "strengths", "weaknesses", "causes", "proposal"]
REVIEW_FIELDS = [*TEXT_FIELDS, "state", "review_comment"]


def review_opens(year: int) -> dt.date:
    """1 Dey: the year-end review opens with the year's last quarter."""
    return jalali_month_bounds(year, 10)[0]


def can_write_review(programme: Programme, on: dt.date | None = None) -> bool:
    return programme.state == Programme.State.ACTIVE and (on or local_today()) >= review_opens(programme.year)


def _figures_snapshot(review: YearEndReview) -> dict[str, float]:
    return {str(f.measure_id): f.achieved for f in review.figures.all()}


@transaction.atomic
def save_review(
    goal: Goal,
    *,
    by: User,
    achieved: str,
    strengths: str,
    weaknesses: str,
    causes: str,
    proposal: str,
    figures: dict[int, float | None],
    submit: bool = False,
) -> YearEndReview:
    """Save the goal's review as a draft, or (`submit`) send it to the reviewer once every part is there."""
    goal = Goal.objects.select_related("programme__organization").get(pk=goal.pk)
    programme = Programme.objects.select_for_update().get(pk=goal.programme_id)
    if not Viewer(by).owns(programme):
        raise PermissionDenied(_("Only an officer of the programme's organisation may write its review."))
    if programme.state != Programme.State.ACTIVE:
        raise GoalsError(_("Only an active programme is reviewed at the year's end."))
    if not can_write_review(programme):
        raise GoalsError(
            _("The year-end review opens on %(date)s.")
            % {"date": format_jalali(review_opens(programme.year))},
            code="not_yet",
        )
    review = YearEndReview.objects.select_for_update().filter(goal=goal).first()
    if review is not None and review.state == YearEndReview.State.SUBMITTED:
        raise GoalsError(
            _("This review is awaiting the reviewer; it changes only if it is returned."), code="locked"
        )
    if review is not None and review.state == YearEndReview.State.ACCEPTED:
        raise GoalsError(_("This review has been accepted; it no longer changes."), code="locked")
    texts = {
        "achieved": required_text(achieved),
        "strengths": required_text(strengths),
        "weaknesses": required_text(weaknesses),
        "causes": required_text(causes),
        "proposal": required_text(proposal),
    }
    measures = list(goal.measures.order_by("position", "pk"))
    if submit:
        missing = {
            "achieved": _("Say what was achieved."),
            "strengths": _("Name the strengths."),
            "weaknesses": _("Name the weaknesses."),
            "causes": _("Say what caused the weaknesses."),
            "proposal": _("Propose what to do next year."),
        }
        errors = {name: [str(message)] for name, message in missing.items() if not texts[name]}
        for measure in measures:
            if figures.get(measure.pk) is None:
                errors[f"figure_{measure.pk}"] = [_("Enter the value this measure reached.")]
        if errors:
            raise GoalsError(errors)
    if review is None:
        review = YearEndReview(goal=goal, written_by=by)
        before: dict = {}
        before_figures: dict = {}
    else:
        before = snapshot(review, REVIEW_FIELDS)
        before_figures = _figures_snapshot(review)
    for name, text in texts.items():
        setattr(review, name, text)
    review.written_by = by
    if submit:
        review.state = YearEndReview.State.SUBMITTED
        review.submitted_at = timezone.now()
    review.save()
    for measure in measures:
        value = figures.get(measure.pk)
        if value is None:
            ReviewFigure.objects.filter(review=review, measure=measure).delete()
        else:
            ReviewFigure.objects.update_or_create(
                review=review, measure=measure, defaults={"achieved": value}
            )
    changes = diff(before, snapshot(review, REVIEW_FIELDS))
    after_figures = _figures_snapshot(review)
    if after_figures != before_figures:
        changes["figures"] = [before_figures, after_figures]
    record(
        actor=by, action="year_review.submit" if submit else "year_review.save", obj=review, changes=changes
    )
    if submit:
        transaction.on_commit(lambda: notify.review_submitted(review.pk))
    return review


def _lock_for_decision(review: YearEndReview, by: User) -> YearEndReview:
    review = (
        YearEndReview.objects.select_for_update(of=("self",))
        .select_related("goal__programme__organization")
        .get(pk=review.pk)
    )
    if not Viewer(by).reviews(review.goal.programme):
        raise PermissionDenied(_("Only the programme's reviewer may accept or return its reviews."))
    if review.state != YearEndReview.State.SUBMITTED:
        raise GoalsError(_("Only a review awaiting the reviewer can be accepted or returned."), code="state")
    return review


@transaction.atomic
def accept_review(review: YearEndReview, *, by: User, comment: str = "") -> YearEndReview:
    review = _lock_for_decision(review, by)
    state, text = YearEndReview.State.ACCEPTED, required_text(comment)
    decide(review, by=by, state=state, comment=text, action="year_review.accept")
    transaction.on_commit(lambda: notify.review_decided(review.pk))
    return review


@transaction.atomic
def return_review(review: YearEndReview, *, by: User, comment: str) -> YearEndReview:
    review = _lock_for_decision(review, by)
    comment = required_text(comment)
    if not comment:
        raise GoalsError({"comment": [_("Say what the review lacks, so the organisation can complete it.")]})
    decide(review, by=by, state=YearEndReview.State.RETURNED, comment=comment, action="year_review.return")
    transaction.on_commit(lambda: notify.review_decided(review.pk))
    return review


# --- Carrying goals into next year --------------------------------------------------------------------


def carriable(goal: Goal) -> bool:
    """A goal whose review was accepted and that has not been carried yet (`carried_into` prefetched or not)."""
    review = getattr(goal, "review", None)
    return (
        review is not None and review.state == YearEndReview.State.ACCEPTED and not goal.carried_into.exists()
    )


def next_title(title: str, year: int) -> str:
    """The title with the year moved on: «… ۱۴۰۲» → «… ۱۴۰۳», or the year added when it names none."""
    for text, new in (
        (str(year), str(year + 1)),
        (to_persian_digits(str(year)), to_persian_digits(str(year + 1))),
    ):
        if re.search(rf"(?<!\d){re.escape(text)}(?!\d)", title):
            return re.sub(rf"(?<!\d){re.escape(text)}(?!\d)", new, title)
    persian = bool(re.search(r"[\u0600-\u06ff]", title))
    suffix = to_persian_digits(str(year + 1)) if persian else str(year + 1)
    return f"{title} {suffix}"


def _next_target(measure: Measure, baseline: float) -> float:
    """Last year's target while it is still ahead of the new baseline; else the baseline, to be raised."""
    if measure.direction == INCREASE:
        return measure.target if measure.target >= baseline else baseline
    return measure.target if measure.target <= baseline else baseline


def _next_programme(programme: Programme, by: User) -> Programme:
    following = (
        Programme.objects.select_for_update()
        .filter(organization_id=programme.organization_id, year=programme.year + 1)
        .first()
    )
    if following is not None:
        if not following.is_draft:
            raise GoalsError(
                _("Next year's programme is already active: goals are carried only into a draft."),
                code="active",
            )
        return following
    following = Programme.objects.create(
        organization_id=programme.organization_id,
        year=programme.year + 1,
        title=next_title(programme.title, programme.year),
        description=programme.description,
        region=programme.region,
        created_by=by,
    )
    record(actor=by, action="programme.create", obj=following, changes=snapshot(following, PROGRAMME_FIELDS))
    return following


def _upper_next(programme: Programme) -> Programme | None:
    """Next year's active programme of the organisation whose programme this one adopts."""
    upper = programme.adopts
    if upper is None:
        return None
    return Programme.objects.filter(
        organization_id=upper.organization_id,
        year=programme.year + 1,
        state=Programme.State.ACTIVE,
    ).first()


@transaction.atomic
def carry_over(programme: Programme, *, by: User, goals: list[Goal]) -> Programme:
    """Copy the chosen goals, whose reviews are accepted, into next year's draft programme (made if need
    be), each measure's baseline the value the review states. A goal that follows a goal of the adopted
    programme, which has itself been carried over, joins its counterpart in next year's adoption; if the
    programme above has next year's out already and the draft does not follow it yet, the draft adopts it."""
    programme = (
        Programme.objects.select_for_update(of=("self",)).select_related("adopts").get(pk=programme.pk)
    )
    if not Viewer(by).owns(programme):
        raise PermissionDenied(_("Only an officer of the programme's organisation may carry its goals over."))
    if not goals:
        raise GoalsError(_("Choose the goals to carry into next year."), code="empty")
    chosen = list(
        Goal.objects.filter(pk__in=[goal.pk for goal in goals])
        .select_related("review")
        .prefetch_related("measures", "review__figures")
        .order_by("number")
    )
    for goal in chosen:
        if goal.programme_id != programme.pk:
            raise GoalsError(_("Only this programme's goals can be carried over from here."))
        review = getattr(goal, "review", None)
        if review is None or review.state != YearEndReview.State.ACCEPTED:
            raise GoalsError(
                _("Goal %(number)s: its year-end review must be accepted first.")
                % {"number": n(goal.number)},
                code="not_reviewed",
            )
        if goal.carried_into.exists():
            raise GoalsError(
                _("Goal %(number)s has already been carried into next year.") % {"number": n(goal.number)},
                code="carried",
            )
    following = _next_programme(programme, by)
    for goal in chosen:
        _carry_goal(goal, following, by)
    upper_next = _upper_next(programme)
    if upper_next is not None and following.adopts_id is None:
        # Next year's programme above is out already: the draft takes it up, the carried goals linked.
        adopt_into(following, upper_next, by=by)
    return following


def _carry_goal(goal: Goal, following: Programme, by: User) -> Goal:
    achieved = {figure.measure_id: figure.achieved for figure in goal.review.figures.all()}
    upper_goal = None
    upper = following.adopts
    if goal.adopted_from_id and upper is not None:
        upper_goal = upper.goals.filter(carried_from_id=goal.adopted_from_id).first()
    counterpart = following.goals.filter(adopted_from=upper_goal).first() if upper_goal else None
    if counterpart is None:
        number = (following.goals.aggregate(last=Max("number"))["last"] or 0) + 1
        counterpart = Goal.objects.create(
            programme=following,
            number=number,
            title=goal.title,
            description=goal.description,
            owner=goal.owner,
            adopted_from=upper_goal,
            carried_from=goal,
        )
        upper_measures = {m.carried_from_id: m for m in upper_goal.measures.all()} if upper_goal else {}
        for measure in goal.measures.all():
            baseline = achieved.get(
                measure.pk, measure.value if measure.value is not None else measure.baseline
            )
            Measure.objects.create(
                goal=counterpart,
                position=measure.position,
                name=measure.name,
                source=measure.source,
                indicator_id=measure.indicator_id,
                body_id=measure.body_id,
                figure=measure.figure,
                unit=measure.unit,
                aggregation=measure.aggregation,
                direction=measure.direction,
                baseline=baseline,
                target=_next_target(measure, baseline),
                carried_from=measure,
                adopted_from=upper_measures.get(measure.adopted_from_id) if measure.adopted_from_id else None,
            )
    else:
        counterpart.carried_from = goal
        counterpart.save(update_fields=["carried_from"])
        mine = {m.adopted_from_id: m for m in goal.measures.all()}
        for measure in counterpart.measures.select_related("adopted_from"):
            previous = mine.get(measure.adopted_from.carried_from_id) if measure.adopted_from else None
            if previous is None or previous.pk not in achieved:
                continue
            measure.baseline = achieved[previous.pk]
            measure.target = _next_target(measure, measure.baseline)
            measure.carried_from = previous
            measure.save(update_fields=["baseline", "target", "carried_from"])
    record(
        actor=by,
        action="goal.carry",
        obj=counterpart,
        changes={"from": goal, "programme": following, "baselines": {str(k): v for k, v in achieved.items()}},
    )
    return counterpart
