"""From chunks of strings to placed, keyed rows: dates converted, categories and neighbourhood codes
matched, points placed in neighbourhoods, refusals listed with their line."""

from dataclasses import dataclass, field

import numpy as np
import polars as pl

from hamafza.atlas.imports.access import importable_neighbourhood_ids
from hamafza.atlas.imports.dates import convert_dates
from hamafza.atlas.imports.keys import _SEED_ROW, Occurrences, _combine, _float_bits, _id_keys
from hamafza.atlas.imports.reading import FIELDS, Chunk
from hamafza.atlas.imports.reasons import _CODE, OK, REASONS
from hamafza.atlas.models import HarmCategory
from hamafza.lib.geo import NeighbourhoodIndex
from hamafza.lib.persian import search_key
from hamafza.places.models import Region


@dataclass
class Context:
    """What the rows are matched against, read from the database once per import."""

    categories: dict[str, int]  # label_key of a code, Persian or English name → category id
    codes: dict[str, int]  # label_key of a neighbourhood code (or unambiguous name) → region id
    allowed: set[int]  # the neighbourhoods the uploader may import for
    index: NeighbourhoodIndex
    has_id: bool = False
    occurrences: Occurrences = field(default_factory=Occurrences)


def load_context(user) -> Context:
    categories: dict[str, int] = {}
    for pk, code, name, name_en in HarmCategory.objects.values_list("pk", "code", "name", "name_en"):
        for label in (name_en, name, code):  # a code wins over a name that happens to equal it
            if label:
                categories[label_key(label)] = pk
    neighbourhoods = list(
        Region.objects.neighbourhoods().values_list("pk", "code", "name", "boundary").order_by("pk")
    )
    names: dict[str, list[int]] = {}
    for pk, _code, name, _boundary in neighbourhoods:
        names.setdefault(label_key(name), []).append(pk)
    codes = {key: pks[0] for key, pks in names.items() if len(pks) == 1}
    codes.update({label_key(code): pk for pk, code, _name, _boundary in neighbourhoods})
    allowed = importable_neighbourhood_ids(user)
    index = NeighbourhoodIndex(
        [(pk, boundary) for pk, _code, _name, boundary in neighbourhoods if pk in allowed and boundary]
    )
    return Context(categories=categories, codes=codes, allowed=allowed, index=index)


@dataclass
class Prepared:
    rows: pl.DataFrame  # natural_key, occurred_on, month, category_id, region_id, lat, lon
    seen: int  # rows read (blank lines not counted)
    valid: int  # rows that passed every check (`rows` less the repeats of an id within the chunk)
    errors: list[tuple[int, str, str]]  # (line, reason code, offending value), at most `limit`
    failed: int


def label_key(text: str) -> str:
    """How a category or neighbourhood is matched: search_key (ی/ک, digits, case, ZWNJ) without spaces, so
    «کودک‌آزاری», «كودك آزاري» and «کودکآزاری» are one category."""
    return search_key(text).replace(" ", "")


def _map(values: pl.Series, table: dict[str, int]) -> np.ndarray:
    """Each value's id in `table` by its label_key (-1 when unknown), computed once per distinct value."""
    unique = values.drop_nulls().unique()
    mapping = {value: table.get(label_key(value), -1) for value in unique.to_list()}
    return values.replace_strict(mapping, default=-1, return_dtype=pl.Int64).to_numpy()


def prepare(chunk: Chunk, context: Context, *, error_limit: int) -> Prepared:
    frame, lines = chunk.frame, chunk.lines
    extra = chunk.extra if chunk.extra is not None else np.zeros(frame.height, dtype=np.int64)
    blank = frame.select(pl.all_horizontal(pl.all().is_null())).to_series().to_numpy() & (extra == 0)
    if blank.any():
        frame, lines, extra = frame.filter(~pl.Series(blank)), lines[~blank], extra[~blank]
    n = frame.height
    column = {
        name: (frame[name] if name in frame.columns else pl.Series(name, [None] * n, pl.String))
        for name in FIELDS
    }

    days, month, reason = convert_dates(column["date"])
    reason = np.where(extra > 0, _CODE["extra_cells"], reason)

    category = _map(column["category"], context.categories)
    no_category = column["category"].is_null().to_numpy()
    reason = np.where((reason == OK) & no_category, _CODE["missing_category"], reason)
    reason = np.where((reason == OK) & (category < 0), _CODE["unknown_category"], reason)

    lat = column["lat"].cast(pl.Float64, strict=False).to_numpy()
    lon = column["lon"].cast(pl.Float64, strict=False).to_numpy()
    lat_text, lon_text = column["lat"].is_not_null().to_numpy(), column["lon"].is_not_null().to_numpy()
    has_code = column["code"].is_not_null().to_numpy()
    code_region = _map(column["code"], context.codes)
    bad_number = (lat_text & np.isnan(lat)) | (lon_text & np.isnan(lon))
    coordinates = lat_text & lon_text & ~bad_number & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
    typed_coordinates = lat_text | lon_text
    region = np.where(has_code, code_region, -1)
    by_point = ~has_code & coordinates & (reason == OK)
    if by_point.any():
        region[by_point] = context.index.locate(lon[by_point], lat[by_point])
    place_reason = np.select(
        [
            has_code & (code_region < 0),
            has_code & ~np.isin(code_region, list(context.allowed)),
            ~has_code & ~typed_coordinates,
            ~has_code & ~coordinates,
            ~has_code & (region < 0),
        ],
        [
            _CODE["unknown_neighbourhood"],
            _CODE["outside_area"],
            _CODE["missing_place"],
            _CODE["bad_coordinates"],
            _CODE["outside"],
        ],
        OK,
    )
    reason = np.where(reason == OK, place_reason, reason).astype(np.int8)

    good = reason == OK
    failed = int(n - good.sum())
    errors = []
    if failed and error_limit > 0:
        for position in np.flatnonzero(~good)[:error_limit]:
            code = REASONS[int(reason[position])]
            value = (
                str(int(extra[position]))
                if code == "extra_cells"
                else _offending(code, column, int(position))
            )
            errors.append((int(lines[position]), code, value))

    # Natural keys of the good rows.
    index = np.flatnonzero(good)
    lat_g = np.where(coordinates, lat, np.nan)[index]
    lon_g = np.where(coordinates, lon, np.nan)[index]
    if context.has_id and column["id"].null_count() < n:
        ids = column["id"].gather(index)
        keys = _id_keys(ids.fill_null(""))
    else:
        h = np.full(index.size, _SEED_ROW)
        h = _combine(h, days[index])
        h = _combine(h, category[index])
        h = _combine(h, _float_bits(lat_g))
        h = _combine(h, _float_bits(lon_g))
        h = _combine(h, np.where(has_code, code_region, 0)[index])
        keys = _combine(h, context.occurrences.number(h))
    rows = (
        pl.DataFrame(
            {
                "natural_key": keys.view(np.int64),
                "occurred_on": days[index].astype("datetime64[D]"),
                "month": month[index],
                "category_id": category[index],
                "region_id": region[index],
                "lat": lat_g,
                "lon": lon_g,
            }
        )
        .with_columns(pl.col("lat", "lon").fill_nan(None))
        # An id repeated within the chunk: the first row stands (a repeat in a later chunk meets the
        # key in the table). Sorted, so neighbouring keys go to neighbouring index pages.
        .unique(subset="natural_key", keep="first", maintain_order=True)
        .sort("natural_key")
    )
    return Prepared(rows=rows, seen=n, valid=int(index.size), errors=errors, failed=failed)


def _offending(code: str, column: dict[str, pl.Series], position: int) -> str:
    if code in ("bad_date", "date_out_of_range"):
        return column["date"][position] or ""
    if code == "unknown_category":
        return column["category"][position] or ""
    if code in ("unknown_neighbourhood", "outside_area"):
        return column["code"][position] or ""
    if code in ("bad_coordinates", "outside"):
        return f"{column['lat'][position] or ''}، {column['lon'][position] or ''}"
    return ""
