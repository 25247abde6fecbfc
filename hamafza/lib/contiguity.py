"""Queen contiguity between polygons, for the spatial weights of the hot spot analysis.

Pure shapely/scipy, no Django. Kept apart from hamafza/lib/geo.py (point placement) so that the two
can change independently.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import scipy.sparse as sp
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

# In the units of the coordinates. For longitude/latitude, 1e-7 degrees is about a centimetre: it
# bridges rounding differences between boundaries digitised separately, never a real street.
DEFAULT_TOLERANCE = 1e-7


def _geometry(polygon: BaseGeometry | Mapping[str, Any] | None) -> BaseGeometry | None:
    if polygon is None or isinstance(polygon, BaseGeometry):
        return polygon
    return shape(polygon)  # a GeoJSON geometry dict, as Region.boundary stores it


def queen_neighbours(
    polygons: Iterable[BaseGeometry | Mapping[str, Any] | None], tolerance: float = DEFAULT_TOLERANCE
) -> sp.csr_matrix:
    """Binary queen contiguity: polygons i and j are neighbours when they share at least one point.

    `polygons` are shapely geometries or GeoJSON geometry dicts (Polygon or MultiPolygon); None or an
    empty geometry has no neighbours. Two polygons also count as neighbours when they are at most
    `tolerance` apart (coordinate units), so that hairline gaps and slivers between boundaries drawn
    separately do not break contiguity; `tolerance=0` asks for an exact shared point. The result is a
    symmetric n×n CSR matrix of ones with a zero diagonal, rows in the order of `polygons`.
    """
    if tolerance < 0:
        raise ValueError("tolerance must be >= 0.")
    geoms = np.array([_geometry(p) for p in polygons], dtype=object)
    n = geoms.size
    present = np.array([g is not None and not g.is_empty for g in geoms], dtype=bool)
    index = np.flatnonzero(present)
    if index.size < 2:
        return sp.csr_matrix((n, n))
    tree = shapely.STRtree(geoms[index])
    if tolerance > 0:
        left, right = tree.query(geoms[index], predicate="dwithin", distance=tolerance)
    else:
        left, right = tree.query(geoms[index], predicate="intersects")
    keep = left != right
    rows, cols = index[left[keep]], index[right[keep]]
    # the predicates are symmetric, but symmetrise anyway against floating-point disagreement
    rows, cols = np.concatenate([rows, cols]), np.concatenate([cols, rows])
    matrix = sp.csr_matrix((np.ones(rows.size), (rows, cols)), shape=(n, n))
    matrix.data[:] = 1.0  # duplicates from the symmetrisation were summed
    return matrix
