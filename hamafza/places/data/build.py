"""Build the boundary files shipped in this folder. Run by hand when the sources change, never at run time.

    .venv/bin/python hamafza/places/data/build.py [/path/to/shared/geo]

Reads the OpenStreetMap boundaries collected by hosseinhabibi2004/iran-geojson (default: ../shared/geo next
to the repository) and writes:

- provinces.geojson: the 31 provinces; properties name, name_en, code (ISO 3166-2:IR, e.g. IR-23);
- counties.geojson: every county (شهرستان); properties name, name_en, province_code, code (IR-23-07);
- district21_neighbourhoods.geojson: synthetic neighbourhoods of Tehran's District 21 (made up, seeded).

Geometry is simplified with shapely (preserve_topology) and rounded to 4 decimals (about 10 m), which keeps
the shapes recognisable on a province or country map at a small fraction of the size. A county file's
province is its ISO code in the file name; a province's code is found by which province polygon holds the
counties of that file, since the province file itself carries only names.
"""

import json
import random
import sys
from collections import Counter
from pathlib import Path

from shapely import set_precision, voronoi_polygons
from shapely.geometry import MultiPoint, MultiPolygon, Point, Polygon, mapping, shape

HERE = Path(__file__).resolve().parent
DEFAULT_SOURCE = HERE.parents[3] / "shared" / "geo"
TOLERANCE = 0.004  # degrees, about 400 m
DECIMALS = 4
GRID = 10.0**-DECIMALS


def simplify(geometry, tolerance: float = TOLERANCE):
    """Simplified, snapped to the rounding grid, and always a MultiPolygon."""
    simplified = set_precision(geometry.simplify(tolerance, preserve_topology=True), GRID)
    polygons = [simplified] if isinstance(simplified, Polygon) else list(getattr(simplified, "geoms", []))
    polygons = [p for p in polygons if isinstance(p, Polygon) and not p.is_empty]
    return MultiPolygon(polygons)


def rounded(geometry) -> dict:
    """GeoJSON for a geometry with coordinates rounded to DECIMALS."""

    def walk(value):
        if isinstance(value, float):
            return round(value, DECIMALS)
        return [walk(item) for item in value]

    data = mapping(geometry)
    return {"type": data["type"], "coordinates": walk(data["coordinates"])}


def write(path: Path, features: list[dict]) -> None:
    collection = {"type": "FeatureCollection", "features": features}
    path.write_text(
        json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    print(f"{path.name}: {len(features)} features, {path.stat().st_size / 1024:.0f} KB")


def build_boundaries(source: Path) -> None:
    provinces = [
        (f["properties"]["name:fa"], f["properties"]["name:en"], shape(f["geometry"]))
        for f in json.loads((source / "iran" / "provinces.geojson").read_text(encoding="utf-8"))["features"]
    ]
    province_code: dict[str, str] = {}
    county_features = []
    for path in sorted((source / "iran" / "counties").glob("IR-*.geojson")):
        code = path.stem
        # Features without tags are the administrative-centre nodes (points); only the relations are counties.
        counties = [
            f for f in json.loads(path.read_text(encoding="utf-8"))["features"] if f["properties"].get("tags")
        ]
        votes = Counter()
        for feature in counties:
            point = shape(feature["geometry"]).representative_point()
            votes.update(name_en for _fa, name_en, geometry in provinces if geometry.contains(point))
        province_code[votes.most_common(1)[0][0]] = code
        counties.sort(
            key=lambda f: (f["properties"]["tags"].get("name:en") or f["properties"]["tags"]["name"])
        )
        for index, feature in enumerate(counties, start=1):
            tags = feature["properties"]["tags"]
            county_features.append(
                {
                    "type": "Feature",
                    "properties": {
                        "name": tags["name"],
                        "name_en": tags.get("name:en", ""),
                        "province_code": code,
                        "code": f"{code}-{index:02d}",
                    },
                    "geometry": rounded(simplify(shape(feature["geometry"]))),
                }
            )
    if len(province_code) != len(provinces):
        raise SystemExit(f"matched {len(province_code)} of {len(provinces)} provinces to their county files")
    province_features = [
        {
            "type": "Feature",
            "properties": {"name": name_fa, "name_en": name_en, "code": province_code[name_en]},
            "geometry": rounded(simplify(geometry)),
        }
        for name_fa, name_en, geometry in sorted(provinces, key=lambda p: province_code[p[1]])
    ]
    write(HERE / "provinces.geojson", province_features)
    write(HERE / "counties.geojson", county_features)


# --- District 21 of Tehran: synthetic neighbourhoods ----------------------------------------------------

# A plausible outline of the district, west of Tehran between the Karaj road and the Tehran–Karaj freeway.
DISTRICT21_OUTLINE = [
    (51.180, 35.688),
    (51.196, 35.676),
    (51.214, 35.668),
    (51.236, 35.662),
    (51.258, 35.664),
    (51.279, 35.660),
    (51.298, 35.667),
    (51.302, 35.681),
    (51.296, 35.697),
    (51.287, 35.711),
    (51.266, 35.719),
    (51.241, 35.716),
    (51.219, 35.720),
    (51.199, 35.712),
    (51.184, 35.702),
]

NEIGHBOURHOOD_NAMES = [
    "شهرک دانشگاه",
    "وردآورد",
    "شهرک غزالی",
    "شهرک استقلال",
    "تهرانسر مرکزی",
    "تهرانسر شرقی",
    "تهرانسر غربی",
    "شهرک آزادی",
    "شهرک کوهک",
    "شهرک ولیعصر",
    "چیتگر شمالی",
    "چیتگر جنوبی",
    "شهرک فرهنگیان",
    "شهرک شهید باقری",
    "کوی بهاران",
    "شهرک پاسداران",
    "کوی گلستان",
    "شهرک صدرا",
    "کوی نیروی هوایی",
    "شهرک شهید کشوری",
    "کوی ایثار",
    "شهرک امید",
    "کوی لاله",
    "شهرک بهداشت",
    "کوی شهید چمران",
    "شهرک نفت",
]
TARGET_COUNT = 5
SEED = 21


def district21_cells(seed: int = SEED, count: int = 25) -> list[Polygon]:
    """Cut the outline into `count` cells: Voronoi cells of seeded random points.

    The points move to their cells' centroids three times (Lloyd relaxation), so the cells come out of
    similar size, as neighbourhoods drawn by a planner would.
    """
    rng = random.Random(seed)
    outline = Polygon(DISTRICT21_OUTLINE)
    minx, miny, maxx, maxy = outline.bounds
    points: list[Point] = []
    while len(points) < count:
        candidate = Point(rng.uniform(minx, maxx), rng.uniform(miny, maxy))
        if outline.contains(candidate):
            points.append(candidate)
    for _ in range(3):
        cells = [
            cell.intersection(outline)
            for cell in voronoi_polygons(MultiPoint(points), extend_to=outline).geoms
        ]
        points = [cell.centroid for cell in cells if not cell.is_empty]
    polygons = []
    for cell in cells:
        cell = set_precision(cell, GRID)
        polygons.append(cell if isinstance(cell, Polygon) else max(cell.geoms, key=lambda g: g.area))
    # North-west first, reading like a map, so the codes run across the district.
    polygons.sort(key=lambda p: (-round(p.centroid.y, 2), p.centroid.x))
    return polygons


def build_district21(seed: int = SEED) -> None:
    rng = random.Random(seed)
    cells = district21_cells(seed)
    names = NEIGHBOURHOOD_NAMES[: len(cells)]
    if len(names) < len(cells):
        raise SystemExit(f"{len(cells)} cells but only {len(names)} names")
    targets = set(rng.sample(range(len(cells)), TARGET_COUNT))
    features = []
    for index, (cell, name) in enumerate(zip(cells, names, strict=True)):
        population = rng.randrange(3000, 40001, 10)
        households = round(population / rng.uniform(3.0, 3.6))
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "name": name,
                    "code": f"T21-{index + 1:02d}",
                    "population": population,
                    "households": households,
                    "is_target": index in targets,
                },
                "geometry": rounded(cell),
            }
        )
    write(HERE / "district21_neighbourhoods.geojson", features)


if __name__ == "__main__":
    build_boundaries(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SOURCE)
    build_district21()
