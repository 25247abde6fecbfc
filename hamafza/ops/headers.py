"""Security headers of every response: a Content-Security-Policy with a per-request nonce, and
Permissions-Policy. X-Content-Type-Options, Referrer-Policy and HSTS come from Django's SecurityMiddleware,
X-Frame-Options from its XFrameOptionsMiddleware (settings SECURE_*, X_FRAME_OPTIONS).

Scripts run only from our own static files or from an inline <script nonce="{{ request.csp_nonce }}">;
no inline event handler (onclick=…) runs. Styles may be inline (the progress bars' widths are style
attributes, and htmx adds its indicator style): CSS cannot run code, scripts are what the policy stops.
"""

import secrets
from urllib.parse import urlsplit

from django.conf import settings

PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=(), interest-cohort=()"
)


def tile_origin(tile_url: str) -> str:
    """The origin of a map tile server's URL template ("" when there is none)."""
    parts = urlsplit(tile_url.replace("{s}", "a"))
    if not parts.scheme or not parts.netloc:
        return ""
    host = urlsplit(tile_url).netloc.replace("{s}", "*")
    return f"{parts.scheme}://{host}"


def content_security_policy(nonce: str) -> str:
    images = ["'self'", "data:", "blob:"]
    tiles = tile_origin(getattr(settings, "MAP_TILE_URL", "") or "")
    if tiles:
        images.append(tiles)
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", f"'nonce-{nonce}'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": images,
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        nonce = secrets.token_urlsafe(18)
        request.csp_nonce = nonce
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", content_security_policy(nonce))
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response
