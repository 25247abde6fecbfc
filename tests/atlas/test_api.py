"""The atlas API under /api/atlas/: categories, indicators, the summary table and indicator values.
Same authentication as the rest of the API: anonymous requests are refused, every signed-in user reads."""

import pytest
from django.core.cache import cache
from django.test import Client

from tests.atlas.test_queries import MEHR, SHAHRIVAR, build_world
from tests.atlas.test_views import build_grid

URLS = [
    "/api/atlas/categories/",
    "/api/atlas/indicators/",
    "/api/atlas/summaries/",
    "/api/atlas/indicator-values/?indicator=theft_count",
]


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(city):
    return build_world(city)


@pytest.fixture
def grid(city):
    return build_grid(city)


def test_anonymous_is_refused(world):
    for url in URLS:
        assert Client().get(url).status_code in (401, 403), url


def test_outsider_reads(world, outsider, client_for):
    client = client_for(outsider)
    for url in URLS:
        assert client.get(url).status_code == 200, url


def test_categories(world, viewer, client_for):
    w = world
    data = client_for(viewer).get("/api/atlas/categories/").json()
    assert data["results"] == [
        {
            "id": w.theft.pk,
            "code": "theft",
            "name": "سرقت",
            "name_en": "Theft",
            "parent": None,
            "is_crime": True,
            "is_active": True,
            "order": 1,
        },
        {
            "id": w.car_theft.pk,
            "code": "car_theft",
            "name": "سرقت خودرو",
            "name_en": "Car theft",
            "parent": w.theft.pk,
            "is_crime": False,
            "is_active": True,
            "order": 2,
        },
        {
            "id": w.divorce.pk,
            "code": "divorce",
            "name": "طلاق",
            "name_en": "Divorce",
            "parent": None,
            "is_crime": False,
            "is_active": True,
            "order": 3,
        },
    ]


def test_indicators_filter_by_category_and_source(world, viewer, client_for):
    client = client_for(viewer)
    data = client.get("/api/atlas/indicators/?category=divorce").json()
    assert data["results"] == [
        {
            "id": world.divorce_rate.pk,
            "code": "divorce_rate",
            "name": "طلاق در هر ۱٬۰۰۰ خانوار",
            "name_en": "Divorces per 1,000 households",
            "category": "divorce",
            "kind": "rate",
            "denominator": "households",
            "per": 1000,
            "source": "reported",
            "owner": None,
            "higher_is_worse": True,
            "is_active": True,
        }
    ]
    codes = [row["code"] for row in client.get("/api/atlas/indicators/?source=incidents").json()["results"]]
    assert sorted(codes) == ["theft_count", "theft_rate"]


def test_summaries_filter(world, viewer, client_for):
    w = world
    client = client_for(viewer)
    data = client.get(f"/api/atlas/summaries/?category=theft&month_from={MEHR}&area={w.d1.pk}").json()
    assert data["count"] == 2
    assert data["results"] == [
        {"region": w.n1.pk, "month": MEHR, "category": "theft", "count": 6},
        {"region": w.n2.pk, "month": MEHR, "category": "theft", "count": 10},
    ]
    data = client.get(f"/api/atlas/summaries/?region={w.n1.pk}").json()
    assert [(row["month"], row["count"]) for row in data["results"]] == [(SHAHRIVAR, 4), (MEHR, 6)]


def test_indicator_values(world, viewer, client_for):
    w = world
    client = client_for(viewer)
    data = client.get(f"/api/atlas/indicator-values/?indicator=theft_rate&level=district&month={MEHR}").json()
    assert data == {
        "indicator": "theft_rate",
        "level": "district",
        "start": MEHR,
        "end": MEHR,
        "values": [
            {
                "region": w.d1.pk,
                "code": "D1",
                "name": "ناحیه یک",
                "value": pytest.approx(18 / 62_000 * 10_000),
            },
            {"region": w.d2.pk, "code": "D2", "name": "ناحیه دو", "value": 2.0},
        ],
    }
    data = client.get("/api/atlas/indicator-values/?indicator=theft_count&level=county&span=3").json()
    assert (data["start"], data["end"], data["values"]) == (
        140305,
        MEHR,
        [{"region": w.county.pk, "code": w.county.code, "name": w.county.name, "value": 23}],
    )
    bad = client.get("/api/atlas/indicator-values/?indicator=theft_count&level=galaxy")
    assert bad.status_code == 400


def test_the_schema_describes_the_atlas(world, viewer, client_for):
    schema = client_for(viewer).get("/api/schema/?format=json").json()
    assert {
        "/api/atlas/categories/",
        "/api/atlas/indicators/",
        "/api/atlas/summaries/",
        "/api/atlas/indicator-values/",
    } <= set(schema["paths"])


def test_hot_spots(grid, viewer, client_for):
    _indicator, cells = grid
    client = client_for(viewer)
    data = client.get(f"/api/atlas/hotspots/?indicator=theft_count&level=neighbourhood&month={MEHR}").json()
    page = client.get(f"/atlas/hotspots/?indicator=theft_count&level=neighbourhood&month={MEHR}").json()
    assert (data["indicator"], data["level"], data["start"], data["end"]) == (
        "theft_count",
        "neighbourhood",
        MEHR,
        MEHR,
    )
    assert data["regions"] == sorted(
        (
            {"region": int(pk), "z": row["z"], "p": row["p"], "q": row["q"], "class": row["class"]}
            for pk, row in page["regions"].items()
        ),
        key=lambda row: row["region"],
    )
    assert len(data["regions"]) == len(cells) == 49
    assert Client().get("/api/atlas/hotspots/?indicator=theft_count").status_code in (401, 403)
