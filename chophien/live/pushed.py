"""Platforms that push comments to us rather than being read: TikTok LIVE through a seller's relay,
and Zalo through the shop's Official Account webhook.

- TikTok LIVE publishes no comment API for third parties. Sellers run a relay on the widely used
  TikTok-Live-Connector (github.com/zerodytrash/TikTok-Live-Connector, an unofficial reader of
  TikTok's Webcast service) that forwards its ``chat`` events as they come, signed with the
  session's secret, to ``POST /api/live/{id}/tiktok``. Both shapes of that event are read: the
  flat one of its 1.x releases (``comment``, ``userId``, ``uniqueId``, ``nickname``, ``msgId``,
  ``createTime`` in ms) and the nested one of 2.x (``user.{userId,uniqueId,nickname}``,
  ``common.{msgId,createTime}``). Nothing can be posted back on TikTok: replies are pasted.
- Zalo: a viewer who messages the shop's Official Account during the live ("chốt A1") reaches us
  through the OA webhook (``user_send_text``: ``app_id``, ``sender.id``, ``message.{text,msg_id}``,
  ``timestamp`` in ms) signed in ``X-ZEvent-Signature`` as sha256(app_id + body + timestamp + OA
  secret key). The hold link is sent back as an OA consultation message: ``POST
  https://openapi.zalo.me/v3.0/oa/message/cs`` with header ``access_token`` and
  ``{"recipient": {"user_id"}, "message": {"text"}}``; Zalo answers ``{"error": 0, "data":
  {"message_id"}}`` or a negative ``error`` with a ``message``.

We cannot reach TikTok or Zalo from our build machines: these are tested against documented-shape samples of the
events and answers (``tests/samples/``: written from the documentation, not captured).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.request
from datetime import UTC, datetime
from typing import Any

from .platforms import PlatformComment, PlatformError

ZALO_CS_MESSAGE_URL = "https://openapi.zalo.me/v3.0/oa/message/cs"
ZALO_TEXT_EVENT = "user_send_text"


def from_milliseconds(value: Any) -> datetime | None:
    if len(str(value)) > 16:  # milliseconds since 1970 have 13 digits; no arithmetic on 4,000 of them
        return None
    try:
        return datetime.fromtimestamp(int(value) / 1000, tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def tiktok_chat_comment(event: Any) -> PlatformComment | None:
    """A TikTok-Live-Connector ``chat`` event as a comment; None for anything that is not one."""
    if not isinstance(event, dict) or not isinstance(event.get("comment"), str):
        return None
    user: dict[str, Any] = event["user"] if isinstance(event.get("user"), dict) else event
    common: dict[str, Any] = event["common"] if isinstance(event.get("common"), dict) else event
    user_id = str(user.get("userId") or user.get("uniqueId") or "")
    return PlatformComment(
        comment_id=str(common.get("msgId") or ""),
        user_id=user_id,
        name=str(user.get("nickname") or user.get("uniqueId") or ""),
        text=event["comment"],
        at=from_milliseconds(common.get("createTime")),
    )


def zalo_signature_valid(*, body: bytes, header: str, app_id: str, timestamp: str, secret: str) -> bool:
    """Zalo's webhook MAC: sha256 of app id, raw body, timestamp and the OA secret key, in hex
    (sent bare or as ``mac=<hex>``)."""
    given = (header or "").strip()
    given = given[4:] if given.lower().startswith("mac=") else given
    if not given.isascii() or len(given) != 64:  # compare_digest refuses non-ASCII text with an error
        return False
    expected = hashlib.sha256(app_id.encode() + body + timestamp.encode() + secret.encode()).hexdigest()
    return hmac.compare_digest(given.lower(), expected)


def zalo_text_comment(event: dict[str, Any]) -> PlatformComment | None:
    """A ``user_send_text`` event as a comment (the person's OA-scoped id; Zalo sends no name);
    None for the other events (follows, stickers, the OA's own messages)."""
    message: dict[str, Any] = event["message"] if isinstance(event.get("message"), dict) else {}
    sender: dict[str, Any] = event["sender"] if isinstance(event.get("sender"), dict) else {}
    if event.get("event_name") != ZALO_TEXT_EVENT or not isinstance(message.get("text"), str):
        return None
    return PlatformComment(
        comment_id=str(message.get("msg_id") or ""),
        user_id=str(sender.get("id") or ""),
        name="",
        text=message["text"],
        at=from_milliseconds(event.get("timestamp")),
    )


class ZaloOAReplies:
    """Answers a Zalo person with an OA consultation message (allowed after they wrote to the OA)."""

    platform = "zalo"
    reply_limit = 2000

    def __init__(self, *, access_token: str) -> None:
        self.access_token = access_token

    def reply_request(self, to: str, text: str) -> urllib.request.Request:
        body = {"recipient": {"user_id": to}, "message": {"text": text[: self.reply_limit]}}
        return urllib.request.Request(
            ZALO_CS_MESSAGE_URL,
            data=json.dumps(body, ensure_ascii=False).encode(),
            method="POST",
            headers={"access_token": self.access_token, "Content-Type": "application/json"},
        )

    def reply_parse(self, answer: Any) -> str:
        if not isinstance(answer, dict):
            raise PlatformError("Zalo answered something that is not an object")
        if answer.get("error") != 0:
            raise PlatformError(f"Zalo error {answer.get('error')}: {answer.get('message')}")
        return str((answer.get("data") or {}).get("message_id") or "")
