"""Background work of the assembly. A task module imports the work it runs; the work imports its task
lazily, only to enqueue it."""

from django_tasks import task

from hamafza.assembly.services.elections import close_ended_votes


@task()
def close_ended_votes_task() -> list[int]:
    """Close the votes whose window has ended (scheduled by open_voting for the window's end)."""
    return close_ended_votes()
