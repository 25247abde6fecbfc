"""A national programme adopted by the provinces: each takes up every goal, sets its own baselines and
targets, may add goals of its own; the national owner sees them side by side."""

import pytest
from django.core.exceptions import PermissionDenied

from hamafza.goals.models import Programme
from hamafza.goals.services import overview
from hamafza.goals.services import programmes as services
from hamafza.goals.services.common import GoalsError
from hamafza.goals.services.programmes import MeasureSpec
from hamafza.goals.services.readings import refresh_programme

pytestmark = pytest.mark.django_db


def _set_target(programme, number, by, *, baseline, target):
    measure = programme.goals.get(number=number).measures.get()
    spec = MeasureSpec(name=measure.name, source=measure.source, baseline=baseline, target=target)
    return services.update_measure(measure, by=by, spec=spec)


def test_adoption_copies_every_goal_and_measure(national_programme, tehran_programme, province):
    assert tehran_programme.adopts == national_programme
    assert tehran_programme.state == Programme.State.DRAFT
    assert tehran_programme.region == province
    upper = list(national_programme.goals.order_by("number"))
    mine = list(tehran_programme.goals.order_by("number"))
    assert [g.title for g in mine] == [g.title for g in upper]
    assert [g.adopted_from_id for g in mine] == [g.pk for g in upper]
    for own, theirs in zip(mine, upper, strict=True):
        [m], [n] = own.measures.all(), theirs.measures.all()
        assert (m.name, m.source, m.adopted_from_id, m.target) == (n.name, n.source, n.pk, n.target)


def test_a_computed_measure_of_an_adoption_starts_from_last_years_value_over_its_area(
    national_programme, tehran_officer, tehran, fars, make_done_resolutions, year
):
    make_done_resolutions(tehran, year - 1, 4)
    make_done_resolutions(fars, year - 1, 1)
    tehran_programme = services.adopt_programme(national_programme, by=tehran_officer)
    measure = tehran_programme.goals.get(number=2).measures.get()
    assert measure.baseline == 4.0  # the national baseline was 10; Tehran's own last year was 4


def test_each_province_sets_its_own_targets(
    national_programme, tehran_programme, fars_programme, tehran_officer, fars_officer, national_owner
):
    _set_target(tehran_programme, 1, tehran_officer, baseline=120, target=260)
    _set_target(fars_programme, 1, fars_officer, baseline=40, target=90)
    national_measure = national_programme.goals.get(number=1).measures.get()
    assert (national_measure.baseline, national_measure.target) == (100, 200)
    table = overview.side_by_side(national_programme, national_programme.adoptions.all())
    targets = {
        row.programme.organization.name: row.cells[0].goal.measures[0].measure.target for row in table.rows
    }
    assert targets == {
        "معاونت اجتماعی فرماندهی انتظامی استان تهران": 260,
        "معاونت اجتماعی فرماندهی انتظامی استان فارس": 90,
    }


def test_an_adopted_goal_keeps_its_wording_and_measures(tehran_programme, tehran_officer):
    goal = tehran_programme.goals.get(number=1)
    measure = goal.measures.get()
    with pytest.raises(GoalsError):
        services.update_goal(goal, by=tehran_officer, title="دیگر", description="", owner=None)
    with pytest.raises(GoalsError):
        services.remove_goal(goal, by=tehran_officer)
    with pytest.raises(GoalsError):
        services.add_measure(
            goal, by=tehran_officer, spec=MeasureSpec(name="x", source="manual", baseline=1, target=2)
        )
    with pytest.raises(GoalsError):
        services.remove_measure(measure, by=tehran_officer)
    # Only its baseline and target are the province's: the rest of the spec is ignored.
    changed = services.update_measure(
        measure,
        by=tehran_officer,
        spec=MeasureSpec(name="نام دیگر", source="resolutions", baseline=5, target=9, direction="decrease"),
    )
    assert (changed.name, changed.source, changed.direction, changed.baseline, changed.target) == (
        measure.name,
        "manual",
        "increase",
        5,
        9,
    )


def test_a_province_adds_goals_of_its_own(tehran_programme, tehran_officer, national_programme):
    own = services.add_goal(tehran_programme, by=tehran_officer, title="کاهش نزاع در محلات هدف")
    services.add_measure(
        own, by=tehran_officer, spec=MeasureSpec(name="جلسات محله", source="manual", baseline=0, target=12)
    )
    table = overview.side_by_side(national_programme, national_programme.adoptions.all())
    [row] = table.rows
    assert [g.goal.title for g in row.own_goals] == ["کاهش نزاع در محلات هدف"]
    assert len(row.cells) == 2 and all(cell.goal is not None for cell in row.cells)


def test_who_may_adopt(
    national_programme, tehran_programme, national_owner, fars_officer, tehran_clerk, outsider, tehran_officer
):
    with pytest.raises(PermissionDenied):
        services.adopt_programme(national_programme, by=national_owner)  # its own organisation
    with pytest.raises(PermissionDenied):
        services.adopt_programme(national_programme, by=tehran_clerk)  # not an officer
    with pytest.raises(PermissionDenied):
        services.adopt_programme(national_programme, by=outsider)  # not under the national deputy
    tehran_programme = services.activate_programme(tehran_programme, by=tehran_officer)
    with pytest.raises(PermissionDenied):
        services.adopt_programme(tehran_programme, by=fars_officer)  # a sibling, not above
    with pytest.raises(GoalsError):
        services.adopt_programme(national_programme, by=tehran_officer)  # twice


def test_only_an_active_programme_is_adopted(national, national_owner, tehran_officer, year):
    draft = services.create_programme(
        national, by=national_owner, year=year + 1, title="پیش‌نویس", region=None
    )
    with pytest.raises(PermissionDenied):
        services.adopt_programme(draft, by=tehran_officer)


def test_a_county_adopts_its_provinces_adoption(tehran_programme, tehran_officer, tehran, city):
    from hamafza.orgs.models import Organization
    from tests.conftest import _user

    county = Organization.objects.create(
        name="فرماندهی انتظامی شهرستان تهران", region=city.parent, parent=tehran
    )
    officer = _user("county_officer", county, officer=True)
    tehran_programme = services.activate_programme(tehran_programme, by=tehran_officer)
    adoption = services.adopt_programme(tehran_programme, by=officer)
    assert adoption.region == city.parent
    assert adoption.goals.count() == tehran_programme.goals.count()


def test_the_side_by_side_shows_each_provinces_progress(
    world, national_programme, reviewer, tehran_programme, fars_programme
):
    refresh_programme(tehran_programme)
    refresh_programme(fars_programme)
    table = overview.side_by_side(national_programme, national_programme.adoptions.all())
    rows = {row.programme.pk: row for row in table.rows}
    tehran_cell = rows[tehran_programme.pk].cells[0].goal
    assert tehran_cell.measures[0].measure.value == 40  # the accepted first quarter
    assert rows[fars_programme.pk].cells[0].goal.measures[0].measure.value is None
    ranked = overview.scorecard(table)
    assert {row.programme.pk for row in ranked} == {tehran_programme.pk, fars_programme.pk}
