"""Comments pushed to us: by a seller's relay (signed with the session's secret), as TikTok LIVE
chat events from a relay, and by a shop's Zalo Official Account webhook."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router
from ninja.decorators import decorate_view

from chophien.core.api import platform_text
from chophien.core.errors import NotFound
from chophien.core.schemas import Id

from . import ingest, pushed, zalo
from .models import LiveSession, Platform
from .schemas import CommentBatchIn, CommentBatchOut, TikTokEventsIn, ZaloTakenOut
from .webhooks import signature_check

router = Router(tags=["live"])


MAX_CLOCK_SKEW = timedelta(minutes=10)


def _arrival(at: datetime | None) -> datetime:
    """The relay's time for a comment, kept within ten minutes before now: it orders the claims and
    starts their holds, so a wrong clock must not put a claim ahead of the queue or expire it at once."""
    now = timezone.now()
    if at is None or timezone.is_naive(at):
        return now
    return min(now, max(at, now - MAX_CLOCK_SKEW))


@router.post(
    "/live/{session_id}/comments",
    response=CommentBatchOut,
    summary="Bình luận từ relay của người bán (ký HMAC)",
    description="Header X-ChoPhien-Signature: t=<unix>,v1=<HMAC-SHA256 hex của '<t>.<body>'> với khoá bí mật "
    "của phiên. Quá 5 phút hoặc gửi lại cùng yêu cầu: 403.",
)
@decorate_view(platform_text)
def comments_push(request: HttpRequest, session_id: Id, payload: CommentBatchIn) -> dict[str, Any]:
    session = _signed_session(request, session_id)
    batch = [ingest.IncomingComment(c.platform, c.user_id, c.text, c.name, _arrival(c.at)) for c in payload.comments]
    return {"outcomes": [_outcome_out(o) for o in ingest.comments_ingest(session=session, incoming=batch)]}


@router.post(
    "/live/{session_id}/tiktok",
    response=CommentBatchOut,
    summary="Bình luận TikTok LIVE từ relay (sự kiện 'chat' của TikTok-Live-Connector, ký HMAC)",
    description="Như /comments, nhưng thân là {\"events\": [...]}: các sự kiện 'chat' nguyên dạng. Sự kiện "
    "không phải bình luận được bỏ qua (kết quả 'other').",
)
@decorate_view(platform_text)
def tiktok_push(request: HttpRequest, session_id: Id, payload: TikTokEventsIn) -> dict[str, Any]:
    session = _signed_session(request, session_id)
    read = [pushed.tiktok_chat_comment(event) for event in payload.events]
    batch = [
        ingest.IncomingComment(Platform.TIKTOK, c.user_id, c.text, c.name, _arrival(c.at))
        for c in read
        if c is not None
    ]
    taken = iter(ingest.comments_ingest(session=session, incoming=batch))
    return {
        "outcomes": [
            _outcome_out(next(taken))
            if c is not None
            else _outcome_out(ingest.not_a_comment(_("Không phải bình luận (sự kiện khác của TikTok).")))
            for c in read
        ]
    }


@router.post(
    "/live/zalo",
    response=ZaloTakenOut,
    summary="Webhook của Zalo Official Account (tin nhắn người xem gửi shop khi đang live)",
    description="Header X-ZEvent-Signature: sha256(app_id + body + timestamp + OA secret key). Tin nhắn văn bản "
    "được đọc như bình luận trong phiên đang live của shop; lượt giữ hàng được trả lời bằng tin nhắn OA.",
)
def zalo_push(request: HttpRequest) -> dict[str, Any]:
    taken = zalo.zalo_event_take(body=request.body, signature=request.headers.get("X-ZEvent-Signature", ""))
    return {"status": taken.status, "outcome": _outcome_out(taken.outcome) if taken.outcome else None}


def _signed_session(request: HttpRequest, session_id: int) -> LiveSession:
    session = LiveSession.objects.select_related("seller").filter(pk=session_id).first()
    if session is None:
        raise NotFound("session_not_found", _("Không tìm thấy phiên live này."))
    signature_check(
        secret=session.webhook_secret, body=request.body, header=request.headers.get("X-ChoPhien-Signature", "")
    )
    return session


def _outcome_out(outcome: ingest.CommentOutcome) -> dict[str, Any]:
    return {
        **outcome.reading.as_dict(),
        "claims": [{"code": c.pin.code, "quantity": c.quantity, "status": c.status} for c in outcome.claims],
        "refusals": outcome.refusals,
    }
