"""Login hardening (issue 12): the answer to a locked-out login, and the password rule that refuses a
common word with digits stuck to it («sports2024»), which Django's own validators let through."""

import re

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

LOCKED_MESSAGE = gettext_noop(
    "Too many failed attempts to sign in with this user name or from this address. "
    "Wait %(minutes)s minutes and try again, or ask the administrator."
)


def locked_out(request, response=None, credentials=None):
    """What a locked-out login gets (django-axes' AXES_LOCKOUT_CALLABLE): 429 with a Persian message, as
    JSON for the API and as the login page otherwise."""
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    from hamafza.templatetags_builtins import digits

    message = _(LOCKED_MESSAGE) % {"minutes": digits(minutes)}
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message, "code": "locked_out"}, status=429)
    return render(request, "accounts/locked_out.html", {"message": message}, status=429)


class CommonWordWithDigitsValidator:
    """Refuses a password that is a common password once the digits at its ends are taken away
    («sports2024», «2024password»)."""

    def __init__(self):
        self.common = CommonPasswordValidator()

    def validate(self, password, user=None):
        core = re.sub(r"^\d+|\d+$", "", password or "").lower()
        if core and core != (password or "").lower() and core in self.common.passwords:
            raise ValidationError(
                _("This password is a common word with digits added; choose one that is harder to guess."),
                code="password_common_word",
            )

    def get_help_text(self):
        return _("Your password can't be a common word with digits added.")


def drop_tokens_on_password_change(sender, instance, **kwargs):
    """Logout everywhere on a password change: the sessions of other browsers already end (Django checks
    each session's password hash); the API tokens are deleted here. `_password` is set by set_password
    until the user is saved."""
    if instance.pk and getattr(instance, "_password", None) is not None:
        from rest_framework.authtoken.models import Token

        Token.objects.filter(user_id=instance.pk).delete()


def locked_token_view(view):
    """/api/token/ with the lockout: DRF calls authenticate() with its own Request, so django-axes records
    the failures but cannot mark the Django request; the lock is checked here before the view runs."""
    import functools

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        from axes.handlers.proxy import AxesProxyHandler

        if request.method == "POST":
            username = request.POST.get("username")
            if username is None and request.content_type == "application/json":
                import json

                try:
                    username = json.loads(request.body or b"{}").get("username")
                except (ValueError, AttributeError):
                    username = None
            if AxesProxyHandler.is_locked(request, {"username": username or ""}):
                return locked_out(request)
        return view(request, *args, **kwargs)

    return wrapper
