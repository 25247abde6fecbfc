"""What the map and the profile read: values at every level from the summary and value tables, the
months, the classification (quantiles, Fisher–Jenks natural breaks), and the profile's comparisons.

The world (`build_world`, shared with test_views and test_api): the cast's province › county › city,
and under the city two districts: D1 with n1, n2, n3 and D2 with n4, every one with a square boundary.

- theft (a crime) and its sub-category car theft, counted from incidents in Shahrivar and Mehr 1403:
  n1 4 (Shahrivar) and 6 (Mehr); n2 10 thefts and 2 car thefts in Mehr; n3 none; n4 1 in Mehr;
- residents: n1 10,000 on its region but 12,000 in RegionYear 1403 (the year wins), n2 30,000,
  n3 20,000, n4 5,000;
- a reported indicator of divorces per 1,000 households (values are counts): n1 3 and n2 8 in Mehr,
  with 3,000 and 8,000 households; n3 and n4 report nothing.
"""

import itertools
import random
from dataclasses import dataclass

import numpy as np
import pytest
from django.utils import translation

from hamafza.atlas.models import HarmCategory, IncidentSummary, Indicator, IndicatorValue, RegionYear
from hamafza.atlas.services import queries
from hamafza.places.models import Region

SHAHRIVAR, MEHR = 140306, 140307


def square(x: float, y: float, size: float = 0.1) -> dict:
    return {
        "type": "Polygon",
        "coordinates": [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]],
    }


@dataclass
class World:
    province: Region
    county: Region
    city: Region
    d1: Region
    d2: Region
    n1: Region
    n2: Region
    n3: Region
    n4: Region
    theft: HarmCategory
    car_theft: HarmCategory
    divorce: HarmCategory
    theft_count: Indicator
    theft_rate: Indicator
    divorce_rate: Indicator


def build_world(city: Region) -> World:
    county = city.parent
    province = county.parent
    for region, box in ((province, square(50.8, 34.8, 1.0)), (county, square(50.9, 34.9, 0.5))):
        region.boundary = box
        region.save()
    region = Region.objects.create
    d1 = region(name="ناحیه یک", kind="district", code="D1", parent=city, boundary=square(51.0, 35.0, 0.2))
    d2 = region(name="ناحیه دو", kind="district", code="D2", parent=city, boundary=square(51.2, 35.0, 0.1))

    def hood(name, code, parent, box, population, households=None, target=False):
        return region(
            name=name,
            kind="neighbourhood",
            code=code,
            parent=parent,
            boundary=box,
            population=population,
            households=households,
            is_target=target,
        )

    n1 = hood("محله یک", "n1", d1, square(51.0, 35.0), 10_000, 3_000, target=True)
    n2 = hood("محله دو", "n2", d1, square(51.1, 35.0), 30_000, 8_000)
    n3 = hood("محله سه", "n3", d1, square(51.0, 35.1), 20_000)
    n4 = hood("محله چهار", "n4", d2, square(51.2, 35.0), 5_000)
    RegionYear.objects.create(region=n1, year=1403, population=12_000)

    theft = HarmCategory.objects.create(code="theft", name="سرقت", name_en="Theft", is_crime=True, order=1)
    car_theft = HarmCategory.objects.create(
        code="car_theft", name="سرقت خودرو", name_en="Car theft", parent=theft, order=2
    )
    divorce = HarmCategory.objects.create(code="divorce", name="طلاق", name_en="Divorce", order=3)
    theft_count = Indicator.objects.create(
        code="theft_count", name="تعداد سرقت", name_en="Thefts", category=theft, source="incidents"
    )
    theft_rate = Indicator.objects.create(
        code="theft_rate",
        name="سرقت در هر ۱۰٬۰۰۰ نفر",
        name_en="Thefts per 10,000 residents",
        category=theft,
        source="incidents",
        kind="rate",
        denominator="population",
        per=10_000,
    )
    divorce_rate = Indicator.objects.create(
        code="divorce_rate",
        name="طلاق در هر ۱٬۰۰۰ خانوار",
        name_en="Divorces per 1,000 households",
        category=divorce,
        source="reported",
        kind="rate",
        denominator="households",
        per=1_000,
    )
    for where, month, category, count in [
        (n1, SHAHRIVAR, theft, 4),
        (n1, MEHR, theft, 6),
        (n2, MEHR, theft, 10),
        (n2, MEHR, car_theft, 2),
        (n4, MEHR, theft, 1),
        (n2, MEHR, divorce, 50),  # incidents of another category: not read by the theft indicators
    ]:
        IncidentSummary.objects.create(region=where, month=month, category=category, count=count)
    IndicatorValue.objects.create(indicator=divorce_rate, region=n1, month=MEHR, value=3)
    IndicatorValue.objects.create(indicator=divorce_rate, region=n2, month=MEHR, value=8)
    return World(
        province,
        county,
        city,
        d1,
        d2,
        n1,
        n2,
        n3,
        n4,
        theft,
        car_theft,
        divorce,
        theft_count,
        theft_rate,
        divorce_rate,
    )


@pytest.fixture
def world(city):
    return build_world(city)


def rounded(values: dict) -> dict:
    return {key: None if value is None else round(value, 9) for key, value in values.items()}


def test_counts_from_incidents_at_every_level(world):
    w = world
    at = lambda level: queries.indicator_values(w.theft_count, level, SHAHRIVAR, MEHR)  # noqa: E731
    # Sub-categories count; a neighbourhood with no summary row had no theft (0).
    assert at("neighbourhood") == {w.n1.pk: 10, w.n2.pk: 12, w.n3.pk: 0, w.n4.pk: 1}
    assert at("district") == {w.d1.pk: 22, w.d2.pk: 1}
    assert at("county") == {w.county.pk: 23}
    assert at("province") == {w.province.pk: 23}
    assert queries.indicator_values(w.theft_count, "neighbourhood", MEHR, MEHR) == {
        w.n1.pk: 6,
        w.n2.pk: 12,
        w.n3.pk: 0,
        w.n4.pk: 1,
    }


def test_rates_sum_numerators_and_denominators_never_average_rates(world):
    w = world
    at = lambda level: rounded(queries.indicator_values(w.theft_rate, level, MEHR, MEHR))  # noqa: E731
    # n1's denominator is its RegionYear of 1403 (12,000), not its region's 10,000.
    assert at("neighbourhood") == {w.n1.pk: 5.0, w.n2.pk: 4.0, w.n3.pk: 0.0, w.n4.pk: 2.0}
    # D1: (6 + 12 + 0) / (12,000 + 30,000 + 20,000) × 10,000 — not the mean of 5, 4 and 0 (3.0).
    assert at("district") == {w.d1.pk: round(18 / 62_000 * 10_000, 9), w.d2.pk: 2.0}
    assert at("province") == {w.province.pk: round(19 / 67_000 * 10_000, 9)}


def test_reported_rates_count_only_the_neighbourhoods_that_reported(world):
    w = world
    at = lambda level: rounded(queries.indicator_values(w.divorce_rate, level, MEHR, MEHR))  # noqa: E731
    assert at("neighbourhood") == {w.n1.pk: 1.0, w.n2.pk: 1.0}
    assert at("district") == {w.d1.pk: round(11 / 11_000 * 1_000, 9)}
    assert queries.indicator_values(w.divorce_rate, "neighbourhood", SHAHRIVAR, SHAHRIVAR) == {}


def test_a_rate_without_a_denominator_has_no_value(world):
    w = world
    pupils = Indicator.objects.create(
        code="theft_pupils",
        name="سرقت به ازای دانش‌آموز",
        category=w.theft,
        source="incidents",
        kind="rate",
        denominator="pupils",
        per=1_000,
    )
    # No neighbourhood has a count of pupils: no unit has a rate.
    assert queries.indicator_values(pupils, "district", MEHR, MEHR) == {}
    RegionYear.objects.create(region=w.n2, year=1403, pupils=4_000)
    assert queries.indicator_values(pupils, "district", MEHR, MEHR) == {w.d1.pk: 3.0}


def test_area_limits_the_units(world):
    w = world
    assert queries.indicator_values(w.theft_count, "neighbourhood", MEHR, MEHR, area=w.d2) == {w.n4.pk: 1}
    assert queries.indicator_values(w.theft_count, "district", MEHR, MEHR, area=w.d1.pk) == {w.d1.pk: 18}


def test_a_neighbourhood_on_a_city_counts_the_city_as_its_district(world, neighbourhood):
    IncidentSummary.objects.create(region=neighbourhood, month=MEHR, category=world.theft, count=7)
    values = queries.indicator_values(world.theft_count, "district", MEHR, MEHR)
    assert values == {world.d1.pk: 18, world.d2.pk: 1, world.city.pk: 7}
    # … and the city is drawn at the district level only because it has neighbourhoods of its own.
    assert {r.code for r in queries.map_units("district", with_boundary=False)} == {"D1", "D2"}


def test_months(world):
    assert queries.indicator_months(world.theft_count) == [SHAHRIVAR, MEHR]
    assert queries.indicator_months(world.divorce_rate) == [MEHR]
    assert queries.available_months() == [SHAHRIVAR, MEHR]
    assert queries.month_add(140301, -1) == 140212
    assert queries.month_add(140312, 1) == 140401
    assert queries.month_range(140311, 140402) == [140311, 140312, 140401, 140402]
    with translation.override("fa"):
        assert queries.month_label(MEHR) == "مهر ۱۴۰۳"
        assert queries.period_label(SHAHRIVAR, MEHR) == "شهریور ۱۴۰۳ – مهر ۱۴۰۳"
        assert queries.format_number(12345.678, decimals=2) == "۱۲٬۳۴۵٫۶۸"
    with translation.override("en"):
        assert queries.month_label(MEHR) == "Mehr 1403"


def test_profile_rows_and_series(world):
    w = world
    tree = queries.RegionTree.load()
    indicators = [w.theft_count, w.theft_rate, w.divorce_rate]
    rows = {
        row.indicator.code: row
        for row in queries.neighbourhood_profile(w.n1.pk, indicators, MEHR, MEHR, tree)
    }
    count, rate, divorce = rows["theft_count"], rows["theft_rate"], rows["divorce_rate"]
    # Counts against the district's mean per neighbourhood, rates against the district's own rate.
    assert (count.value, count.district, count.previous, count.rank) == (6, 6.0, 4, (2, 3))
    assert rounded({"value": rate.value, "district": rate.district, "previous": rate.previous}) == {
        "value": 5.0,
        "district": round(18 / 62_000 * 10_000, 9),
        "previous": round(4 / 12_000 * 10_000, 9),
    }
    assert rate.rank == (1, 3)
    assert round(rate.ratio, 6) == round(5.0 * 100 / (18 / 62_000 * 10_000), 6)
    assert (divorce.value, divorce.district, divorce.previous, divorce.rank) == (1.0, 1.0, None, (1, 2))

    series = queries.neighbourhood_series(indicators, w.n1.pk, [SHAHRIVAR, MEHR], tree)
    assert series[w.theft_count.pk] == {"own": [4, 6], "district": [4 / 3, 6.0]}
    assert rounded(dict(enumerate(series[w.theft_rate.pk]["district"]))) == {
        0: round(4 / 62_000 * 10_000, 9),
        1: round(18 / 62_000 * 10_000, 9),
    }
    assert series[w.divorce_rate.pk] == {"own": [None, 1.0], "district": [None, 1.0]}


def test_profile_leaves_out_indicators_with_nothing_recorded(world):
    calm = HarmCategory.objects.create(code="calm", name="بی‌رویداد", name_en="Nothing happens")
    quiet = Indicator.objects.create(code="quiet", name="بی‌رویداد", category=calm, source="incidents")
    rows = queries.neighbourhood_profile(
        world.n3.pk, [quiet, world.theft_count], MEHR, MEHR, queries.RegionTree.load()
    )
    assert [(row.indicator.code, row.value, row.rank) for row in rows] == [("theft_count", 0, (3, 3))]


# --- classification -----------------------------------------------------------------------------------


def brute_force_jenks(values: list[float], classes: int) -> float:
    """The least within-class sum of squares over every split of the sorted values."""
    data = sorted(values)
    best = None
    for cuts in itertools.combinations(range(1, len(data)), classes - 1):
        bounds = [0, *cuts, len(data)]
        total = sum(
            float(((np.array(data[a:b]) - np.mean(data[a:b])) ** 2).sum())
            for a, b in itertools.pairwise(bounds)
        )
        best = total if best is None else min(best, total)
    return best


def within_ss(values: list[float], breaks: list[float]) -> float:
    total, low = 0.0, -np.inf
    for bound in breaks:
        group = np.array([v for v in values if low < v <= bound])
        total += float(((group - group.mean()) ** 2).sum())
        low = bound
    return total


def test_jenks_on_a_known_example():
    # The example of jenkspy's documentation: breaks [1.2, 2.3, 5.0, 7.8] (the minimum, then the upper
    # bound of each class).
    data = [1.3, 7.1, 7.3, 2.3, 3.9, 4.1, 7.8, 1.2, 4.3, 7.3, 5.0, 4.3]
    assert queries.jenks_breaks(data, 3) == [2.3, 5.0, 7.8]
    assert queries.jenks_breaks([1, 2, 3, 10, 11, 12, 20, 21, 22, 40], 4) == [3, 12, 22, 40]


def test_jenks_finds_the_optimum_of_every_small_case():
    rng = random.Random(20240611)
    for _ in range(150):
        values = [
            rng.choice([rng.randint(0, 15), round(rng.uniform(0, 60), 2)]) for _ in range(rng.randint(6, 11))
        ]
        classes = rng.randint(2, 5)
        if len(set(values)) <= classes:
            continue
        breaks = queries.jenks_breaks(values, classes)
        assert len(breaks) == classes
        assert within_ss(values, breaks) == pytest.approx(brute_force_jenks(values, classes), abs=1e-9)


def test_jenks_with_few_distinct_values_and_none():
    assert queries.jenks_breaks([5, 5, 1, 1, 3], 5) == [1, 3, 5]
    assert queries.jenks_breaks([], 5) == []


def test_quantile_breaks_and_classes():
    values = list(range(1, 11))
    assert queries.quantile_breaks(values, 5) == [2, 4, 6, 8, 10]
    assert [queries.classify(v, [2, 4, 6, 8, 10]) for v in (1, 2, 3, 10, 11)] == [0, 0, 1, 4, 4]
    # Ties merge classes: zeros everywhere but two neighbourhoods.
    assert queries.quantile_breaks([0] * 8 + [3, 9], 5) == [0, 9]
    assert queries.palette(3) == ["#ffffb2", "#fd8d3c", "#bd0026"]


def test_legend_counts_each_class(world):
    with translation.override("fa"):
        legend = queries.legend(world.theft_count, [0, 1, 10, 12], [1, 12])
    assert legend == [
        {"from": 0, "to": 1, "color": "#ffffb2", "count": 2, "label": "۰ – ۱"},
        {"from": 1, "to": 12, "color": "#bd0026", "count": 2, "label": "۱ – ۱۲"},
    ]
