"""Settings for Vantage, read from the environment (DEBUG, SECRET_KEY, ALLOWED_HOSTS, …)."""

import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

from dashboard.env import env_bool, env_list, env_mailer

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

# No default outside DEBUG: left empty, Django refuses the first use of SECRET_KEY (signing a
# session or a CSRF token) with ImproperlyConfigured, while commands that sign nothing
# (makemigrations --check, collectstatic) still run.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "django-insecure-development-only-key-do-not-deploy"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Reading needs a login unless this is switched on (read-only public access).
VANTAGE_PUBLIC_READ = env_bool("VANTAGE_PUBLIC_READ", False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "simple_history",
    "axes",
    "corpus",
    "dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outermost after security: compresses what every later layer produced (JSON/CSV only).
    "dashboard.compression.DataGZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "dashboard.middleware.DatabaseUnavailableMiddleware",
    "dashboard.middleware.DebugErrorPagesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check, which reads the form: an over-large paste keeps its other fields.
    "dashboard.middleware.OversizedFormMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # django-axes wants to be last so it sees the final authentication outcome.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dashboard.urls"
WSGI_APPLICATION = "dashboard.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # Last: a shared page's render shows stand-ins for the user's token and name.
                "dashboard.shared_pages.stand_ins",
            ],
        },
    },
]

VAR_DIR = BASE_DIR / "var"
if not os.environ.get("DATABASE_URL"):
    # The embedded default: an SQLite file in var/, which a fresh clone doesn't have yet.
    VAR_DIR.mkdir(exist_ok=True)

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'vantage.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers queue on the lock instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        ),
    }
    # Kept open between requests like PostgreSQL's: a new SQLite connection parses the whole
    # schema on its first query (about 1.5 ms of CPU at 100k stances, more than the rest of
    # a cached page). Safe with WAL: outside a transaction each read sees the latest commit.

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Pages cache under keys built from the generations of what they show (corpus/page_cache.py),
# which the write bumps in its transaction: an edit is seen at once by every worker and app
# server. With REDIS_URL the workers and servers share one cache; otherwise each process
# keeps a bounded one of its own.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "vantage"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "dashboard.cache.BoundedLocMemCache",
            # Each sync worker holds its own: bounded in bytes too (whole pages at 100k
            # stances are a few hundred kilobytes each), least recently used out first.
            "OPTIONS": {
                "MAX_ENTRIES": 500,
                "MAX_BYTES": int(os.environ.get("CACHE_MAX_MB", "16")) * 1024 * 1024,
            },
        }
    }

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading the signed-in user on each request in plain SQL.
    "dashboard.session_reads.ModelBackend",
]
# Django's database sessions, read in plain SQL (dashboard/session_reads.py).
SESSION_ENGINE = "dashboard.session_reads"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "overview"
LOGOUT_REDIRECT_URL = "login"

# Lock out a username+IP pair after five failures for fifteen minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The lockout answers with Vantage's 429 page, saying how long the lock lasts.
AXES_LOCKOUT_CALLABLE = "dashboard.views.errors.lockout"
# A missing or stale CSRF token gets Vantage's 403 page with what to do about it.
CSRF_FAILURE_VIEW = "dashboard.views.errors.csrf_failure"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploaded sources are read into memory and validated; anything larger is refused.
VANTAGE_MAX_SOURCE_BYTES = 2 * 1024 * 1024
# Room for a pasted text well over the limit, so the form can say so instead of a bare 400.
DATA_UPLOAD_MAX_MEMORY_SIZE = 4 * VANTAGE_MAX_SOURCE_BYTES + 512 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = VANTAGE_MAX_SOURCE_BYTES + 512 * 1024
# An upload whose speakers were never confirmed is dropped after this many hours (on the
# next upload, or by `manage.py drop-stale-uploads`).
VANTAGE_PENDING_UPLOAD_HOURS = 48

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
# The __Host- prefix pins cookies to this exact host over HTTPS.
SESSION_COOKIE_NAME = "sessionid" if DEBUG else "__Host-sessionid"
CSRF_COOKIE_NAME = "csrftoken" if DEBUG else "__Host-csrftoken"
SESSION_COOKIE_HTTPONLY = True

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.console.EmailBackend"
        if DEBUG
        else "django.core.mail.backends.smtp.EmailBackend"
    }
}
# Invitations and password-reset links are always shown on screen; they are emailed too
# only when a mail server is configured (EMAIL_URL=smtp://user:password@host:587).
VANTAGE_EMAIL = env_mailer("EMAIL_URL")
if VANTAGE_EMAIL:
    MAILERS["default"] = VANTAGE_EMAIL
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "vantage@localhost")

TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
