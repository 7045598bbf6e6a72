"""Page cache keys built from the generations of what a page shows.

The write door (corpus/changes/notify.py) bumps a counter per scope it touched, in the
write's transaction; a page reads the counters of the scopes it shows in one query and keys
its cache on them, so an edit invalidates exactly the pages that show it, every worker and
app server sees it on the next request, and nothing polls the record itself.
"""

import datetime as dt
import hashlib

from django.core.cache import cache
from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat

from corpus.changes.notify import ASSESSMENTS, PEOPLE, RECORD
from corpus.models import Generation

CACHE_SECONDS = 600

__all__ = [
    "ASSESSMENTS",
    "PEOPLE",
    "RECORD",
    "audience",
    "cached",
    "generations",
    "page_key",
    "with_generations",
]


def generations(scopes) -> str:
    """The scopes' counters as one string, read in one query (a scope never bumped is 0)."""
    scopes = sorted(set(scopes))
    values = dict(Generation.objects.filter(scope__in=scopes).values_list("scope", "value"))
    return ",".join(f"{s}={values.get(s, 0)}" for s in scopes)


def with_generations(queryset, own: str, shared=()):
    """queryset whose rows carry the generations of their page, read in the same query: the
    row's own scope (`own` is its prefix: "expert" for "expert:<pk>") and the shared ones.
    Read them with generation_of(row); the string is the one generations() gives."""
    scopes = {f"generation_{i}": Value(s) for i, s in enumerate(sorted(set(shared)))}
    own_scope = Concat(Value(f"{own}:"), Cast(OuterRef("pk"), CharField()))
    annotations = {"generation_own": _generation(own_scope)}
    annotations |= {name: _generation(scope) for name, scope in scopes.items()}
    queryset = queryset.annotate(**annotations)
    return queryset


def _generation(scope):
    value = Generation.objects.filter(scope=scope).values("value")[:1]
    return Subquery(value)


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


def audience(user, page: str) -> str:
    """Which version of page the user sees: readers share one, each set of rights its own."""
    rights = RIGHTS_SHOWN.get(page, ())
    # No permission lookup at all for pages that are the same for everyone.
    held = [r.rpartition("_")[2] for r in rights if user.has_perm(r)]
    return "+".join(held) or "everyone"


def page_key(request, page: str, scopes, generation: str | None = None) -> str:
    """The cache key of a page: its scopes' generations, the audience and the full path."""
    generation = generations(scopes) if generation is None else generation
    # Pages that default to "today" must not outlive the day they were computed on.
    parts = [page, dt.date.today().isoformat(), generation, audience(request.user, page)]
    parts.append(request.get_full_path())
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def cached(name: str, key: str, compute):
    """compute() once per key (a page_key or generations string), then from the cache."""
    digest = hashlib.sha256(key.encode()).hexdigest()
    return cache.get_or_set(f"{name}:{digest}", compute, CACHE_SECONDS)
