"""Per-caller limits hold across the server's worker processes: in the shared file when each
process has its own memory cache, in Redis when the workers share it."""

import multiprocessing
import uuid

import pytest

from dashboard import throttle
from tests.services import redis_answers

# One fixed moment, so no count can roll into a new window while a test runs.
NOW = 1_800_000_000.0


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setattr("dashboard.throttle.time.time", lambda: NOW)


def _worker(caller, tries, limit, results):
    allowed = sum(throttle.allow("png", caller, limit, 60) for _ in range(tries))
    results.put(allowed)


def allowed_in_workers(caller, workers=3, tries=5, limit=6) -> list[int]:
    """How many of its tries each of several forked worker processes was allowed."""
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    processes = [
        context.Process(target=_worker, args=(caller, tries, limit, results))
        for _ in range(workers)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(30)
        assert process.exitcode == 0
    return [results.get(timeout=5) for _ in processes]


def test_the_memory_cache_is_per_process_so_the_count_goes_to_the_shared_file(settings):
    assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")
    throttle.allow("png", "user:1", 6, 60)
    assert "throttle:png:user:1:" in throttle.counts_file().read_text()


def test_workers_with_their_own_memory_caches_share_one_limit():
    # Fifteen tries in three processes, six allowed in all (not six in each).
    assert sum(allowed_in_workers("user:7")) == 6
    assert not throttle.allow("png", "user:7", 6, 60)


def test_each_caller_has_a_limit_of_its_own():
    for _ in range(6):
        throttle.allow("png", "user:1", 6, 60)
    assert not throttle.allow("png", "user:1", 6, 60)
    assert throttle.allow("png", "share:abc", 6, 60)


def test_an_ended_window_starts_again(monkeypatch):
    for _ in range(7):
        throttle.allow("png", "user:1", 6, 60)
    monkeypatch.setattr("dashboard.throttle.time.time", lambda: NOW + 60)
    assert throttle.allow("png", "user:1", 6, 60)
    # The ended window's count is dropped from the file.
    assert throttle.counts_file().read_text().count("user:1") == 1


def test_an_unreadable_counts_file_starts_the_count_afresh():
    throttle.counts_file().write_text('{"throttle:png:user:1:1": "not a count"} trailing')
    assert throttle.allow("png", "user:1", 6, 60)


@pytest.mark.skipif(not redis_answers(), reason="no Redis on 127.0.0.1:6379")
def test_with_redis_the_workers_count_in_the_shared_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
            "KEY_PREFIX": f"vantage-test-{uuid.uuid4().hex}",
        }
    }
    from django.core.cache import cache

    try:
        assert sum(allowed_in_workers("user:9")) == 6
        assert not throttle.allow("png", "user:9", 6, 60)
        assert not throttle.counts_file().exists()
    finally:
        # Only this test's key: clear() would empty the whole Redis database.
        cache.delete(f"throttle:png:user:9:{int(NOW) // 60}")
