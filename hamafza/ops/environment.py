"""What makes an environment unsafe for production (read by hamafza.settings_production before Django starts)."""

from collections.abc import Mapping

MIN_SECRET_KEY_LENGTH = 50


def insecure_reasons(environ: Mapping[str, str]) -> list[str]:
    """What in `environ` makes a production start unsafe; empty when it may start."""
    reasons = []
    debug = environ.get("DEBUG", "").strip().lower()
    if debug in {"1", "true", "yes", "on"}:
        reasons.append("DEBUG is on: production runs with DEBUG=false (or unset)")
    key = environ.get("SECRET_KEY", "")
    if not key:
        reasons.append("SECRET_KEY is not set")
    elif key.startswith(("dev-only", "django-insecure")) or "change-me" in key or "insecure" in key:
        reasons.append("SECRET_KEY is the development default")
    elif len(key) < MIN_SECRET_KEY_LENGTH or len(set(key)) < 5:
        reasons.append(f"SECRET_KEY is too short: at least {MIN_SECRET_KEY_LENGTH} random characters")
    hosts = [host.strip() for host in environ.get("ALLOWED_HOSTS", "").split(",") if host.strip()]
    if not hosts:
        reasons.append("ALLOWED_HOSTS is not set: the host names this site answers to, comma-separated")
    elif "*" in hosts:
        reasons.append("ALLOWED_HOSTS may not be '*'")
    for name in ("DATABASE_URL", "REDIS_URL"):
        if not environ.get(name):
            reasons.append(f"{name} is not set")
    return reasons
