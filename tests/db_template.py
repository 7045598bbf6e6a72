"""SQLite test databases copied from a migrated template instead of migrated again.

Migrating an empty database costs seconds (rendering model states for every operation), and
every xdist worker did it each run. The first run migrates as usual and keeps a copy of the
result in the temporary directory, named after everything migrating depends on: Django's and
SQLite's versions, the installed apps, every migration file and the corpus app's code (its
post_migrate handler writes the role groups). Later runs copy that template into the new
in-memory test database with SQLite's backup API, so they test the very schema and rows the
migrations make. Anything else (PostgreSQL, a file test database, --reuse-db) migrates as
usual; VANTAGE_FRESH_TEST_DB=1 migrates and writes a new template.
"""

import hashlib
import importlib.util
import os
import sqlite3
import sys
import tempfile
from pathlib import Path
from unittest import mock

import django
from django.apps import apps
from django.conf import settings
from django.core import management
from django.db.backends.sqlite3.creation import DatabaseCreation

FOLDER = Path(tempfile.gettempdir()) / "vantage-test-db"


def key() -> str:
    digest = hashlib.sha256()
    digest.update(repr((django.VERSION, sqlite3.sqlite_version, sys.version_info[:2])).encode())
    digest.update(repr(settings.INSTALLED_APPS).encode())
    files = set(Path(apps.get_app_config("corpus").path).rglob("*.py"))
    for config in apps.get_app_configs():
        spec = importlib.util.find_spec(f"{config.module.__name__}.migrations")
        if spec and spec.submodule_search_locations:
            for location in spec.submodule_search_locations:
                files |= set(Path(location).glob("*.py"))
    for path in sorted(files):
        digest.update(str(path.name).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def install() -> None:
    original = DatabaseCreation.create_test_db

    def create_test_db(self, verbosity=1, autoclobber=False, serialize=None, keepdb=False):
        fresh = os.environ.get("VANTAGE_FRESH_TEST_DB") == "1"
        if keepdb or not self.is_in_memory_db(self._get_test_db_name()):
            return original(self, verbosity, autoclobber, serialize, keepdb)
        template = FOLDER / f"{self.connection.alias}-{key()}.sqlite3"
        if fresh or not template.exists():
            name = original(self, verbosity, autoclobber, serialize, keepdb)
            _write(self.connection, template)
            return name

        call_command = management.call_command

        def copy_template(command, *args, **options):
            if command != "migrate":  # createcachetable
                return call_command(command, *args, **options)
            self.connection.ensure_connection()
            source = sqlite3.connect(template)
            try:
                source.backup(self.connection.connection)
            finally:
                source.close()

        with mock.patch.object(management, "call_command", copy_template):
            return original(self, verbosity, autoclobber, serialize, keepdb)

    DatabaseCreation.create_test_db = create_test_db


def _write(connection, template: Path) -> None:
    FOLDER.mkdir(exist_ok=True)
    partial = template.with_suffix(f".{os.getpid()}.partial")
    connection.ensure_connection()
    target = sqlite3.connect(partial)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    os.replace(partial, template)  # whole or not at all, whichever worker finishes first
