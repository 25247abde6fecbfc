"""`make serve` on this machine, from the outside: deploy/serve.sh starts nginx in front of two gunicorn
instances and two RQ task workers on PostgreSQL and a private Redis, with the production settings; the
site answers through nginx, DEBUG is off, a task is run by a worker, and the site keeps answering when
one gunicorn instance dies (nginx sends its requests to the other, and serve.sh starts it again).

Runs where nginx, redis-server and a PostgreSQL server at 127.0.0.1:5432 are present (`make nginx`
installs the first two; .ci/run does); skipped elsewhere, with the reason."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PG = "postgres://postgres@127.0.0.1:5432"


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


pytestmark = [
    pytest.mark.skipif(not shutil.which("nginx"), reason="nginx is not installed (make nginx)"),
    pytest.mark.skipif(not shutil.which("redis-server"), reason="redis-server is not installed (make nginx)"),
    pytest.mark.skipif(not _listening(5432), reason="no PostgreSQL at 127.0.0.1:5432"),
]


def _get(url: str, timeout: float = 10) -> tuple[int, dict, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8", "replace")


def _psql(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG + "/postgres", autocommit=True) as connection:
        connection.execute(sql)


@pytest.fixture
def served():
    # Not pytest's tmp_path: its parents are private to this user, and nginx's workers (www-data) must
    # read the static files.
    root = Path(tempfile.mkdtemp(prefix="hamafza-serve-"))
    root.chmod(0o755)
    tmp_path = root
    database = f"hamafza_serve_{uuid.uuid4().hex[:8]}"
    _psql(f'CREATE DATABASE "{database}"')
    listen = f"127.0.0.1:{_free_port()}"
    web_base = _free_port()  # the gunicorn instances listen on the ports just above it
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DEBUG", "REDIS_URL"))},
        "DATABASE_URL": f"{PG}/{database}",
        "LISTEN": listen,
        "SERVE_DIR": str(tmp_path / "serve"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "REDIS_PORT": str(_free_port()),
        "WEB_PORT_BASE": str(web_base),
        "WEB_WORKERS": "1",
        "GUNICORN_ACCESS_LOG": "/dev/null",
    }
    process = subprocess.Popen(
        ["deploy/serve.sh"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    base = f"http://{listen}"
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"deploy/serve.sh stopped: {process.stdout.read()[-3000:]}")
            try:
                if _get(base + "/readyz", timeout=3)[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(1)
        else:
            pytest.fail("the site did not become ready in 180 s")
        yield {"base": base, "env": env, "group": process.pid, "dir": tmp_path / "serve"}
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        subprocess.run(["pkill", "-f", f"redis-server 127.0.0.1:{env['REDIS_PORT']}"], check=False)
        shutil.rmtree(root, ignore_errors=True)
        for _ in range(10):
            try:
                _psql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
                break
            except Exception:
                time.sleep(1)


def test_the_production_mode_serves_through_nginx_runs_tasks_and_survives_a_lost_instance(served):
    base = served["base"]
    status, headers, body = _get(base + "/healthz")
    assert status == 200
    status, headers, body = _get(base + "/readyz")
    assert status == 200, body
    assert headers.get("Server", "").startswith("nginx")

    # The sign-in page in Persian, with the production headers; an unknown page is the Persian 404 page,
    # never Django's debug page.
    status, headers, body = _get(base + "/accounts/login/")
    assert status == 200 and 'dir="rtl"' in body
    assert "script-src" in headers.get("Content-Security-Policy", "")
    assert headers.get("X-Content-Type-Options") == "nosniff"
    status, headers, body = _get(base + "/no-such-page/")
    assert status == 404
    assert "صفحه" in body and "Traceback" not in body and "URLconf" not in body

    # Static files come from nginx (collected by serve.sh), with a long cache.
    status, headers, body = _get(base + "/static/hamafza/site.css")
    assert status == 200 and "Cache-Control" in headers

    # A task enqueued through the tasks API is run by one of the RQ workers.
    script = (
        "import time; from hamafza.meetings.tasks import send_reminders; "
        "r = send_reminders.enqueue(on='2026-12-01'); "
        "[time.sleep(0.5) or r.refresh() for _ in range(120) if r.status not in ('SUCCESSFUL', 'FAILED')]; "
        "print(r.status)"
    )
    env = {**served["env"], "DJANGO_SETTINGS_MODULE": "hamafza.settings_production"}
    env["SECRET_KEY"] = (served["dir"] / "secret_key").read_text().strip()
    env["COUNSELING_FERNET_KEY"] = (served["dir"] / "counseling_key").read_text().strip()
    env["ALLOWED_HOSTS"] = "127.0.0.1"
    env["REDIS_URL"] = f"redis://127.0.0.1:{served['env']['REDIS_PORT']}/0"
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.stdout.strip().endswith("SUCCESSFUL"), done.stdout + done.stderr

    # One gunicorn instance dies: every request still gets its answer from the other.
    first = subprocess.run(
        ["pgrep", "-g", str(served["group"]), "-f", "hamafza-web-1 hamafza.wsgi"],
        capture_output=True,
        text=True,
    ).stdout.split()
    assert first, "the first gunicorn instance was not found"
    for pid in first:
        os.kill(int(pid), signal.SIGKILL)
    answers = [_get(base + "/healthz")[0] for _ in range(10)]
    assert answers == [200] * 10
    # … and serve.sh starts the dead instance again.
    for _ in range(60):
        again = subprocess.run(
            ["pgrep", "-g", str(served["group"]), "-f", "hamafza-web-1 hamafza.wsgi"],
            capture_output=True,
            text=True,
        ).stdout.split()
        if again and not set(again) & set(first):
            break
        time.sleep(1)
    else:
        pytest.fail("the dead gunicorn instance was not started again")
