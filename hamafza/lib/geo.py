"""Geometry for the atlas, framework-free: placing points in regions (shapely 2, vectorised).

`NeighbourhoodIndex` answers "which region is each of these points in?" for millions of points at a
time: one STRtree over the polygons and one `query(points, predicate="intersects")` call per batch,
so the loop over points runs inside GEOS, not in Python.
"""

from collections.abc import Sequence
from typing import Any

import numpy as np
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

NOWHERE = -1


class NeighbourhoodIndex:
    """Point placement over a set of polygons, each tagged with an integer region id.

    A point strictly inside one polygon gets that polygon's id. A point that touches several — on a
    border shared by two neighbourhoods, at a corner where three meet, or inside an overlap of two
    badly drawn polygons — goes to the one with the SMALLEST region id, so every point lands in
    exactly one region and the same point always lands in the same one. A point outside every
    polygon (in the sea, beyond the city) gets -1.
    """

    def __init__(self, polygons: Sequence[tuple[int, BaseGeometry | dict[str, Any]]]):
        geometries, ids = [], []
        for region_id, geometry in polygons:
            if geometry is None:
                continue
            if isinstance(geometry, dict):  # a GeoJSON geometry as stored in Region.boundary
                geometry = shape(geometry)
            if geometry.is_empty:
                continue
            geometries.append(geometry)
            ids.append(int(region_id))
        self.region_ids = np.asarray(ids, dtype=np.int64)
        self.geometries = np.asarray(geometries, dtype=object)
        shapely.prepare(self.geometries)
        self.tree = shapely.STRtree(self.geometries)

    def __len__(self) -> int:
        return len(self.region_ids)

    def locate(self, lons: Any, lats: Any) -> np.ndarray:
        """The region id of each point (longitude, latitude in degrees), or -1 where none holds it.

        NaN coordinates land nowhere. The answer is an int64 array as long as the inputs.
        """
        lons = np.asarray(lons, dtype=np.float64)
        lats = np.asarray(lats, dtype=np.float64)
        result = np.full(lons.shape, np.iinfo(np.int64).max, dtype=np.int64)
        if len(self.region_ids) and lons.size:
            finite = np.flatnonzero(np.isfinite(lons) & np.isfinite(lats))
            points = shapely.points(lons[finite], lats[finite])
            # "intersects" holds for the interior and the boundary alike; of several matches the
            # smallest id wins (np.minimum.at), which is the documented tie rule.
            point_idx, tree_idx = self.tree.query(points, predicate="intersects")
            np.minimum.at(result, finite[point_idx], self.region_ids[tree_idx])
        result[result == np.iinfo(np.int64).max] = NOWHERE
        return result
