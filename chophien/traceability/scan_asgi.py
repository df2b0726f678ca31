"""Label scans served beside Django: the one request a printed label makes, at the rate a market
day's crowd of phones makes it.

A scan of a serialized label (``/t/<code>/<serial>``, ``/01/<gtin>/…/21/<serial>``) is the
platform's hottest request. Through Django's request handling on a 2-core machine it cost 5-9 ms of
CPU before the view ran, which capped a process far below the 500 scans a second the issue asks
for. This ASGI app answers that request alone, on the event loop, with one Redis round trip (the
rate limit), one SQL statement (the scan, ``scans.SCAN_SQL``) and the answer Django's view gives,
built by the view's own ``scan_redirect`` from Django's own request object and passed through the
same header-setting middleware. Everything else goes to Django unchanged: other paths, linksets,
unknown or malformed labels, a caller over its rate limit (Django renders those pages), and any
failure of the app's own connections. A scan that may be the sign of a copied label
(``CountedScan.needs_checks``) is checked by the same code as Django's view, in a thread.

It runs only where production runs: PostgreSQL and Redis (``TRACE_FAST_SCANS``, on by default).
"""

from __future__ import annotations

import asyncio
import io
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import psycopg
import redis
from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.handlers.asgi import ASGIRequest
from django.db import close_old_connections
from django.http import HttpResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.security import SecurityMiddleware
from django.utils.cache import add_never_cache_headers, patch_vary_headers

from chophien.core.errors import DomainError
from chophien.core.http import client_ip, policy_headers_set
from chophien.core.ratelimit import rate_limit_hit_redis, rate_limit_redis_key

from . import gs1, scans, views
from .gs1 import LabelKey

if TYPE_CHECKING:
    from psycopg_pool import AsyncConnectionPool
    from redis.asyncio import Redis

logger = logging.getLogger(__name__)

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[Mapping[str, Any]]]
Send = Callable[[Mapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# After its database or Redis failed, the app leaves every scan to Django this long before trying
# again, so that an outage costs each scan nothing more than Django's own attempt.
PAUSE_AFTER_FAILURE_SECONDS = 30.0
# A failure of PostgreSQL or Redis (unreachable, refusing, a pool out of connections), as opposed to
# a fault in this code (which is logged, and Django answers that one scan).
_SERVICE_FAILURES: tuple[type[BaseException], ...] = (OSError, TimeoutError, psycopg.Error, redis.RedisError)


def label_key_of(path: str) -> LabelKey | None:
    """The serialized label a decoded request path names, or None for anything this app leaves to
    Django (a batch label, a malformed or unknown shape)."""
    if path.startswith("/t/"):
        parts = path.split("/")
        if len(parts) != 4 or not parts[2] or not gs1.GS1_CHARACTERS.fullmatch(parts[3]):
            return None
        return LabelKey(public_code=parts[2].upper(), serial=parts[3].upper())
    if path.startswith("/01/"):
        try:
            key = gs1.digital_link_parse(path, is_decoded=True)
        except DomainError:
            return None
        return key if key.serial else None
    return None


class LabelScanApp:
    """Wraps the Django ASGI application; see the module's docstring."""

    def __init__(self, django_app: ASGIApp, *, database: dict[str, Any], redis_url: str) -> None:
        self.django_app = django_app
        self.database = database
        self.redis_url = redis_url
        self.open_timeout = 5.0  # seconds to reach PostgreSQL before Django answers instead
        self._pool: AsyncConnectionPool | None = None
        self._redis: Redis | None = None
        self._opening = asyncio.Lock()
        self._paused_until = 0.0
        # Django's header-setting middleware, run on this app's answers as on Django's.
        self._security = SecurityMiddleware(_never_called)
        self._frame_options = XFrameOptionsMiddleware(_never_called)

    @classmethod
    def wrapping(cls, django_app: ASGIApp) -> ASGIApp:
        """The app to serve: this one in front of Django where production runs (PostgreSQL and
        Redis, ``TRACE_FAST_SCANS``), Django alone elsewhere."""
        database = settings.DATABASES["default"]
        if not (
            settings.TRACE_FAST_SCANS and database["ENGINE"] == "django.db.backends.postgresql" and settings.REDIS_URL
        ):
            return django_app
        return cls(django_app, database=database, redis_url=settings.REDIS_URL)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        scan = self._scan_request(scope)
        if scan is not None:
            request, key = scan
            try:
                counted = await self._count(scope, request, key)
            except _SERVICE_FAILURES:
                logger.exception("label scans: PostgreSQL or Redis failed; Django answers them for a while")
                self._paused_until = time.monotonic() + PAUSE_AFTER_FAILURE_SECONDS
                counted = None
            except Exception:
                logger.exception("label scan app failed; Django answers this scan")
                counted = None
            # From here the scan is recorded: whatever happens, Django must not record it again.
            if counted is not None:
                await self._answer(request, send, key, *counted)
                return
        await self.django_app(scope, receive, send)

    def _scan_request(self, scope: Scope) -> tuple[ASGIRequest, LabelKey] | None:
        """Django's request object for a person's scan of a serialized label that this app may
        answer, with the label it names, or None to hand the request to Django."""
        if scope["type"] != "http" or scope["method"] != "GET" or time.monotonic() < self._paused_until:
            return None
        key = label_key_of(scope["path"])
        if key is None:
            return None
        request = ASGIRequest(scope, io.BytesIO())
        if views.wants_linkset(request):
            return None
        if settings.SECURE_SSL_REDIRECT and not request.is_secure():
            return None  # Django's security middleware sends the phone to https first
        try:
            request.get_host()
        except DisallowedHost:
            return None  # Django answers 400
        return request, key

    async def _count(
        self, scope: Scope, request: ASGIRequest, key: LabelKey
    ) -> tuple[scans.CountedScan, datetime] | None:
        """Record the scan (what it counted, and when), or return None for Django to answer it
        (without having recorded it)."""
        pool, client = await self._open()
        within_limit = await rate_limit_hit_redis(
            client,
            redis_key=rate_limit_redis_key(f"trace-scan:{client_ip(request)}"),
            limit=settings.TRACE_SCANS_PER_MINUTE,
            window_seconds=60,
        )
        if not within_limit:
            return None  # Django counts it too (the caller is blocked anyway) and shows the limit page
        scope[views.SCAN_RATE_COUNTED] = True  # Django, taking over an unknown label, counts it once
        now = datetime.now(UTC)
        # One statement, its own transaction. Should the connection break after PostgreSQL
        # committed it but before the answer arrived, Django records the scan a second time: a
        # scan too many on a broken connection, rather than a scan lost.
        async with pool.connection(timeout=self.open_timeout) as connection:
            cursor = await connection.execute(scans.SCAN_SQL, scans.scan_sql_params(key, now))
            row = await cursor.fetchone()
        if row is None:
            return None  # a serial we never issued: Django records it and raises the alert
        return scans.CountedScan.of_row(row), now

    async def _answer(
        self, request: ASGIRequest, send: Send, key: LabelKey, counted: scans.CountedScan, scanned_at: datetime
    ) -> None:
        """The recorded scan's alert checks when it needs them, then Django's view's redirect."""
        resolved = scans.scan_counted_resolved(counted=counted, key=key)
        if counted.needs_checks:
            try:
                await sync_to_async(_alerts, thread_sensitive=False)(resolved, counted, key, scanned_at)
            except Exception:
                # The scan stands and the person still gets the page; the checks run again at the
                # unit's next scan (they read the counters, which this scan already moved).
                logger.exception("alert checks of scan %s failed", counted.scan_id)
        response = views.scan_redirect(request, resolved)
        add_never_cache_headers(response)  # the view's @never_cache
        # What the middleware between uvicorn and the view add to this answer in Django.
        self._security.process_response(request, response)
        self._frame_options.process_response(request, response)
        policy_headers_set(response)  # as core.middleware.SecurityHeadersMiddleware
        patch_vary_headers(response, ("Accept-Language",))
        # Label paths sit outside the language prefixes: the locale middleware names the default.
        response.headers.setdefault("Content-Language", settings.LANGUAGE_CODE)
        response.headers["Content-Length"] = str(len(response.content))  # as the common middleware
        headers = [(name.encode("ascii"), value.encode("latin-1")) for name, value in response.items()]
        await send({"type": "http.response.start", "status": response.status_code, "headers": headers})
        await send({"type": "http.response.body", "body": response.content})

    async def _open(self) -> tuple[AsyncConnectionPool, Redis]:
        """The process's PostgreSQL pool and Redis client, made at the first scan."""
        if self._pool is None or self._redis is None:
            async with self._opening:
                if self._pool is None or self._redis is None:
                    from psycopg_pool import AsyncConnectionPool
                    from redis.asyncio import Redis

                    client = Redis.from_url(self.redis_url, socket_connect_timeout=self.open_timeout)
                    pool = AsyncConnectionPool(
                        kwargs={**_connection_kwargs(self.database), "autocommit": True},
                        min_size=1,
                        max_size=self.database.get("OPTIONS", {}).get("pool", {}).get("max_size", 10),
                        max_waiting=1000,  # beyond: PoolTooManyRequests, and Django answers
                        open=False,
                    )
                    try:
                        await pool.open(wait=True, timeout=self.open_timeout)
                    except BaseException:
                        await pool.close()
                        await client.aclose()
                        raise
                    self._pool, self._redis = pool, client
        return self._pool, self._redis

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()
        if self._redis is not None:
            await self._redis.aclose()
        self._pool = self._redis = None

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.close()
                await send({"type": "lifespan.shutdown.complete"})
                return


def _never_called(request: Any) -> HttpResponse:
    raise AssertionError("only process_response of these middleware is used")


def _alerts(resolved: scans.Resolved, counted: scans.CountedScan, key: LabelKey, now: datetime) -> None:
    """The alert checks of a scan, with Django's connection, outside any request (so the connection
    goes back to the pool afterwards)."""
    try:
        scans.scan_counted_alerts(resolved=resolved, counted=counted, key=key, now=now)
    finally:
        close_old_connections()


def _connection_kwargs(database: dict[str, Any]) -> dict[str, Any]:
    """psycopg's connection arguments for Django's database settings (without Django's own options)."""
    options = {
        name: value
        for name, value in database.get("OPTIONS", {}).items()
        if name not in ("pool", "isolation_level", "server_side_binding", "assume_role")
    }
    # As Django does: nothing prepared unless DATABASE_PREPARED asks (a PgBouncer before 1.21 loses
    # prepared statements between transactions).
    options.setdefault("prepare_threshold", None)
    given = {
        "dbname": database["NAME"],
        "user": database.get("USER"),
        "password": database.get("PASSWORD"),
        "host": database.get("HOST"),
        "port": database.get("PORT"),
    }
    return {**{name: value for name, value in given.items() if value}, **options}
