"""Settings read from the environment strictly, with no secret key outside DEBUG."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from dashboard.env import env_bool


def _probe(env: dict) -> subprocess.CompletedProcess:
    code = (
        "import django; django.setup()\n"
        "from django.conf import settings\n"
        "print(settings.SECRET_KEY)\n"
    )
    clean = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": "dashboard.settings", **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_has_no_default_secret_key():
    result = _probe({"DEBUG": "False"})
    assert result.returncode != 0
    assert "SECRET_KEY setting must not be empty" in result.stderr


def test_debug_has_a_development_key():
    result = _probe({"DEBUG": "True"})
    assert result.returncode == 0
    assert result.stdout.startswith("django-insecure-")


@pytest.mark.parametrize("raw", ["yes please", "2", "Truthy"])
def test_booleans_are_parsed_strictly(monkeypatch, raw):
    monkeypatch.setenv("VANTAGE_TEST_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="VANTAGE_TEST_FLAG must be True or False"):
        env_bool("VANTAGE_TEST_FLAG", False)


@pytest.mark.parametrize(("raw", "value"), [("True", True), ("false", False), ("", False)])
def test_booleans_accept_true_and_false(monkeypatch, raw, value):
    monkeypatch.setenv("VANTAGE_TEST_FLAG", raw)
    assert env_bool("VANTAGE_TEST_FLAG", not value) is value
