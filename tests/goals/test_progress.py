"""A measure's state from its baseline, target, value and the share of the year elapsed; a goal's from its
measures; and the explanation the page shows."""

import datetime as dt

import pytest
from django.utils import translation

from hamafza.goals.services import progress
from hamafza.goals.services.progress import (
    AT_RISK,
    BEHIND,
    DECREASE,
    INCREASE,
    LEVEL,
    MET,
    NO_DATA,
    ON_TRACK,
    TOTAL,
    assess,
    goal_state,
    year_fraction,
)
from hamafza.lib.jalali import jalali_year_bounds

YEAR = 1402
START, AFTER = jalali_year_bounds(YEAR)
LAST_DAY = AFTER - dt.timedelta(days=1)


def day_at(fraction: float) -> dt.date:
    """The day by whose end `fraction` of 1402 (365 days) has elapsed."""
    return START + dt.timedelta(days=round(fraction * 365) - 1)


def state(value, fraction, *, baseline=60.0, target=70.0, direction=INCREASE, aggregation=LEVEL):
    return assess(
        direction=direction,
        aggregation=aggregation,
        baseline=baseline,
        target=target,
        value=value,
        as_of=day_at(fraction) if fraction is not None else None,
        year=YEAR,
    )


def test_year_fraction_runs_from_the_first_to_the_last_day():
    assert year_fraction(YEAR, START) == pytest.approx(1 / 365)
    assert year_fraction(YEAR, LAST_DAY) == 1.0
    assert year_fraction(YEAR, START - dt.timedelta(days=10)) == 0.0
    assert year_fraction(YEAR, AFTER + dt.timedelta(days=10)) == 1.0


@pytest.mark.parametrize(
    "value, fraction, expected",
    [
        (65.0, 0.5, ON_TRACK),  # the path expects 65 at mid-year
        (66.0, 0.5, ON_TRACK),
        (64.0, 0.5, AT_RISK),  # 1 behind, allowance 10% of 10 = 1
        (63.9, 0.5, BEHIND),
        (70.0, 0.5, MET),  # a level that reached its target is met at once
        (69.9, 1.0, BEHIND),  # the year is over, not reached
        (70.5, 1.0, MET),
        (None, 0.5, NO_DATA),
    ],
)
def test_a_level_that_should_rise(value, fraction, expected):
    assert state(value, fraction).state == expected


@pytest.mark.parametrize(
    "value, fraction, expected",
    [
        (35.0, 0.5, ON_TRACK),  # from 40 down to 30: 35 expected at mid-year
        (35.9, 0.5, AT_RISK),
        (36.5, 0.5, BEHIND),
        (30.0, 0.25, MET),
    ],
)
def test_a_level_that_should_fall(value, fraction, expected):
    assert state(value, fraction, baseline=40, target=30, direction=DECREASE).state == expected


@pytest.mark.parametrize(
    "value, fraction, expected",
    [
        (
            100.0,
            0.5,
            ON_TRACK,
        ),  # a total of 200 over the year: 100 expected at mid-year, whatever the baseline
        (81.0, 0.5, AT_RISK),  # 19 behind, allowance 10% of 200 = 20
        (79.0, 0.5, BEHIND),
        (200.0, 0.6, MET),
        (199.0, 1.0, BEHIND),
    ],
)
def test_a_total_that_should_grow(value, fraction, expected):
    assert state(value, fraction, baseline=150, target=200, aggregation=TOTAL).state == expected


@pytest.mark.parametrize(
    "value, fraction, expected",
    [
        (495.0, 0.5, ON_TRACK),  # at most 1,000 in the year: about 500 by mid-year is on the path
        (590.0, 0.5, AT_RISK),  # allowance 100
        (620.0, 0.5, BEHIND),
        (900.0, 0.99, ON_TRACK),  # below the target but the year is not over: not met yet
        (900.0, 1.0, MET),
        (1100.0, 1.0, BEHIND),
    ],
)
def test_a_total_that_must_stay_low_is_met_only_at_the_year_end(value, fraction, expected):
    assessed = state(value, fraction, baseline=1200, target=1000, direction=DECREASE, aggregation=TOTAL)
    assert assessed.state == expected


def test_the_assessment_carries_its_figures():
    assessed = state(64.0, 0.5)
    assert assessed.expected == pytest.approx(65.0, abs=0.05)
    assert assessed.gap == pytest.approx(1.0, abs=0.05)
    assert assessed.allowance == pytest.approx(1.0)
    assert not assessed.year_over


@pytest.mark.parametrize(
    "states, expected",
    [
        ([MET, MET], MET),
        ([MET, ON_TRACK], ON_TRACK),
        ([ON_TRACK, AT_RISK], AT_RISK),
        ([AT_RISK, BEHIND, MET], BEHIND),
        ([MET, NO_DATA], ON_TRACK),  # not all met: the weakest with a value, but met only when all are
        ([AT_RISK, NO_DATA], AT_RISK),
        ([NO_DATA, NO_DATA], NO_DATA),
        ([], NO_DATA),
    ],
)
def test_a_goal_takes_its_weakest_measure(states, expected):
    assert goal_state(states) == expected


class _Measure:
    def __init__(self, value, as_of, baseline=60.0, target=70.0):
        self.value, self.value_as_of, self.baseline, self.target = value, as_of, baseline, target
        self.direction, self.aggregation = INCREASE, LEVEL


@pytest.mark.django_db
def test_the_explanation_is_in_persian_with_persian_digits():
    measure = _Measure(64.0, day_at(0.5))
    with translation.override("fa"):
        text = progress.explain(measure, progress.assess_measure(measure, YEAR))
    assert "۶۴٫۹۹" in text and "۱۴۰۲/۰۶/۲۷" in text and "64" not in text
    assert "در معرض خطر" in text
    measure = _Measure(None, None)
    with translation.override("fa"):
        assert progress.explain(measure, progress.assess_measure(measure, YEAR))
