"""The atlas demo: the taxonomy, District 21's denominators for 1402–1405, a year of synthetic incidents
(about a million by default) and a year of the values agencies report.

The incidents are drawn, not imported: each harm category has a few hot neighbourhoods and a cold one,
spread to their neighbours by a Gaussian kernel over the distance between neighbourhood centres (so
Getis-Ord Gi* finds hot and cold spots), a share common to all harms that is higher in the target
neighbourhoods, and a seasonal profile (brawls in summer, theft in winter, begging and sidewalk
obstruction before Nowruz, drop-out at the start of the school year). Counts per category ×
neighbourhood × month are one multinomial draw; points are placed inside their neighbourhood's polygon
(rejection sampling in its bounding box with shapely.contains_xy), partly around a spot of the category
in that neighbourhood. Rows are inserted in bulk (executemany on SQLite, COPY on PostgreSQL) and the
summary table is rebuilt from them (hamafza.atlas.services.summary.rebuild_summary).

Everything is drawn from a fixed seed, and a second run finds the incidents, denominators and values in
place and changes nothing. The reported values go through `hamafza.atlas.services.values` (a CSV upload per
indicator by an officer of its owner), so they carry audit entries and upload batches like real ones.
"""

import datetime as dt
import math
import time
from dataclasses import dataclass, field

import numpy as np
import shapely
from django.db import connection, transaction
from shapely.geometry import shape

from hamafza.accounts.models import User
from hamafza.atlas.models import HarmCategory, Incident, Indicator, IndicatorValue, RegionYear
from hamafza.atlas.services import values as value_services
from hamafza.atlas.services.summary import rebuild_summary
from hamafza.atlas.services.taxonomy import DEFAULT_CATEGORIES, ensure_taxonomy
from hamafza.audit.context import Origin, reset_origin, set_origin
from hamafza.lib.jalali import last_jalali_months
from hamafza.orgs.models import Organization
from hamafza.places.models import Region
from hamafza.places.services import DISTRICT21_CODE, load_regions

INCIDENTS = 1_000_000
SEED = 1404
# The demo's incidents take the lowest natural keys (the importer's keys are signed 64-bit hashes, which
# fall in this range of a billion keys with a probability of about 5e-11 each), so a rerun finds them.
KEY_BASE = -(2**63)
KEY_SPAN = 10**9
YEARS = range(1402, 1406)
GROWTH = {"population": 0.012, "households": 0.018}  # a year, from the 1402 figures of the GeoJSON
PUPIL_SHARE = 0.18
INSERT_CHUNK = 100_000
REPORTED_SCALE = 0.1  # agencies see a tenth as many cases as the incidents of the category

# Shares of the year's incidents by category (relative weights).
SHARES = {
    "theft": 20,
    "assault": 13,
    "sidewalk_obstruction": 12,
    "addiction": 8,
    "vandalism": 6,
    "illegal_construction": 6,
    "drug_dealing": 5,
    "domestic_violence": 5,
    "street_begging": 5,
    "divorce": 4,
    "child_labour": 4,
    "school_dropout": 3,
    "seal_breaking": 3,
    "child_abuse": 2,
    "runaway": 2,
    "suicide": 1,
}

# The sector of the demo's organisations (hamafza.demo.ORGANIZATIONS) that reports each sector's indicators.
OWNER_NAMES = {
    "welfare": "اداره کل بهزیستی استان تهران",
    "education": "اداره آموزش و پرورش منطقه ۲۱ تهران",
    "municipality": "شهرداری منطقه ۲۱ تهران",
    "health": "مرکز بهداشت غرب تهران",
}

# Reported indicators: (the category whose intensity drives them, values per expected incident).
REPORTED = {
    "addiction_treatment_visits": 0.45,
    "social_emergency_calls": 0.8,
    "child_labour_identified": 0.6,
    "school_dropout_reported": 0.9,
    "school_dropout_reported_rate": 0.9,
    "beggars_collected": 0.5,
    "sidewalk_cleared": 0.35,
    "article100_cases": 0.4,
    "suicide_attempts": 1.5,
}


@dataclass
class AtlasDemoResult:
    incidents_created: int = 0
    denominators_written: int = 0
    values_saved: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.incidents_created or self.denominators_written or self.values_saved)


def _season(code: str) -> np.ndarray:
    """Relative intensity by Jalali month (index 0 = Farvardin)."""
    month = np.arange(1, 13)

    def peak(at: float, amplitude: float) -> np.ndarray:
        return 1 + amplitude * np.cos(2 * np.pi * (month - at) / 12)

    profile = np.ones(12)
    if code in ("assault", "runaway", "vandalism", "child_labour"):
        profile = peak(4.5, 0.25)  # Tir–Mordad
    elif code in ("theft", "addiction", "domestic_violence", "drug_dealing"):
        profile = peak(9.5, 0.2)  # Azar–Dey
    elif code in ("sidewalk_obstruction", "street_begging"):
        profile = peak(12, 0.15)
        profile[11] *= 1.6  # Esfand, before Nowruz
        profile[10] *= 1.2
    elif code == "school_dropout":
        profile = np.array([0.8, 0.8, 0.7, 0.5, 0.5, 1.5, 2.2, 1.2, 1.0, 0.9, 0.9, 0.8])
    elif code == "illegal_construction":
        profile = peak(3, 0.3)
    elif code == "divorce":
        profile[0:2] *= 1.2
    return profile


def _neighbourhoods() -> list[Region]:
    district = Region.objects.filter(code=DISTRICT21_CODE).first()
    if district is None or not Region.objects.neighbourhoods().filter(parent=district).exists():
        load_regions()
        district = Region.objects.get(code=DISTRICT21_CODE)
    return list(Region.objects.neighbourhoods().filter(parent=district).order_by("code"))


def _spatial(rng: np.random.Generator, regions: list[Region], polygons, categories: int) -> np.ndarray:
    """Relative intensity per category × neighbourhood, spatially autocorrelated."""
    centres = np.array([[polygon.centroid.x, polygon.centroid.y] for polygon in polygons])
    # Degrees to kilometres at Tehran's latitude.
    scale = np.array([111.32 * math.cos(math.radians(centres[:, 1].mean())), 110.57])
    points = centres * scale
    distance = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(axis=2))
    nearest = np.sort(distance, axis=1)[:, 1]
    bandwidth = 1.6 * float(np.median(nearest))
    kernel = np.exp(-(distance**2) / (2 * bandwidth**2))
    target = np.array([1.0 if region.is_target else 0.0 for region in regions])
    shared = kernel @ target / kernel.sum(axis=1)
    shared = (shared - shared.mean()) / (shared.std() or 1)
    field_ = np.empty((categories, len(regions)))
    for index in range(categories):
        hot = rng.choice(len(regions), size=2, replace=False)
        cold = rng.choice(np.setdiff1d(np.arange(len(regions)), hot))
        field_[index] = 1.3 * kernel[hot].sum(axis=0) - 1.0 * kernel[cold]
    return np.exp(0.5 * shared[None, :] + field_)


def _sample_points(
    rng: np.random.Generator, polygon, spots: np.ndarray, which: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Points inside `polygon`: 55% uniform, 45% around the spot of their category (`spots[which]`)."""
    shapely.prepare(polygon)
    minx, miny, maxx, maxy = polygon.bounds
    spread = 0.15 * math.sqrt(polygon.area)
    count = len(which)
    xs, ys = np.empty(count), np.empty(count)
    todo = np.arange(count)
    clustered = rng.random(count) < 0.45
    while len(todo):
        n = len(todo)
        x = rng.uniform(minx, maxx, n)
        y = rng.uniform(miny, maxy, n)
        near = clustered[todo]
        x[near] = spots[which[todo[near]], 0] + rng.normal(0, spread, near.sum())
        y[near] = spots[which[todo[near]], 1] + rng.normal(0, spread, near.sum())
        inside = shapely.contains_xy(polygon, x, y)
        xs[todo[inside]], ys[todo[inside]] = x[inside], y[inside]
        todo = todo[~inside]
    return xs, ys


def _inside_point(rng: np.random.Generator, polygon) -> tuple[float, float]:
    minx, miny, maxx, maxy = polygon.bounds
    while True:
        x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if polygon.contains(shapely.Point(x, y)):
            return x, y


@dataclass
class _Drawn:
    months: list[tuple[int, int, dt.date, dt.date]]
    expected: np.ndarray  # category × region × month: the intensity before the multinomial draw


def _intensity(rng, regions, polygons, codes, today) -> _Drawn:
    months = last_jalali_months(today, 12)
    spatial = _spatial(rng, regions, polygons, len(codes))
    population = np.array([region.population or 1 for region in regions], dtype=float)
    share = np.array([SHARES.get(code, 1) for code in codes], dtype=float)
    season = np.array([[_season(code)[month - 1] for _y, month, _s, _e in months] for code in codes])
    days = np.array(
        [((min(end, today + dt.timedelta(days=1)) - start).days) for _y, _m, start, end in months]
    )
    expected = share[:, None, None] * spatial[:, :, None] * population[None, :, None]
    expected = expected * season[:, None, :] * days[None, None, :]
    return _Drawn(months=months, expected=expected)


def draw_incidents(rng: np.random.Generator, drawn: _Drawn, regions, polygons, categories, count: int, today):
    """The incidents as column arrays: (occurred_on strings, month, category id, region id, lat, lon)."""
    probabilities = drawn.expected.ravel() / drawn.expected.sum()
    cells = rng.multinomial(count, probabilities).reshape(drawn.expected.shape)
    c_index, r_index, m_index = np.nonzero(cells)
    repeats = cells[c_index, r_index, m_index]
    category = np.repeat(c_index, repeats)
    region = np.repeat(r_index, repeats)
    month = np.repeat(m_index, repeats)

    starts = np.array([np.datetime64(start, "D") for _y, _m, start, _e in drawn.months])
    lengths = np.array(
        [(min(end, today + dt.timedelta(days=1)) - start).days for _y, _m, start, end in drawn.months]
    )
    day = np.floor(rng.random(len(month)) * lengths[month]).astype(int)
    dates = np.datetime_as_string(starts[month] + day.astype("timedelta64[D]"), unit="D")
    month_codes = np.array([year * 100 + number for year, number, _s, _e in drawn.months])[month]

    lon = np.empty(len(month))
    lat = np.empty(len(month))
    for index, polygon in enumerate(polygons):
        rows = np.nonzero(region == index)[0]
        spots = np.array([_inside_point(rng, polygon) for _ in categories])
        xs, ys = _sample_points(rng, polygon, spots, category[rows])
        lon[rows], lat[rows] = xs, ys
    category_ids = np.array([c.pk for c in categories])[category]
    region_ids = np.array([r.pk for r in regions])[region]
    return dates, month_codes, category_ids, region_ids, lat, lon


def _insert_incidents(dates, months, category_ids, region_ids, lats, lons) -> None:
    meta = Incident._meta
    columns = ["natural_key", "occurred_on", "month", "category", "region", "lat", "lon"]
    names = [meta.get_field(name).column for name in columns]
    table = connection.ops.quote_name(meta.db_table)
    column_list = ", ".join(connection.ops.quote_name(name) for name in names)
    total = len(months)
    keys = (np.arange(total, dtype=np.int64) + KEY_BASE).tolist()
    with connection.cursor() as cursor:
        for start in range(0, total, INSERT_CHUNK):
            stop = min(start + INSERT_CHUNK, total)
            rows = zip(
                keys[start:stop],
                dates[start:stop].tolist(),
                months[start:stop].tolist(),
                category_ids[start:stop].tolist(),
                region_ids[start:stop].tolist(),
                lats[start:stop].tolist(),
                lons[start:stop].tolist(),
                strict=True,
            )
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                placeholders = ", ".join(["%s"] * len(names))
                cursor.executemany(f"INSERT INTO {table} ({column_list}) VALUES ({placeholders})", list(rows))


def _denominators(regions: list[Region]) -> int:
    """Residents, households and pupils of each neighbourhood for 1402–1405; writes only what differs."""
    existing = {(row.region_id, row.year): row for row in RegionYear.objects.filter(region__in=regions)}
    to_create, to_update = [], []
    for region in regions:
        for year in YEARS:
            grown = {
                name: round((getattr(region, name) or 0) * (1 + rate) ** (year - YEARS[0]))
                for name, rate in GROWTH.items()
            }
            grown["pupils"] = round(grown["population"] * PUPIL_SHARE)
            row = existing.get((region.pk, year))
            if row is None:
                to_create.append(RegionYear(region=region, year=year, **grown))
            elif any(getattr(row, name) != value for name, value in grown.items()):
                for name, value in grown.items():
                    setattr(row, name, value)
                to_update.append(row)
    RegionYear.objects.bulk_create(to_create)
    RegionYear.objects.bulk_update(to_update, ["population", "households", "pupils"])
    return len(to_create) + len(to_update)


def _reporter(indicator: Indicator) -> User | None:
    if indicator.owner_id:
        officer = (
            User.objects.filter(organization_id=indicator.owner_id, is_officer=True, is_active=True)
            .order_by("pk")
            .first()
        )
        if officer is not None:
            return officer
    return User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()


def _reported_values(
    regions: list[Region], categories: list[HarmCategory], drawn: _Drawn, seed: int, today
) -> int:
    """Upload the last twelve whole months of values of each reported indicator that has none yet."""
    rng = np.random.default_rng(seed + 1)
    months = [year * 100 + month for year, month, _s, _e in last_jalali_months(today, 13)[:-1]]
    category_index = {category.pk: index for index, category in enumerate(categories)}
    # A neighbourhood's average incidents a month in the full demo, per category (whatever `incidents` is).
    monthly = INCIDENTS * drawn.expected.sum(axis=2) / drawn.expected.sum() / 12
    saved = 0
    indicators = Indicator.objects.filter(code__in=REPORTED, source=Indicator.Source.REPORTED)
    for indicator in indicators.order_by("code"):
        if IndicatorValue.objects.filter(indicator=indicator, month__in=months).exists():
            continue
        by = _reporter(indicator)
        if by is None:
            continue
        c = category_index.get(indicator.category_id)
        if c is None:
            continue
        level = monthly[c] * REPORTED[indicator.code] * REPORTED_SCALE
        season = _season(categories[c].code)
        lines = ["کد محله,ماه,مقدار"]
        for month in months:
            counts = rng.poisson(level * season[month % 100 - 1])
            lines += [
                f"{region.code},{month // 100}/{month % 100:02d},{int(n)}"
                for region, n in zip(regions, counts, strict=True)
            ]
        data = ("\n".join(lines) + "\n").encode()
        preview = value_services.upload_values(
            indicator, by=by, data=data, filename=f"{indicator.code}.csv", today=today
        )
        value_services.save_values(preview, by=by)
        saved += len(preview.rows)
    return saved


def _owners() -> dict[str, Organization]:
    found = {org.name: org for org in Organization.objects.filter(name__in=OWNER_NAMES.values())}
    return {sector: found[name] for sector, name in OWNER_NAMES.items() if name in found}


def load_atlas_demo(
    *, incidents: int = INCIDENTS, seed: int = SEED, today: dt.date | None = None
) -> AtlasDemoResult:
    """Load the atlas demo; a second run with the same arguments changes nothing."""
    from django.utils import timezone

    today = today or timezone.localdate()
    result = AtlasDemoResult()
    token = set_origin(Origin(source="demo"))
    try:
        clock = time.perf_counter()
        with transaction.atomic():
            ensure_taxonomy(owners=_owners())
            regions = _neighbourhoods()
            result.denominators_written = _denominators(regions)
        result.seconds["taxonomy and denominators"] = time.perf_counter() - clock

        codes = [code for code, *_rest in DEFAULT_CATEGORIES]
        by_code = {category.code: category for category in HarmCategory.objects.filter(code__in=codes)}
        categories = [by_code[code] for code in codes]
        rng = np.random.default_rng(seed)
        polygons = [shape(region.boundary) for region in regions]
        drawn = _intensity(rng, regions, polygons, codes, today)
        demo_rows = Incident.objects.filter(natural_key__lt=KEY_BASE + KEY_SPAN)
        if demo_rows.count() != incidents:
            clock = time.perf_counter()
            columns = draw_incidents(rng, drawn, regions, polygons, categories, incidents, today)
            result.seconds["draw"] = time.perf_counter() - clock
            clock = time.perf_counter()
            with transaction.atomic():
                demo_rows.delete()
                _insert_incidents(*columns)
            result.seconds["insert"] = time.perf_counter() - clock
            clock = time.perf_counter()
            with transaction.atomic():
                rebuild_summary()
            result.seconds["summary"] = time.perf_counter() - clock
            result.incidents_created = incidents
        clock = time.perf_counter()
        with transaction.atomic():
            result.values_saved = _reported_values(regions, categories, drawn, seed, today)
        result.seconds["reported values"] = time.perf_counter() - clock
    finally:
        reset_origin(token)
    return result
