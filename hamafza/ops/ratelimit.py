"""Rate limits per client address, counted in the Django cache (issue 12, review finding: the public
page's limit was per session, and a fresh cookie bypassed it).

The counters live in the cache, which is Redis in production: every web process and machine shares them.
A fixed window per address and scope: the first request of a window creates the counter (cache.add), the
next ones increment it (cache.incr, atomic in Redis and in the local-memory cache of `make run`). When a
limit is exceeded the answer is 429 with Retry-After: a Persian page, or JSON for the API.
"""

import functools
import time

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def client_address(request) -> str:
    """The address of the client: the first of the META keys that settings name (the same as django-axes:
    REMOTE_ADDR by default; HTTP_X_REAL_IP behind nginx, which sets it)."""
    for key in getattr(settings, "AXES_IPWARE_META_PRECEDENCE_ORDER", ["REMOTE_ADDR"]):
        value = (request.META.get(key) or "").split(",")[0].strip()
        if value:
            return value
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def hit(scope: str, address: str, limit: int, window: int) -> int:
    """Count one request of `address` in `scope`; return the seconds to wait when over `limit`, else 0."""
    now = int(time.time())
    start = now - now % window
    key = f"ratelimit:{scope}:{address}:{start}"
    if cache.add(key, 1, timeout=window + 1):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=window + 1)
            count = 1
    return 0 if count <= limit else max(1, start + window - now)


def too_many(request, wait: int, *, api: bool = False):
    message = _("Too many requests from your address; please try again in a few minutes.")
    if api:
        response = JsonResponse({"detail": message}, status=429)
    else:
        response = render(request, "too_many_requests.html", {"message": message}, status=429)
    response["Retry-After"] = str(wait)
    return response


def limit_per_address(scope: str, *, setting: str, default: tuple[int, int], api: bool = False):
    """Decorate a view: its POST requests are limited to `limit` per `window` seconds per address; the
    figures come from settings.RATE_LIMITS[setting] when given, else `default`."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST":
                limit, window = getattr(settings, "RATE_LIMITS", {}).get(setting, default)
                wait = hit(scope, client_address(request), limit, window)
                if wait:
                    return too_many(request, wait, api=api)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
