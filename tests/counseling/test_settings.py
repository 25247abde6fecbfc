"""The Fernet key of counselling comes from the environment: with DEBUG off it must be set (no silent
development key in production), and the benchmarks, which run with DEBUG off, set one of their own."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _settings(env: dict, code: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"COUNSELING_FERNET_KEY", "DEBUG", "SECRET_KEY"}}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_debug_off_without_a_key_refuses_to_start():
    result = _settings({"DEBUG": "0", "SECRET_KEY": "x"}, "import hamafza.settings")
    assert result.returncode != 0 and "COUNSELING_FERNET_KEY" in result.stderr


def test_the_benchmarks_environment_has_a_key():
    code = (
        "import bench.common as c; c.setup_django_env('postgres://127.0.0.1/x', 'bench');"
        "import hamafza.settings as s; from cryptography.fernet import Fernet; Fernet(s.COUNSELING_FERNET_KEY)"
    )
    result = _settings({}, code)
    assert result.returncode == 0, result.stderr
