"""A fixed-window counter in the shared cache (Redis in production, the database cache locally)."""

from __future__ import annotations

from django.core.cache import cache

from .errors import RateLimited


def rate_limit_hit(*, key: str, limit: int, window_seconds: int, message: str) -> None:
    """Count one attempt under ``key``; raise RateLimited once more than ``limit`` fall in the window."""
    cache_key = f"ratelimit:{key}"
    # add() only sets a missing key, so the window starts at the first attempt and is never extended.
    cache.add(cache_key, 0, timeout=window_seconds)
    try:
        attempts = cache.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        cache.set(cache_key, 1, timeout=window_seconds)
        attempts = 1
    if attempts > limit:
        raise RateLimited("rate_limited", message)


def rate_limit_reset(*, key: str) -> None:
    cache.delete(f"ratelimit:{key}")
