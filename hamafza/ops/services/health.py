"""Readiness: the database, the cache and the task queue answer, and every migration is applied.

Each check returns None when all is well, or a short reason; nothing here raises.
"""

import uuid

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

_migrations_seen_applied = False  # once true, stays true for the life of the process (new code, new process)


def check_database() -> str | None:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any failure of the driver is a failure of readiness
        return f"{type(error).__name__}: {error}".strip()[:200]
    return None


def check_cache() -> str | None:
    key = f"readyz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", timeout=10)
        value = cache.get(key)
        cache.delete(key)
    except Exception as error:
        return f"{type(error).__name__}: {error}"[:200]
    return None if value == "1" else "the cache did not keep a value"


def check_queue() -> str | None:
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends

    try:
        backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
        name = type(backend).__name__
        if name == "RQBackend":
            import django_rq

            for queue in backend.queues:
                django_rq.get_connection(queue).ping()
        elif name == "DatabaseBackend":
            from django_tasks_db.models import DBTaskResult

            DBTaskResult.objects.exists()
    except Exception as error:
        return f"{type(error).__name__}: {error}"[:200]
    return None


def check_migrations() -> str | None:
    global _migrations_seen_applied
    if _migrations_seen_applied:
        return None
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as error:
        return f"{type(error).__name__}: {error}"[:200]
    if plan:
        return f"migrations not applied: {len(plan)}"
    _migrations_seen_applied = True
    return None


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "queue": check_queue,
    "migrations": check_migrations,
}


def readiness() -> dict[str, str]:
    """Each check's outcome, "ok" or the reason it failed (the migrations are checked only on a working database)."""
    outcome: dict[str, str] = {}
    for name, check in CHECKS.items():
        if name == "migrations" and outcome.get("database") != "ok":
            outcome[name] = "not checked: no database"
            continue
        outcome[name] = check() or "ok"
    return outcome
