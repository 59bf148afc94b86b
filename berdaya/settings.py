"""Django settings for Berdaya.

Everything that differs between a laptop and a national server comes from the environment:
DATABASE_URL (default: SQLite under var/), BERDAYA_SECRET_KEY, BERDAYA_DEBUG, BERDAYA_ALLOWED_HOSTS.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("BERDAYA_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    # A laptop install must work without configuration, yet never share a key between installs:
    # generate one on first start and keep it in var/.
    if key := os.environ.get("BERDAYA_SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("BERDAYA_DEBUG", "") in ("1", "true", "yes")
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("BERDAYA_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",") if h
]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("BERDAYA_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "berdaya.core",
    "berdaya.accounts",
    "berdaya.audit",
    "berdaya.places",
    "berdaya.people",
    "berdaya.programs",
    "berdaya.groups",
    "berdaya.books",
    "berdaya.books.loans",
    "berdaya.books.arisan",
    "berdaya.books.funds",
    "berdaya.books.sheets",
    "berdaya.books.monthend",
    "berdaya.fieldwork",
    "berdaya.fieldwork.pra",
    "berdaya.fieldwork.plans",
    "berdaya.fieldwork.training",
    "berdaya.fieldwork.innovation",
    "berdaya.fieldwork.mentoring",
    "berdaya.fieldwork.links",
    "berdaya.fieldwork.odk",
    "berdaya.clusters",
    "berdaya.clusters.cooperation",
    "berdaya.clusters.production",
    "berdaya.clusters.procurement",
    "berdaya.clusters.conveyor",
    "berdaya.clusters.valuechain",
    "berdaya.imports",
    "berdaya.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "berdaya.core.middleware.IndonesianFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "berdaya.urls"
WSGI_APPLICATION = "berdaya.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "berdaya" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "berdaya.core.context_processors.navigation",
            ],
            "builtins": ["berdaya.core.templatetags.berdaya"],
        },
    }
]

_default_db = f"sqlite:///{VAR_DIR / 'berdaya.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", _default_db), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a treasurer posts; IMMEDIATE takes the write lock at BEGIN so two
    # concurrent postings queue instead of failing with "database is locked" half-way.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Kept open between requests like PostgreSQL's (conn_max_age above): opening a SQLite connection
    # runs the PRAGMAs and registers Django's SQL functions, ~4 ms that every page paid before
    # (bench/pages.py, the signed-in trivial view). Each gunicorn thread keeps its own connection.

    # Tests use a file, not the shared in-memory database: only a file behaves like production under
    # concurrent writers (WAL, busy timeout), which the concurrency tests rely on.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}
if test_url := os.environ.get("BERDAYA_TEST_DATABASE_NAME"):
    DATABASES["default"].setdefault("TEST", {})["NAME"] = test_url

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Indonesian first; English for partners and researchers.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "berdaya" / "locale"]
USE_I18N = True
USE_TZ = True
# Stored times are UTC; each place knows its own zone (WIB/WITA/WIT) for local dates.
TIME_ZONE = "Asia/Jakarta"
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "berdaya" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "media"

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "berdaya.core.api.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "berdaya.core.api.exception_handler",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Berdaya API",
    "DESCRIPTION": "Community economic-empowerment programmes: places, people, programmes, groups.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Two fields (saving period, meeting cadence) share one set of choices; name it once.
    "ENUM_NAME_OVERRIDES": {
        "BylawsPeriodEnum": "berdaya.groups.models.Bylaws.Period",
        "AgencyRoleEnum": "berdaya.programs.models.AgencyRole.Role",
        "OfficerRoleEnum": "berdaya.groups.models.OfficerTerm.Role",
        "UserRoleEnum": "berdaya.accounts.models.Role",
        "LoanMethodEnum": "berdaya.books.loans.models.Method",
    },
}

# Largest import file accepted; larger ones are refused before any row is read.
BERDAYA_IMPORT_MAX_ROWS = int(os.environ.get("BERDAYA_IMPORT_MAX_ROWS", "20000"))
BERDAYA_IMPORT_MAX_BYTES = int(os.environ.get("BERDAYA_IMPORT_MAX_BYTES", str(8 * 1024 * 1024)))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = os.environ.get("BERDAYA_SECURE_COOKIES", "") == "1"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("BERDAYA_LOG_LEVEL", "WARNING")},
}

# Background tasks (month-end close) go through Django's Tasks API into the database; `berdaya worker`
# runs them. No broker: on PostgreSQL several workers share the queue safely.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
