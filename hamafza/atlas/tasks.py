"""Background work of the atlas. Tasks take keys, not objects."""

from django_tasks import task

from hamafza.atlas.imports import run_import


@task()
def import_incidents_task(batch_id: int) -> dict:
    """Import a stored file of incidents (hamafza.atlas.imports.run_import); its progress is on the batch."""
    batch = run_import(batch_id)
    return {
        "status": batch.status,
        "rows_done": batch.rows_done,
        "rows_imported": batch.rows_imported,
        "rows_skipped": batch.rows_skipped,
    }
