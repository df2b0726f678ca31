"""Label scans served beside Django: the one request a printed label makes, at the rate a market
day's crowd of phones makes it.

A scan of a serialized label (``/t/<code>/<serial>``, ``/01/<gtin>/…/21/<serial>``) is the
platform's hottest request. Through Django's request handling on a 2-core machine it costs 5-9 ms of
CPU before the view runs (middleware chain, thread hops between the event loop and sync code), which
caps a process far below the 500 scans a second the issue asks for. This ASGI app answers that
request alone, on the event loop, with one Redis round trip (the rate limit), one SQL statement (the
scan, ``scans.SCAN_SQL``) and the same 307 redirect and headers the Django view gives. Everything
else goes to Django unchanged: other paths, linksets, unknown or malformed labels, a caller over
its rate limit (Django renders those pages), and any failure of the fast path's own connections.
A scan that may be the sign of a copied label (``CountedScan.needs_checks``) is checked by the same
code as Django's view, in a thread.

It runs only where production runs: PostgreSQL and Redis (``TRACE_FAST_SCANS``, on by default).
"""

from __future__ import annotations

import asyncio
import logging
import re
import urllib.parse
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import close_old_connections
from django.http import HttpRequest, HttpResponse, parse_cookie
from django.http.request import split_domain_port, validate_host
from django.utils.cache import add_never_cache_headers

from chophien.core.errors import DomainError
from chophien.core.ratelimit import rate_limit_hit_redis, rate_limit_redis_key

from . import gs1, scans, views
from .gs1 import LabelKey

logger = logging.getLogger(__name__)
_SCANNED_AT = "chophien.scanned_at"

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[Mapping[str, Any]]]
Send = Callable[[Mapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_PLATFORM_SERIAL = re.compile(r"/t/([^/]+)/([^/]+)")


def label_key_of(path: str) -> LabelKey | None:
    """The serialized label a decoded request path names, or None for anything this app leaves to
    Django (a batch label, a malformed or unknown shape)."""
    if path.startswith("/t/"):
        match = _PLATFORM_SERIAL.fullmatch(path)
        if match is None or not gs1.GS1_CHARACTERS.fullmatch(match.group(2)):
            return None
        return LabelKey(public_code=match.group(1).upper(), serial=match.group(2).upper())
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
        self._pool: Any = None
        self._redis: Any = None
        self._opening = asyncio.Lock()
        self.open_timeout = 5.0  # seconds to reach PostgreSQL before Django answers instead

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
        key = self._fast_key(scope)
        if key is not None:
            try:
                counted = await self._count(scope, key)
            except Exception:
                # Nothing was recorded (the statement is its own transaction): Django answers instead.
                logger.exception("label scan app failed; Django answers this scan")
                counted = None
            if counted is not None:
                await self._answer(scope, send, key, counted)
                return
        await self.django_app(scope, receive, send)

    def _fast_key(self, scope: Scope) -> LabelKey | None:
        if scope["type"] != "http" or scope["method"] != "GET" or b"linkType" in scope.get("query_string", b""):
            return None
        if views.LINKSET in _header(scope, b"accept"):
            return None
        if settings.SECURE_SSL_REDIRECT and _scheme(scope) != "https":
            return None  # Django's security middleware sends the phone to https first
        return label_key_of(scope["path"])

    async def _count(self, scope: Scope, key: LabelKey) -> scans.CountedScan | None:
        """Record the scan, or return None for Django to answer it (without having recorded it)."""
        host = _header(scope, b"host")
        domain, _port = split_domain_port(host)
        if not domain or not validate_host(domain, settings.ALLOWED_HOSTS):
            return None  # Django answers 400
        await self._open()
        client_ip = scope["client"][0] if scope.get("client") else "unknown"
        within_limit = await rate_limit_hit_redis(
            self._redis,
            redis_key=rate_limit_redis_key(f"trace-scan:{client_ip}"),
            limit=settings.TRACE_SCANS_PER_MINUTE,
            window_seconds=60,
        )
        if not within_limit:
            return None  # Django counts it too (the caller is blocked anyway) and shows the limit page
        scope[views.SCAN_RATE_COUNTED] = True  # Django, taking over an unknown label, counts it once
        now = datetime.now(UTC)
        async with self._pool.connection() as connection:
            cursor = await connection.execute(scans.SCAN_SQL, scans.scan_sql_params(key, now))
            row = await cursor.fetchone()
        if row is None:
            return None  # a serial we never issued: Django records it and raises the alert
        counted = scans.CountedScan.of_row(row)
        scope[_SCANNED_AT] = now
        return counted

    async def _answer(self, scope: Scope, send: Send, key: LabelKey, counted: scans.CountedScan) -> None:
        """The recorded scan's alert checks when it needs them, then the redirect to its trace page."""
        if counted.needs_checks:
            try:
                await sync_to_async(_checked, thread_sensitive=False)(counted, key, scope[_SCANNED_AT])
            except Exception:
                # The scan stands and the person still gets the page; the checks run again at the
                # unit's next scan (they read the counters, which this scan already moved).
                logger.exception("alert checks of scan %s failed", counted.scan_id)
        await _redirect(scope, send, counted, key=key, language=_language(scope))

    async def _open(self) -> None:
        if self._pool is not None:
            return
        async with self._opening:
            if self._pool is not None:
                return
            from psycopg_pool import AsyncConnectionPool
            from redis.asyncio import Redis

            pool = AsyncConnectionPool(
                kwargs={**_connection_kwargs(self.database), "autocommit": True},
                min_size=1,
                max_size=self.database.get("OPTIONS", {}).get("pool", {}).get("max_size", 10),
                open=False,
            )
            try:
                await pool.open(wait=True, timeout=self.open_timeout)
            except Exception:
                await pool.close()
                raise
            self._redis = Redis.from_url(self.redis_url)
            self._pool = pool

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()
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


def _checked(counted: scans.CountedScan, key: LabelKey, now: datetime) -> None:
    """The alert checks of a scan, with Django's connection, outside any request (so the connection
    goes back to the pool afterwards)."""
    try:
        scans.scan_counted_check(counted=counted, key=key, now=now)
    finally:
        close_old_connections()


def _connection_kwargs(database: dict[str, Any]) -> dict[str, Any]:
    """psycopg's connection arguments for Django's database settings (without Django's own options)."""
    options = {
        name: value
        for name, value in database.get("OPTIONS", {}).items()
        if name not in ("pool", "isolation_level", "server_side_binding", "assume_role")
    }
    given = {
        "dbname": database["NAME"],
        "user": database.get("USER"),
        "password": database.get("PASSWORD"),
        "host": database.get("HOST"),
        "port": database.get("PORT"),
    }
    return {**{name: value for name, value in given.items() if value}, **options}


def _header(scope: Scope, name: bytes) -> str:
    for header, value in scope.get("headers", ()):
        if header == name:
            return str(value.decode("latin-1"))
    return ""


def _scheme(scope: Scope) -> str:
    if settings.SECURE_PROXY_SSL_HEADER:
        header, secure_value = settings.SECURE_PROXY_SSL_HEADER
        forwarded = _header(scope, header.removeprefix("HTTP_").replace("_", "-").lower().encode())
        if forwarded:
            return "https" if forwarded.split(",")[0].strip() == secure_value else "http"
    return str(scope.get("scheme", "http"))


def _language(scope: Scope) -> str:
    """The page's language as Django's view chooses it (the language cookie, then the phone's)."""
    request = HttpRequest()
    request.META["HTTP_ACCEPT_LANGUAGE"] = _header(scope, b"accept-language")
    request.COOKIES = parse_cookie(_header(scope, b"cookie"))
    return views.language_of(request)


async def _redirect(scope: Scope, send: Send, counted: scans.CountedScan, *, key: LabelKey, language: str) -> None:
    target = views.trace_path(counted.public_code, key.serial.upper(), language)
    target += "?" + urllib.parse.urlencode({"quet": scans.scan_place_token(counted.scan_id)})
    anchor = f"{_scheme(scope)}://{_header(scope, b'host')}{scope.get('raw_path', b'').decode('latin-1')}"
    headers = [
        (b"content-type", b"text/html; charset=utf-8"),
        (b"content-length", b"0"),
        (b"location", target.encode("latin-1")),
        (b"link", f'<{anchor}?linkType=all>; rel="linkset"; type="{views.LINKSET}"'.encode("latin-1")),
        (b"vary", b"Accept-Language"),  # as Django's locale middleware says (nothing caches a 307 here)
        (b"content-language", language.encode()),
        *_fixed_headers(https=_scheme(scope) == "https"),
    ]
    await send({"type": "http.response.start", "status": 307, "headers": headers})
    await send({"type": "http.response.body", "body": b""})


def _fixed_headers(*, https: bool) -> list[tuple[bytes, bytes]]:
    """The headers Django's security, clickjacking and never_cache give the same response."""
    headers: dict[str, str] = {}
    if settings.SECURE_CONTENT_TYPE_NOSNIFF:
        headers["X-Content-Type-Options"] = "nosniff"
    if settings.SECURE_REFERRER_POLICY:
        headers["Referrer-Policy"] = settings.SECURE_REFERRER_POLICY
    if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
        headers["Cross-Origin-Opener-Policy"] = settings.SECURE_CROSS_ORIGIN_OPENER_POLICY
    if https and settings.SECURE_HSTS_SECONDS:
        hsts = f"max-age={settings.SECURE_HSTS_SECONDS}"
        if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
            hsts += "; includeSubDomains"
        if settings.SECURE_HSTS_PRELOAD:
            hsts += "; preload"
        headers["Strict-Transport-Security"] = hsts
    headers["X-Frame-Options"] = settings.X_FRAME_OPTIONS
    never_cache = HttpResponse()
    add_never_cache_headers(never_cache)
    headers.update({name: never_cache[name] for name in ("Expires", "Cache-Control")})
    return [(name.lower().encode(), value.encode("latin-1")) for name, value in headers.items()]
