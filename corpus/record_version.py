"""The record's version: a value that changes whenever anything the read pages show changes.

Pages cache what they compute under keys that include it, so a cached answer is never stale
and nothing needs invalidating: a save changes the version and old entries age out of the
cache. It is read in one query of index-only lookups, whatever the size of the record.

Every save and delete through the ORM writes a history row (simple-history), so the newest
history id moves; bulk inserts write no history but raise the newest row id. Both are read.
"""

import datetime as dt
import functools
import hashlib

from django.core.cache import cache
from django.db import connection

from corpus.models import (
    Expert,
    ExpertAlias,
    Issue,
    Organisation,
    Passage,
    Scenario,
    ScenarioAssessment,
    Source,
    Stance,
)

_WITH_HISTORY = [Stance, ScenarioAssessment, Source, Expert, Organisation, Issue, Scenario]
_WITHOUT_HISTORY = [ExpertAlias, Passage]
CACHE_SECONDS = 600


@functools.cache
def _version_sql(vendor: str) -> str:
    """Built once per database vendor: reaching each model's history table is slow."""
    q = connection.ops.quote_name
    parts = []
    for model in _WITH_HISTORY:
        history = model.history.model._meta.db_table
        parts.append(f"(SELECT MAX({q('history_id')}) FROM {q(history)})")
    for model in _WITH_HISTORY + _WITHOUT_HISTORY:
        parts.append(f"(SELECT MAX({q('id')}) FROM {q(model._meta.db_table)})")
    return "SELECT " + ", ".join(parts)


def record_version() -> str:
    """Changes whenever a stance, assessment, source, expert, issue or scenario changes."""
    with connection.cursor() as cursor:
        cursor.execute(_version_sql(connection.vendor))
        row = cursor.fetchone()
    # Pages that default to "today" must not outlive the day they were computed on.
    return f"{dt.date.today().isoformat()}." + ".".join(str(n or 0) for n in row)


def cached(name: str, version: str, key: str, compute):
    """compute() once per record version and key (e.g. the query string), then from the cache."""
    digest = hashlib.sha256(f"{version}\n{key}".encode()).hexdigest()
    return cache.get_or_set(f"{name}:{digest}", compute, CACHE_SECONDS)
