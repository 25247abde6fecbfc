# Indexes for the dashboards at scale, found with EXPLAIN ANALYZE on the benchmark's 100,000
# resolutions and 1,000,000 reports (bench/README.md). They are plain SQL, valid on PostgreSQL and
# SQLite, so that they stay out of the models' state: they serve query plans, not the model.
from django.db import migrations

INDEXES = {
    # A body's resolutions with their status, read from the index alone (body dashboard figures,
    # its overdue list): no visit to the wide resolution rows.
    "meetings_resolution_body_status_id": "meetings_resolution (body_id, status, id)",
    # Which resolutions are open, from the index alone: the organisation dashboard's summary and
    # the "open first" order of its list.
    "meetings_resolution_status_id": "meetings_resolution (status, id)",
}


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations = [
        migrations.RunSQL(f"CREATE INDEX IF NOT EXISTS {name} ON {target}", f"DROP INDEX IF EXISTS {name}")
        for name, target in INDEXES.items()
    ]
