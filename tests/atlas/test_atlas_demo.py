"""The atlas demo: taxonomy, denominators, drawn incidents inside their neighbourhoods with hot and cold
spots, the summary table, reported values, and a second run that changes nothing."""

import datetime as dt
import warnings

import numpy as np
import pytest
import shapely
from django.db.models import Count, Max
from shapely.geometry import shape

from hamafza.atlas.demo import PUPIL_SHARE, load_atlas_demo
from hamafza.atlas.models import (
    DataBatch,
    HarmCategory,
    Incident,
    IncidentSummary,
    Indicator,
    IndicatorValue,
    RegionYear,
)
from hamafza.atlas.services.taxonomy import DEFAULT_CATEGORIES
from hamafza.audit.models import AuditEntry
from hamafza.lib.jalali import last_jalali_months
from hamafza.places.models import Region
from hamafza.places.services import DISTRICT21_CODE

N = 20_000
TODAY = dt.date(2025, 11, 10)  # 1404/08/19


@pytest.fixture
def loaded(admin):
    return load_atlas_demo(incidents=N, today=TODAY)


def _neighbourhoods():
    return list(Region.objects.neighbourhoods().filter(parent__code=DISTRICT21_CODE).order_by("code"))


def test_incidents_summary_and_placement(loaded):
    assert loaded.incidents_created == N and Incident.objects.count() == N
    months = {year * 100 + month for year, month, _s, _e in last_jalali_months(TODAY, 12)}
    assert set(Incident.objects.values_list("month", flat=True).distinct()) == months
    assert Incident.objects.aggregate(last=Max("occurred_on"))["last"] <= TODAY
    # The summary is the incidents counted per neighbourhood × month × category.
    counted = {
        (row["region"], row["month"], row["category"]): row["n"]
        for row in Incident.objects.values("region", "month", "category").annotate(n=Count("natural_key"))
    }
    summary = {(s.region_id, s.month, s.category_id): s.count for s in IncidentSummary.objects.all()}
    assert summary == counted
    regions = _neighbourhoods()
    assert len(regions) == 25
    for region in regions:
        points = np.array(Incident.objects.filter(region=region).values_list("lon", "lat"))
        assert len(points) > 0
        assert shapely.contains_xy(shape(region.boundary), points[:, 0], points[:, 1]).all()
    assert HarmCategory.objects.count() == len(DEFAULT_CATEGORIES)


def test_hot_and_cold_spots(loaded):
    esda = pytest.importorskip("esda")
    from libpysal.weights import W

    regions = _neighbourhoods()
    polygons = [shape(region.boundary) for region in regions]
    neighbours = {
        i: [j for j in range(len(polygons)) if j != i and polygons[i].intersects(polygons[j])]
        for i in range(len(polygons))
    }
    weights = W(neighbours)
    weights.transform = "B"
    theft = HarmCategory.objects.get(code="theft")
    counts = dict(
        Incident.objects.filter(category=theft)
        .values_list("region")
        .annotate(n=Count("natural_key"))
        .order_by()
    )
    rate = np.array([counts.get(region.pk, 0) / region.population for region in regions])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gi = esda.G_Local(rate, weights, star=1.0, transform="B", permutations=999, seed=7)
    assert (gi.Zs > 1.96).any() and (gi.Zs < -1.96).any()
    assert esda.Moran(rate, weights, permutations=0).I > 0.2


def test_denominators_and_reported_values(loaded, admin):
    regions = _neighbourhoods()
    assert RegionYear.objects.filter(region__in=regions).count() == 25 * 4
    first = regions[0]
    years = {row.year: row for row in RegionYear.objects.filter(region=first)}
    assert sorted(years) == [1402, 1403, 1404, 1405]
    assert years[1402].population == first.population and years[1402].households == first.households
    assert years[1405].population > years[1402].population
    assert all(row.pupils == round(row.population * PUPIL_SHARE) for row in years.values())
    reported = Indicator.objects.filter(source="reported")
    whole_months = {y * 100 + m for y, m, _s, _e in last_jalali_months(TODAY, 13)[:-1]}
    for indicator in reported:
        rows = IndicatorValue.objects.filter(indicator=indicator)
        assert set(rows.values_list("month", flat=True).distinct()) == whole_months
        assert rows.count() == 12 * 25
    assert loaded.values_saved == reported.count() * 12 * 25
    entries = AuditEntry.objects.filter(action="indicator.values")
    assert entries.count() == reported.count()
    assert set(entries.values_list("source", "actor")) == {("demo", admin.pk)}


def test_second_run_changes_nothing(loaded):
    snapshot = (
        Incident.objects.aggregate(Max("natural_key")),
        list(IncidentSummary.objects.order_by("id").values_list("id", "count")),
        AuditEntry.objects.count(),
        DataBatch.objects.count(),
        IndicatorValue.objects.count(),
        list(RegionYear.objects.order_by("id").values_list("id", "population", "households", "pupils")),
    )
    again = load_atlas_demo(incidents=N, today=TODAY)
    assert not again.changed
    assert snapshot == (
        Incident.objects.aggregate(Max("natural_key")),
        list(IncidentSummary.objects.order_by("id").values_list("id", "count")),
        AuditEntry.objects.count(),
        DataBatch.objects.count(),
        IndicatorValue.objects.count(),
        list(RegionYear.objects.order_by("id").values_list("id", "population", "households", "pupils")),
    )


def test_the_command_reports_the_load(admin, capsys):
    from django.core.management import call_command

    call_command("load_atlas_demo", "--incidents", "500")
    assert "500 incidents" in capsys.readouterr().out
    call_command("load_atlas_demo", "--incidents", "500")
    assert "nothing was changed" in capsys.readouterr().out
    assert Incident.objects.count() == 500
