"""Comments pushed by a seller's relay, signed with the session's secret."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router

from chophien.core.errors import NotFound

from . import ingest
from .models import LiveSession
from .schemas import CommentBatchIn, CommentBatchOut
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
def comments_push(request: HttpRequest, session_id: int, payload: CommentBatchIn) -> dict[str, Any]:
    session = LiveSession.objects.select_related("seller").filter(pk=session_id).first()
    if session is None:
        raise NotFound("session_not_found", _("Không tìm thấy phiên live này."))
    signature_check(
        secret=session.webhook_secret, body=request.body, header=request.headers.get("X-ChoPhien-Signature", "")
    )
    batch = [ingest.IncomingComment(c.platform, c.user_id, c.text, c.name, _arrival(c.at)) for c in payload.comments]
    return {
        "outcomes": [
            {
                **outcome.reading.as_dict(),
                "claims": [{"code": c.pin.code, "quantity": c.quantity, "status": c.status} for c in outcome.claims],
                "refusals": outcome.refusals,
            }
            for outcome in ingest.comments_ingest(session=session, incoming=batch)
        ]
    }
