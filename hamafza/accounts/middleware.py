from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class PersianFirstLocaleMiddleware(LocaleMiddleware):
    """Persian unless the person chose another language with the switch (the language cookie).

    The browser's Accept-Language is not consulted: the users of these bodies often run an English
    browser and still work in Persian.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


SEEN_KEY = "_hamafza_last_seen"
# The session records when it was last used at most this often (a write), not on every request.
SEEN_RESOLUTION = 300


def mark_seen(sender, request, user, **kwargs):
    """At login (user_logged_in): the session starts its idle clock."""
    import time

    if request is not None and hasattr(request, "session"):
        request.session[SEEN_KEY] = int(time.time())


class IdleSessionMiddleware:
    """Signs out a session unused for SESSION_IDLE_SECONDS (ASVS 7.3.1); the absolute limit is
    SESSION_COOKIE_AGE. The last use is written at most every five minutes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        import time

        from django.contrib.auth import logout

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            seen = request.session.get(SEEN_KEY)
            if seen is not None and now - seen > settings.SESSION_IDLE_SECONDS:
                logout(request)
            elif seen is None or now - seen > SEEN_RESOLUTION:
                request.session[SEEN_KEY] = now
        return self.get_response(request)


# Whether the signed-in user had two-factor on (set at login, and when it is turned on or off).
TWO_FACTOR_KEY = "_hamafza_2fa"
# What a staff user without two-factor may still open when it is required of staff.
TWO_FACTOR_OPEN_PATHS = (
    "/accounts/two-factor/",
    "/accounts/logout/",
    "/i18n/",
    "/static/",
    "/healthz",
    "/readyz",
)


def remember_two_factor(sender, request, user, **kwargs):
    """At login (user_logged_in): whether the user has two-factor on, so requests need not ask."""
    from hamafza.accounts.services import two_factor

    if request is not None and hasattr(request, "session"):
        request.session[TWO_FACTOR_KEY] = two_factor.is_enabled(user)


class TwoFactorMiddleware:
    """After django-otp's OTPMiddleware. A session of a user with two-factor on that did not pass the code
    (one signed in before it was turned on elsewhere) is signed out; a staff user without two-factor, when
    OTP_REQUIRED_FOR_STAFF is on, is sent to the page that turns it on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.contrib.auth import logout
        from django.contrib.auth.views import redirect_to_login
        from django.http import JsonResponse
        from django.shortcuts import redirect
        from django.utils.translation import gettext as _

        from hamafza.accounts.services import two_factor

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            enabled = request.session.get(TWO_FACTOR_KEY)
            if enabled is None:
                enabled = request.session[TWO_FACTOR_KEY] = two_factor.is_enabled(user)
            api = request.path.startswith("/api/")
            if enabled and not user.is_verified():
                logout(request)
                if api:
                    return JsonResponse({"detail": _("Sign in again with your two-factor code.")}, status=401)
                return redirect_to_login(request.get_full_path())
            if (
                not enabled
                and two_factor.required_for(user)
                and not request.path.startswith(TWO_FACTOR_OPEN_PATHS)
            ):
                if api:
                    return JsonResponse({"detail": _("Turn on two-factor sign-in first.")}, status=403)
                return redirect("accounts:two_factor")
        return self.get_response(request)
