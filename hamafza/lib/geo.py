"""Geometry for the atlas, framework-free: placing points in regions (shapely 2, vectorised).

`NeighbourhoodIndex` answers "which region is each of these points in?" for millions of points at a
time, with the loop over points inside GEOS, never in Python. Over many polygons (the counties of the
country) it asks an STRtree: one `query(points, predicate="intersects")` per batch. Over a few dozen
(a district's neighbourhoods) it is faster (measured: 0.04 s against 0.15 s for 250,000 points over
25 neighbourhoods) to skip making point objects: per polygon, a bounding-box filter in numpy and
`shapely.intersects_xy` on the prepared polygon. Both give the same answer.
"""

from collections.abc import Sequence
from typing import Any

import numpy as np
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

NOWHERE = -1
# Up to this many polygons, a bounding-box pass per polygon beats building points for the STRtree.
DIRECT_MAX_POLYGONS = 64


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
        self.bounds = shapely.bounds(self.geometries).reshape(-1, 4)

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
            x, y = lons[finite], lats[finite]
            # "intersects" holds for the interior and the boundary alike; of several matches the
            # smallest id wins (np.minimum), which is the documented tie rule.
            if len(self.region_ids) <= DIRECT_MAX_POLYGONS:
                for region_id, geometry, (minx, miny, maxx, maxy) in zip(
                    self.region_ids, self.geometries, self.bounds, strict=True
                ):
                    candidates = np.flatnonzero((x >= minx) & (x <= maxx) & (y >= miny) & (y <= maxy))
                    hits = finite[candidates[shapely.intersects_xy(geometry, x[candidates], y[candidates])]]
                    result[hits] = np.minimum(result[hits], region_id)
            else:
                point_idx, tree_idx = self.tree.query(shapely.points(x, y), predicate="intersects")
                np.minimum.at(result, finite[point_idx], self.region_ids[tree_idx])
        result[result == np.iinfo(np.int64).max] = NOWHERE
        return result
