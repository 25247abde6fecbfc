"""Reads of the dashboards, the atlas and the exports go to a read replica when one is configured.

The request decides, not the model: ReplicaReadsMiddleware marks a GET of one of those pages, and while
the mark is on, every read goes to the "replica" alias. Writes, and everything else, use "default"; so
does a page whose request changes something (POST), and a read inside a transaction of the primary.
"""

import contextlib
import contextvars

from django.conf import settings
from django.db import connections

REPLICA = "replica"
_reading_from_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("replica_reads", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextlib.contextmanager
def replica_reads():
    """Within the block, reads go to the replica (when there is one)."""
    token = _reading_from_replica.set(True)
    try:
        yield
    finally:
        _reading_from_replica.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if (
            _reading_from_replica.get()
            and replica_configured()
            and not connections["default"].in_atomic_block
        ):
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA
