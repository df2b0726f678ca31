"""The Zalo OA access token: kept in the database, refreshed before it expires, never refreshed twice.

Zalo's OA tokens (https://developers.zalo.me/docs/official-account/bat-dau/xac-thuc-va-uy-quyen-cho-ung-dung-new,
as walked through in https://www.hexasync.vn/zalo-oa-api-huong-dan-cach-lay-access-token-tu-refresh-token/):
an access token lasts 25 hours (``expires_in`` "90000" seconds); a new one is asked with
``POST https://oauth.zaloapp.com/v4/oa/access_token``, the app's ``secret_key`` as a header and a form
body of ``refresh_token``, ``app_id`` and ``grant_type=refresh_token``; the answer carries a new
``access_token``, a new ``refresh_token`` and ``expires_in``. A refresh token can be used once (and
lasts three months): spending it twice loses the pair, so one worker at a time refreshes, under a
lease taken by a conditional UPDATE (the same on PostgreSQL and SQLite, and no HTTP call is made
inside a transaction). A failed refresh is an alert: logged at ERROR with ``ALERT_MARKER``, kept on
the row and shown in the admin, and retried no sooner than ``RETRY_FAILED_REFRESH_AFTER``.
"""

from __future__ import annotations

import logging
import urllib.parse
import urllib.request
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from .backends import DeliveryFailed
from .http import Opener, ProviderUnreachable, default_opener, fetch_json
from .models import ZaloToken

logger = logging.getLogger("chophien.messaging")

ZALO_TOKEN_URL = "https://oauth.zaloapp.com/v4/oa/access_token"  # noqa: S105 (an address, not a secret)
ALERT_MARKER = "ZALO_TOKEN_REFRESH_FAILED"
REFRESH_WHEN_LEFT = timedelta(hours=1)
LEASE = timedelta(seconds=60)
RETRY_FAILED_REFRESH_AFTER = timedelta(minutes=5)


class ZaloRefreshRefused(Exception):
    pass


def zalo_tokens_set(*, access_token: str, refresh_token: str, expires_in_seconds: int) -> ZaloToken:
    """Store the first pair of tokens (from Zalo's authorisation), or replace a pair that was lost."""
    if not access_token.strip() or not refresh_token.strip() or expires_in_seconds <= 0:
        raise ValueError("both tokens and a positive lifetime are needed")
    token, _created = ZaloToken.objects.update_or_create(
        app_id=settings.ZALO_APP_ID,
        defaults={
            "access_token": access_token.strip(),
            "refresh_token": refresh_token.strip(),
            "expires_at": timezone.now() + timedelta(seconds=expires_in_seconds),
            "refreshing_until": None,
            "refresh_failed_at": None,
            "refresh_failures": 0,
            "last_error": "",
        },
    )
    return token


def build_refresh_request(*, refresh_token: str) -> urllib.request.Request:
    body = urllib.parse.urlencode(
        {"refresh_token": refresh_token, "app_id": settings.ZALO_APP_ID, "grant_type": "refresh_token"}
    )
    return urllib.request.Request(
        ZALO_TOKEN_URL,
        data=body.encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", "secret_key": settings.ZALO_APP_SECRET_KEY},
        method="POST",
    )


def parse_refresh_answer(answer: object) -> tuple[str, str, int]:
    """(access token, refresh token, lifetime in seconds) of a successful answer. Raises ZaloRefreshRefused."""
    if not isinstance(answer, dict):
        raise ZaloRefreshRefused(f"Zalo answered {type(answer).__name__}, not an object")
    access, refresh, expires_in = answer.get("access_token"), answer.get("refresh_token"), answer.get("expires_in")
    if isinstance(access, str) and access and isinstance(refresh, str) and refresh:
        try:
            seconds = int(str(expires_in))
        except ValueError:
            seconds = 0
        if 0 < seconds <= 10 * 24 * 3600:
            return access, refresh, seconds
        raise ZaloRefreshRefused(f"Zalo answered an expires_in of {str(expires_in)[:20]!r}")
    reason = answer.get("error_description") or answer.get("error_name") or answer.get("message") or "no token"
    raise ZaloRefreshRefused(f"Zalo error {str(answer.get('error'))[:12]}: {str(reason)[:150]}")


def zalo_token_refresh(*, force: bool = False, now: datetime | None = None, opener: Opener | None = None) -> ZaloToken:
    """Refresh the access token when less than REFRESH_WHEN_LEFT is left (or ``force``), unless another
    worker holds the lease or a refresh failed less than RETRY_FAILED_REFRESH_AFTER ago.

    Returns the row as it then is. A failure is recorded on the row and logged at ERROR with
    ALERT_MARKER; it never raises for Zalo's sake. Raises ZaloToken.DoesNotExist before the first tokens.
    """
    moment = now or timezone.now()
    token = ZaloToken.objects.get(app_id=settings.ZALO_APP_ID)
    if not force and token.expires_at - moment >= REFRESH_WHEN_LEFT:
        return token
    if token.refresh_failed_at is not None and moment - token.refresh_failed_at < RETRY_FAILED_REFRESH_AFTER:
        return token
    spent = token.refresh_token
    claimed = (
        ZaloToken.objects.filter(pk=token.pk, refresh_token=spent)
        .filter(Q(refreshing_until__isnull=True) | Q(refreshing_until__lt=moment))
        .update(refreshing_until=moment + LEASE)
    )
    if not claimed:  # another worker is refreshing, or has just refreshed
        return ZaloToken.objects.get(pk=token.pk)
    try:
        access, refresh, seconds = parse_refresh_answer(
            fetch_json(opener or default_opener(), build_refresh_request(refresh_token=spent))
        )
    except (ProviderUnreachable, ZaloRefreshRefused) as exc:
        error = str(exc)[:255]
        logger.error("%s app %s: %s", ALERT_MARKER, token.app_id, error)
        # Only while this worker's lease holds the token it spent, and counted in the database.
        ZaloToken.objects.filter(pk=token.pk, refresh_token=spent).update(
            refreshing_until=None,
            refresh_failed_at=moment,
            last_error=error,
            refresh_failures=F("refresh_failures") + 1,
        )
        return ZaloToken.objects.get(pk=token.pk)
    ZaloToken.objects.filter(pk=token.pk, refresh_token=spent).update(
        access_token=access,
        refresh_token=refresh,
        expires_at=moment + timedelta(seconds=seconds),
        refreshing_until=None,
        refreshed_at=moment,
        refresh_failed_at=None,
        refresh_failures=0,
        last_error="",
    )
    logger.info("Zalo access token refreshed; it lasts until %s", moment + timedelta(seconds=seconds))
    return ZaloToken.objects.get(pk=token.pk)


def zalo_access_token(*, refused: str | None = None, opener: Opener | None = None) -> str:
    """The access token to call Zalo with, refreshed first when it has less than an hour left, or when
    ``refused`` (a token Zalo just called invalid) is still the stored one.

    Raises DeliveryFailed (not retryable, so SMS carries the message) when there are no tokens yet or
    the stored one has expired and could not be refreshed.
    """
    try:
        token = ZaloToken.objects.get(app_id=settings.ZALO_APP_ID)
    except ZaloToken.DoesNotExist:
        raise DeliveryFailed(
            "no Zalo OA token: set the first ones with manage.py messaging_zalo_tokens", is_retryable=False
        ) from None
    now = timezone.now()
    force = refused is not None and refused == token.access_token
    if force or token.expires_at - now < REFRESH_WHEN_LEFT:
        token = zalo_token_refresh(force=force, now=now, opener=opener)
    if token.expires_at <= now or (refused is not None and token.access_token == refused):
        raise DeliveryFailed(f"the Zalo OA access token is not usable: {token.last_error}", is_retryable=False)
    return token.access_token
