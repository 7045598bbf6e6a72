"""Page cache keys built from the generations of what a page shows.

The write door (corpus/changes/notify.py) bumps a counter per scope it touched, in the
write's transaction; a page reads the counters of the scopes it shows in one query and keys
its cache on them, so an edit invalidates exactly the pages that show it, every worker and
app server sees it on the next request, and nothing polls the record itself.
"""

import datetime as dt
import hashlib

from django.core.cache import cache
from django.db import connection
from django.db.models import BigIntegerField
from django.db.models.expressions import RawSQL

from corpus.changes.notify import ASSESSMENTS, CELLS, PEOPLE, RECORD, RIGHTS
from corpus.models import Generation

CACHE_SECONDS = 600

__all__ = [
    "ASSESSMENTS",
    "CELLS",
    "PEOPLE",
    "RECORD",
    "RIGHTS",
    "audience",
    "cached",
    "generation_values",
    "generations",
    "page_key",
    "with_generations",
]


def generation_values(scopes) -> dict[str, int]:
    """Each scope's counter, read in one query (a scope never bumped is 0)."""
    scopes = sorted(set(scopes))
    # Plain SQL: every cached page runs this, and the ORM's compiling costs more than the read.
    marks = ", ".join(["%s"] * len(scopes))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT scope, value FROM {_TABLE} WHERE scope IN ({marks})", scopes)
        values = dict(cursor.fetchall())
    return {s: values.get(s, 0) for s in scopes}


_TABLE = Generation._meta.db_table


def generations(scopes, values: dict[str, int] | None = None) -> str:
    """The scopes' counters as one string: read in one query, or taken from `values` (what
    generation_values returned for these scopes and perhaps more)."""
    scopes = sorted(set(scopes))
    values = generation_values(scopes) if values is None else values
    return ",".join(f"{s}={values[s]}" for s in scopes)


def with_generations(queryset, own: str, shared=()):
    """queryset whose rows carry the generations of their page, read in the same query: the
    row's own scope (`own` is its prefix: "expert" for "expert:<pk>") and the shared ones.
    Read them with generation_of(row); the string is the one generations() gives."""
    meta = queryset.model._meta
    row_pk = f'CAST("{meta.db_table}"."{meta.pk.column}" AS TEXT)'
    # Raw subqueries (valid SQLite and PostgreSQL): the ORM's Subquery costs more to compile
    # than the whole read, on every cached page hit.
    read = f"SELECT value FROM {_TABLE} WHERE scope = "
    annotations = {"generation_own": RawSQL(f"{read}%s || {row_pk}", [f"{own}:"], _VALUE)}
    for i, scope in enumerate(sorted(set(shared))):
        annotations[f"generation_{i}"] = RawSQL(f"{read}%s", [scope], _VALUE)
    return queryset.annotate(**annotations)


_VALUE = BigIntegerField()


def generation_of(row, own: str, shared=()) -> str:
    """The generations string of a row read through with_generations(…, own, shared)."""
    values = {f"{own}:{row.pk}": row.generation_own or 0}
    for i, scope in enumerate(sorted(set(shared))):
        values[scope] = getattr(row, f"generation_{i}") or 0
    return ",".join(f"{s}={values[s]}" for s in sorted(values))


# What about a user changes each cached page: the drafts and edit controls these permissions
# add. The one place that decides it; a page not listed is the same for everyone. A whole
# cached response (dashboard/shared_pages.py) is only kept when its view and templates
# checked no permission beyond its page's list here.
RIGHTS_SHOWN = {
    "issue": ("corpus.change_stance", "corpus.review_stance"),
    "compare": ("corpus.change_stance", "corpus.change_scenarioassessment"),
    "expert": (
        "corpus.change_expert",
        "corpus.change_stance",
        "corpus.review_stance",
        "corpus.change_scenarioassessment",
        "corpus.review_scenarioassessment",
    ),
    "source": (
        "corpus.add_stance",
        "corpus.change_passage",
        "corpus.change_stance",
        "corpus.review_stance",
        "corpus.change_scenarioassessment",
        "corpus.review_scenarioassessment",
    ),
}


def audience(user, page: str, generation: str = "") -> str:
    """Which version of page the user sees: readers share one, each set of rights its own.

    When generation (the page's generations string) carries the rights scope, the user's
    permissions come from the cache under it instead of two queries on every request."""
    rights = RIGHTS_SHOWN.get(page, ())
    if not rights:  # no permission lookup at all for pages that are the same for everyone
        return "everyone"
    held_rights = _cached_rights(user, generation)
    if held_rights is None:
        held = [r for r in rights if user.has_perm(r)]
    else:
        held = [r for r in rights if r in held_rights]
    return "+".join(r.rpartition("_")[2] for r in held) or "everyone"


def _cached_rights(user, generation: str) -> frozenset | None:
    """The user's permissions, cached under the rights generation in generation, or None."""
    prefix = f"{RIGHTS}="
    found = next((p for p in generation.split(",") if p.startswith(prefix)), None)
    if found is None:
        return None
    if not user.is_authenticated:
        return frozenset()
    # The flags that change what the permissions are without a group change are in the key.
    key = f"rights:{user.pk}:{int(user.is_active)}:{int(user.is_superuser)}:{found}"
    return cache.get_or_set(key, lambda: frozenset(user.get_all_permissions()), CACHE_SECONDS)


def page_key(request, page: str, scopes, generation: str | None = None) -> str:
    """The cache key of a page: its scopes' generations, the audience and the full path."""
    generation = generations(scopes) if generation is None else generation
    # Pages that default to "today" must not outlive the day they were computed on.
    parts = [page, dt.date.today().isoformat(), generation]
    parts.append(audience(request.user, page, generation))
    parts.append(request.get_full_path())
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def cached(name: str, key: str, compute):
    """compute() once per key (a page_key or generations string), then from the cache."""
    digest = hashlib.sha256(key.encode()).hexdigest()
    return cache.get_or_set(f"{name}:{digest}", compute, CACHE_SECONDS)


def cached_parts(name: str, keys: dict, compute) -> dict:
    """One cached value per part of a page (a matrix row, an issue's figures).

    keys maps each part to the string it depends on (its generations, the filters, …);
    compute(missing) returns {part: value} for the parts the cache lacks, which are stored
    for next time. One get_many, and one set_many when something was missing: an edit
    recomputes the parts it touched and the others come from the cache.
    """
    names = {
        part: f"{name}:{hashlib.sha256(key.encode()).hexdigest()}" for part, key in keys.items()
    }
    found = cache.get_many(list(names.values()))
    values = {part: found[n] for part, n in names.items() if n in found}
    missing = [part for part in keys if part not in values]
    if missing:
        fresh = compute(missing)
        cache.set_many({names[part]: fresh[part] for part in missing}, CACHE_SECONDS)
        values.update(fresh)
    return values
