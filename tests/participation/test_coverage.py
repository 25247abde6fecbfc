"""The coverage arithmetic on a small case worked out by hand (no database).

Province 1 › county 2 › city 3 › district 10 with neighbourhoods
  A (11): 6,000 residents, target     B (12): 3,000, target
  N (13): no population, target       O (14): 1,000, not a target
and district 20 with X (21): 5,000; district 30 has no neighbourhood.

Counselling (S1, hours) has a norm of 2 per 1,000; teachers (S2, staff) has none.
- police: 16 hours of counselling on district 10 → by population over A, B, O (10,000; N has none):
  A 9.6, B 4.8, O 1.6; and 5 teachers on district 30 (no neighbourhood: unplaced)
- welfare: 3 hours on A; 0 teachers on B (a zero amount serves nobody)
- education: 10 teachers on the city → over A, B, O, X (15,000): A 4, B 2, O 0.667, X 3.333; and 2 on N
"""

import pytest

from hamafza.participation.services import coverage
from hamafza.participation.services.coverage import BELOW, GAP, MEETS, SERVED, Holding, Neighbourhood, Service


class Tree:
    def __init__(self, rows):
        self.parent = {pk: parent for pk, parent, _kind, _population in rows}
        self.kind = {pk: kind for pk, _parent, kind, _population in rows}
        self.population = {pk: population for pk, _parent, _kind, population in rows}


TREE = Tree(
    [
        (1, None, "province", None),
        (2, 1, "county", None),
        (3, 2, "city", None),
        (10, 3, "district", None),
        (11, 10, "neighbourhood", 6000),
        (12, 10, "neighbourhood", 3000),
        (13, 10, "neighbourhood", None),
        (14, 10, "neighbourhood", 1000),
        (20, 3, "district", None),
        (21, 20, "neighbourhood", 5000),
        (30, 3, "district", None),
    ]
)
A = Neighbourhood(11, "A", 6000, True)
B = Neighbourhood(12, "B", 3000, True)
N = Neighbourhood(13, "N", None, True)
O = Neighbourhood(14, "O", 1000, False)  # noqa: E741
COUNSELLING = Service(1, "counselling", "hours", 2.0)
TEACHERS = Service(2, "teachers", "staff", None)
POLICE, WELFARE, EDUCATION = 100, 200, 300
HOLDINGS = [
    Holding(POLICE, "police", 1, 10, 16.0),
    Holding(POLICE, "police", 2, 30, 5.0),
    Holding(WELFARE, "welfare", 1, 11, 3.0),
    Holding(WELFARE, "welfare", 2, 12, 0.0),
    Holding(EDUCATION, "education", 2, 3, 10.0),
    Holding(EDUCATION, "education", 2, 13, 2.0),
]


def compute(all_rows=False, holdings=HOLDINGS):
    return coverage.compute(
        neighbourhoods=[A, B, N, O],
        services=[COUNSELLING, TEACHERS],
        holdings=holdings,
        tree=TREE,
        all_rows=all_rows,
    )


def cell(result, hood, service):
    row = next(r for r in result.rows if r.neighbourhood == hood)
    return next(c for c in row.cells if c.service == service)


def test_cells_of_the_target_rows():
    result = compute()
    assert [row.neighbourhood for row in result.rows] == [A, B, N]

    a1 = cell(result, A, COUNSELLING)
    assert a1.total == pytest.approx(12.6)  # 9.6 of the district's 16 hours, and welfare's 3
    assert a1.per_1000 == pytest.approx(2.1)
    assert a1.status == MEETS
    assert [(name, round(v, 6)) for name, v in a1.agencies] == [("police", 9.6), ("welfare", 3.0)]

    b1 = cell(result, B, COUNSELLING)
    assert (b1.total, b1.per_1000, b1.status) == (pytest.approx(4.8), pytest.approx(1.6), BELOW)

    # N has no population: no share of the district's hours, and its own teachers have no rate.
    n1, n2 = cell(result, N, COUNSELLING), cell(result, N, TEACHERS)
    assert (n1.total, n1.per_1000, n1.status, n1.agencies) == (0, None, GAP, [])
    assert (n2.total, n2.per_1000, n2.status) == (2.0, None, SERVED)

    a2, b2 = cell(result, A, TEACHERS), cell(result, B, TEACHERS)
    assert (a2.total, a2.per_1000, a2.status) == (pytest.approx(4), pytest.approx(4 / 6), SERVED)
    assert b2.total == pytest.approx(2)
    assert [name for name, _ in b2.agencies] == ["education"]  # welfare's zero teachers serve nobody


def test_columns_gaps_and_population():
    result = compute()
    counselling, teachers = result.columns
    assert counselling.total == pytest.approx(17.4)
    assert counselling.per_1000 == pytest.approx(17.4 * 1000 / 9000)  # N's population is unknown
    assert (counselling.status, counselling.gaps, counselling.below) == (BELOW, 1, 1)
    assert teachers.total == pytest.approx(8)
    assert teachers.per_1000 == pytest.approx(6 * 1000 / 9000)  # N's 2 teachers have no residents to divide
    assert (teachers.status, teachers.gaps, teachers.below) == (SERVED, 0, 0)

    assert [(g.neighbourhood, g.service, g.status) for g in result.gaps] == [
        (N, COUNSELLING, GAP),
        (B, COUNSELLING, BELOW),
    ]
    assert result.gaps[0].needed is None
    assert result.gaps[1].needed == pytest.approx(2 * 3000 / 1000 - 4.8)

    assert (result.area_population, result.target_population, result.targets) == (10000, 9000, 3)
    assert result.population_share == pytest.approx(0.9)
    assert [(h.organization_id, h.region_id) for h in result.unplaced] == [(POLICE, 30)]


def test_all_neighbourhoods_as_rows():
    result = compute(all_rows=True)
    assert [row.neighbourhood for row in result.rows] == [A, B, N, O]
    o1 = cell(result, O, COUNSELLING)
    assert (o1.total, o1.per_1000, o1.status) == (pytest.approx(1.6), pytest.approx(1.6), BELOW)
    assert cell(result, O, TEACHERS).total == pytest.approx(10 / 15)
    assert result.columns[0].total == pytest.approx(19)
    assert result.columns[0].per_1000 == pytest.approx(1.9)
    assert [(g.neighbourhood, g.status) for g in result.gaps] == [(N, GAP), (B, BELOW), (O, BELOW)]


def test_service_ratio_by_hand():
    result = compute()
    by_id = {a.organization_id: a for a in result.agencies}
    # police: 14.4 of its 16 hours in the area reach the targets: 0.9, the targets' share of residents.
    assert by_id[POLICE].share == pytest.approx(0.9)
    assert by_id[POLICE].ratio == pytest.approx(1.0)
    assert by_id[POLICE].targets_reached == 2
    # welfare: all 3 hours on A.
    assert (by_id[WELFARE].share, by_id[WELFARE].targets_reached) == (pytest.approx(1.0), 1)
    assert by_id[WELFARE].ratio == pytest.approx(1 / 0.9)
    # education: A 4 + B 2 + N 2 of the area's 8.667 teachers (O has 0.667; X lies outside the area).
    education = by_id[EDUCATION]
    assert [(s.service, s.in_area, s.in_targets) for s in education.services] == [
        (TEACHERS, pytest.approx(8 + 2 / 3), pytest.approx(8))
    ]
    assert education.share == pytest.approx(8 / (8 + 2 / 3))
    assert education.ratio == pytest.approx(8 / (8 + 2 / 3) / 0.9)
    assert education.targets_reached == 3
    assert [a.organization_id for a in result.agencies] == [WELFARE, EDUCATION, POLICE]


def test_an_agencys_share_is_the_mean_over_its_services():
    holdings = [Holding(POLICE, "police", 1, 11, 10.0), Holding(POLICE, "police", 2, 14, 4.0)]
    (police,) = compute(holdings=holdings).agencies
    # counselling all on A (share 1), teachers all on O (share 0): the mean, whatever the units.
    assert [s.share for s in police.services] == [1.0, 0.0]
    assert police.share == 0.5
    assert police.ratio == pytest.approx(0.5 / 0.9)


def test_a_region_where_nobody_has_a_population_is_shared_equally():
    tree = Tree([(1, None, "district", None), (2, 1, "neighbourhood", None), (3, 1, "neighbourhood", 0)])
    assert coverage.Spreader(tree).shares(1) == {2: 0.5, 3: 0.5}
    hoods = [Neighbourhood(2, "g", None, True), Neighbourhood(3, "h", 0, False)]
    result = coverage.compute(
        neighbourhoods=hoods,
        services=[COUNSELLING],
        holdings=[Holding(POLICE, "police", 1, 1, 10.0)],
        tree=tree,
        all_rows=True,
    )
    assert [row.cells[0].total for row in result.rows] == [5.0, 5.0]
    assert [row.cells[0].status for row in result.rows] == [SERVED, SERVED]
    assert result.population_share is None
    assert result.agencies[0].share == 0.5
    assert result.agencies[0].ratio is None


def test_no_capacity_anywhere_is_all_gaps():
    result = compute(holdings=[])
    assert all(c.status == GAP for row in result.rows for c in row.cells)
    assert len(result.gaps) == 6
    assert result.agencies == []
    assert [c.status for c in result.columns] == [GAP, GAP]


@pytest.mark.parametrize(
    ("total", "rate", "norm", "status"),
    [
        (0, None, 2.0, GAP),
        (0.0, 0.0, None, GAP),
        (1, 1.999, 2.0, BELOW),
        (1, 2.0, 2.0, MEETS),
        (1, 2.0 - 1e-12, 2.0, MEETS),  # rounding left by spreading does not make a gap
        (1, 7.5, 2.0, MEETS),
        (1, 7.5, None, SERVED),
        (1, None, 2.0, SERVED),
    ],
)
def test_colouring_thresholds(total, rate, norm, status):
    assert coverage.classify(total, rate, norm) == status


def test_default_area_is_the_district_with_most_targets():
    assert coverage.default_area(TREE, [11, 12, 21]) == 10
    assert coverage.default_area(TREE, [11, 21]) == 10  # a tie goes to the first by id
    assert coverage.default_area(TREE, [21]) == 20
    assert coverage.default_area(TREE, []) is None


def test_spreader_walks_the_tree():
    spreader = coverage.Spreader(TREE)
    assert spreader.neighbourhoods(3) == [11, 12, 13, 14, 21]
    assert spreader.neighbourhoods(11) == [11]
    assert spreader.ancestors(11) == [10, 3, 2, 1]
    assert spreader.shares(11) == {11: 1.0}
    assert spreader.shares(30) == {}
    assert sum(spreader.shares(1).values()) == pytest.approx(1)
