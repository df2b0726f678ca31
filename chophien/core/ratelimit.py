"""A fixed-window counter in the shared cache (Redis in production, the database cache locally)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache

from .errors import RateLimited

if TYPE_CHECKING:
    from redis.asyncio import Redis as AsyncRedis


def _redis_client() -> Any | None:
    """The Redis client behind the default cache, or None when the cache is not Redis."""
    from django.core.cache import caches

    default = caches["default"]
    return default._cache.get_client(write=True) if isinstance(default, RedisCache) else None


def rate_limit_redis_key(key: str) -> str:
    """Where Redis keeps ``key``'s counter: the cache's prefix and version included, so that the
    cache's own clients and the asynchronous ones below count together."""
    return cache.make_and_validate_key(f"ratelimit:{key}")


def rate_limit_hit(*, key: str, limit: int, window_seconds: int, message: str) -> None:
    """Count one attempt under ``key``; raise RateLimited once more than ``limit`` fall in the window."""
    cache_key = f"ratelimit:{key}"
    client = _redis_client()
    if client is not None:
        # Redis: one round trip. The window starts at the first attempt (EXPIRE NX sets it once).
        redis_key = rate_limit_redis_key(key)
        pipeline = client.pipeline(transaction=True)
        pipeline.incr(redis_key)
        pipeline.expire(redis_key, window_seconds, nx=True)
        attempts, _expiry_set = pipeline.execute()
        if attempts > limit:
            raise RateLimited("rate_limited", message)
        return
    now = int(time.time())
    # add() only sets a missing key, so the window starts at the first attempt and is never extended.
    cache.add(f"{cache_key}:until", now + window_seconds, timeout=window_seconds)
    window_ends = cache.get(f"{cache_key}:until", now + window_seconds)
    remaining = max(1, window_ends - now)
    cache.add(cache_key, 0, timeout=remaining)
    try:
        attempts = cache.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        cache.set(cache_key, 1, timeout=remaining)
        attempts = 1
    # The database and file caches have no native increment: their incr() re-sets the key with the
    # default 300-second timeout, which would end the window early. Put the window's end back.
    cache.touch(cache_key, remaining)
    if attempts > limit:
        raise RateLimited("rate_limited", message)


async def rate_limit_hit_redis(client: AsyncRedis, *, redis_key: str, limit: int, window_seconds: int) -> bool:
    """``rate_limit_hit`` for code that talks to Redis itself, asynchronously (the label scan app):
    count one attempt under ``redis_key`` (from ``rate_limit_redis_key``); False once over ``limit``."""
    async with client.pipeline(transaction=True) as pipeline:
        pipeline.incr(redis_key)
        pipeline.expire(redis_key, window_seconds, nx=True)
        attempts, _expiry_set = await pipeline.execute()
    return int(attempts) <= limit


def rate_limit_reset(*, key: str) -> None:
    cache.delete_many([f"ratelimit:{key}", f"ratelimit:{key}:until"])


def rate_limit_check(*, key: str, limit: int, message: str) -> None:
    """Raise RateLimited if ``key`` has already used up its ``limit`` in the current window, without
    counting an attempt: a blocked caller stays blocked even when the next attempt would succeed."""
    attempts = cache.get(f"ratelimit:{key}", 0)
    if attempts >= limit:
        raise RateLimited("rate_limited", message)
