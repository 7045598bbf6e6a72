"""The per-process cache stays within its bytes, and old generations' pages do not pile up."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from corpus import changes
from dashboard.cache import BoundedLocMemCache
from tests.factories import StanceFactory, UserFactory


def _cache(max_bytes: int, name: str) -> BoundedLocMemCache:
    return BoundedLocMemCache(name, {"OPTIONS": {"MAX_BYTES": max_bytes, "MAX_ENTRIES": 1000}})


def test_it_drops_the_least_recently_used_entries_to_stay_within_its_bytes():
    bounded = _cache(40_000, "test-bounded-lru")
    bounded.clear()
    for n in range(10):
        bounded.set(f"page-{n}", b"x" * 5_000)
        bounded.get("page-0")  # read on and on: kept
    assert bounded.bytes_held <= 40_000
    assert bounded.get("page-0") is not None
    assert bounded.get("page-1") is None
    assert bounded.get("page-9") is not None


def test_it_counts_replaced_and_deleted_entries_out():
    bounded = _cache(1_000_000, "test-bounded-count")
    bounded.clear()
    bounded.set("a", b"x" * 10_000)
    bounded.set("a", b"x" * 20_000)
    held = bounded.bytes_held
    assert 20_000 < held < 21_000
    bounded.delete("a")
    assert bounded.bytes_held == 0


def test_it_refuses_an_entry_larger_than_a_quarter_of_its_bytes():
    bounded = _cache(40_000, "test-bounded-large")
    bounded.clear()
    bounded.set("small", b"x" * 100)
    bounded.set("large", b"x" * 20_000)
    assert bounded.get("large") is None
    assert bounded.get("small") is not None


def test_it_keeps_nothing_that_expires_at_once():
    bounded = _cache(40_000, "test-bounded-zero")
    bounded.clear()
    bounded.set("fragment", b"x" * 1_000, 0)
    assert bounded.bytes_held == 0
    assert bounded.get("fragment") is None


@pytest.mark.django_db
def test_a_page_at_a_new_generation_replaces_its_older_entry():
    stance = StanceFactory()
    client = Client()
    client.force_login(UserFactory(role="viewer"))
    url = reverse("issue", args=[stance.issue.slug])

    def shared_entries() -> int:
        return sum("shared-page:issue:" in key for key in cache._cache)

    client.get(url)
    assert shared_entries() == 1
    for n in range(3):
        stance.refresh_from_db()
        changes.edit(stance, {"summary": f"Edit {n}."}, seen_version=stance.version, by=None)
        assert f"Edit {n}." in client.get(url).text
    assert shared_entries() == 1
