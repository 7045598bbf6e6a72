"""A fixed-window count of costly requests per caller, shared by the server's worker processes.

With a cache the workers share (Redis when REDIS_URL is set) the count lives there; with the
per-process memory cache it would be one count per gunicorn worker (a limit of 12 a minute
would be 12 × workers), so the count then lives in one small file under var/, changed under
an exclusive lock. Only costly exports (PNG) are counted, so the file sees a few writes a
minute at most.
"""

import contextlib
import fcntl
import json
import os
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache

# Cache backends each process keeps for itself: a count there would not hold across workers.
PER_PROCESS_CACHES = ("LocMemCache", "DummyCache")


def caller_key(request) -> str:
    """Who is asking: the signed-in user, else the share link's token, else the address."""
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    token = (request.resolver_match.kwargs.get("token") if request.resolver_match else "") or ""
    if token:
        return f"share:{token}"
    return f"addr:{request.META.get('REMOTE_ADDR', '')}"


def allow(action: str, caller: str, limit: int, window: int) -> bool:
    """True while `caller` has done `action` at most `limit` times in this `window` seconds."""
    now = time.time()
    key = f"throttle:{action}:{caller}:{int(now) // window}"
    if _cache_is_shared():
        return _count_in_cache(key, window) <= limit
    return _count_in_file(key, expires=(int(now) // window + 1) * window, now=now) <= limit


def _cache_is_shared() -> bool:
    return not settings.CACHES["default"]["BACKEND"].endswith(PER_PROCESS_CACHES)


def _count_in_cache(key: str, window: int) -> int:
    # add() starts the window's count atomically; incr() is atomic in every cache backend.
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # the window ended between add() and incr()
        return 1


def counts_file() -> Path:
    """Where the per-caller counts live when the cache is per process."""
    return Path(getattr(settings, "VANTAGE_THROTTLE_FILE", settings.VAR_DIR / "throttle.json"))


def _count_in_file(key: str, expires: float, now: float) -> int:
    """Add one to `key`'s count in the shared file; counts of ended windows are dropped."""
    path = counts_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            counts = _read(path)
            counts = {k: v for k, v in counts.items() if v[0] > now}
            count = counts.get(key, [expires, 0])[1] + 1
            counts[key] = [expires, count]
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(json.dumps(counts))
            temporary.replace(path)
            return count
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _read(path: Path) -> dict:
    with contextlib.suppress(FileNotFoundError, ValueError):
        data = json.loads(path.read_text())
        if isinstance(data, dict):
            return {
                k: v
                for k, v in data.items()
                if isinstance(v, list)
                and len(v) == 2
                and all(isinstance(n, int | float) for n in v)
            }
    return {}
