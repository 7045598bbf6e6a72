"""Strict readers for settings taken from the environment."""

import os
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    """Read a boolean; anything but a recognised true/false word is a configuration error."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be True or False, not {raw!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    """Read a comma-separated list, ignoring blanks."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_mailer(name: str) -> dict | None:
    """A MAILERS entry from a URL such as smtp://user:pass@host:587 (smtps:// for TLS)."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    url = urlsplit(raw)
    if url.scheme not in ("smtp", "smtps", "submission") or not url.hostname:
        raise ImproperlyConfigured(f"{name} must look like smtp://user:password@host:port")
    return {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": url.hostname,
            "port": url.port or (465 if url.scheme == "smtps" else 587),
            "username": unquote(url.username or ""),
            "password": unquote(url.password or ""),
            "use_ssl": url.scheme == "smtps",
            "use_tls": url.scheme != "smtps",
        },
    }
