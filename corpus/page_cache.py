"""Page cache keys built from the generations of what a page shows.

The write door (corpus/changes/notify.py) bumps a counter per scope it touched, in the
write's transaction; a page reads the counters of the scopes it shows in one query and keys
its cache on them, so an edit invalidates exactly the pages that show it, every worker and
app server sees it on the next request, and nothing polls the record itself.
"""

import datetime as dt
import hashlib

from django.core.cache import cache

from corpus.changes.notify import ASSESSMENTS, PEOPLE, RECORD
from corpus.models import Generation

CACHE_SECONDS = 600

__all__ = ["ASSESSMENTS", "PEOPLE", "RECORD", "audience", "cached", "generations", "page_key"]


def generations(scopes) -> str:
    """The scopes' counters as one string, read in one query (a scope never bumped is 0)."""
    scopes = sorted(set(scopes))
    values = dict(Generation.objects.filter(scope__in=scopes).values_list("scope", "value"))
    return ",".join(f"{s}={values.get(s, 0)}" for s in scopes)


# What about a user changes each cached page: the edit controls these permissions add. The
# one place that decides it; a page not listed is the same for everyone.
RIGHTS_SHOWN = {
    "issue": ("corpus.change_stance",),
    "compare": ("corpus.change_stance", "corpus.change_scenarioassessment"),
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
