"""A shop's Zalo Official Account during a live: connecting it, taking its webhook's messages as
comments, and answering holds with an OA message (``pushed`` has the platform's formats)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chophien.accounts.models import User
from chophien.core.errors import NotFound, PermissionDenied, ValidationError
from chophien.core.text import json_texts_storable
from chophien.sellers.models import Seller
from chophien.sellers.services import seller_check

from . import ingest, pushed
from .models import ClaimStatus, LiveSession, Platform, SessionStatus, ZaloAccount

TOLERANCE = timedelta(minutes=5)
APP_ID_MAX = 32


def zalo_account_set(*, seller: Seller, by: User, app_id: str, secret_key: str, access_token: str) -> ZaloAccount:
    """Connect (or update) the shop's Zalo OA. An empty access token keeps the one given before."""
    seller_check(seller=seller, by=by)
    app_id, secret_key, access_token = app_id.strip(), secret_key.strip(), access_token.strip()
    if not app_id.isdigit() or len(app_id) > APP_ID_MAX:
        raise ValidationError(
            "zalo_app_id_invalid", _("App ID của Zalo là một dãy số, xem trong trang Zalo for Developers.")
        )
    if not secret_key:
        raise ValidationError("zalo_secret_missing", _("Vui lòng nhập khoá bí mật (Secret key) của ứng dụng Zalo."))
    if ZaloAccount.objects.filter(app_id=app_id).exclude(seller=seller).exists():
        raise ValidationError("zalo_app_taken", _("Ứng dụng Zalo này đã được kết nối với một shop khác."))
    defaults: dict[str, object] = {"app_id": app_id, "secret_key": secret_key, "updated_at": timezone.now()}
    if access_token:
        defaults["access_token"] = access_token
    account, _created = ZaloAccount.objects.update_or_create(seller=seller, defaults=defaults)
    return account


@dataclass(frozen=True)
class ZaloTaken:
    status: str  # "read", "ignored" (not a text message), "duplicate", "no_live"
    outcome: ingest.CommentOutcome | None = None


def zalo_event_take(*, body: bytes, signature: str) -> ZaloTaken:
    """One webhook call from Zalo. Raises ValidationError ``bad_json``, NotFound
    ``zalo_app_unknown``, PermissionDenied ``bad_signature`` / ``replayed``; a text message is read
    as a comment in the shop's session that is live now, and its holds are answered on Zalo."""
    try:
        # What a viewer wrote is taken as it is, but a NUL or a broken character cannot be stored.
        event = json_texts_storable(json.loads(body))
    except ValueError:
        event = None
    if not isinstance(event, dict):
        raise ValidationError("bad_json", _("Nội dung gửi lên không phải JSON hợp lệ."))
    app_id, timestamp = str(event.get("app_id") or ""), str(event.get("timestamp") or "")
    account = ZaloAccount.objects.filter(app_id=app_id).first()
    if account is None:
        raise NotFound("zalo_app_unknown", _("Ứng dụng Zalo này chưa được kết nối với shop nào."))
    if not pushed.zalo_signature_valid(
        body=body, header=signature, app_id=app_id, timestamp=timestamp, secret=account.secret_key
    ):
        raise PermissionDenied("bad_signature", _("Chữ ký không đúng."))
    at = pushed.from_milliseconds(timestamp)
    if at is None or abs(timezone.now() - at) > TOLERANCE:
        raise PermissionDenied("replayed", _("Yêu cầu đã quá cũ (quá 5 phút)."))
    comment = pushed.zalo_text_comment(event)
    if comment is None or not comment.user_id:
        return ZaloTaken("ignored")
    # Zalo sends an event again when we answer slowly: the same message claims once.
    marker = f"live-zalo:{app_id}:{comment.comment_id or signature}"
    if not cache.add(marker, 1, timeout=TOLERANCE.seconds * 2):
        return ZaloTaken("duplicate")
    session = (
        LiveSession.objects.filter(seller_id=account.seller_id, status=SessionStatus.LIVE)
        .order_by("-started_at")
        .first()
    )
    if session is None:
        return ZaloTaken("no_live")
    incoming = ingest.IncomingComment(Platform.ZALO, comment.user_id, comment.text, "", at)
    try:
        outcome = ingest.comments_ingest(session=session, incoming=[incoming])[0]
    except Exception:
        cache.delete(marker)  # not taken: Zalo's retry must get through
        raise
    held = [claim.pk for claim in outcome.claims if claim.status == ClaimStatus.HELD]
    if held and account.access_token:
        from .tasks import zalo_holds_answer  # the task module imports this one

        transaction.on_commit(
            lambda: zalo_holds_answer.enqueue(account_id=account.pk, to=comment.user_id, claim_ids=held)
        )
    return ZaloTaken("read", outcome)
