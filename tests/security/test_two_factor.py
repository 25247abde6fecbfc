"""Two-factor sign-in (issue 12): administrators and secretariats turn it on from their account page (QR
code, secret, a code to confirm, ten backup codes shown once); the login then asks for the code, the API
token wants it in `otp`, wrong codes are refused in Persian and locked out like wrong passwords; nobody
sees or changes another's device; it is turned off with a current code. The codes are real: computed by
django_otp.oath.totp from the device's key, on a clock the test moves."""

import re
import types

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from hamafza.accounts.services import two_factor
from hamafza.lib.persian import to_persian_digits
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

WRONG_FA = "کد درست نیست"
LOCKED_FA = "تلاش ناموفق"


class Clock:
    """The time django-otp sees, moved by the test (a code is accepted once per 30-second step)."""

    def __init__(self):
        self.now = 1_800_000_000.0

    def __call__(self):
        return self.now

    def advance(self, seconds=30):
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr("django_otp.oath.time", clock)
    monkeypatch.setattr("django_otp.plugins.otp_totp.models.time", types.SimpleNamespace(time=clock))
    return clock


@pytest.fixture
def no_delay(settings):
    """django-otp refuses any code for 1, 2, 4 … s after wrong ones; tests that type a right code straight
    after a wrong one turn that delay off (test_a_right_code_straight_after_wrong_ones_must_wait keeps it)."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def code_for(device, clock) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def enable(user, clock) -> tuple[TOTPDevice, list[str]]:
    """Turns two-factor on through the pages, as the user; returns the device and the backup codes."""
    client = Client()
    client.force_login(user)
    start = client.post(reverse("accounts:two_factor_start"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert start.url == reverse("accounts:two_factor_setup", args=[device.pk])
    response = client.post(start.url, {"code": code_for(device, clock)})
    assert response.url == reverse("accounts:two_factor_codes")
    page = client.get(response.url).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)
    clock.advance()
    return device, codes


def password_step(client, user, address="10.0.0.1", next_url=""):
    data = {"username": user.username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("accounts:login"), data, REMOTE_ADDR=address)


def signed_in(client) -> bool:
    return client.get(reverse("accounts:notifications")).status_code == 200


def test_a_secretariat_turns_two_factor_on_with_a_qr_code_and_gets_backup_codes_once(secretary, clock):
    client = Client()
    client.force_login(secretary)
    page = client.get(reverse("accounts:two_factor"))
    assert page.status_code == 200
    assert "ورود دو مرحله‌ای" in page.content.decode()
    start = client.post(reverse("accounts:two_factor_start"))
    device = TOTPDevice.objects.get(user=secretary)
    assert not device.confirmed
    setup = client.get(start.url).content.decode()
    assert '<div class="qr" id="two-factor-qr"' in setup and "<svg" in setup and "<path" in setup
    assert "http" not in setup.split('id="two-factor-qr"')[1].split("</div>")[0].replace(
        "http://www.w3.org", ""
    )
    secret = re.search(r'id="two-factor-secret" dir="ltr">([A-Z2-7 ]+)<', setup).group(1)
    import base64

    assert base64.b32decode(secret.replace(" ", "")) == device.bin_key
    # the code typed in Persian digits
    response = client.post(start.url, {"code": to_persian_digits(code_for(device, clock))})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    codes_page = client.get(reverse("accounts:two_factor_codes")).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", codes_page)
    assert len(codes) == 10 == StaticToken.objects.filter(device__user=secretary).count()
    # shown once: the page does not show them again
    again = client.get(reverse("accounts:two_factor_codes"))
    assert again.status_code == 302
    overview = client.get(reverse("accounts:two_factor")).content.decode()
    assert "two-factor-on" in overview and not any(code in overview for code in codes)
    assert "۱۰" in overview
    assert signed_in(client)  # the session that turned it on stays signed in


def test_turning_on_refuses_a_wrong_code_in_persian(admin, clock):
    client = Client()
    client.force_login(admin)
    start = client.post(reverse("accounts:two_factor_start"))
    device = TOTPDevice.objects.get(user=admin)
    wrong = f"{(int(code_for(device, clock)) + 1) % 1_000_000:06d}"
    response = client.post(start.url, {"code": wrong})
    assert response.status_code == 200
    assert WRONG_FA in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert not StaticDevice.objects.filter(user=admin).exists()


def test_an_officer_has_no_two_factor_page(officer, client_for):
    client = client_for(officer)
    assert client.get(reverse("accounts:two_factor")).status_code == 404
    assert client.post(reverse("accounts:two_factor_start")).status_code == 404
    assert not TOTPDevice.objects.filter(user=officer).exists()


def test_the_login_asks_for_the_code_after_the_password(admin, clock):
    enable(admin, clock)
    device = TOTPDevice.objects.get(user=admin)
    client = Client()
    response = password_step(client, admin, next_url="/accounts/notifications/")
    assert response.status_code == 302 and response.url == reverse("accounts:two_factor_verify")
    assert not signed_in(client)  # the password alone signs nobody in
    page = client.get(reverse("accounts:two_factor_verify"))
    assert "کد" in page.content.decode()
    response = client.post(
        reverse("accounts:two_factor_verify"), {"code": to_persian_digits(code_for(device, clock))}
    )
    assert response.status_code == 302 and response.url == "/accounts/notifications/"
    assert signed_in(client)
    # the same code is not accepted twice
    replay = Client()
    password_step(replay, admin)
    response = replay.post(reverse("accounts:two_factor_verify"), {"code": code_for(device, clock)})
    assert response.status_code == 200 and WRONG_FA in response.content.decode()


def test_a_wrong_code_is_refused_with_a_persian_message(secretary, clock, no_delay):
    device, _codes = enable(secretary, clock)
    client = Client()
    password_step(client, secretary)
    wrong = f"{(int(code_for(device, clock)) + 7) % 1_000_000:06d}"
    response = client.post(reverse("accounts:two_factor_verify"), {"code": wrong})
    assert response.status_code == 200
    assert WRONG_FA in response.content.decode()
    assert not signed_in(client)
    response = client.post(reverse("accounts:two_factor_verify"), {"code": code_for(device, clock)})
    assert response.status_code == 302
    assert signed_in(client)


def test_a_right_code_straight_after_wrong_ones_must_wait(secretary, clock):
    device, _codes = enable(secretary, clock)
    client = Client()
    password_step(client, secretary)
    client.post(reverse("accounts:two_factor_verify"), {"code": "000000"})
    response = client.post(reverse("accounts:two_factor_verify"), {"code": code_for(device, clock)})
    assert response.status_code == 200
    assert "صبر کنید" in response.content.decode()
    assert not signed_in(client)


def test_repeated_wrong_codes_lock_the_user_out(admin, clock, no_delay):
    device, _codes = enable(admin, clock)
    client = Client()
    password_step(client, admin)
    for _i in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(
            reverse("accounts:two_factor_verify"), {"code": "123456"}, REMOTE_ADDR="10.0.0.1"
        )
        assert response.status_code == 200
    locked = client.post(reverse("accounts:two_factor_verify"), {"code": "123456"}, REMOTE_ADDR="10.0.0.1")
    assert locked.status_code == 429
    assert LOCKED_FA in locked.content.decode()
    assert not signed_in(client)
    # locked: the password from another address is refused too, and the right code does not help
    again = Client()
    assert password_step(again, admin, address="10.0.0.2").status_code == 429
    assert (
        again.post(reverse("accounts:two_factor_verify"), {"code": code_for(device, clock)}).status_code
        == 302
    )
    assert not signed_in(again)


def test_a_backup_code_signs_in_once(secretary, clock):
    _device, codes = enable(secretary, clock)
    client = Client()
    password_step(client, secretary)
    response = client.post(reverse("accounts:two_factor_verify"), {"code": codes[0].upper()})
    assert response.status_code == 302
    assert signed_in(client)
    assert StaticToken.objects.filter(device__user=secretary).count() == 9
    other = Client()
    password_step(other, secretary)
    response = other.post(reverse("accounts:two_factor_verify"), {"code": codes[0]})
    assert response.status_code == 200 and WRONG_FA in response.content.decode()
    assert not signed_in(other)


def test_the_api_token_needs_the_code_in_otp(admin, clock, no_delay):
    device, codes = enable(admin, clock)
    url = "/api/token/"
    missing = Client().post(url, {"username": admin.username, "password": PASSWORD})
    assert missing.status_code == 400
    assert "otp" in missing.json() and "token" not in missing.json()
    wrong = Client().post(url, {"username": admin.username, "password": PASSWORD, "otp": "000000"})
    assert wrong.status_code == 400 and "otp" in wrong.json()
    assert not Token.objects.filter(user=admin).exists()
    right = Client().post(
        url,
        {"username": admin.username, "password": PASSWORD, "otp": to_persian_digits(code_for(device, clock))},
        content_type="application/json",
    )
    assert right.status_code == 200
    assert right.json()["token"] == Token.objects.get(user=admin).key
    backup = Client().post(url, {"username": admin.username, "password": PASSWORD, "otp": codes[3]})
    assert backup.status_code == 200


def test_turning_two_factor_on_deletes_api_tokens_issued_without_a_code(admin, clock):
    Token.objects.create(user=admin)
    enable(admin, clock)
    assert not Token.objects.filter(user=admin).exists()


def test_nobody_sees_or_changes_anothers_device(admin, secretary, clock):
    device, codes = enable(admin, clock)
    admin_client = Client()
    admin_client.force_login(secretary)
    pending = TOTPDevice.objects.create(user=admin, confirmed=False)
    intruder = Client()
    intruder.force_login(secretary)
    assert intruder.get(reverse("accounts:two_factor_setup", args=[pending.pk])).status_code == 404
    assert (
        intruder.post(reverse("accounts:two_factor_setup", args=[pending.pk]), {"code": "123456"}).status_code
        == 404
    )
    code = code_for(device, clock)
    assert (
        intruder.post(reverse("accounts:two_factor_disable", args=[device.pk]), {"code": code}).status_code
        == 404
    )
    assert (
        intruder.post(reverse("accounts:two_factor_new_codes", args=[device.pk]), {"code": code}).status_code
        == 404
    )
    assert (
        intruder.post(
            reverse("accounts:two_factor_disable", args=[device.pk]), {"code": codes[0]}
        ).status_code
        == 404
    )
    assert TOTPDevice.objects.filter(pk=device.pk, confirmed=True).exists()
    assert StaticToken.objects.filter(device__user=admin).count() == 10
    # the secretariat's own page says nothing of the admin's device
    page = intruder.get(reverse("accounts:two_factor")).content.decode()
    assert "two-factor-off" in page and two_factor.secret_text(device) not in page


def test_turning_off_needs_a_current_code(secretary, clock, no_delay):
    device, _codes = enable(secretary, clock)
    client = Client()
    password_step(client, secretary)
    client.post(reverse("accounts:two_factor_verify"), {"code": code_for(device, clock)})
    clock.advance()
    url = reverse("accounts:two_factor_disable", args=[device.pk])
    response = client.post(url, {"code": "000000"}, follow=True)
    assert WRONG_FA in response.content.decode()
    assert two_factor.is_enabled(secretary)
    response = client.post(url, {"code": code_for(device, clock)}, follow=True)
    assert "two-factor-off" in response.content.decode()
    assert not two_factor.is_enabled(secretary)
    assert not StaticDevice.objects.filter(user=secretary).exists()
    assert signed_in(client)
    # the login is one step again
    assert password_step(Client(), secretary).url == reverse(settings.LOGIN_REDIRECT_URL)


def test_new_backup_codes_replace_the_old(secretary, clock):
    device, codes = enable(secretary, clock)
    client = Client()
    password_step(client, secretary)
    client.post(reverse("accounts:two_factor_verify"), {"code": codes[0]})
    response = client.post(
        reverse("accounts:two_factor_new_codes", args=[device.pk]), {"code": code_for(device, clock)}
    )
    assert response.url == reverse("accounts:two_factor_codes")
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", client.get(response.url).content.decode())
    assert len(new) == 10 and not set(new) & set(codes)
    assert signed_in(client)  # still verified, though the backup code it used is gone


def test_a_session_that_did_not_pass_the_code_is_signed_out(secretary, clock):
    old = Client()
    old.force_login(secretary)  # signed in before two-factor was turned on elsewhere
    enable(secretary, clock)
    session = old.session
    session.pop("_hamafza_2fa", None)
    session.save()
    response = old.get(reverse("accounts:notifications"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    assert not signed_in(old)


def test_staff_can_be_required_to_use_two_factor(admin, officer, clock, settings):
    settings.OTP_REQUIRED_FOR_STAFF = True
    client = Client()
    assert password_step(client, admin).status_code == 302
    response = client.get("/")
    assert response.status_code == 302 and response.url == reverse("accounts:two_factor")
    page = client.get(reverse("accounts:two_factor")).content.decode()
    assert "الزامی" in page
    assert client.get("/api/meetings/").status_code == 403
    token = Client().post("/api/token/", {"username": admin.username, "password": PASSWORD})
    assert token.status_code == 400 and "otp" in token.json()
    # others are not held
    other = Client()
    password_step(other, officer)
    assert signed_in(other) and other.get("/").url != reverse("accounts:two_factor")
    # once it is on, the administrator goes where he wants
    device, _codes = enable(admin, clock)
    client = Client()
    password_step(client, admin)
    client.post(reverse("accounts:two_factor_verify"), {"code": code_for(device, clock)})
    assert client.get("/").url == "/bodies/" and signed_in(client)


def test_an_administrator_removes_a_lost_device_in_the_admin(admin, secretary, clock):
    device, _codes = enable(secretary, clock)
    client = Client()
    client.force_login(admin)
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 200
    response = client.post(f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not two_factor.is_enabled(secretary)
    assert password_step(Client(), secretary).url == reverse(settings.LOGIN_REDIRECT_URL)
