"""Suite-wide rules: which database this pass runs on, and skipping what needs a missing service.

`make test` runs the suite twice: on SQLite, then (all but browser tests) with DATABASE_URL set to
the local PostgreSQL. Tests marked ``postgres`` run only in the second pass. When a service is
absent its tests skip with the reason, unless CHOPHIEN_REQUIRE_SERVICES is set (CI), where a
skip for a missing service is a failure: a green CI always means PostgreSQL was tested.
"""

from __future__ import annotations

import os

import pytest
from django.conf import settings

REQUIRE_SERVICES = bool(os.environ.get("CHOPHIEN_REQUIRE_SERVICES"))


def _vendor() -> str:
    return "postgresql" if "postgresql" in settings.DATABASES["default"]["ENGINE"] else "sqlite"


def _postgres_reachable() -> str | None:
    import psycopg

    db = settings.DATABASES["default"]
    try:
        psycopg.connect(
            host=db.get("HOST") or None,
            port=db.get("PORT") or None,
            user=db.get("USER") or None,
            password=db.get("PASSWORD") or None,
            dbname=db.get("NAME"),
            connect_timeout=3,
        ).close()
    except psycopg.OperationalError as exc:
        return str(exc).strip().splitlines()[0]
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    vendor = _vendor()
    if vendor == "postgresql":
        problem = _postgres_reachable()
        if problem:
            reason = f"PostgreSQL is not reachable ({problem}); start it or unset DATABASE_URL"
            if REQUIRE_SERVICES:
                raise pytest.UsageError(f"CI needs PostgreSQL: {reason}")
            for item in items:
                item.add_marker(pytest.mark.skip(reason=reason))
        return
    for item in items:
        if item.get_closest_marker("postgres"):
            # Not a missing service: this test belongs to the PostgreSQL pass of `make test`.
            item.add_marker(pytest.mark.skip(reason="runs in the PostgreSQL pass (make test-postgres)"))


def require_service(reason: str) -> None:
    """Skip the calling test because a service is missing, or fail it in CI."""
    if REQUIRE_SERVICES:
        pytest.fail(f"CI needs this service: {reason}")
    pytest.skip(reason)


TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_url() -> str:
    """The test Redis (``TEST_REDIS_URL``, database 15 by default), once it answers; skips the calling
    test when it does not (fails it in CI)."""
    import redis

    try:
        redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        require_service(f"Redis is not reachable at {TEST_REDIS_URL}")
    return TEST_REDIS_URL
