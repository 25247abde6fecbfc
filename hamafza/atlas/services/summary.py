"""The summary table (IncidentSummary: neighbourhood × Jalali month × category), which every page of
the atlas reads instead of raw incidents, as DHIS2 reads its analytics tables.

Imports keep it current as they insert (hamafza.atlas.imports adds the counts of the rows it actually
inserted, in the same statement); `rebuild_summary` recomputes it from the incidents entirely, after a
bulk correction or to check the incremental upkeep.
"""

from django.db import connection, transaction

from hamafza.atlas.models import IncidentSummary

_REBUILD = """
INSERT INTO atlas_incidentsummary (region_id, month, category_id, count)
SELECT region_id, month, category_id, count(*) FROM atlas_incident
GROUP BY region_id, month, category_id
"""


@transaction.atomic
def rebuild_summary() -> int:
    """Recompute IncidentSummary from Incident in one INSERT … SELECT … GROUP BY; the rows written.

    Readers keep seeing the old table until the transaction commits. On PostgreSQL the table is first
    locked against writers (SHARE ROW EXCLUSIVE), so an import chunk either committed before the
    rebuild's snapshot (and is counted) or waits and adds its rows after it (and is counted once).
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("LOCK TABLE atlas_incidentsummary IN SHARE ROW EXCLUSIVE MODE")
        cursor.execute("DELETE FROM atlas_incidentsummary")
        cursor.execute(_REBUILD)
        written = cursor.rowcount
    return written if written >= 0 else IncidentSummary.objects.count()
