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
