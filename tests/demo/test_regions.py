import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from shapely.geometry import shape

from hamafza.audit.models import AuditEntry
from hamafza.places.models import Region
from hamafza.places.services import DATA_DIR, DISTRICT21_CODE, TEHRAN_CITY_CODE, load_regions, mark_target

COUNTY_FEATURES = json.loads((DATA_DIR / "counties.geojson").read_text(encoding="utf-8"))["features"]


def counts_by_kind() -> dict[str, int]:
    return {kind: Region.objects.filter(kind=kind).count() for kind in Region.Kind.values}


def test_load_regions_builds_the_tree(db):
    result = load_regions()

    assert counts_by_kind() == {
        "province": 31,
        "county": len(COUNTY_FEATURES),
        "city": 1,
        "district": 1,
        "neighbourhood": 25,
    }
    assert result.created == Region.objects.count() and result.updated == 0
    provinces = {r.code: r for r in Region.objects.filter(kind="province")}
    assert sorted(provinces) == [f"IR-{n:02d}" for n in range(31)]
    assert provinces["IR-23"].name == "تهران" and provinces["IR-23"].name_en == "Tehran"
    assert all(shape(p.boundary).is_valid and not shape(p.boundary).is_empty for p in provinces.values())
    # Every county hangs under the province its file was named for.
    parents = dict(Region.objects.filter(kind="county").values_list("code", "parent__code"))
    assert parents == {f["properties"]["code"]: f["properties"]["province_code"] for f in COUNTY_FEATURES}
    city = Region.objects.get(code=TEHRAN_CITY_CODE)
    assert (
        city.kind == "city" and city.parent.name_en == "Tehran County" and city.parent.parent.code == "IR-23"
    )
    district = Region.objects.get(code=DISTRICT21_CODE)
    assert district.parent == city
    assert [r.code for r in district.ancestors()] == ["IR-23", city.parent.code, TEHRAN_CITY_CODE]


def test_neighbourhoods_have_boundaries_populations_and_targets(db):
    load_regions()
    district = Region.objects.get(code=DISTRICT21_CODE)
    neighbourhoods = list(Region.objects.neighbourhoods())

    assert {n.parent_id for n in neighbourhoods} == {district.pk}
    assert all(3000 <= n.population <= 40000 and 0 < n.households < n.population for n in neighbourhoods)
    assert sum(n.population for n in neighbourhoods) == district.population
    assert sum(1 for n in neighbourhoods if n.is_target) == 5
    outline = shape(district.boundary)
    for n in neighbourhoods:
        cell = shape(n.boundary)
        assert cell.is_valid and cell.area > 0
        assert outline.buffer(0.0002).contains(cell)
    # The cells tile the district: no overlaps, and together they cover it.
    assert sum(shape(n.boundary).area for n in neighbourhoods) == pytest.approx(outline.area, rel=0.01)


def test_load_regions_twice_changes_nothing(db):
    load_regions()
    before = counts_by_kind()

    result = load_regions()

    assert (result.created, result.updated, result.unchanged) == (0, 0, sum(before.values()))
    assert counts_by_kind() == before


def test_reload_repairs_edits_but_keeps_target_marks(db, admin):
    load_regions()
    target = Region.objects.neighbourhoods().filter(is_target=True).first()
    mark_target(target, by=admin, value=False)
    Region.objects.filter(code="IR-07").update(name="نام اشتباه", population=5)

    result = load_regions()

    assert (result.created, result.updated) == (0, 1)
    fars = Region.objects.get(code="IR-07")
    assert (fars.name, fars.population) == ("فارس", None)
    assert Region.objects.get(pk=target.pk).is_target is False


def test_mark_target_by_the_secretariat_is_audited(secretary, neighbourhood):
    region = mark_target(neighbourhood, by=secretary, value=False)

    region.refresh_from_db()
    assert (region.is_target, region.target_marked_by) == (False, secretary)
    assert region.target_marked_at is not None
    entry = AuditEntry.objects.get(action="region.target")
    assert (entry.actor, entry.object_type, entry.object_id) == (secretary, "places.region", region.pk)
    assert entry.changes == {"is_target": [True, False]}


def test_mark_target_unchanged_writes_nothing(secretary, neighbourhood):
    mark_target(neighbourhood, by=secretary, value=True)

    assert not AuditEntry.objects.filter(action="region.target").exists()


def test_mark_target_refused_to_an_officer(officer, neighbourhood):
    with pytest.raises(PermissionDenied):
        mark_target(neighbourhood, by=officer, value=False)
    neighbourhood.refresh_from_db()
    assert neighbourhood.is_target is True


def test_mark_target_refused_to_another_provinces_secretariat(secretary, other_province):
    elsewhere = Region.objects.create(
        name="محله دور", kind="neighbourhood", code="F-1", parent=other_province
    )
    with pytest.raises(PermissionDenied):
        mark_target(elsewhere, by=secretary, value=True)


def test_only_a_neighbourhood_is_a_target(admin, city):
    with pytest.raises(ValidationError):
        mark_target(city, by=admin, value=True)
    assert not AuditEntry.objects.exists()
