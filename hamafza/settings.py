"""Settings, read from environment variables; the embedded default runs with none set."""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envstr(name: str, default: str) -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"{name} must be a boolean (true/false), got {value!r}")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{name} must be an integer, got {value!r}") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", True)
SECRET_KEY = envstr("SECRET_KEY", "dev-only-insecure-key-change-me" if DEBUG else "")
if not SECRET_KEY:
    raise ValueError("SECRET_KEY must be set when DEBUG is off")

# Counselling: the Fernet key (urlsafe base64 of 32 bytes) that encrypts parties' names and national IDs.
# The default is for development only (make run); production sets its own and keeps it out of the database.
COUNSELING_FERNET_KEY = envstr(
    "COUNSELING_FERNET_KEY", "ZGV2LW9ubHktY291bnNlbGxpbmcta2V5LTMyYnl0ZXM=" if DEBUG else ""
)
if not COUNSELING_FERNET_KEY:
    raise ValueError("COUNSELING_FERNET_KEY must be set when DEBUG is off")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "http://127.0.0.1:8000,http://localhost:8000")

INSTALLED_APPS = [
    "django.forms",  # the form templates, for FORM_RENDERER
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "hamafza.accounts",
    "hamafza.audit",
    "hamafza.places",
    "hamafza.orgs",
    "hamafza.meetings",
    "hamafza.reports",
    "hamafza.atlas",
    "hamafza.participation",
    "hamafza.goals",
    "hamafza.assembly",
    "hamafza.counseling",
    "hamafza.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy (with the nonce of inline scripts) and Permissions-Policy.
    "hamafza.ops.headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "hamafza.accounts.middleware.PersianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): the session passed the second step (django-otp); then users with two-factor
    # on are held at the code page, and staff without it at the enable page when OTP_REQUIRED_FOR_STAFF.
    "django_otp.middleware.OTPMiddleware",
    "hamafza.accounts.middleware.TwoFactorMiddleware",
    "hamafza.accounts.middleware.IdleSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "hamafza.audit.middleware.RequestContextMiddleware",
    # Last, as django-axes asks: answers a locked-out login with hamafza.accounts.security.locked_out.
    "axes.middleware.AxesMiddleware",
]

# Headers of every response (production adds HSTS and the https redirect in settings_production).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

ROOT_URLCONF = "hamafza.urls"
WSGI_APPLICATION = "hamafza.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "hamafza" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hamafza.accounts.context_processors.navigation",
            ],
            "builtins": ["hamafza.templatetags_builtins"],
        },
    },
]
# Forms render with the project's templates, so that validation messages show Persian digits
# (hamafza/templates/django/forms/errors/list/ul.html).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'hamafza.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            # A writer waits up to this long for another's lock instead of failing with "database is locked".
            "timeout": envint("SQLITE_BUSY_TIMEOUT", 30),
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# Reads of the dashboards, the atlas and the exports go to the "replica" alias when one is configured
# (hamafza.settings_production sets it from DATABASE_REPLICA_URL); without one the router changes nothing.
DATABASE_ROUTERS = ["hamafza.ops.routers.ReplicaRouter"]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
# Flash messages show their numbers in Persian digits on a Persian page (hamafza/lib/messages.py).
MESSAGE_STORAGE = "hamafza.lib.messages.PersianDigitsStorage"
LOGOUT_REDIRECT_URL = "accounts:login"

# Passwords (ASVS 6.2): at least 10 characters, not common, not like the user's name or e-mail, not only
# digits («84736251»), not a common word with digits added («sports2024»).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": envint("PASSWORD_MIN_LENGTH", 10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "hamafza.accounts.security.CommonWordWithDigitsValidator"},
]

# Failed logins (pages and /api/token/): after 5 failures the user name, and separately the address, is
# locked out for 15 minutes (django-axes, its attempts kept in the database, so every process sees them).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "hamafza.accounts.security.locked_out"
AXES_IPWARE_META_PRECEDENCE_ORDER = envlist("AXES_IP_HEADERS", "REMOTE_ADDR")
# Requests per address (count, seconds) on the public forms and the API token endpoint, counted in the
# cache (Redis in production, shared by every process): hamafza.ops.ratelimit. Behind nginx the address
# is read from AXES_IP_HEADERS (HTTP_X_REAL_IP).
RATE_LIMITS = {
    "public_offer": (envint("RATE_LIMIT_PUBLIC_OFFERS", 10), 3600),
    "api_token": (envint("RATE_LIMIT_API_TOKEN", 10), 60),
}

# Two-factor sign-in (TOTP, django-otp) for administrators and secretariats: optional, or required of staff
# users (is_staff / superuser) with OTP_REQUIRED_FOR_STAFF=true. The authenticator app shows OTP_TOTP_ISSUER.
OTP_REQUIRED_FOR_STAFF = envbool("OTP_REQUIRED_FOR_STAFF", False)
OTP_TOTP_ISSUER = envstr("OTP_TOTP_ISSUER", "Hamafza")

# Sessions end after an hour without a request (hamafza.accounts.middleware.IdleSessionMiddleware), after
# twelve hours whatever happens, and when the browser closes.
SESSION_IDLE_SECONDS = envint("SESSION_IDLE_SECONDS", 60 * 60)
SESSION_COOKIE_AGE = envint("SESSION_MAX_SECONDS", 12 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", not DEBUG)

LANGUAGE_CODE = "fa"
LANGUAGES = [("fa", _("Persian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "hamafza" / "locale"]
TIME_ZONE = envstr("TIME_ZONE", "Asia/Tehran")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "hamafza" / "static",  # the site's own CSS and JS: `hamafza` itself is not an installed app
    ("vendor/leaflet", NODE_MODULES / "leaflet" / "dist"),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/vazirmatn", NODE_MODULES / "vazirmatn"),
    ("vendor/jalalidatepicker", NODE_MODULES / "@majidh1" / "jalalidatepicker" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))

# Evidence uploads: what a progress report may carry.
UPLOAD_MAX_BYTES = envint("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
UPLOAD_MAX_FILES = envint("UPLOAD_MAX_FILES", 10)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Follow-up: when an assignment counts as due soon, and when an overdue one escalates.
DUE_SOON_DAYS = envint("DUE_SOON_DAYS", 7)
ESCALATE_AFTER_DAYS = envint("ESCALATE_AFTER_DAYS", 14)

EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "hamafza@localhost")
# The site's address, for the links of e-mails (which leave the site, so a path alone leads nowhere).
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000")

TASKS = {
    "default": {
        "BACKEND": envstr("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Optional base map; the maps work without one.
MAP_TILE_URL = envstr("MAP_TILE_URL", "")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Hamafza API",
    "DESCRIPTION": "Resolutions, assignments and their follow-up.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a "status" or a "kind"; each enum gets its own name in the schema.
    "ENUM_NAME_OVERRIDES": {
        "RegionKindEnum": "hamafza.places.models.Region.Kind",
        "OrganizationKindEnum": "hamafza.orgs.models.Organization.Kind",
        "BodyKindEnum": "hamafza.meetings.models.Body.Kind",
        "ResolutionStatusEnum": "hamafza.meetings.models.Resolution.Status",
        "AssignmentStatusEnum": "hamafza.meetings.models.Assignment.Status",
        # A progress report and a quarter report share their states (submitted, accepted, returned): one
        # name for both, or drf-spectacular warns (W002) and `check --deploy` is not clean.
        "ReportReviewStateEnum": "hamafza.meetings.models.ProgressReport.Status",
        "NeedStateEnum": "hamafza.participation.models.Need.State",
        "PledgeStateEnum": "hamafza.participation.models.Pledge.State",
        "PledgeKindEnum": "hamafza.participation.models.Pledge.Kind",
        "DonorKindEnum": "hamafza.participation.models.Donor.Kind",
        "ProgrammeStateEnum": "hamafza.goals.models.Programme.State",
        "YearEndReviewStateEnum": "hamafza.goals.models.YearEndReview.State",
        "GoalProgressStateEnum": "hamafza.goals.api.serializers.STATE_CHOICES",
        "ElectionStateEnum": "hamafza.assembly.models.Election.State",
        "CounselingPartyRoleEnum": "hamafza.counseling.models.Party.Role",
        "RoleEnum": "hamafza.meetings.models.Assignment.Role",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Mobiles, national IDs and e-mails in a message are masked before any handler writes it.
    "filters": {"personal_data": {"()": "hamafza.lib.masking.PersonalDataFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["personal_data"]}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "WARNING")},
}

WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Minutes files (Word, PDF, text) read by the importer.
MINUTES_MAX_BYTES = envint("MINUTES_MAX_BYTES", 20 * 1024 * 1024)

# Atlas incident files: the largest accepted, and the size above which the import runs in the background.
ATLAS_IMPORT_MAX_BYTES = envint("ATLAS_IMPORT_MAX_BYTES", 2 * 1024 * 1024 * 1024)
ATLAS_IMPORT_INLINE_BYTES = envint("ATLAS_IMPORT_INLINE_BYTES", 1024 * 1024)

# Needs' priority: the weights of the place's atlas rank, the urgency and the cost ("rank=0.5,urgency=0.3,cost=0.2");
# checked by hamafza.participation.services.priority.weights().
PARTICIPATION_PRIORITY_WEIGHTS = {
    key.strip(): float(value)
    for key, _eq, value in (
        item.partition("=")
        for item in envlist("PARTICIPATION_PRIORITY_WEIGHTS", "rank=0.5,urgency=0.3,cost=0.2")
    )
}

# Follow-up reports of more resolutions than this are rendered by the task worker, with their progress
# on a page and a download when ready (issue 10, defect 4); smaller ones are downloaded at once.
REPORT_INLINE_MAX_RESOLUTIONS = envint("REPORT_INLINE_MAX_RESOLUTIONS", 60)
# A PDF report of 40 resolutions or more is laid out in parts by this many processes at once (default:
# the machine's CPUs, at most 4; 1 lays every report out in the one process that asked for it).
REPORT_PDF_WORKERS = envint("REPORT_PDF_WORKERS", min(4, os.cpu_count() or 1))

# Where `manage.py backup` writes its dated archives (deploy/systemd/hamafza-backup.timer runs it nightly).
BACKUP_DIR = envstr("BACKUP_DIR", str(BASE_DIR / "var" / "backups"))
