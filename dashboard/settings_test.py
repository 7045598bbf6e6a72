"""Test settings: fast hashing, in-memory email, throttling off outside its own tests."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DEBUG", "False")
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-0123456789abcdefghijkl")
os.environ.setdefault("SECURE_SSL_REDIRECT", "False")

from dashboard.settings import *  # noqa: F403
from dashboard.settings import STORAGES

ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
AXES_ENABLED = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SESSION_COOKIE_NAME = "sessionid"
CSRF_COOKIE_NAME = "csrftoken"
SECURE_HSTS_SECONDS = 0
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files from the finders; no collectstatic in tests.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# PNG export counts per caller (dashboard/throttle.py): one file per test session, emptied
# before each test like the cache (tests/conftest.py).
VANTAGE_THROTTLE_FILE = Path(tempfile.gettempdir()) / f"vantage-throttle-{os.getpid()}.json"
