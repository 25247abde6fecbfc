"""Background work of annual programmes. Tasks take keys, not objects."""

from django_tasks import task


@task()
def refresh_programme_task(programme_id: int) -> int:
    """Recompute the programme's computed measures (after it is activated, adopted or changed)."""
    from hamafza.goals.models import Programme
    from hamafza.goals.services.readings import refresh_programme

    programme = Programme.objects.filter(pk=programme_id).first()
    return refresh_programme(programme) if programme is not None else 0
