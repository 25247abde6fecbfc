# The body dashboard's overdue list at scale (bench/README.md): plain SQL, valid on PostgreSQL and
# SQLite, kept out of the models' state like the indexes of 0002.
from django.db import migrations

NAME = "meetings_assignment_not_done_due"


class Migration(migrations.Migration):
    dependencies = [("meetings", "0003_assignment_lead_first")]

    operations = [
        # Assignments not done, by next due date: the overdue list walks it in order and stops at 50
        # rows instead of sorting every overdue assignment of every body (40 ms → 2 ms on a body of
        # 40,000 resolutions).
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {NAME} ON meetings_assignment (due_on, id) WHERE status <> 'done'",
            f"DROP INDEX IF EXISTS {NAME}",
        ),
    ]
