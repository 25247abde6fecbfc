"""Queen contiguity from polygons: identical to libpysal's Queen on the demo neighbourhoods, robust to hairline gaps."""

import json
from pathlib import Path

import libpysal
import numpy as np
import pytest
from shapely import affinity
from shapely.geometry import Polygon, box, mapping, shape

from hamafza.lib.contiguity import queen_neighbours

GEOJSON = Path(__file__).resolve().parents[2] / "hamafza/places/data/district21_neighbourhoods.geojson"


def neighbour_sets(matrix):
    matrix = matrix.tocsr()
    return {
        i: set(matrix.indices[matrix.indptr[i] : matrix.indptr[i + 1]].tolist())
        for i in range(matrix.shape[0])
    }


def test_demo_neighbourhoods_match_libpysal_queen():
    features = json.loads(GEOJSON.read_text())["features"]
    polygons = [shape(f["geometry"]) for f in features]
    ours = queen_neighbours(polygons)
    ref = libpysal.weights.Queen.from_iterable(polygons)
    assert neighbour_sets(ours) == {i: set(ref.neighbors[i]) for i in range(len(polygons))}
    assert ours.shape == (25, 25)
    assert set(ours.data.tolist()) == {1.0}
    assert ours.diagonal().sum() == 0
    assert (ours != ours.T).nnz == 0
    # GeoJSON dicts, as Region.boundary stores them, and an exact test give the same result
    assert (queen_neighbours([f["geometry"] for f in features]) != ours).nnz == 0
    assert (queen_neighbours(polygons, tolerance=0) != ours).nnz == 0


def test_corner_contact_is_a_queen_neighbour():
    """A 2×2 block of unit squares plus one square far away: each square touches the other three
    (two along an edge, one at a corner); the far one has none."""
    squares = [box(0, 0, 1, 1), box(1, 0, 2, 1), box(0, 1, 1, 2), box(1, 1, 2, 2), box(5, 5, 6, 6)]
    assert neighbour_sets(queen_neighbours(squares, tolerance=0)) == {
        0: {1, 2, 3},
        1: {0, 2, 3},
        2: {0, 1, 3},
        3: {0, 1, 2},
        4: set(),
    }


def test_hairline_gaps_are_bridged_by_the_tolerance():
    """Two boundaries digitised separately leave a 5e-9 degree gap (half a millimetre): still
    neighbours by default, not with tolerance 0; a real 1e-4 degree gap (about 10 m) is not bridged."""
    left = Polygon([(51.20, 35.70), (51.21, 35.70), (51.21, 35.71), (51.20, 35.71)])
    right = affinity.translate(left, xoff=0.01 + 5e-9)
    far = affinity.translate(left, xoff=0.01 + 1e-4)
    assert neighbour_sets(queen_neighbours([left, right])) == {0: {1}, 1: {0}}
    assert neighbour_sets(queen_neighbours([left, right], tolerance=0)) == {0: set(), 1: set()}
    assert neighbour_sets(queen_neighbours([left, far])) == {0: set(), 1: set()}
    assert neighbour_sets(queen_neighbours([left, far], tolerance=2e-4)) == {0: {1}, 1: {0}}


def test_missing_and_multi_polygons():
    a = box(0, 0, 1, 1)
    multi = mapping(box(1, 0, 2, 1).union(box(10, 10, 11, 11)))  # a MultiPolygon dict
    empty = Polygon()
    result = queen_neighbours([a, None, multi, empty, box(10.5, 11, 12, 12)])
    assert neighbour_sets(result) == {0: {2}, 1: set(), 2: {0, 4}, 3: set(), 4: {2}}
    assert queen_neighbours([a]).shape == (1, 1) and queen_neighbours([a]).nnz == 0
    assert queen_neighbours([]).shape == (0, 0)
    with pytest.raises(ValueError, match="tolerance"):
        queen_neighbours([a], tolerance=-1)


def test_overlapping_polygons_are_neighbours():
    assert np.array_equal(queen_neighbours([box(0, 0, 2, 2), box(1, 1, 3, 3)]).toarray(), [[0, 1], [1, 0]])
