from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Schema


class CommentIn(Schema):
    platform: str = Field(description="tiktok, facebook, youtube, zalo")
    user_id: str = Field(description="the commenter's id on that platform")
    name: str = ""
    text: str = Field(max_length=10_000)
    at: datetime | None = Field(None, description="when the platform received it; now if absent")


class CommentBatchIn(Schema):
    comments: list[CommentIn] = Field(max_length=500)


class TikTokEventsIn(Schema):
    events: list[dict[str, Any]] = Field(
        max_length=500, description="TikTok-Live-Connector 'chat' events, as the relay received them"
    )


class ClaimOut(Schema):
    code: str
    quantity: int
    status: str


class CommentOutcomeOut(Schema):
    intent: str
    items: list[dict[str, object]]
    phone: str | None
    claims: list[ClaimOut]
    refusals: list[str]


class CommentBatchOut(Schema):
    outcomes: list[CommentOutcomeOut]


class ZaloTakenOut(Schema):
    status: str = Field(description="read, ignored, duplicate or no_live")
    outcome: CommentOutcomeOut | None = None
