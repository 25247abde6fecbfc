"""A need's priority: each part worked out by hand, with and without an atlas assessment; the
secretariat's override and its clearing; recomputing a body's needs."""

import datetime as dt
import math

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation

from hamafza.atlas.models import Assessment
from hamafza.audit.models import AuditEntry
from hamafza.participation.models import Need
from hamafza.participation.services import needs as services
from hamafza.participation.services import priority
from hamafza.participation.services.common import ParticipationError
from hamafza.places.models import Region

pytestmark = pytest.mark.django_db


# --- the pure parts -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cost", "value"),
    [(1_000_000, 1.0), (500_000, 1.0), (10_000_000_000, 0.0), (50_000_000_000, 0.0), (100_000_000, 0.5)],
)
def test_cost_part(cost, value):
    assert priority.cost_part(cost).value == pytest.approx(value)


def test_cost_part_is_logarithmic():
    # 10 million is one decade above the floor of four: 1 − 1/4.
    assert priority.cost_part(10_000_000).value == pytest.approx(0.75)
    assert priority.cost_part(500_000_000).value == pytest.approx((10 - math.log10(5e8)) / 4)


@pytest.mark.parametrize(("urgency", "value"), [(1, 0), (2, 1 / 3), (3, 2 / 3), (4, 1)])
def test_urgency_part(urgency, value):
    assert priority.urgency_part(urgency).value == pytest.approx(value)


def test_rank_part():
    position = priority.AtlasPosition(7, "ارزیابی", 3, "محله", rank=3, count=5)
    assert priority.rank_part(position, is_target=False).value == pytest.approx(0.5)
    first = priority.AtlasPosition(7, "ارزیابی", 3, "محله", rank=1, count=5)
    last = priority.AtlasPosition(7, "ارزیابی", 3, "محله", rank=5, count=5)
    alone = priority.AtlasPosition(7, "ارزیابی", 3, "محله", rank=1, count=1)
    assert [priority.rank_part(p, is_target=False).value for p in (first, last, alone)] == [1.0, 0.0, 1.0]
    assert priority.rank_part(None, is_target=True).value == 1.0
    assert priority.rank_part(None, is_target=False).value == 0.5


def test_compute_weights_the_parts():
    result = priority.compute(
        position=None,
        is_target=False,
        urgency=4,
        cost=1_000_000,
        weights_={"rank": 1, "urgency": 1, "cost": 2},
    )
    # (0.5 × 1 + 1 × 1 + 1 × 2) / 4 = 0.875
    assert result.score == pytest.approx(87.5)


def test_weights_come_from_settings(settings):
    assert priority.weights() == {"rank": 0.5, "urgency": 0.3, "cost": 0.2}
    settings.PARTICIPATION_PRIORITY_WEIGHTS = {"rank": 1, "urgency": 0, "cost": 0}
    assert priority.weights() == {"rank": 1.0, "urgency": 0.0, "cost": 0.0}
    for bad in ({"rank": 1}, {"rank": -1, "urgency": 1, "cost": 1}, {"rank": 0, "urgency": 0, "cost": 0}):
        settings.PARTICIPATION_PRIORITY_WEIGHTS = bad
        with pytest.raises(ImproperlyConfigured):
            priority.weights()


# --- stored on the need ---------------------------------------------------------------------------------


def _propose(by, body, organization, region, **extra):
    fields = {
        "category": "vehicle",
        "title": "خودروی گشت",
        "justification": "گشت شبانه",
        "estimated_cost": 500_000_000,
        "urgency": Need.Urgency.HIGH,
        **extra,
    }
    return services.propose_need(by=by, body=body, organization=organization, region=region, **fields)


COST_500M = (10 - math.log10(500_000_000)) / 4  # 0.3252575…


def test_without_an_assessment_a_target_neighbourhood_counts_fully(officer, body, police, neighbourhood):
    need = _propose(officer, body, police, neighbourhood)
    # 100 × (0.5 × 1 + 0.3 × ⅔ + 0.2 × 0.32526) = 76.505
    assert need.priority_computed == pytest.approx(100 * (0.5 * 1 + 0.3 * 2 / 3 + 0.2 * COST_500M), abs=1e-3)
    assert need.priority_computed == pytest.approx(76.505, abs=1e-3)
    parts = need.priority_parts
    assert {key: (part["value"], part["weight"]) for key, part in parts.items()} == {
        "rank": (1.0, 0.5),
        "urgency": (pytest.approx(2 / 3), 0.3),
        "cost": (pytest.approx(COST_500M), 0.2),
    }
    with translation.override("fa"):
        said = translation.gettext(
            "No saved atlas assessment ranks this place; it is (or holds) a target neighbourhood."
        )
    assert parts["rank"]["explanation"] == said
    assert parts["rank"]["points"] == pytest.approx(50)


def test_without_an_assessment_another_place_counts_half(officer, body, police, other_neighbourhood):
    need = _propose(
        officer, body, police, other_neighbourhood, urgency=Need.Urgency.LOW, estimated_cost=1_000_000
    )
    # 100 × (0.5 × 0.5 + 0.3 × 0 + 0.2 × 1) = 45
    assert need.priority_computed == pytest.approx(45)
    with translation.override("en"):
        rows = priority.describe(need.priority_parts)
        assert rows[0]["explanation"] == (
            "No saved atlas assessment ranks this place and it holds no target neighbourhood."
        )


def _assessment(area, by, ranking: list[Region], name="ارزیابی ۱۴۰۳", **extra):
    return Assessment.objects.create(
        name=name,
        area=area,
        period_start=202301,
        period_end=202312,
        results=[
            {"region": r.pk, "name": r.name, "code": r.code, "score": 1 - i / 10, "rank": i + 1}
            for i, r in enumerate(ranking)
        ],
        created_by=by,
        **extra,
    )


@pytest.fixture
def five(city, neighbourhood, other_neighbourhood):
    """Five neighbourhoods of the city: others ranked 1, 2, then other_neighbourhood 3, neighbourhood 4, one 5."""
    extra = [
        Region.objects.create(name=f"محله {i}", kind="neighbourhood", code=f"N-{i}", parent=city)
        for i in (3, 4, 5)
    ]
    return [extra[0], extra[1], other_neighbourhood, neighbourhood, extra[2]]


def test_rank_from_the_latest_assessment(officer, secretary, body, police, city, neighbourhood, five):
    _assessment(city, secretary, list(reversed(five)), name="قدیمی")  # neighbourhood ranked 2
    latest = _assessment(city, secretary, five, name="ارزیابی ۱۴۰۳")  # neighbourhood ranked 4 of 5
    need = _propose(officer, body, police, neighbourhood)
    rank = 1 - (4 - 1) / (5 - 1)  # 0.25: the target flag no longer counts once the atlas ranks it
    assert need.priority_parts["rank"]["value"] == pytest.approx(rank)
    assert need.priority_parts["rank"]["facts"]["assessment"] == latest.pk
    assert need.priority_computed == pytest.approx(
        100 * (0.5 * rank + 0.3 * 2 / 3 + 0.2 * COST_500M), abs=1e-3
    )
    with translation.override("en"):
        assert priority.describe(need.priority_parts)[0]["explanation"] == (
            f"Rank 4 of 5 neighbourhoods ({neighbourhood.name}) in the assessment «ارزیابی ۱۴۰۳»."
        )


def test_a_larger_region_takes_its_best_ranked_neighbourhood(officer, secretary, body, police, city, five):
    _assessment(city, secretary, five)
    need = _propose(officer, body, police, city)
    assert need.priority_parts["rank"]["value"] == 1.0
    assert need.priority_parts["rank"]["facts"]["region"] == five[0].pk


def test_an_assessment_elsewhere_does_not_count(
    officer, secretary, body, police, neighbourhood, other_province
):
    far = Region.objects.create(name="محله دور", kind="neighbourhood", code="F-1", parent=other_province)
    _assessment(other_province, secretary, [far])
    need = _propose(officer, body, police, neighbourhood)
    assert need.priority_parts["rank"]["facts"]["assessment"] is None
    assert need.priority_parts["rank"]["value"] == 1.0


def test_priority_is_computed_again_on_edit_and_approval(
    officer, secretary, body, police, neighbourhood, city, five
):
    need = _propose(officer, body, police, neighbourhood)
    before = need.priority_computed
    services.update_need(need, by=officer, urgency=Need.Urgency.CRITICAL)
    need.refresh_from_db()
    assert need.priority_computed == pytest.approx(before + 100 * 0.3 / 3, abs=1e-3)
    _assessment(city, secretary, five)
    services.approve_need(need, by=secretary)
    need.refresh_from_db()
    assert need.priority_parts["rank"]["value"] == pytest.approx(0.25)


# --- the secretariat's override -------------------------------------------------------------------------


def test_override_and_clear(secretary, need):
    services.update_need(need, by=secretary, title=need.title)  # computes the priority
    need.refresh_from_db()
    computed = need.priority_computed
    services.set_priority(need, by=secretary, priority=95, reason="دستور استاندار")
    need.refresh_from_db()
    assert (need.priority, need.priority_override, need.priority_reason) == (95, 95, "دستور استاندار")
    assert need.priority_computed == computed
    assert AuditEntry.objects.get(action="need.priority.set").changes == {
        "priority_override": 95.0,
        "priority_reason": "دستور استاندار",
    }
    services.clear_priority(need, by=secretary, reason="دستور لغو شد")
    need.refresh_from_db()
    assert (need.priority, need.priority_override, need.priority_reason) == (computed, None, "")
    assert AuditEntry.objects.get(action="need.priority.clear").changes["reason"] == "دستور لغو شد"
    with pytest.raises(ParticipationError) as excinfo:
        services.clear_priority(need, by=secretary)
    assert excinfo.value.code == "no_override"


@pytest.mark.parametrize(
    ("value", "reason", "code"),
    [(101, "x", "priority"), (-1, "x", "priority"), (50, " ", "reason"), ("x", "x", "priority")],
)
def test_override_refusals(secretary, need, value, reason, code):
    with pytest.raises(ParticipationError) as excinfo:
        services.set_priority(need, by=secretary, priority=value, reason=reason)
    assert excinfo.value.code == code
    need.refresh_from_db()
    assert need.priority_override is None


def test_override_bounds_are_allowed(secretary, need):
    assert services.set_priority(need, by=secretary, priority=0, reason="x").priority == 0
    assert services.set_priority(need, by=secretary, priority=100, reason="x").priority == 100


def test_no_override_on_a_closed_need(secretary, need):
    services.withdraw_need(need, by=secretary, reason="تکراری")
    with pytest.raises(ParticipationError) as excinfo:
        services.set_priority(need, by=secretary, priority=50, reason="x")
    assert excinfo.value.code == "closed"


# --- recomputing ----------------------------------------------------------------------------------------


def test_recompute_after_a_new_assessment(officer, secretary, body, police, neighbourhood, city, five, today):
    need = _propose(officer, body, police, neighbourhood)
    closed = _propose(officer, body, police, neighbourhood, deadline=today + dt.timedelta(days=1))
    services.withdraw_need(closed, by=officer, reason="x")
    old_closed = Need.objects.get(pk=closed.pk).priority_computed
    assert services.recompute_priorities(body, by=secretary) == 0
    _assessment(city, secretary, five)
    assert services.recompute_priorities(body, by=secretary) == 1
    need.refresh_from_db()
    assert need.priority_parts["rank"]["value"] == pytest.approx(0.25)
    assert Need.objects.get(pk=closed.pk).priority_computed == old_closed
    entry = AuditEntry.objects.get(action="need.priority.recompute")
    assert (entry.object_type, entry.object_id, entry.changes) == (
        "meetings.body",
        body.pk,
        {"needs": [need.pk]},
    )


def test_recompute_is_the_secretariats(officer, viewer, body):
    for user in (officer, viewer):
        with pytest.raises(ParticipationError):
            services.recompute_priorities(body, by=user)
