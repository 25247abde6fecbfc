"""The atlas pages: the map, its data and boundaries, the exports, and the neighbourhood profile.

The world is test_queries' (`build_world`): districts D1 (n1, n2, n3) and D2 (n4), thefts in Shahrivar
and Mehr 1403, divorces reported in Mehr.
"""

import csv
import datetime as dt
import io
from urllib.parse import quote

import openpyxl
import pytest
from django.core.cache import cache
from django.test import Client

from hamafza.atlas.models import HarmCategory, IncidentSummary, Indicator
from hamafza.lib.contiguity import queen_neighbours
from hamafza.lib.hotspots import getis_ord_gi_star
from hamafza.meetings import services
from hamafza.orgs.models import Organization
from hamafza.places.models import Region
from tests.atlas.test_queries import MEHR, SHAHRIVAR, build_world, square


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(city):
    return build_world(city)


def test_anonymous_is_sent_to_log_in(world):
    client = Client()
    for url in [
        "/atlas/",
        "/atlas/data/",
        "/atlas/boundaries/neighbourhood/",
        "/atlas/export.csv",
        f"/atlas/regions/{world.n1.pk}/",
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url


def test_any_logged_in_user_reads_the_atlas(world, outsider, client_for):
    client = client_for(outsider)
    assert client.get("/atlas/").status_code == 200
    assert client.get("/atlas/data/?indicator=theft_count").status_code == 200
    assert client.get("/atlas/boundaries/district/").status_code == 200
    assert client.get(f"/atlas/regions/{world.n1.pk}/").status_code == 200


def test_map_page(world, viewer, client_for, settings):
    response = client_for(viewer).get("/atlas/")
    page = response.content.decode()
    assert response.context["config"]["tileUrl"] == ""
    assert response.context["config"]["attribution"] == "داده‌های نقشه © مشارکت‌کنندگان OpenStreetMap (ODbL)"
    assert [(name, [i.code for i in items]) for name, items in response.context["groups"]] == [
        ("سرقت", ["theft_count", "theft_rate"]),
        ("طلاق", ["divorce_rate"]),
    ]
    assert "vendor/leaflet/leaflet.js" in page and "hamafza/atlas-map.js" in page
    assert 'href="/atlas/"' in page  # the top navigation links the atlas
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    response = client_for(viewer).get("/atlas/")
    assert response.context["config"]["tileUrl"] == "https://tiles.example.org/{z}/{x}/{y}.png"


def test_map_data_of_a_rate(world, viewer, client_for):
    w = world
    response = client_for(viewer).get(f"/atlas/data/?indicator=theft_rate&level=neighbourhood&month={MEHR}")
    assert response.status_code == 200
    data = response.json()
    exports = data.pop("exports")
    unit = data["indicator"].pop("unit")
    assert "۱۰٬۰۰۰" in unit  # «per 10,000 residents», the number in Persian digits
    assert exports == {
        "xlsx": f"/atlas/export.xlsx?indicator=theft_rate&level=neighbourhood&method=quantile&start={MEHR}&month={MEHR}",
        "csv": f"/atlas/export.csv?indicator=theft_rate&level=neighbourhood&method=quantile&start={MEHR}&month={MEHR}",
    }
    assert data == {
        "indicator": {
            "code": "theft_rate",
            "name": "سرقت در هر ۱۰٬۰۰۰ نفر",
            "name_en": "Thefts per 10,000 residents",
            "kind": "rate",
            "source": "incidents",
            "higher_is_worse": True,
        },
        "level": "neighbourhood",
        "method": "quantile",
        "start": MEHR,
        "end": MEHR,
        "span": 1,
        "label": "مهر ۱۴۰۳",
        "months": [{"value": SHAHRIVAR, "label": "شهریور ۱۴۰۳"}, {"value": MEHR, "label": "مهر ۱۴۰۳"}],
        # Four values, quantile bounds at ranks 1, 2, 2, 3, 4: 0, 2, 4, 5.
        "regions": {
            str(w.n1.pk): {"value": 5.0, "text": "۵٫۰۰", "class": 3},
            str(w.n2.pk): {"value": 4.0, "text": "۴٫۰۰", "class": 2},
            str(w.n3.pk): {"value": 0.0, "text": "۰٫۰۰", "class": 0},
            str(w.n4.pk): {"value": 2.0, "text": "۲٫۰۰", "class": 1},
        },
        "breaks": [0.0, 2.0, 4.0, 5.0],
        "classes": [
            {"from": 0.0, "to": 0.0, "color": "#ffffb2", "count": 1, "label": "۰٫۰۰"},
            {"from": 0.0, "to": 2.0, "color": "#fecc5c", "count": 1, "label": "۰٫۰۰ – ۲٫۰۰"},
            {"from": 2.0, "to": 4.0, "color": "#f03b20", "count": 1, "label": "۲٫۰۰ – ۴٫۰۰"},
            {"from": 4.0, "to": 5.0, "color": "#bd0026", "count": 1, "label": "۴٫۰۰ – ۵٫۰۰"},
        ],
    }


def test_map_data_by_default_shows_the_latest_month_and_takes_spans_levels_and_jenks(
    world, viewer, client_for
):
    w = world
    client = client_for(viewer)
    data = client.get("/atlas/data/?indicator=theft_count&level=district").json()
    assert (data["start"], data["end"], data["regions"]) == (
        MEHR,
        MEHR,
        {
            str(w.d1.pk): {"value": 18, "text": "۱۸", "class": 1},
            str(w.d2.pk): {"value": 1, "text": "۱", "class": 0},
        },
    )
    data = client.get("/atlas/data/?indicator=theft_count&level=district&span=3&method=jenks").json()
    assert (data["start"], data["end"], data["label"], data["breaks"]) == (
        140305,
        MEHR,
        "مرداد ۱۴۰۳ – مهر ۱۴۰۳",
        [1, 22],
    )
    assert data["regions"][str(w.d1.pk)]["value"] == 22


def test_map_data_refuses_what_does_not_exist(world, viewer, client_for):
    client = client_for(viewer)
    for query in ["indicator=nope", "level=galaxy", "method=magic", "month=140313", "span=5", "month=abc"]:
        response = client.get(f"/atlas/data/?indicator=theft_count&{query}")
        assert response.status_code == 400, query
        assert set(response.json()) == {"error"}


def test_map_data_query_count(world, viewer, client_for, django_assert_num_queries):
    client = client_for(viewer)
    client.get("/atlas/data/?indicator=theft_rate")
    # * session, user
    # * the indicator, its categories, the months it has data for
    # * the region tree, the summary table, the denominators (RegionYear)
    with django_assert_num_queries(8):
        response = client.get(f"/atlas/data/?indicator=theft_rate&level=district&month={MEHR}")
    assert response.status_code == 200


def test_boundaries_are_geojson_cached_and_revalidated(world, viewer, client_for):
    w = world
    client = client_for(viewer)
    response = client.get("/atlas/boundaries/district/")
    assert response["Content-Type"] == "application/geo+json"
    assert response["Cache-Control"] == "private, max-age=600"
    geojson = response.json()
    assert geojson == {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": region.pk,
                "properties": {
                    "name": region.name,
                    "name_en": "",
                    "code": region.code,
                    "kind": "district",
                    "target": False,
                },
                "geometry": region.boundary,
            }
            for region in (w.d2, w.d1)  # by name: «ناحیه دو» sorts before «ناحیه یک»
        ],
    }
    etag = response["ETag"]
    again = client.get("/atlas/boundaries/district/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again["ETag"] == etag
    neighbourhoods = client.get("/atlas/boundaries/neighbourhood/").json()
    assert {f["properties"]["code"]: f["properties"]["target"] for f in neighbourhoods["features"]} == {
        "n1": True,
        "n2": False,
        "n3": False,
        "n4": False,
    }
    assert [
        f["id"] for f in client.get(f"/atlas/boundaries/neighbourhood/?area={w.d2.pk}").json()["features"]
    ] == [w.n4.pk]
    assert client.get("/atlas/boundaries/galaxy/").status_code == 404


def test_excel_export_reopens(world, viewer, client_for):
    w = world
    response = client_for(viewer).get(f"/atlas/export.xlsx?indicator=theft_rate&level=district&month={MEHR}")
    assert response.status_code == 200
    assert response[
        "Content-Disposition"
    ] == f"attachment; filename=\"atlas-theft_rate-district-{MEHR}-{MEHR}.xlsx\"; filename*=UTF-8''" + quote(
        "اطلس-سرقت در هر ۱۰٬۰۰۰ نفر-۱۴۰۳۰۷-۱۴۰۳۰۷.xlsx"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.sheet_view.rightToLeft is True
    rows = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "سرقت در هر ۱۰٬۰۰۰ نفر"
    assert rows[1][1] == "مهر ۱۴۰۳"
    assert rows[4:] == [
        ["D1", "ناحیه یک", "تهران", pytest.approx(18 / 62_000 * 10_000)],
        ["D2", "ناحیه دو", "تهران", 2.0],
    ]
    assert w.d1.parent.name == "تهران"


def test_csv_export_has_a_byte_order_mark_and_reopens(world, viewer, client_for):
    response = client_for(viewer).get(
        f"/atlas/export.csv?indicator=theft_count&level=neighbourhood&month={MEHR}"
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1:] == [
        ["n2", "محله دو", "ناحیه یک", "12", "theft_count", f"{MEHR}-{MEHR}"],
        ["n1", "محله یک", "ناحیه یک", "6", "theft_count", f"{MEHR}-{MEHR}"],
        ["n4", "محله چهار", "ناحیه دو", "1", "theft_count", f"{MEHR}-{MEHR}"],
        ["n3", "محله سه", "ناحیه یک", "0", "theft_count", f"{MEHR}-{MEHR}"],
    ]
    assert len(rows[0]) == 6
    assert client_for(viewer).get("/atlas/export.pdf?indicator=theft_count").status_code == 404


@pytest.fixture
def targeting(world, meeting, secretary, police, today):
    """A resolution of the cast's body that targets n1, and an agency of D1."""
    spec = services.ResolutionSpec(
        number="2",
        text="گشت محله‌محور در محله یک",
        assignments=[services.AssignmentSpec(police, deadline=today + dt.timedelta(days=30))],
        target_regions=[world.n1],
    )
    resolution = services.create_resolution(meeting, by=secretary, spec=spec)
    agency = Organization.objects.create(name="شهرداری ناحیه یک", region=world.d1, sector="municipality")
    return resolution, agency


def test_profile(world, targeting, secretary, client_for):
    w = world
    resolution, agency = targeting
    response = client_for(secretary).get(f"/atlas/regions/{w.n1.pk}/?month={MEHR}")
    assert response.status_code == 200
    context = response.context
    assert (context["start"], context["end"], context["period"], context["district"]) == (
        MEHR,
        MEHR,
        "مهر ۱۴۰۳",
        w.d1,
    )
    assert [
        (r["row"].indicator.code, r["value"], r["district"], r["previous"], r["row"].rank, r["trend"])
        for r in context["rows"]
    ] == [
        ("theft_count", "۶", "۶", "۴", (2, 3), "up"),
        ("theft_rate", "۵٫۰۰", "۲٫۹۰", "۳٫۳۳", (1, 3), "up"),
        ("divorce_rate", "۱٫۰۰", "۱٫۰۰", "—", (1, 2), ""),
    ]
    chart = context["chart"]
    assert chart["months"][-2:] == ["شهریور ۱۴۰۳", "مهر ۱۴۰۳"]
    assert len(chart["months"]) == 12
    assert [(i["code"], i["own"][-2:], i["district"][-2:]) for i in chart["indicators"]][0] == (
        "theft_count",
        [4, 6],
        [4 / 3, 6.0],
    )
    assert list(context["resolutions"]) == [resolution]
    assert agency in context["local_orgs"]
    page = response.content.decode()
    assert "محله هدف" in page or "Target neighbourhood" in page
    assert 'id="target-badge"' in page
    assert "vendor/echarts/echarts.min.js" in page


def test_profile_shows_only_the_resolutions_the_user_may_see(world, targeting, outsider, client_for):
    response = client_for(outsider).get(f"/atlas/regions/{world.n1.pk}/")
    assert response.status_code == 200
    assert list(response.context["resolutions"]) == []
    assert response.context["end"] == MEHR  # the latest month with data by default


def test_profile_of_a_neighbourhood_without_data_and_of_other_regions(world, viewer, client_for):
    client = client_for(viewer)
    response = client.get(f"/atlas/regions/{world.n4.pk}/?month=140201")
    assert response.status_code == 200
    assert (response.context["rows"], response.context["chart"]["indicators"]) == ([], [])
    assert client.get(f"/atlas/regions/{world.d1.pk}/").status_code == 404
    assert client.get(f"/atlas/regions/{world.n1.pk}/?month=140399").status_code == 404


def test_profile_query_count(world, targeting, secretary, client_for, django_assert_num_queries):
    client = client_for(secretary)
    client.get(f"/atlas/regions/{world.n1.pk}/")
    # * session, user, the neighbourhood, the region tree, its district, the latest month (summary, values)
    # * the indicators, the categories; this period and the one before (summary, values, denominators
    #   each); the months' series (monthly sums of the district and of the neighbourhood, denominators;
    #   reported values and their denominators)
    # * the organisations serving it, the resolutions that target it
    # * its capacities by service: the active services, the capacities on it and the regions above it
    # * its approved open needs
    # * the top bar: unread notifications, the user's organisation
    with django_assert_num_queries(27):
        response = client.get(f"/atlas/regions/{world.n1.pk}/")
    assert response.status_code == 200


@pytest.fixture
def grid(city):
    return build_grid(city)


def build_grid(city):
    """A district of 7×7 square neighbourhoods; thefts cluster in its south-west corner."""
    district = Region.objects.create(name="ناحیه شطرنجی", kind="district", code="G", parent=city)
    theft = HarmCategory.objects.create(code="theft", name="سرقت", name_en="Theft")
    indicator = Indicator.objects.create(
        code="theft_count", name="تعداد سرقت", category=theft, source="incidents"
    )
    cells = {}
    for x in range(7):
        for y in range(7):
            cells[(x, y)] = Region.objects.create(
                name=f"خانه {x}-{y}",
                kind="neighbourhood",
                code=f"G-{x}-{y}",
                parent=district,
                boundary=square(51 + x * 0.01, 35 + y * 0.01, 0.01),
                population=1_000,
            )
            count = 40 + x + y if x < 3 and y < 3 else (x * 7 + y) % 3
            IncidentSummary.objects.create(region=cells[(x, y)], month=MEHR, category=theft, count=count)
    return indicator, cells


def test_hot_spots_of_the_map(grid, viewer, client_for):
    indicator, cells = grid
    response = client_for(viewer).get(
        f"/atlas/hotspots/?indicator=theft_count&level=neighbourhood&month={MEHR}"
    )
    assert response.status_code == 200
    data = response.json()
    # The same as Gi* run directly on the values with queen contiguity of the boundaries.
    order = sorted(cells.values(), key=lambda r: (r.name, r.pk))
    values = [IncidentSummary.objects.get(region=r).count for r in order]
    expected = getis_ord_gi_star(
        values, queen_neighbours([r.boundary for r in order]), permutations=999, seed=MEHR
    )
    names = {3: "hot-99", 2: "hot-95", 1: "hot-90", 0: None, -1: "cold-90", -2: "cold-95", -3: "cold-99"}
    assert {pk: row["class"] for pk, row in data["regions"].items()} == {
        str(r.pk): names[int(c)] for r, c in zip(order, expected.classes, strict=True)
    }
    assert {pk: row["z"] for pk, row in data["regions"].items()} == {
        str(r.pk): round(float(z), 4) for r, z in zip(order, expected.z, strict=True)
    }
    # The cluster is found: the corner's centre is a hot spot, the far corner is not.
    assert data["regions"][str(cells[(1, 1)].pk)]["class"] == "hot-95"
    assert data["regions"][str(cells[(6, 6)].pk)]["class"] in (None, "cold-90", "cold-95", "cold-99")
    legend = {row["class"]: row["count"] for row in data["legend"]}
    assert sum(legend.values()) == sum(1 for row in data["regions"].values() if row["class"])


def test_profile_lists_the_open_needs_only(world, secretary, client_for):
    from hamafza.meetings.models import Body
    from hamafza.participation.models import Need

    body = Body.objects.first() or pytest.skip("the world has no body")
    common = {
        "body": body,
        "region": world.n1,
        "category": "equipment",
        "justification": "-",
        "estimated_cost": 10,
    }
    shown = Need.objects.create(title="نیاز باز محله", state=Need.State.APPROVED, **common)
    Need.objects.create(title="نیاز پیشنهادی محله", state=Need.State.PROPOSED, **common)
    response = client_for(secretary).get(f"/atlas/regions/{world.n1.pk}/")
    assert list(response.context["open_needs"]) == [shown]
    assert "نیاز پیشنهادی محله" not in response.content.decode()
