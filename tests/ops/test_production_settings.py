"""Production settings refuse to load when the environment is insecure, and load when it is not.

Each case imports hamafza.settings_production in a fresh interpreter with only the given environment,
as gunicorn or a worker would at start."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hamafza.ops.environment import insecure_reasons

ROOT = Path(__file__).resolve().parents[2]
GOOD = {
    "SECRET_KEY": "k7$Qz0pWm3-vR9xLc2@hT6nB1yF8sD4gJ5eU0iO7aK3lZ9qX2wE6rT1yU8iP4oA5sDf",
    "ALLOWED_HOSTS": "hamafza.example.ir",
    "DATABASE_URL": "postgres://hamafza@db.example.ir:5432/hamafza",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}
PRINT = (
    "import hamafza.settings_production as s; "
    "print(s.DEBUG, s.ALLOWED_HOSTS, s.TASKS['default']['BACKEND'], s.CACHES['default']['BACKEND'], "
    "s.SESSION_ENGINE, s.STORAGES['default']['BACKEND'], s.X_ACCEL_REDIRECT, sorted(s.DATABASES))"
)


def start(env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {
        key: value for key, value in os.environ.items() if key not in {*GOOD, "DEBUG", "DATABASE_REPLICA_URL"}
    }
    return subprocess.run(
        [sys.executable, "-c", PRINT],
        env={**clean, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_safe_environment_starts_with_redis_postgres_and_debug_off():
    result = start(GOOD)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "['hamafza.example.ir']",
        "django_tasks_rq.RQBackend",
        "django_redis.cache.RedisCache",
        "django.contrib.sessions.backends.cached_db",
        "django.core.files.storage.FileSystemStorage",
        "True",
        "['default']",
    ]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"DEBUG": "true"}, "DEBUG is on"),
        ({"DEBUG": "1"}, "DEBUG is on"),
        ({"SECRET_KEY": ""}, "SECRET_KEY is not set"),
        ({"SECRET_KEY": "dev-only-insecure-key-change-me"}, "SECRET_KEY is the development default"),
        ({"SECRET_KEY": "django-insecure-" + "x1y2z3" * 10}, "SECRET_KEY is the development default"),
        ({"SECRET_KEY": "short-but-random-9f8e7d"}, "SECRET_KEY is too short"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS is not set"),
        ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS may not be '*'"),
        ({"REDIS_URL": ""}, "REDIS_URL is not set"),
    ],
)
def test_the_reasons_an_environment_is_refused(change, reason):
    reasons = insecure_reasons({**GOOD, **change})
    assert len(reasons) == 1
    assert reasons[0].startswith(reason)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"DEBUG": "on"}, "DEBUG is on"),
        ({"SECRET_KEY": "dev-only-insecure-key-change-me"}, "SECRET_KEY is the development default"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS is not set"),
    ],
)
def test_production_refuses_to_start_when_insecure(change, reason):
    env = {key: value for key, value in {**GOOD, **change}.items() if value}
    result = start(env)
    assert result.returncode != 0
    assert "ImproperlyConfigured: Refusing to start in production" in result.stderr
    assert reason in result.stderr


def test_a_replica_and_an_object_store_are_taken_from_the_environment():
    result = start(
        {
            **GOOD,
            "DATABASE_REPLICA_URL": "postgres://hamafza@db-replica.example.ir:5432/hamafza",
            "AWS_STORAGE_BUCKET_NAME": "hamafza-uploads",
        }
    )
    assert result.returncode == 0, result.stderr
    words = result.stdout.split()
    assert words[5] == "storages.backends.s3.S3Storage"
    assert words[6] == "False"  # nginx cannot send files that are not on its disk
    assert words[7:] == ["['default',", "'replica']"]


def test_behind_nginx_the_client_address_comes_from_x_real_ip():
    """Lockouts and rate limits count per client: in production the address nginx saw (X-Real-IP), not
    nginx's own, which every request shares."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import hamafza.settings_production as s; print(s.AXES_IPWARE_META_PRECEDENCE_ORDER)",
        ],
        env={**{k: v for k, v in os.environ.items() if k not in {*GOOD, "AXES_IP_HEADERS"}}, **GOOD},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['HTTP_X_REAL_IP', 'REMOTE_ADDR']"
