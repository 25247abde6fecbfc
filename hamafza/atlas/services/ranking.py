"""The priority ranking of neighbourhoods (seed 001, resolution 2: «اولویت‌بندی محلات»).

A ranking reads each chosen indicator's value per neighbourhood of an area over a run of Jalali months
(from the summary and value tables, never from raw incidents), weighs the indicators directly or by AHP
pairwise comparisons, and ranks the neighbourhoods by TOPSIS or by a weighted sum of normalised values.
Each rank is explained by each indicator's contribution to the score. A ranking can be saved as an
Assessment, and an assessment can mark its top neighbourhoods as target neighbourhoods.

A higher priority goes to the worse-off neighbourhood: an indicator whose higher value is worse (most
harms) counts as a "benefit" criterion of the ranking, one whose higher value is better as a "cost".
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hamafza.atlas.models import Assessment, Indicator
from hamafza.atlas.services import queries
from hamafza.audit.services import record
from hamafza.lib import mcda
from hamafza.lib.persian import to_persian_digits
from hamafza.places.models import Region
from hamafza.places.services import can_mark_target, mark_target

AREA_KINDS = (Region.Kind.CITY, Region.Kind.DISTRICT)
MAX_CONSISTENCY_RATIO = 0.1


class RankingError(ValidationError):
    """A ranking that cannot be made as asked; the message is for the user."""


@dataclass(frozen=True)
class Criterion:
    indicator: Indicator
    weight: float  # normalised: the weights of a ranking sum to 1

    @property
    def benefit(self) -> bool:
        """Whether a higher value raises the neighbourhood's priority."""
        return self.indicator.higher_is_worse


@dataclass
class RankingRow:
    region_id: int
    name: str
    code: str
    is_target: bool
    score: float
    rank: int
    values: list[float]  # one per criterion, in the order of RankingResult.criteria
    contributions: list[float]  # one per criterion


@dataclass
class Unranked:
    """A neighbourhood left out because an indicator has no value for it in the period."""

    region_id: int
    name: str
    missing: list[Indicator]


@dataclass
class RankingResult:
    area: Region
    period_start: int
    period_end: int
    method: str
    criteria: list[Criterion]
    rows: list[RankingRow]  # by rank
    unranked: list[Unranked] = field(default_factory=list)

    @property
    def weights(self) -> list[float]:
        return [criterion.weight for criterion in self.criteria]


# --- periods ------------------------------------------------------------------------------------------


valid_month = queries.valid_month


def _check_period(period_start: int, period_end: int) -> None:
    if not (valid_month(period_start) and valid_month(period_end)):
        raise RankingError(_("Choose the months of the period."))
    if period_start > period_end:
        raise RankingError(_("The period ends before it starts."))


# --- the neighbourhoods of an area and their values ---------------------------------------------------


def area_neighbourhoods(area: Region):
    """The neighbourhoods inside a city or district (directly, or through the city's districts)."""
    return Region.objects.neighbourhoods().filter(
        Q(parent_id=area.pk) | Q(parent__parent_id=area.pk) | Q(parent__parent__parent_id=area.pk)
    )


def _columns(
    indicators: Sequence[Indicator], area: Region, period_start: int, period_end: int
) -> tuple[list[int], list[dict[int, float]]]:
    """The area's neighbourhood ids and, per indicator, {neighbourhood id: value} over the period.

    Read by hamafza.atlas.services.queries from the summary and value tables (three queries at most, whatever
    the number of indicators). A neighbourhood with no value (a reported indicator never reported, a
    rate without a denominator) is absent from that indicator's dict.
    """
    tree = queries.RegionTree.load()
    ids = tree.neighbourhoods(area.pk)
    parts = queries.neighbourhood_parts(indicators, period_start, period_end, tree, ids)
    columns = []
    for indicator in indicators:
        own = parts[indicator.pk]
        if indicator.kind == Indicator.Kind.RATE:
            # queries.value_of, inlined: it runs for every neighbourhood of every indicator.
            per = indicator.per
            columns.append({pk: part.num * per / part.den for pk, part in own.items() if part.den})
        else:
            columns.append({pk: float(part.num) for pk, part in own.items()})
    return ids, columns


# --- AHP ----------------------------------------------------------------------------------------------


def ahp_matrix(size: int, pairs: Mapping[tuple[int, int], float]) -> list[list[float]]:
    """The full reciprocal matrix from the upper triangle: pairs[(i, j)] = a_ij for i < j."""
    matrix = [[1.0] * size for _ in range(size)]
    for i in range(size):
        for j in range(i + 1, size):
            value = pairs.get((i, j))
            if value is None:
                raise RankingError(_("Compare every pair of indicators."))
            value = float(value)
            if not (1 / 9 - 1e-9 <= value <= 9 + 1e-9):
                raise RankingError(_("A comparison must be on Saaty's scale, from 1/9 to 9."))
            matrix[i][j] = value
            matrix[j][i] = 1.0 / value
    return matrix


def _ratio_text(value: float) -> str:
    text = f"{value:.3f}"
    return to_persian_digits(text.replace(".", "٫")) if _persian() else text


def _persian() -> bool:
    from django.utils.translation import get_language

    return (get_language() or "fa").startswith("fa")


def ahp_weights(matrix: Sequence[Sequence[float]]) -> tuple[list[float], float]:
    """AHP weights (principal eigenvector) of a full pairwise matrix and its consistency ratio."""
    try:
        result = mcda.ahp_weights(np.asarray(matrix, dtype=float))
    except ValueError:
        raise RankingError(
            _("Pairwise comparisons work for at most %(count)s indicators.")
            % {"count": _count_text(len(mcda.RANDOM_INDEX))}
        ) from None
    return [float(w) for w in result.weights], float(result.cr)


def refuse_inconsistent(cr: float) -> None:
    """Raise RankingError when the consistency ratio is above 0.1."""
    if cr > MAX_CONSISTENCY_RATIO:
        raise RankingError(
            _(
                "The consistency ratio of these comparisons is %(cr)s, above the 0.1 that AHP accepts: "
                "the judgements contradict one another. Review the comparisons and try again."
            )
            % {"cr": _ratio_text(cr)},
            code="inconsistent",
        )


def check_consistency(matrix: Sequence[Sequence[float]]) -> tuple[list[float], float]:
    """AHP weights and consistency ratio of a full matrix; refuses a ratio above 0.1."""
    weights, cr = ahp_weights(matrix)
    refuse_inconsistent(cr)
    return weights, cr


def ahp_from_pairs(
    indicators: Sequence[Indicator], pairs: Mapping[tuple[int, int], float]
) -> tuple[list[float], float]:
    """Weights of the indicators from pairwise comparisons, and the consistency ratio (CR).

    `pairs[(i, j)]` (i < j, positions in `indicators`) is how much more important indicator i is than
    indicator j on Saaty's 1/9…9 scale. Raises RankingError when CR > 0.1.
    """
    if len(indicators) < 2:
        raise RankingError(_("Pairwise comparisons need at least two indicators."))
    return check_consistency(ahp_matrix(len(indicators), pairs))


# --- ranking ------------------------------------------------------------------------------------------


def _criteria(criteria: Sequence[tuple[Indicator, float]]) -> list[Criterion]:
    if not criteria:
        raise RankingError(_("Choose at least one indicator."))
    if len({indicator.pk for indicator, _w in criteria}) != len(criteria):
        raise RankingError(_("An indicator is chosen twice."))
    weights = [float(weight) for _i, weight in criteria]
    if any(not np.isfinite(w) or w < 0 for w in weights):
        raise RankingError(_("A weight cannot be negative."))
    total = sum(weights)
    if total <= 0:
        raise RankingError(_("At least one weight must be above zero."))
    return [
        Criterion(indicator, weight / total)
        for (indicator, _w), weight in zip(criteria, weights, strict=True)
    ]


def compute_ranking(
    area: Region,
    period_start: int,
    period_end: int,
    criteria: Sequence[tuple[Indicator, float]],
    method: str = Assessment.Method.TOPSIS,
) -> RankingResult:
    """Rank the neighbourhoods of `area` over the Jalali months period_start..period_end (YYYYMM).

    `criteria` are (indicator, weight) pairs; the weights are normalised to sum to 1. A neighbourhood
    with no value for an indicator in the period is left out of the ranking and listed in `unranked`.
    """
    if area.kind not in AREA_KINDS:
        raise RankingError(_("Rank the neighbourhoods of a city or a district."))
    _check_period(period_start, period_end)
    if method not in Assessment.Method.values:
        raise RankingError(_("Choose TOPSIS or the weighted sum."))
    chosen = _criteria(criteria)
    ids, columns = _columns([c.indicator for c in chosen], area, period_start, period_end)
    # The area's neighbourhoods by joins on the parent chain: cheaper than an IN list of thousands of ids.
    inside = set(ids)
    neighbourhoods = sorted(
        (
            row
            for row in area_neighbourhoods(area).order_by().values_list("pk", "name", "code", "is_target")
            if row[0] in inside
        ),
        key=lambda row: (row[1], row[0]),
    )
    complete, unranked = [], []
    for region in neighbourhoods:
        missing = [c.indicator for c, values in zip(chosen, columns, strict=True) if region[0] not in values]
        if missing:
            unranked.append(Unranked(region[0], region[1], missing))
        else:
            complete.append(region)
    if len(complete) < 2:
        raise RankingError(
            _("Fewer than two neighbourhoods of this area have values for these indicators in this period.")
        )

    matrix = np.column_stack(
        [np.fromiter((values[region[0]] for region in complete), float, len(complete)) for values in columns]
    )
    weights = np.array([c.weight for c in chosen])
    benefit = np.array([c.benefit for c in chosen])
    if method == Assessment.Method.TOPSIS:
        outcome = mcda.topsis(matrix, weights, benefit)
        scores, ranks, contributions = outcome.scores, outcome.ranks, outcome.contributions
    else:
        scores, ranks, contributions = mcda.weighted_sum(matrix, weights, benefit, normalise="minmax")

    rows = [
        RankingRow(region[0], region[1], region[2], region[3], score, rank, values, parts)
        for region, score, rank, values, parts in zip(
            complete, scores.tolist(), ranks.tolist(), matrix.tolist(), contributions.tolist(), strict=True
        )
    ]
    rows.sort(key=lambda row: (row.rank, row.name))
    return RankingResult(area, period_start, period_end, method, chosen, rows, unranked)


# --- assessments --------------------------------------------------------------------------------------


def can_assess(user, area: Region) -> bool:
    """Saving assessments and marking targets: the rule of places.services.mark_target."""
    return user.is_authenticated and can_mark_target(user, area)


def _results_json(result: RankingResult) -> list[dict]:
    codes = [c.indicator.code for c in result.criteria]
    return [
        {
            "region": row.region_id,
            "name": row.name,
            "code": row.code,
            "score": row.score,
            "rank": row.rank,
            "values": dict(zip(codes, row.values, strict=True)),
            "contributions": dict(zip(codes, row.contributions, strict=True)),
        }
        for row in result.rows
    ]


@transaction.atomic
def save_assessment(
    result: RankingResult,
    *,
    by,
    name: str,
    ahp_matrix: Sequence[Sequence[float]] | None = None,
) -> Assessment:
    """Store a ranking as an Assessment: its criteria, the AHP matrix and CR if any, and the results.

    The AHP matrix, when given, is checked again here (CR ≤ 0.1, and it must give the ranking's weights).
    """
    if not can_assess(by, result.area):
        raise PermissionDenied(_("Only the secretariat of a body of this area may save assessments."))
    name = (name or "").strip()
    if not name:
        raise RankingError(_("Give the assessment a name."))
    cr = None
    matrix = None
    if ahp_matrix is not None:
        matrix = [[float(v) for v in row] for row in ahp_matrix]
        if len(matrix) != len(result.criteria) or any(len(row) != len(matrix) for row in matrix):
            raise RankingError(_("The pairwise comparisons do not match the indicators."))
        weights, cr = check_consistency(matrix)
        if not np.allclose(weights, result.weights, atol=1e-9):
            raise RankingError(_("The weights do not come from these pairwise comparisons."))
    assessment = Assessment.objects.create(
        name=name[:200],
        area=result.area,
        period_start=result.period_start,
        period_end=result.period_end,
        method=result.method,
        criteria=[{"indicator": c.indicator.code, "weight": c.weight} for c in result.criteria],
        ahp_matrix=matrix,
        consistency_ratio=cr,
        results=_results_json(result),
        created_by=by,
    )
    record(
        actor=by,
        action="assessment.create",
        obj=assessment,
        changes={
            "area": result.area,
            "period": [result.period_start, result.period_end],
            "method": result.method,
            "criteria": assessment.criteria,
            "consistency_ratio": cr,
            "ranked": len(result.rows),
        },
    )
    return assessment


@dataclass
class TargetPlan:
    """What marking the top N of an assessment would change."""

    mark: list[Region]  # the top N, in rank order
    unmark: list[Region]  # current targets of the area outside the top N (only when asked)
    already: list[Region]  # top N that are targets already


def target_plan(assessment: Assessment, *, top_n: int, unmark_others: bool) -> TargetPlan:
    ranked = sorted(assessment.results, key=lambda row: (row["rank"], row.get("name", "")))
    if not 1 <= top_n <= len(ranked):
        raise RankingError(
            _("Choose between 1 and %(count)s neighbourhoods.") % {"count": _count_text(len(ranked))}
        )
    top_ids = [row["region"] for row in ranked[:top_n]]
    inside = area_neighbourhoods(assessment.area)
    regions = inside.without_boundaries().in_bulk(top_ids)
    if len(regions) != len(top_ids):
        raise RankingError(_("Some neighbourhoods of this assessment are no longer in its area."))
    top = [regions[pk] for pk in top_ids]
    unmark = []
    if unmark_others:
        unmark = list(
            inside.without_boundaries().filter(is_target=True).exclude(pk__in=top_ids).order_by("name")
        )
    return TargetPlan(
        mark=[r for r in top if not r.is_target], unmark=unmark, already=[r for r in top if r.is_target]
    )


def _count_text(count: int) -> str:
    return to_persian_digits(count) if _persian() else str(count)


@transaction.atomic
def mark_targets(assessment: Assessment, *, by, top_n: int, unmark_others: bool = False) -> TargetPlan:
    """Mark the top N neighbourhoods of an assessment as target neighbourhoods.

    Each neighbourhood goes through places.services.mark_target (its own audit entry); the assessment
    records who decided and when, and gets an audit entry of its own. Clearing the mark from the area's
    other target neighbourhoods happens only when `unmark_others` is asked for.
    """
    if not can_assess(by, assessment.area):
        raise PermissionDenied(
            _("Only the secretariat of a body of this area may mark target neighbourhoods.")
        )
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    plan = target_plan(assessment, top_n=top_n, unmark_others=unmark_others)
    for region in plan.unmark:
        mark_target(region, by=by, value=False)
    for region in plan.mark:
        mark_target(region, by=by, value=True)
    before = {
        "targets_marked": assessment.targets_marked,
        "targets_marked_by": assessment.targets_marked_by_id,
    }
    assessment.targets_marked = top_n
    assessment.targets_marked_by = by
    assessment.targets_marked_at = timezone.now()
    assessment.save(update_fields=["targets_marked", "targets_marked_by", "targets_marked_at"])
    record(
        actor=by,
        action="assessment.mark_targets",
        obj=assessment,
        changes={
            "targets_marked": [before["targets_marked"], top_n],
            "marked": [region.pk for region in plan.mark],
            "already": [region.pk for region in plan.already],
            "unmarked": [region.pk for region in plan.unmark],
        },
    )
    return plan
