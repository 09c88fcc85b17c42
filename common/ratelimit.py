"""A fixed-window request counter per key, kept in the cache (Redis when deployed).

Good enough for "at most N requests a minute from one address": a burst at a
window's edge may pass twice N, never more, and every app server shares the
count through the cache.
"""

import time

from django.core.cache import cache


def hit(key: str, *, limit: int, window_seconds: int = 60) -> bool:
    """Count one request under ``key``; return whether it is within ``limit``."""
    if limit <= 0:
        return True
    bucket = f"ratelimit:{key}:{int(time.time() // window_seconds)}"
    if cache.add(bucket, 1, timeout=window_seconds * 2):
        return True
    try:
        count = cache.incr(bucket)
    except ValueError:  # expired between add and incr
        cache.add(bucket, 1, timeout=window_seconds * 2)
        return True
    return count <= limit
