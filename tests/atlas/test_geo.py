"""Point placement (hamafza.lib.geo.NeighbourhoodIndex) on the real boundaries the project ships."""

import numpy as np
import pytest
import shapely
from shapely.geometry import shape

from hamafza.lib import geo
from hamafza.lib.geo import NOWHERE, NeighbourhoodIndex
from hamafza.places.models import Region
from hamafza.places.services import load_regions

SHIRAZ = (52.53, 29.61)  # lon, lat
TEHRAN = (51.389, 35.689)
PERSIAN_GULF = (51.0, 27.0)
CASPIAN_SEA = (51.0, 38.5)


@pytest.fixture
def regions(db):
    load_regions()
    return Region.objects.all()


@pytest.fixture(params=["direct", "strtree"])
def way(request, monkeypatch):
    """Both ways of placing points: per polygon with intersects_xy, and through the STRtree."""
    monkeypatch.setattr(geo, "DIRECT_MAX_POLYGONS", 10_000 if request.param == "direct" else 0)
    return request.param


def _index(kind):
    return NeighbourhoodIndex(
        list(Region.objects.filter(kind=kind).exclude(boundary=None).values_list("pk", "boundary"))
    )


def _codes(ids):
    names = dict(Region.objects.values_list("pk", "code"))
    return [names.get(int(pk)) for pk in ids]


def test_points_land_in_their_province_and_county_and_the_sea_nowhere(regions, way):
    lons, lats = zip(SHIRAZ, TEHRAN, PERSIAN_GULF, CASPIAN_SEA, strict=True)

    provinces = _index(Region.Kind.PROVINCE).locate(lons, lats)
    counties = _index(Region.Kind.COUNTY).locate(lons, lats)

    assert _codes(provinces[:2]) == ["IR-07", "IR-23"]
    shiraz, tehran = Region.objects.filter(pk__in=counties[:2]).order_by("name_en")
    assert (shiraz.name_en, shiraz.parent.code) == ("Shiraz County", "IR-07")
    assert (tehran.name_en, tehran.parent.code) == ("Tehran County", "IR-23")
    assert provinces[2:].tolist() == [NOWHERE, NOWHERE]
    assert counties[2:].tolist() == [NOWHERE, NOWHERE]


def test_vectorised_placement_agrees_with_shapely_point_by_point(regions, way):
    neighbourhoods = list(Region.objects.neighbourhoods().values_list("pk", "boundary"))
    index = NeighbourhoodIndex(neighbourhoods)
    polygons = [(pk, shape(boundary)) for pk, boundary in neighbourhoods]
    minx, miny, maxx, maxy = shapely.total_bounds([polygon for _pk, polygon in polygons])
    rng = np.random.default_rng(21)
    lons = rng.uniform(minx - 0.01, maxx + 0.01, 3000)
    lats = rng.uniform(miny - 0.01, maxy + 0.01, 3000)

    located = index.locate(lons, lats)

    expected = [
        next((pk for pk, polygon in polygons if polygon.contains(shapely.Point(x, y))), NOWHERE)
        for x, y in zip(lons, lats, strict=True)
    ]
    assert located.tolist() == expected
    assert (located == NOWHERE).sum() > 0 and len(set(located.tolist())) == len(polygons) + 1


def test_a_point_on_a_shared_border_goes_to_the_smallest_region_id(regions, way):
    neighbourhoods = {
        pk: shape(boundary) for pk, boundary in Region.objects.neighbourhoods().values_list("pk", "boundary")
    }
    index = NeighbourhoodIndex(list(neighbourhoods.items()))

    def corners(polygon):
        return set(map(tuple, shapely.get_coordinates(polygon.exterior).tolist()))

    lons, lats, expected = [], [], []
    for a in neighbourhoods:
        for b in neighbourhoods:
            if a >= b:
                continue
            # A corner both polygons have is exactly on both boundaries (no rounding in between).
            for x, y in sorted(corners(neighbourhoods[a]) & corners(neighbourhoods[b]))[:1]:
                point = shapely.Point(x, y)
                assert neighbourhoods[a].intersects(point) and neighbourhoods[b].intersects(point)
                lons.append(x)
                lats.append(y)
                # A corner can be shared by three neighbourhoods: the smallest id of all wins.
                expected.append(min(pk for pk, other in neighbourhoods.items() if other.intersects(point)))
    assert len(expected) >= 20, "District 21's neighbourhoods share borders"

    assert index.locate(lons, lats).tolist() == expected
    # In whatever order the polygons were given, and whatever else is in the batch.
    reversed_index = NeighbourhoodIndex(list(reversed(neighbourhoods.items())))
    assert reversed_index.locate(lons[::-1], lats[::-1]).tolist() == expected[::-1]


def test_missing_coordinates_and_empty_inputs_land_nowhere(way):
    square = shapely.box(0, 0, 1, 1)
    index = NeighbourhoodIndex(
        [(7, square), (9, {"type": "Polygon", "coordinates": [[[1, 0], [2, 0], [2, 1], [1, 1], [1, 0]]]})]
    )

    assert index.locate([0.5, np.nan, 1.5, 1.0, 5], [0.5, 0.5, np.nan, 0.5, 5]).tolist() == [7, -1, -1, 7, -1]
    assert index.locate([], []).tolist() == []
    assert NeighbourhoodIndex([]).locate([0.5], [0.5]).tolist() == [-1]
