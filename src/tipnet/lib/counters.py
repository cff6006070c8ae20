"""Counters in the cache for rate limits. Leaf module: imports no tipnet app."""

from __future__ import annotations

from django.core.cache import cache


def count(key: str, window_seconds: int) -> int:
    """Add one to the counter ``key`` and return it; the counter starts when first counted
    and is forgotten ``window_seconds`` later."""
    cache.add(key, 0, timeout=window_seconds)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds)
        return 1
