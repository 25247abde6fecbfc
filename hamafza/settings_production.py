"""Production settings: everything from the environment, and no start when the environment is insecure.

Used by gunicorn, the task workers and the timers of deploy/ (DJANGO_SETTINGS_MODULE=hamafza.settings_production).
The development defaults of hamafza.settings stay as they are for `make run`; this module refuses to load
when DEBUG is on, when SECRET_KEY is missing, short or the development one, or when ALLOWED_HOSTS is not
given (or is "*"), and it needs DATABASE_URL and REDIS_URL. Optional: DATABASE_REPLICA_URL (reads of the
dashboards, the atlas and the exports go there), AWS_STORAGE_BUCKET_NAME (uploads on S3-compatible
storage instead of the local disk), X_ACCEL_REDIRECT (nginx sends the access-checked downloads).
"""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from hamafza.ops.environment import insecure_reasons

_reasons = insecure_reasons(os.environ)
if _reasons:
    raise ImproperlyConfigured("Refusing to start in production: " + "; ".join(_reasons))

from hamafza.settings import *  # noqa: E402, F403
from hamafza.settings import MIDDLEWARE, envbool, envint, envlist, envstr  # noqa: E402

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", ",".join(f"https://{host}" for host in ALLOWED_HOSTS))
SITE_URL = envstr("SITE_URL", f"https://{ALLOWED_HOSTS[0]}" if ALLOWED_HOSTS else "")
WHITENOISE_AUTOREFRESH = False
WHITENOISE_USE_FINDERS = False
STATIC_ROOT = envstr("STATIC_ROOT", str(STATIC_ROOT))  # noqa: F405

# Behind nginx: it sets X-Forwarded-Proto; cookies are Secure unless the site is served over plain http
# on a closed network (SECURE_COOKIES=false, as the local `make serve` and the smoke test do).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
USE_X_FORWARDED_HOST = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES", True)
# The client's address, for the login lockout and the rate limits: behind nginx REMOTE_ADDR is nginx
# itself, so every client would share one counter (and one lockout). nginx sets X-Real-IP to the address
# it saw, overwriting whatever the client sent (deploy/nginx/hamafza.conf.template).
AXES_IPWARE_META_PRECEDENCE_ORDER = envlist("AXES_IP_HEADERS", "HTTP_X_REAL_IP,REMOTE_ADDR")
# Over https (the default): plain http is redirected to https (except the load balancer's health checks),
# and browsers are told for a year never to use plain http (HSTS). SECURE_HSTS_PRELOAD only when the
# domain is to be submitted to the browsers' preload list, which cannot be undone quickly.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", SESSION_COOKIE_SECURE)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31_536_000 if SESSION_COOKIE_SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)

# PostgreSQL. Each gunicorn worker (sync) and each task worker holds at most one connection, kept between
# requests and checked before use: the number of connections is bounded by the number of processes.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ["DATABASE_URL"], conn_max_age=envint("DB_CONN_MAX_AGE", 600), conn_health_checks=True
    )
}
DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=envint("DB_CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["hamafza.ops.routers.ReplicaRouter"]

# Redis: the cache, the sessions (cached_db: a lost Redis loses no session), the task queue.
REDIS_URL = os.environ["REDIS_URL"]
CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": envstr("CACHE_KEY_PREFIX", "hamafza"),
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 2, "SOCKET_TIMEOUT": 2},
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
RQ_QUEUES = {
    "default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": envint("TASK_TIMEOUT", 1800)},
}
TASKS = {
    "default": {
        "BACKEND": "django_tasks_rq.RQBackend",
        "QUEUES": ["default"],
    }
}
INSTALLED_APPS = [*INSTALLED_APPS, "django_rq", "django_tasks_rq"]  # noqa: F405

# Downloads checked by a view, sent by nginx from the internal location /protected/ (deploy/nginx/).
X_ACCEL_REDIRECT = envbool("X_ACCEL_REDIRECT", True)

# Uploads on S3-compatible object storage when a bucket is named; the local disk otherwise.
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES = {
        **STORAGES,  # noqa: F405
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
                "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
                "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
                "default_acl": None,
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
    }
    X_ACCEL_REDIRECT = False

MIDDLEWARE = [*MIDDLEWARE, "hamafza.ops.middleware.ReplicaReadsMiddleware"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s"}},
    "filters": {"personal_data": {"()": "hamafza.lib.masking.PersonalDataFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["personal_data"]}
    },
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "ERROR"}},
}
