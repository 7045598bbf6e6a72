"""Build a set of rows once, put the same rows back in every test that wants them.

Ingesting the seeds or building a fixture's records through factories goes through every
save, history row and check, which costs tenths of a second; inserting the finished rows
again costs milliseconds. A snapshot runs its build once inside a transaction it rolls back,
keeps every row the build added (history and many-to-many tables included) and the build's
return value, and restores both on demand inside the current test's transaction, so each
test still gets fresh rows of its own and the database is left as the build found it.
Rows go back as one INSERT per table (executemany, the values prepared once per snapshot);
database triggers (SQLite's search index) fire as for a load.
They go back as rows, not through corpus.changes: the history, review and cache-generation
rows the build's writes left are in the snapshot like any other (a fixture load, not a change).
Snapshots are also kept on disk (the temporary directory, beside the template database), under
a name that changes with the code, so a later run reads them instead of building them again.
"""

import copy
import datetime as dt
import functools
import hashlib
import os
import pickle
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from corpus.row_inserts import insert_statement, prepared_values


def _models():
    return [m for m in apps.get_models(include_auto_created=True) if m._meta.managed]


class Snapshot:
    def __init__(self, build=None):
        if build is not None:
            self._take(build)

    def _take(self, build):
        before = {
            model: set(model._base_manager.values_list("pk", flat=True)) for model in _models()
        }
        with transaction.atomic():
            self.value = build()
            self.rows = {}
            for model in _models():
                added = [r for r in model._base_manager.order_by("pk") if r.pk not in before[model]]
                if added:
                    self.rows[model] = added
            # Leave the database as the build found it; only the copy in memory survives.
            transaction.set_rollback(True)

    @classmethod
    def kept(cls, path, build):
        """The snapshot kept at path (a file named after what the build depends on), taken
        and written there when it is missing or unreadable."""
        try:
            if os.environ.get("VANTAGE_FRESH_TEST_DB") == "1":
                raise OSError("asked to build afresh")
            value, rows = pickle.loads(path.read_bytes())
            snapshot = cls()
            snapshot.value = value
            snapshot.rows = {apps.get_model(label): found for label, found in rows.items()}
            return snapshot
        except (OSError, EOFError, LookupError, pickle.UnpicklingError, AttributeError):
            pass
        snapshot = cls(build)
        # Auto-created models (many-to-many tables) pickle only as instances: keyed by label.
        rows = {model._meta.label: found for model, found in snapshot.rows.items()}
        try:
            data = pickle.dumps((snapshot.value, rows))
        except (pickle.PicklingError, TypeError, AttributeError):
            return snapshot  # a build returning something unpicklable is kept in memory only
        write_whole(path, data)
        return snapshot

    @functools.cached_property
    def _inserts(self):
        """Per table: one INSERT statement, the columns the save would stamp with the time,
        and each row's values as the database takes them (worked out once per snapshot)."""
        inserts = []
        for model, rows in self.rows.items():
            fields = model._meta.concrete_fields
            stamped = [
                i
                for i, f in enumerate(fields)
                if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            ]
            inserts.append(
                (insert_statement(model, fields), stamped, prepared_values(rows, fields))
            )
        return inserts

    def restore(self):
        """Insert the rows again and return a fresh copy of what the build returned."""
        # One transaction: foreign keys are checked once every table is back, whatever order.
        with transaction.atomic(), connection.cursor() as cursor:
            now = connection.ops.adapt_datetimefield_value(timezone.now())
            for sql, stamped, params in self._inserts:
                if stamped:
                    params = [_stamp(row, stamped, now) for row in params]
                cursor.executemany(sql, params)
            # PostgreSQL's sequences don't see explicit ids (SQLite's AUTOINCREMENT does).
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), list(self.rows)):
                    cursor.execute(sql)
        # The rows arrived without going through a save: nothing cached before may stand.
        cache.clear()
        return copy.deepcopy(self.value)


def _stamp(row: tuple, columns: list[int], now) -> tuple:
    """row with these columns set to now, as bulk_create's save would (auto_now fields)."""
    return tuple(now if i in columns else v for i, v in enumerate(row))


def write_whole(path: Path, data: bytes) -> None:
    """Write data to path whole or not at all, whichever worker finishes first."""
    path.parent.mkdir(exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.partial")
    partial.write_bytes(data)
    os.replace(partial, path)


def kept_bytes(name: str, make) -> bytes:
    """The bytes kept under name beside the template database, made by make() and kept when
    missing (or always, with VANTAGE_FRESH_TEST_DB=1): name them after what they depend on."""
    from tests import db_template

    path = db_template.FOLDER / name
    if os.environ.get("VANTAGE_FRESH_TEST_DB") != "1":
        try:
            return path.read_bytes()
        except OSError:
            pass
    data = make()
    write_whole(path, data)
    return data


def digest(*folders) -> str:
    """A short digest of every file under these folders (names and bytes)."""
    found = hashlib.sha256()
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            if "__pycache__" not in path.parts:
                found.update(str(path.relative_to(folder)).encode())
                found.update(path.read_bytes())
    return found.hexdigest()[:20]


@functools.cache
def _code_key() -> str:
    """What any kept snapshot's rows depend on: the seeds, the app's code, the migrations, the
    tests' code (factories included), the database and the day the rows' timestamps were
    written (pages show them as "today")."""
    from tests import db_template

    root = Path(settings.BASE_DIR)
    inputs = digest(root / "seeds", root / "tests", root / "dashboard")
    return f"{connection.vendor}-{dt.date.today()}-{db_template.key()}-{inputs}"


def _counters() -> dict[str, int]:
    """Each factory's next sequence number (factory_boy keeps it on the factory's options)."""
    import factory

    from tests import factories

    found = {}
    for name, value in vars(factories).items():
        if isinstance(value, type) and issubclass(value, factory.Factory):
            options = value._meta
            if options.counter_reference is options and options._counter is not None:
                found[name] = options._counter.seq
    return found


def kept(build, label: str) -> Snapshot:
    """A snapshot of build, read from the last run's copy when the code is unchanged.

    The rows of a copy carry the factory sequence numbers of the run that built them: the
    factories' counters are moved past them, as building them here would have."""
    from tests import db_template, factories

    def built():
        return build(), _counters()

    file = hashlib.sha256(f"{label}-{_code_key()}".encode()).hexdigest()[:24]
    snapshot = Snapshot.kept(db_template.FOLDER / f"built-{file}.pickle", built)
    value, counters = snapshot.value
    now = _counters()
    for name, seq in counters.items():
        if now.get(name, 0) < seq:
            getattr(factories, name).reset_sequence(seq)
    snapshot.value = value
    return snapshot


def built_once(build):
    """Use instead of @pytest.fixture on a fixture `def name(db): ...` that builds records.

    The first test that asks builds them (and rolls the build back) or reads them from the
    last run's copy on disk; every test gets the same rows restored and its own copy of the
    returned objects. The build must not depend on what else the test has put in the database.
    """
    snapshot = None

    @pytest.fixture(name=build.__name__)
    def fixture(db):
        nonlocal snapshot
        if snapshot is None:
            snapshot = kept(lambda: build(db), f"{build.__module__}.{build.__name__}")
        return snapshot.restore()

    fixture.__doc__ = build.__doc__
    return fixture


def built_once_per_argument(build):
    """Use on a helper `build(argument)` that tests call to build records (e.g. a size).

    The first call with an argument builds them (and rolls the build back) or reads them from
    the last run's copy on disk; every call with that argument gets the same rows restored and
    its own copy of the returned objects. Like @built_once, the build must not depend on what
    else the test has put in the database.
    """
    snapshots = {}

    @functools.wraps(build)
    def restored(argument):
        if argument not in snapshots:
            label = f"{build.__module__}.{build.__name__}-{argument!r}"
            snapshots[argument] = kept(lambda: build(argument), label)
        return snapshots[argument].restore()

    return restored
