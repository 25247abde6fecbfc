"""Login hardening (issue 12): repeated failures lock the user name and the address out, on the login
page and on /api/token/, with a Persian message; weak passwords are refused; a password change ends the
user's other sessions and API tokens; sessions end after idleness."""

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOCKED_FA = "تلاش ناموفق"


def _login(client, username, password, address="10.0.0.1"):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_repeated_failures_lock_the_user_out_even_with_the_right_password(officer):
    client = Client()
    for _i in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, officer.username, "wrong-password").status_code == 200
    assert _login(client, officer.username, "wrong-password").status_code == 429
    locked = _login(Client(), officer.username, PASSWORD, address="10.0.0.2")
    assert locked.status_code == 429
    assert LOCKED_FA in locked.content.decode()
    assert "_auth_user_id" not in Client().session


def test_repeated_failures_from_one_address_lock_that_address_out(officer, viewer):
    client = Client()
    for i in range(settings.AXES_FAILURE_LIMIT):
        _login(client, f"nobody{i}", "wrong-password", address="10.0.0.9")
    assert _login(Client(), viewer.username, PASSWORD, address="10.0.0.9").status_code == 429
    # another address is not held back
    assert _login(Client(), viewer.username, PASSWORD, address="10.0.0.10").status_code == 302


def test_the_api_token_endpoint_locks_out_too(officer):
    client = Client()
    url = "/api/token/"
    for _i in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(
            url, {"username": officer.username, "password": "wrong"}, REMOTE_ADDR="10.1.1.1"
        )
        assert response.status_code in (400, 429)
    locked = client.post(url, {"username": officer.username, "password": PASSWORD}, REMOTE_ADDR="10.1.1.2")
    assert locked.status_code == 429
    assert LOCKED_FA in locked.json()["detail"]
    assert not Token.objects.filter(user=officer).exists()


def test_a_success_before_the_limit_clears_the_count(officer):
    client = Client()
    for _i in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, officer.username, "wrong")
    assert _login(client, officer.username, PASSWORD).status_code == 302
    for _i in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(Client(), officer.username, "wrong")
    assert _login(Client(), officer.username, PASSWORD).status_code == 302


@pytest.mark.parametrize("password", ["84736251", "sports2024", "officer-pass", "password123", "short1!"])
def test_weak_passwords_are_refused(officer, password):
    officer.username = "officer-pass"
    with pytest.raises(ValidationError):
        validate_password(password, user=officer)


def test_a_strong_password_passes(officer):
    validate_password("کوه-دماوند-۱۴۰۳-Tehran", user=officer)


def test_the_password_change_page_refuses_a_weak_password(officer, client_for):
    client = client_for(officer)
    response = client.post(
        reverse("accounts:password"),
        {"old_password": PASSWORD, "new_password1": "sports2024", "new_password2": "sports2024"},
    )
    assert response.status_code == 200
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)


def test_a_password_change_ends_other_sessions_and_api_tokens(officer):
    other = Client()
    other.force_login(officer)
    Token.objects.create(user=officer)
    me = Client()
    me.force_login(officer)
    new = "کوه-دماوند-۱۴۰۳-Tehran"
    response = me.post(
        reverse("accounts:password"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    assert not Token.objects.filter(user=officer).exists()
    assert me.get(reverse("accounts:notifications")).status_code == 200  # this browser stays signed in
    assert other.get(reverse("accounts:notifications")).status_code == 302  # the other is signed out


def test_a_session_ends_after_idleness(officer, settings):
    import time

    from hamafza.accounts.middleware import SEEN_KEY

    client = Client()
    client.force_login(officer)
    assert client.get(reverse("accounts:notifications")).status_code == 200
    session = client.session
    session[SEEN_KEY] = int(time.time()) - settings.SESSION_IDLE_SECONDS - 1
    session.save()
    assert client.get(reverse("accounts:notifications")).status_code == 302
    assert client.get(reverse("accounts:notifications")).status_code == 302


def test_secure_cookies_without_debug():
    assert settings.SESSION_IDLE_SECONDS <= 60 * 60 and settings.SESSION_COOKIE_AGE <= 12 * 60 * 60
    import subprocess
    import sys

    code = "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    out = subprocess.run(
        [sys.executable, "-c", "import django,os; django.setup(); " + code],
        env={
            **__import__("os").environ,
            "DEBUG": "false",
            "SECRET_KEY": "x" * 60,
            "COUNSELING_FERNET_KEY": __import__("cryptography.fernet").fernet.Fernet.generate_key().decode(),
            "DJANGO_SETTINGS_MODULE": "hamafza.settings",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.stdout.split() == ["True", "True"], out.stderr
