"""Two-factor sign-in (issue 12, ASVS 6.3): an authenticator app's time-based codes (TOTP, django-otp) for
administrators and secretariats, with ten one-time backup codes. Optional for them, required of staff
users when OTP_REQUIRED_FOR_STAFF is on. The pages are in hamafza/accounts/views/two_factor.py."""

import io
import re
from base64 import b32encode

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.models import Device, VerifyNotAllowed
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from hamafza.audit.services import record
from hamafza.lib.persian import to_ascii_digits

BACKUP_CODES = 10
TOTP_NAME = "authenticator"
BACKUP_NAME = "backup"


def can_use(user) -> bool:
    """Administrators (staff or superusers) and the secretariat of any body may turn two-factor on."""
    from hamafza.accounts.models import BodyRole

    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return user.body_roles.filter(kind=BodyRole.Kind.SECRETARIAT).exists()


def required_for(user) -> bool:
    """Staff users must have two-factor on when OTP_REQUIRED_FOR_STAFF is set."""
    return bool(settings.OTP_REQUIRED_FOR_STAFF) and (user.is_staff or user.is_superuser)


def is_enabled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def clean_code(text: str | None) -> str:
    """A code as typed: Persian or Arabic digits read as digits, spaces and dashes dropped, lower case."""
    return re.sub(r"[\s\-‌]", "", to_ascii_digits(text or "")).lower()


def pending_device(user) -> TOTPDevice:
    """The user's authenticator being set up (a new secret until a code confirms it)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The secret as an authenticator app asks for it when typed: base32 in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address of the device as an SVG QR code (drawn here, no outside service)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    out = io.BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg") :]


def _throttled_seconds(device: Device) -> int | None:
    allowed, data = device.verify_is_allowed()
    if allowed or not data or data.get("reason") != VerifyNotAllowed.N_FAILED_ATTEMPTS:
        return None
    until = data.get("locked_until")
    return max(1, int((until - timezone.now()).total_seconds()) + 1) if until else 1


class CodeRefused(Exception):
    """A wrong code; `wait` is set (seconds) when the device refuses any code for now after wrong ones."""

    def __init__(self, wait: int | None = None):
        super().__init__(wait)
        self.wait = wait


def confirm(device: TOTPDevice, code: str, *, by) -> list[str]:
    """Turns two-factor on when `code` is the app's current code; returns the ten backup codes (to be shown
    once). The user's API tokens, issued without a code, are deleted."""
    from rest_framework.authtoken.models import Token

    _check(TOTPDevice.objects.filter(pk=device.pk, confirmed=False), code)
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
        codes = _new_backup_codes(device.user)
        Token.objects.filter(user=device.user).delete()
        record(actor=by, action="user.two_factor_on", obj=device.user)
    return codes


def _new_backup_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name=BACKUP_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _i in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    return codes


def new_backup_codes(user, code: str) -> list[str]:
    """Replaces the backup codes, after a current code of the app."""
    _check(TOTPDevice.objects.filter(user=user, confirmed=True), code)
    with transaction.atomic():
        codes = _new_backup_codes(user)
        record(actor=user, action="user.two_factor_backup_codes", obj=user)
    return codes


def _check(querysets, code: str) -> Device:
    """The first device of `querysets` (a queryset or a list of them) that accepts `code`, or CodeRefused.
    Each wrong code is counted on the devices (committed: the refusal must not undo it)."""
    if not isinstance(querysets, list):
        querysets = [querysets]
    code = clean_code(code)
    waits = []
    with transaction.atomic():
        devices = [device for qs in querysets for device in qs.select_for_update().order_by("pk")]
        for device in devices:
            if isinstance(device, TOTPDevice) and not code.isdigit():
                continue  # a backup code (letters and digits) is not the app's code: not counted against it
            wait = _throttled_seconds(device)
            waits.append(wait)
            if code and device.verify_token(code):
                return device
    raise CodeRefused(min((w for w in waits if w), default=None))


def verify(user, code: str) -> Device:
    """The device that accepts `code` (the authenticator's code, or an unused backup code, which is then
    spent), or CodeRefused. django-otp counts each wrong code on the device and refuses any code for 1, 2,
    4, … seconds after successive wrong ones; the callers add django-axes' lockout."""
    return _check(
        [
            TOTPDevice.objects.filter(user=user, confirmed=True),
            StaticDevice.objects.filter(user=user, confirmed=True),
        ],
        code,
    )


def disable(user, code: str) -> None:
    """Turns two-factor off after a current code (of the app or a backup code)."""
    verify(user, code)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        record(actor=user, action="user.two_factor_off", obj=user)


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
