"""The summary table: kept current by imports, and recomputed from scratch by rebuild_summary."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from hamafza.atlas.models import Incident, IncidentSummary
from hamafza.atlas.services.incidents import submit_incident_file
from hamafza.atlas.services.summary import rebuild_summary
from hamafza.atlas.services.taxonomy import ensure_taxonomy
from hamafza.places.models import Region
from hamafza.places.services import load_regions
from tests.atlas.test_imports import _generated_rows


@pytest.fixture
def atlas(db):
    load_regions()
    ensure_taxonomy()
    return {region.code: region for region in Region.objects.neighbourhoods()}


def _table():
    return sorted(IncidentSummary.objects.values_list("region_id", "month", "category_id", "count"))


def _upload(rows, name):
    text = "\n".join(["تاریخ,نوع,عرض جغرافیایی,طول جغرافیایی,کد محله", *rows]) + "\n"
    return SimpleUploadedFile(name, text.encode())


def test_rebuild_equals_the_incremental_upkeep_of_several_imports(atlas, admin):
    rows = _generated_rows(atlas, 1500, seed=7)
    submit_incident_file(_upload(rows[:800], "a.csv"), by=admin)
    submit_incident_file(_upload(rows[500:1200], "b.csv"), by=admin)  # overlaps the first
    submit_incident_file(_upload(rows[1000:], "c.csv"), by=admin)
    incremental = _table()

    written = rebuild_summary()

    assert _table() == incremental
    assert written == len(incremental) > 20
    assert sum(count for *_key, count in incremental) == Incident.objects.count()


def test_rebuild_repairs_a_stale_table_and_empties_it_with_no_incidents(atlas, admin):
    submit_incident_file(_upload(_generated_rows(atlas, 200, seed=3), "a.csv"), by=admin)
    expected = _table()
    IncidentSummary.objects.filter(pk=IncidentSummary.objects.order_by("pk").first().pk).delete()
    IncidentSummary.objects.update(count=1)

    call_command("rebuild_summary", stdout=io.StringIO())
    assert _table() == expected

    Incident.objects.all().delete()
    assert rebuild_summary() == 0
    assert IncidentSummary.objects.count() == 0
