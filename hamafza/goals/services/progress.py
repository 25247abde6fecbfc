"""A measure's state, and a goal's, from the baseline, the target, the value and the time elapsed.

The rule, as the programme page explains it:

- Each measure follows a straight path across the Jalali year. A level (a rate, a percentage) is expected
  to move from its baseline on 1 Farvardin to its target on 29/30 Esfand; a total over the year (cases,
  resolutions done) to grow evenly from zero to its target.
- At the date of the latest value (the day it was computed, or the end of the quarter reported), with f
  the share of the year elapsed by then (days elapsed over days in the year; for a quarter reported,
  exactly 1/4, 2/4, 3/4 or 4/4), the expected value is baseline + (target − baseline) × f for a level and
  target × f for a total.
- met: the target is reached (a total that must stay low is met only once the year is over);
  on track: the value is at the expected value or better; at risk: worse, but by no more than
  TOLERANCE (10%) of the year's planned change (|target − baseline| for a level, |target| for a total);
  behind: worse than that, or the year is over and the target was not reached.
- A goal is met when all its measures are; otherwise it takes the state of its weakest measure that has
  a value. A measure without a value, and a goal none of whose measures has one, have no state yet.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from hamafza.lib.jalali import jalali_year_bounds
from hamafza.templatetags_builtins import amount, jdate, percent

TOLERANCE = 0.10

MET = "met"
ON_TRACK = "on_track"
AT_RISK = "at_risk"
BEHIND = "behind"
NO_DATA = "no_data"

STATES = {
    MET: pgettext_lazy("goal state", "Met"),
    ON_TRACK: pgettext_lazy("goal state", "On track"),
    AT_RISK: pgettext_lazy("goal state", "At risk"),
    BEHIND: pgettext_lazy("goal state", "Behind"),
    NO_DATA: pgettext_lazy("goal state", "No value yet"),
}
# The order of the scorecard and of a goal's weakest measure.
ORDER = [MET, ON_TRACK, AT_RISK, BEHIND, NO_DATA]
_WEAKNESS = {MET: 0, ON_TRACK: 1, AT_RISK: 2, BEHIND: 3}

INCREASE = "increase"
DECREASE = "decrease"
TOTAL = "total"
LEVEL = "level"


def year_fraction(year: int, on: dt.date) -> float:
    """The share of the Jalali year elapsed at the end of the day `on`, from 0 to 1."""
    start, end = jalali_year_bounds(year)
    days = (end - start).days
    elapsed = (on - start).days + 1
    return min(1.0, max(0.0, elapsed / days))


@dataclass(frozen=True)
class Assessment:
    state: str
    value: float | None = None
    fraction: float | None = None
    expected: float | None = None
    gap: float | None = None  # how far the value is behind the expected one (> 0: behind)
    allowance: float | None = None  # TOLERANCE × the year's planned change
    year_over: bool = False

    @property
    def label(self) -> str:
        return str(STATES[self.state])


def assess(
    *,
    direction: str,
    aggregation: str,
    baseline: float,
    target: float,
    value: float | None,
    as_of: dt.date | None,
    year: int,
    fraction: float | None = None,
) -> Assessment:
    """`fraction` of the year elapsed, when the value stands for a whole quarter (q/4); else from `as_of`."""
    if value is None or as_of is None:
        return Assessment(NO_DATA)
    if fraction is None:
        fraction = year_fraction(year, as_of)
    year_over = fraction >= 1.0
    sign = 1 if direction == INCREASE else -1
    if aggregation == TOTAL:
        expected = target * fraction
        scale = abs(target)
    else:
        expected = baseline + (target - baseline) * fraction
        scale = abs(target - baseline)
    allowance = TOLERANCE * (scale or abs(target) or 1.0)
    gap = sign * (expected - value)
    reached = sign * (value - target) >= 0
    if reached and (year_over or aggregation == LEVEL or direction == INCREASE):
        state = MET
    elif year_over:
        state = BEHIND
    elif gap <= 0:
        state = ON_TRACK
    elif gap <= allowance:
        state = AT_RISK
    else:
        state = BEHIND
    return Assessment(state, value, fraction, expected, gap, allowance, year_over)


def assess_measure(measure, year: int) -> Assessment:
    quarter = (measure.value_detail or {}).get("quarter") if hasattr(measure, "value_detail") else None
    return assess(
        direction=measure.direction,
        aggregation=measure.aggregation,
        baseline=measure.baseline,
        target=measure.target,
        value=measure.value,
        as_of=measure.value_as_of,
        year=year,
        fraction=quarter / 4 if quarter else None,
    )


def goal_state(states: Iterable[str]) -> str:
    states = list(states)
    valued = [state for state in states if state != NO_DATA]
    if not valued:
        return NO_DATA
    if all(state == MET for state in states):
        return MET
    weakest = max(valued, key=_WEAKNESS.__getitem__)
    return ON_TRACK if weakest == MET else weakest


def explain(measure, assessment: Assessment) -> str:
    """One sentence on how the state was reached, in the page's language and digits."""
    if assessment.state == NO_DATA:
        return _("No value yet: nothing has been computed or accepted for this measure.")
    parts = {
        "date": jdate(measure.value_as_of),
        "share": percent(100 * (assessment.fraction or 0)),
        "expected": amount(assessment.expected),
        "value": amount(assessment.value),
        "target": amount(measure.target),
        "allowance": amount(assessment.allowance),
    }
    if assessment.state == MET:
        return _("Target %(target)s reached: %(value)s on %(date)s.") % parts
    if assessment.year_over:
        return _("The year is over and the target %(target)s was not reached: %(value)s.") % parts
    path = (
        _("On %(date)s, %(share)s of the year, the path expects %(expected)s; the value is %(value)s.")
        % parts
    )
    if assessment.state == ON_TRACK:
        return path + " " + _("At the path or better: on track.")
    if assessment.state == AT_RISK:
        return (
            path
            + " "
            + _("Behind by no more than %(allowance)s (10%% of the year's planned change): at risk.") % parts
        )
    return (
        path
        + " "
        + _("Behind by more than %(allowance)s (10%% of the year's planned change): behind.") % parts
    )
