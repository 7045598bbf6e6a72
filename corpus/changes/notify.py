"""What a change to the record touched, and telling what depends on it.

Inside the write's transaction: the touched scopes' cache generations move and the
registered read-model updaters run, so readers see the change exactly when it commits.
After commit: the `record_changed` signal (for anything that must not roll back).
"""

from collections.abc import Callable, Iterable

from django.db import connection, transaction
from django.db.models import F
from django.dispatch import Signal

from corpus.models import Generation

record_changed = Signal()  # sent on commit with scopes=frozenset[str]

RECORD = "record"  # every page that shows anything of the record depends on it
# The names and details shown beside records (experts, organisations, sources, issues,
# scenarios): written outside the door, so their saves bump it (corpus/changes/scopes.py).
PEOPLE = "people"
ASSESSMENTS = "assessments"  # every assessment: the scenario board shows them all
# Who holds which permission (groups, their permissions, users' own): pages whose version
# depends on the reader's rights key on it, so their permission lookup can be cached.
RIGHTS = "rights"
# Which expert × issue cells hold a latest position at all: moved only when one appears or
# disappears (most edits change a cell's content, not whether it is there).
CELLS = "cells"
_BATCH = 500  # scopes per statement (SQLite allows 32,766 parameters)
_updaters: list[Callable[[list], None]] = []


def register_updater(fn: Callable[[list], None]) -> Callable[[list], None]:
    """Run fn(records) in the write's transaction after every change (read models)."""
    _updaters.append(fn)
    return fn


def scopes_of(record) -> set[str]:
    """The scopes a stance or assessment belongs to (its expert, source and issue/scenario);
    an event names its own (the timelines of its issues)."""
    if hasattr(record, "scopes"):
        return record.scopes()
    scopes = {RECORD, f"expert:{record.expert_id}", f"source:{record.source_id}"}
    if hasattr(record, "issue_id"):
        scopes.add(f"issue:{record.issue_id}")
    if hasattr(record, "scenario_id"):
        scopes |= {f"scenario:{record.scenario_id}", ASSESSMENTS}
    return scopes


def touched(records: Iterable, *, extra: Iterable[str] = ()) -> frozenset[str]:
    """Record that records changed (call after the write, inside its transaction)."""
    records = list(records)
    scopes = set(extra)
    for record in records:
        scopes |= scopes_of(record)
    if not scopes:
        return frozenset()
    bump(scopes)
    for updater in _updaters:
        updater(records)
    frozen = frozenset(scopes)
    transaction.on_commit(lambda: record_changed.send(sender=None, scopes=frozen))
    return frozen


def bump(scopes: Iterable[str]) -> None:
    """Move the generation of each scope, creating the counters it lacks: one statement."""
    scopes = sorted(set(scopes))
    table = connection.ops.quote_name(Generation._meta.db_table)
    for start in range(0, len(scopes), _BATCH):
        batch = scopes[start : start + _BATCH]
        # An upsert in a fixed (sorted) order: two concurrent writers lock the rows they share
        # in the same order, so they cannot deadlock; PostgreSQL and SQLite both speak it.
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (scope, value) VALUES {', '.join(['(%s, 1)'] * len(batch))}"
                f" ON CONFLICT (scope) DO UPDATE SET value = {table}.value + 1",
                batch,
            )


def bump_all() -> None:
    """Move every generation: after a change to the whole record (e.g. a bulk delete)."""
    Generation.objects.update(value=F("value") + 1)
    bump([RECORD, PEOPLE, ASSESSMENTS, CELLS])
