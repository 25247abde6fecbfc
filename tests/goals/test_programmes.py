"""Drawing up a programme: who may, what a goal and a measure need, and that an active programme's goals
and measures no longer change."""

import pytest
from django.core.exceptions import PermissionDenied

from hamafza.audit.models import AuditEntry
from hamafza.goals.models import Goal, Measure, Programme
from hamafza.goals.services import programmes as services
from hamafza.goals.services.common import GoalsError
from hamafza.goals.services.programmes import MeasureSpec

pytestmark = pytest.mark.django_db


def test_an_officer_draws_up_the_programme_of_the_organisation(tehran, tehran_officer, year, province):
    programme = services.create_programme(tehran, by=tehran_officer, year=year, title="  برنامه ۱۴۰۲  ")
    assert (programme.state, programme.region, programme.title) == (
        Programme.State.DRAFT,
        province,
        "برنامه ۱۴۰۲",
    )
    assert AuditEntry.objects.filter(action="programme.create", object_id=programme.pk).exists()


def test_a_national_programme_covers_the_whole_country(national, national_owner, year):
    programme = services.create_programme(national, by=national_owner, year=year, title="ملی", region=None)
    assert programme.region is None


@pytest.mark.parametrize("who", ["tehran_clerk", "fars_officer", "national_owner", "outsider"])
def test_only_the_organisations_officers_draw_it_up(request, tehran, year, who):
    with pytest.raises(PermissionDenied):
        services.create_programme(tehran, by=request.getfixturevalue(who), year=year, title="x")


def test_one_programme_a_year_and_a_title(tehran, tehran_officer, year):
    services.create_programme(tehran, by=tehran_officer, year=year, title="الف")
    with pytest.raises(GoalsError) as caught:
        services.create_programme(tehran, by=tehran_officer, year=year, title="")
    assert set(caught.value.error_dict) == {"year", "title"}
    with pytest.raises(GoalsError):
        services.create_programme(tehran, by=tehran_officer, year=1200, title="قدیمی")


def test_text_is_kept_as_typed(tehran, tehran_officer, year):
    programme = services.create_programme(tehran, by=tehran_officer, year=year, title="برنامه")
    typed = "افزايش  ختم به صلح ي ك"  # Arabic yeh and kaf, a double space: kept as typed
    goal = services.add_goal(programme, by=tehran_officer, title=typed)
    assert Goal.objects.get(pk=goal.pk).title == typed


@pytest.fixture
def draft(tehran, tehran_officer, year):
    return services.create_programme(tehran, by=tehran_officer, year=year, title="برنامه تهران")


def _spec(**fields):
    base = {"name": "جلسات آموزش", "source": "manual", "baseline": 10.0, "target": 20.0}
    return MeasureSpec(**{**base, **fields})


def test_measures_are_checked(draft, tehran_officer):
    goal = services.add_goal(draft, by=tehran_officer, title="هدف")
    with pytest.raises(GoalsError) as caught:
        services.add_measure(goal, by=tehran_officer, spec=_spec(name="", source="atlas", target=None))
    assert set(caught.value.error_dict) == {"name", "indicator", "target"}
    with pytest.raises(GoalsError) as caught:
        services.add_measure(goal, by=tehran_officer, spec=_spec(target=5.0))
    assert "target" in caught.value.error_dict  # higher is better: not below the baseline
    with pytest.raises(GoalsError) as caught:
        services.add_measure(goal, by=tehran_officer, spec=_spec(direction="decrease"))
    assert "target" in caught.value.error_dict
    with pytest.raises(GoalsError) as caught:
        services.add_measure(goal, by=tehran_officer, spec=_spec(baseline=None))
    assert "baseline" in caught.value.error_dict  # reported by hand: nothing to start from
    with pytest.raises(GoalsError) as caught:
        services.add_measure(goal, by=tehran_officer, spec=_spec(source="horoscope"))
    assert "source" in caught.value.error_dict
    measure = services.add_measure(goal, by=tehran_officer, spec=_spec(unit="جلسه", aggregation="level"))
    assert (measure.unit, measure.aggregation, measure.indicator) == ("جلسه", "level", None)


def test_a_source_keeps_only_its_own_fields(draft, tehran_officer, body):
    goal = services.add_goal(draft, by=tehran_officer, title="هدف")
    measure = services.add_measure(
        goal,
        by=tehran_officer,
        spec=_spec(source="resolutions", body=body, unit="مصوبه", aggregation="level"),
    )
    # Resolutions done are a total over the year, of the body chosen; a unit is only for hand-reported ones.
    assert (measure.body, measure.unit, measure.aggregation) == (body, "", "total")


def test_activation_needs_goals_with_measures_then_freezes_them(draft, tehran_officer):
    with pytest.raises(GoalsError):
        services.activate_programme(draft, by=tehran_officer)
    goal = services.add_goal(draft, by=tehran_officer, title="هدف")
    with pytest.raises(GoalsError):
        services.activate_programme(draft, by=tehran_officer)
    measure = services.add_measure(goal, by=tehran_officer, spec=_spec())
    services.activate_programme(draft, by=tehran_officer)
    draft.refresh_from_db()
    assert draft.state == Programme.State.ACTIVE and draft.activated_at
    with pytest.raises(GoalsError):
        services.add_goal(draft, by=tehran_officer, title="دیرهنگام")
    with pytest.raises(GoalsError):
        services.update_measure(measure, by=tehran_officer, spec=_spec(target=30.0))
    with pytest.raises(GoalsError):
        services.update_goal(goal, by=tehran_officer, title="دیگر", description="", owner=None)
    # The owner may still change.
    services.update_goal(
        goal, by=tehran_officer, title=goal.title, description=goal.description, owner=tehran_officer
    )
    assert Goal.objects.get(pk=goal.pk).owner == tehran_officer


def test_the_owner_of_a_goal_is_of_the_organisation(draft, tehran_officer, fars_officer, tehran_clerk):
    with pytest.raises(GoalsError):
        services.add_goal(draft, by=tehran_officer, title="هدف", owner=fars_officer)
    assert services.add_goal(draft, by=tehran_officer, title="هدف", owner=tehran_clerk).owner == tehran_clerk


def test_removing_a_goal_renumbers_the_rest(draft, tehran_officer):
    goals = [services.add_goal(draft, by=tehran_officer, title=f"هدف {i}") for i in range(3)]
    services.remove_goal(goals[0], by=tehran_officer)
    assert list(draft.goals.values_list("title", "number")) == [("هدف 1", 1), ("هدف 2", 2)]


def test_a_computed_measure_starts_from_last_years_value(
    draft, tehran_officer, tehran, make_done_resolutions, year
):
    make_done_resolutions(tehran, year - 1, 3)
    make_done_resolutions(tehran, year, 2)
    goal = services.add_goal(draft, by=tehran_officer, title="پیگیری مصوبات")
    measure = services.add_measure(
        goal, by=tehran_officer, spec=MeasureSpec(name="مصوبات انجام‌شده", source="resolutions", target=10.0)
    )
    assert measure.baseline == 3.0
    assert Measure.objects.get(pk=measure.pk).source == "resolutions"
