"""Two-factor sign-in pages (issue 12): turn it on (QR code, secret, a code to confirm, backup codes shown
once), the second step of the login, new backup codes, turn it off. The rules are in
hamafza/accounts/services/two_factor.py; the holding of unverified sessions in accounts/middleware.py."""

import time

from axes.handlers.proxy import AxesProxyHandler
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from hamafza.accounts.forms.two_factor import CodeForm
from hamafza.accounts.middleware import TWO_FACTOR_KEY
from hamafza.accounts.security import locked_out
from hamafza.accounts.services import two_factor
from hamafza.templatetags_builtins import digits

PENDING_KEY = "_hamafza_2fa_pending"
CODES_KEY = "_hamafza_2fa_codes"
# The second step of a login must follow the first within this many seconds.
PENDING_SECONDS = 300


def _refused_message(refused: two_factor.CodeRefused) -> str:
    if refused.wait:
        return ngettext(
            "Too many wrong codes in a row: wait %(seconds)s second and try again.",
            "Too many wrong codes in a row: wait %(seconds)s seconds and try again.",
            refused.wait,
        ) % {"seconds": digits(refused.wait)}
    return _("The code is not right. Type the code your authenticator app shows now.")


class LoginView(auth_views.LoginView):
    """The first step: the password. A user with two-factor on is not signed in yet: the second step asks
    for the code (verify_login)."""

    template_name = "accounts/login.html"

    def form_valid(self, form):
        user = form.get_user()
        if two_factor.is_enabled(user):
            self.request.session.cycle_key()
            self.request.session[PENDING_KEY] = {
                "user": user.pk,
                "backend": user.backend,
                "at": int(time.time()),
                "next": self.get_success_url(),
            }
            return redirect("accounts:two_factor_verify")
        return super().form_valid(form)


def verify_login(request):
    """The second step of the login: the authenticator's code or a backup code. Wrong codes count as failed
    logins for django-axes (the same lockout as passwords) besides django-otp's own growing delays."""
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        return redirect("accounts:login")
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    if user is None:
        request.session.pop(PENDING_KEY, None)
        return redirect("accounts:login")
    credentials = {"username": user.get_username()}
    if AxesProxyHandler.is_locked(request, credentials):
        request.session.pop(PENDING_KEY, None)
        return locked_out(request)
    form = CodeForm(request.POST or None, backup=True)
    if request.method == "POST" and form.is_valid():
        try:
            device = two_factor.verify(user, form.cleaned_data["code"])
        except two_factor.CodeRefused as refused:
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            if getattr(request, "axes_locked_out", False) or AxesProxyHandler.is_locked(request, credentials):
                request.session.pop(PENDING_KEY, None)
                return locked_out(request)
            form.add_error("code", _refused_message(refused))
        else:
            request.session.pop(PENDING_KEY, None)
            user.backend = pending["backend"]
            auth_login(request, user)
            otp_login(request, device)
            request.session[TWO_FACTOR_KEY] = True
            if device.__class__ is not TOTPDevice:
                left = two_factor.backup_codes_left(user)
                messages.warning(
                    request,
                    ngettext(
                        "You signed in with a backup code; %(count)s backup code is left.",
                        "You signed in with a backup code; %(count)s backup codes are left.",
                        left,
                    )
                    % {"count": digits(left)},
                )
            return redirect(pending["next"])
    return render(request, "accounts/two_factor_verify.html", {"form": form})


def _own_device(request, pk, *, confirmed):
    """The signed-in user's own authenticator; anyone else's is not found."""
    return get_object_or_404(TOTPDevice, pk=pk, user=request.user, confirmed=confirmed)


@login_required
def overview(request):
    """The account's two-factor page: on or off, the backup codes left; turn on, new codes, turn off."""
    enabled = two_factor.is_enabled(request.user)
    if not enabled and not two_factor.can_use(request.user):
        raise Http404
    context = {
        "enabled": enabled,
        "device": TOTPDevice.objects.filter(user=request.user, confirmed=True).first(),
        "codes_left": two_factor.backup_codes_left(request.user) if enabled else 0,
        "required": two_factor.required_for(request.user),
        "form": CodeForm(backup=True),
        "codes_form": CodeForm(),
    }
    return render(request, "accounts/two_factor.html", context)


@login_required
@require_POST
def start(request):
    if two_factor.is_enabled(request.user) or not two_factor.can_use(request.user):
        raise Http404
    device = two_factor.pending_device(request.user)
    return redirect("accounts:two_factor_setup", pk=device.pk)


@login_required
def setup(request, pk):
    """The QR code and the secret of a new authenticator, and the code that confirms it."""
    device = _own_device(request, pk, confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.confirm(device, form.cleaned_data["code"], by=request.user)
        except two_factor.CodeRefused as refused:
            form.add_error("code", _refused_message(refused))
        else:
            otp_login(request, device)
            request.session[TWO_FACTOR_KEY] = True
            request.session[CODES_KEY] = codes
            messages.success(request, _("Two-factor sign-in is on."))
            return redirect("accounts:two_factor_codes")
    context = {
        "device": device,
        "form": form,
        "qr": two_factor.qr_svg(device),
        "secret": two_factor.secret_text(device),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@login_required
def backup_codes(request):
    """The backup codes just made, shown this once."""
    codes = request.session.pop(CODES_KEY, None)
    if not codes:
        return redirect("accounts:two_factor")
    return render(request, "accounts/two_factor_codes.html", {"codes": codes})


@login_required
@require_POST
def new_backup_codes(request, pk):
    device = _own_device(request, pk, confirmed=True)
    form = CodeForm(request.POST)
    if form.is_valid():
        try:
            codes = two_factor.new_backup_codes(request.user, form.cleaned_data["code"])
        except two_factor.CodeRefused as refused:
            messages.error(request, _refused_message(refused))
        else:
            otp_login(request, device)  # the session stays verified if it was by a backup code
            request.session[CODES_KEY] = codes
            return redirect("accounts:two_factor_codes")
    return redirect("accounts:two_factor")


@login_required
@require_POST
def disable(request, pk):
    _own_device(request, pk, confirmed=True)
    form = CodeForm(request.POST, backup=True)
    if form.is_valid():
        try:
            two_factor.disable(request.user, form.cleaned_data["code"])
        except two_factor.CodeRefused as refused:
            messages.error(request, _refused_message(refused))
        else:
            request.session[TWO_FACTOR_KEY] = False
            messages.success(request, _("Two-factor sign-in is off."))
    return redirect("accounts:two_factor")
