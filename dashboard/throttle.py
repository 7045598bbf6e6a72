"""A fixed-window count of costly requests per caller, kept in the cache."""

import time

from django.core.cache import cache


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
    key = f"throttle:{action}:{caller}:{int(time.time()) // window}"
    # add() starts the window's count atomically; incr() is atomic in every cache backend.
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key) <= limit
    except ValueError:  # the window ended between add() and incr()
        return True
