"""The per-process cache, bounded in bytes as well as in entries.

Django's local-memory cache counts entries only, and Vantage's entries range from a few bytes
(a generations string) to a few hundred kilobytes (a whole page at 100k stances): 500 entries
could be 150 MB in each worker. This one also keeps the bytes it holds under MAX_BYTES,
dropping the least recently used entries first (old generations' entries, which nothing
reads again, are the first to go).
"""

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache

# Bytes held, per cache name (the entries themselves are shared per name, as in LocMemCache).
_held: dict[str, list[int]] = {}


class BoundedLocMemCache(LocMemCache):
    def __init__(self, name, params):
        super().__init__(name, params)
        options = params.get("OPTIONS", {})
        self._max_bytes = int(options.get("MAX_BYTES", 32 * 1024 * 1024))
        self._held = _held.setdefault(name, [0])

    @property
    def bytes_held(self) -> int:
        return self._held[0]

    def _set(self, key, value, timeout=DEFAULT_TIMEOUT):
        self._delete(key)
        if timeout is not None and timeout is not DEFAULT_TIMEOUT and timeout <= 0:
            # Expired already ({% cache 0 … %}): LocMemCache would keep it until it is read.
            return
        if len(value) > self._max_bytes // 4:
            return  # one entry may not crowd out most of the others
        super()._set(key, value, timeout)
        self._held[0] += len(value)
        while self._held[0] > self._max_bytes and len(self._cache) > 1:
            self._pop_least_recent()

    def _pop_least_recent(self) -> None:
        # Used entries move to the front (LocMemCache.get): the last is the least recent.
        key, value = self._cache.popitem()
        self._expire_info.pop(key, None)
        self._held[0] -= len(value)

    def _cull(self):
        if self._cull_frequency == 0:
            self._cache.clear()
            self._expire_info.clear()
            self._held[0] = 0
            return
        for _ in range(len(self._cache) // self._cull_frequency):
            self._pop_least_recent()

    def _delete(self, key):
        value = self._cache.get(key)
        if not super()._delete(key):
            return False
        self._held[0] -= len(value)
        return True

    def incr(self, key, delta=1, version=None):
        value = self.get(key, version=version)
        if value is None:
            raise ValueError(f"Key '{key}' not found")
        self.set(key, value + delta, version=version)  # keeps the byte count right
        return value + delta

    def clear(self):
        with self._lock:
            self._cache.clear()
            self._expire_info.clear()
            self._held[0] = 0
