"""Security headers (issue 12, hardening): every page sends a Content-Security-Policy that runs no inline
script without the page's nonce, X-Content-Type-Options, Referrer-Policy, X-Frame-Options DENY and a
Permissions-Policy; production settings add HSTS and pass `manage.py check --deploy` (see README «Security»)."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def _pages(approved_need):
    return [
        ("visitor", reverse("accounts:login")),
        ("visitor", reverse("participation:public")),
        ("visitor", reverse("participation:public_need", args=[approved_need.pk])),
        ("secretary", reverse("meetings:bodies")),
        ("secretary", reverse("atlas:map")),
        ("secretary", reverse("api-docs")),
    ]


def _directives(policy: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_every_page_of_a_sample_sends_the_security_headers(client_for, secretary, approved_need):
    for who, url in _pages(approved_need):
        client = Client() if who == "visitor" else client_for(secretary)
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "same-origin", url
        assert response["X-Frame-Options"] == "DENY", url
        assert "camera=()" in response["Permissions-Policy"], url
        policy = _directives(response["Content-Security-Policy"])
        assert policy["default-src"] == ["'self'"], url
        assert policy["object-src"] == ["'none'"], url
        assert policy["frame-ancestors"] == ["'none'"], url
        assert policy["form-action"] == ["'self'"], url
        scripts = policy["script-src"]
        assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts, url
        (nonce,) = [s[len("'nonce-") : -1] for s in scripts if s.startswith("'nonce-")]
        html = response.content.decode()
        # Every inline script carries the nonce; no element has an inline event handler.
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or f'nonce="{nonce}"' in tag or 'type="application/json"' in tag, (url, tag)
        assert not re.search(r"<[^>]+\son[a-z]+=", html), url


def test_the_nonce_is_new_on_each_request():
    first = Client().get(reverse("accounts:login"))["Content-Security-Policy"]
    second = Client().get(reverse("accounts:login"))["Content-Security-Policy"]
    assert first != second


def test_no_template_has_an_inline_script_without_nonce_or_an_event_handler():
    for path in (ROOT / "hamafza" / "templates").rglob("*.html"):
        text = path.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert "src=" in tag or "nonce=" in tag, (path, tag)
        assert not re.search(r"<[a-z]+\b[^>]*\son[a-z]+=\"", text), path


PRODUCTION = {
    "SECRET_KEY": "k7$Qz0pWm3-vR9xLc2@hT6nB1yF8sD4gJ5eU0iO7aK3lZ9qX2wE6rT1yU8iP4oA5sDf",
    "ALLOWED_HOSTS": "hamafza.example.ir",
    "DATABASE_URL": "postgres://hamafza@db.example.ir:5432/hamafza",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "DJANGO_SETTINGS_MODULE": "hamafza.settings_production",
}


def _production(*args: str, **env: str) -> subprocess.CompletedProcess:
    # DJANGO_ALLOW_ASYNC_UNSAFE is the browser tests' (Playwright's event loop), never production's.
    unset = {*PRODUCTION, "DEBUG", "DATABASE_REPLICA_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, *args],
        env={**clean, **PRODUCTION, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_production_check_deploy_leaves_only_the_preload_warning():
    result = _production("manage.py", "check", "--deploy")
    assert result.returncode == 0, result.stderr
    found = sorted(set(re.findall(r"\(([a-z_]+\.[WE]\d+)\)", result.stdout + result.stderr)))
    # security.W021: the domain is not on the browsers' HSTS preload list (a deliberate, reversible choice).
    assert found == ["security.W021"], result.stdout + result.stderr


def test_production_sends_hsts_and_redirects_plain_http_but_not_the_health_check():
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "c = Client(HTTP_HOST='hamafza.example.ir');"
        "r = c.get('/accounts/login/', secure=True); print(r.status_code, r.headers.get('Strict-Transport-Security'));"
        "r = c.get('/accounts/login/'); print(r.status_code, r.headers.get('Location'));"
        "r = c.get('/healthz'); print(r.status_code)"
    )
    result = _production("-c", script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:3] == [
        "200 max-age=31536000; includeSubDomains",
        "301 https://hamafza.example.ir/accounts/login/",
        "200",
    ]
