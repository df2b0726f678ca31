"""Signed comment webhooks: a relay the seller runs posts the comments it reads from a platform.

The signature scheme is the one Stripe documents for its webhooks, which relay authors know:
header ``X-ChoPhien-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`` with the
session's secret. A request older than five minutes, or one seen before, is refused: a captured
request cannot be replayed to claim units again.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from django.core.cache import cache
from django.utils.translation import gettext as _

from chophien.core.errors import PermissionDenied

TOLERANCE_SECONDS = 300


def signature_make(*, secret: str, body: bytes, timestamp: int) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def signature_check(*, secret: str, body: bytes, header: str, now: float | None = None) -> None:
    """Raise PermissionDenied ``bad_signature`` or ``replayed`` unless the header signs this body
    with this secret, recently, and for the first time."""
    parts = dict(part.split("=", 1) for part in (header or "").split(",") if "=" in part)
    timestamp, given = parts.get("t", ""), parts.get("v1", "")
    # Unix seconds have 10 digits: a longer timestamp is refused before any arithmetic on it.
    if not timestamp.isascii() or not timestamp.isdigit() or len(timestamp) > 12:
        raise PermissionDenied("bad_signature", _("Chữ ký không đúng."))
    if not given.isascii() or len(given) != 64:
        raise PermissionDenied("bad_signature", _("Chữ ký không đúng."))
    expected = signature_make(secret=secret, body=body, timestamp=int(timestamp)).split("v1=", 1)[1]
    if not hmac.compare_digest(expected, given):
        raise PermissionDenied("bad_signature", _("Chữ ký không đúng."))
    if abs((now or time.time()) - int(timestamp)) > TOLERANCE_SECONDS:
        raise PermissionDenied("replayed", _("Yêu cầu đã quá cũ (quá 5 phút)."))
    # add() is atomic in Redis and the database cache: of two identical requests, one gets through.
    if not cache.add(f"live-webhook:{given}", 1, timeout=TOLERANCE_SECONDS * 2):
        raise PermissionDenied("replayed", _("Yêu cầu này đã được nhận trước đó."))
