"""Loading the country's divisions from the shipped GeoJSON, and marking target neighbourhoods."""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from shapely.geometry import mapping, shape
from shapely.ops import unary_union

from hamafza.audit.services import record
from hamafza.places.models import Region

DATA_DIR = Path(__file__).resolve().parent / "data"

TEHRAN_PROVINCE = "IR-23"
TEHRAN_COUNTY_NAME_EN = "Tehran County"
TEHRAN_CITY_CODE = "IR-23-TEH"
DISTRICT21_CODE = "IR-23-TEH-21"
# Tehran city's population at the 2016 census; District 21's is the sum of its (synthetic) neighbourhoods.
TEHRAN_CITY_POPULATION = 8_693_706

# The fields a load may change on an existing row; is_target is only set when a row is created, since
# later it is the people's call (mark_target) and a reload must not undo it.
LOADED_FIELDS = ["name", "name_en", "kind", "parent_id", "population", "households", "boundary"]


@dataclass
class RegionLoad:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class _Row:
    code: str
    kind: str
    name: str
    name_en: str = ""
    parent_code: str | None = None
    boundary: dict | None = None
    population: int | None = None
    households: int | None = None
    is_target: bool = False


def _features(filename: str, data_dir: Path) -> list[dict[str, Any]]:
    return json.loads((data_dir / filename).read_text(encoding="utf-8"))["features"]


def _rows(data_dir: Path) -> list[list[_Row]]:
    """The regions to load, level by level (parents before children)."""
    provinces = [
        _Row(
            code=p["code"],
            kind=Region.Kind.PROVINCE,
            name=p["name"],
            name_en=p["name_en"],
            boundary=f["geometry"],
        )
        for f in _features("provinces.geojson", data_dir)
        for p in [f["properties"]]
    ]
    counties = [
        _Row(
            code=p["code"],
            kind=Region.Kind.COUNTY,
            name=p["name"],
            name_en=p["name_en"],
            parent_code=p["province_code"],
            boundary=f["geometry"],
        )
        for f in _features("counties.geojson", data_dir)
        for p in [f["properties"]]
    ]
    tehran_county = next(
        row.code
        for row in counties
        if row.parent_code == TEHRAN_PROVINCE and row.name_en == TEHRAN_COUNTY_NAME_EN
    )
    neighbourhood_features = _features("district21_neighbourhoods.geojson", data_dir)
    neighbourhoods = [
        _Row(
            code=p["code"],
            kind=Region.Kind.NEIGHBOURHOOD,
            name=p["name"],
            parent_code=DISTRICT21_CODE,
            boundary=f["geometry"],
            population=p["population"],
            households=p["households"],
            is_target=p["is_target"],
        )
        for f in neighbourhood_features
        for p in [f["properties"]]
    ]
    city = _Row(
        code=TEHRAN_CITY_CODE,
        kind=Region.Kind.CITY,
        name="تهران",
        name_en="Tehran",
        parent_code=tehran_county,
        population=TEHRAN_CITY_POPULATION,
    )
    district = _Row(
        code=DISTRICT21_CODE,
        kind=Region.Kind.DISTRICT,
        name="منطقه ۲۱ شهرداری تهران",
        name_en="Tehran Municipality District 21",
        parent_code=TEHRAN_CITY_CODE,
        boundary=_outline(neighbourhood_features),
        population=sum(row.population or 0 for row in neighbourhoods),
        households=sum(row.households or 0 for row in neighbourhoods),
    )
    return [provinces, counties, [city], [district], neighbourhoods]


def _outline(features: list[dict[str, Any]]) -> dict:
    """The district's boundary: the union of its neighbourhoods."""
    union = unary_union([shape(f["geometry"]) for f in features])
    # Round-trip through JSON so the stored value compares equal to what the database gives back.
    return json.loads(json.dumps(mapping(union.simplify(0.0001))))


@transaction.atomic
def load_regions(*, data_dir: Path = DATA_DIR) -> RegionLoad:
    """Create or update every province, county, Tehran city, its District 21 and the district's neighbourhoods.

    Idempotent: a second run finds every row as it should be and writes nothing. Rows are matched on
    their code; a level's new rows are inserted in one statement, its changed rows updated in one more.
    """
    result = RegionLoad()
    pks: dict[str, int] = {}
    for level in _rows(data_dir):
        existing = {
            region.code: region for region in Region.objects.filter(code__in=[row.code for row in level])
        }
        to_create, to_update = [], []
        for row in level:
            wanted = {
                "name": row.name,
                "name_en": row.name_en,
                "kind": row.kind,
                "parent_id": pks[row.parent_code] if row.parent_code else None,
                "population": row.population,
                "households": row.households,
                "boundary": row.boundary,
            }
            region = existing.get(row.code)
            if region is None:
                to_create.append(Region(code=row.code, is_target=row.is_target, **wanted))
                continue
            changed = [name for name, value in wanted.items() if getattr(region, name) != value]
            for name in changed:
                setattr(region, name, wanted[name])
            if changed:
                to_update.append(region)
            else:
                result.unchanged += 1
        if to_create:
            Region.objects.bulk_create(to_create, batch_size=200)
            result.created += len(to_create)
        if to_update:
            Region.objects.bulk_update(to_update, LOADED_FIELDS, batch_size=200)
            result.updated += len(to_update)
        # Not every database hands back the keys of a bulk insert, so read them once per level.
        pks.update(Region.objects.filter(code__in=[row.code for row in level]).values_list("code", "pk"))
    return result


def can_mark_target(user, region: Region) -> bool:
    """A system administrator, or the secretariat of a body whose region holds this one."""
    from hamafza.accounts.models import BodyRole

    if user.is_system_admin:
        return True
    region_ids = [region.pk, *(ancestor.pk for ancestor in region.ancestors())]
    return BodyRole.objects.filter(
        user=user, kind=BodyRole.Kind.SECRETARIAT, body__region_id__in=region_ids
    ).exists()


@transaction.atomic
def mark_target(region: Region, *, by, value: bool) -> Region:
    """Mark a neighbourhood as a target neighbourhood (محله هدف), or clear the mark."""
    if not can_mark_target(by, region):
        raise PermissionDenied(
            _("Only the secretariat of a body of this region may mark target neighbourhoods.")
        )
    if region.kind != Region.Kind.NEIGHBOURHOOD:
        raise ValidationError(_("Only a neighbourhood can be a target neighbourhood."))
    region = Region.objects.select_for_update().get(pk=region.pk)
    if region.is_target == value:
        return region
    before = region.is_target
    region.is_target = value
    region.target_marked_by = by
    region.target_marked_at = timezone.now()
    region.save(update_fields=["is_target", "target_marked_by", "target_marked_at"])
    record(actor=by, action="region.target", obj=region, changes={"is_target": [before, value]})
    return region
