"""/healthz answers while the process lives; /readyz says whether the database, the cache, the task queue
and the migrations are ready, with 503 and the reason when one is not."""

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import Client

from hamafza.ops.services import health

CLOSED_PORT = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture(autouse=True)
def _forget_migrations(monkeypatch):
    monkeypatch.setattr(health, "_migrations_seen_applied", False)


def test_healthz_answers_without_signing_in():
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_is_ready_when_everything_answers():
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "ready": True,
        "checks": {"database": "ok", "cache": "ok", "queue": "ok", "migrations": "ok"},
    }


@pytest.mark.django_db
def test_readyz_is_not_ready_while_a_migration_is_not_applied():
    """As after a deployment of new code whose migrations have not been run yet."""
    leaf = next(node for node in MigrationLoader(connection).graph.leaf_nodes() if node[0] == "meetings")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_migrations WHERE app = %s AND name = %s", list(leaf))
    response = Client().get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["ready"] is False
    assert body["checks"]["migrations"] == "migrations not applied: 1"
    assert body["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_readyz_is_not_ready_when_the_cache_is_unreachable(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": CLOSED_PORT,
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    }
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"].startswith("ConnectionError")
    assert response.json()["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_readyz_is_not_ready_when_the_queue_is_unreachable(settings):
    settings.RQ_QUEUES = {"default": {"URL": CLOSED_PORT}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert "Error" in response.json()["checks"]["queue"]
    assert response.json()["checks"]["cache"] == "ok"
