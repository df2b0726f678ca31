"""Reading comments from the platforms' own APIs, where they publish one.

We cannot reach the platforms from our build machines: each adapter builds the request the
platform documents and parses the answer it documents, and is tested against recorded answers of
that documented shape (``tests/recorded/``).

- YouTube: ``GET https://www.googleapis.com/youtube/v3/liveChat/messages?liveChatId=…&part=snippet,
  authorDetails&pageToken=…`` (Data API v3, liveChatMessages.list): ``items[].snippet.displayMessage``,
  ``.publishedAt``, ``authorDetails.channelId``/``displayName``; ``nextPageToken`` and
  ``pollingIntervalMillis`` say where and when to read next.
- Facebook: ``GET https://graph.facebook.com/v19.0/{live-video-id}/comments?fields=id,message,
  created_time,from&order=chronological&live_filter=no_filter&after=…`` (Graph API, live video
  comments): ``data[].message``, ``.created_time``, ``.from.id``/``.name``; ``paging.cursors.after``.
- TikTok LIVE and Zalo publish no comment API for third parties: their comments reach us through
  the signed webhook from a relay the seller runs, or as a pasted export in the console.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from django.utils.dateparse import parse_datetime

YOUTUBE_MESSAGES_URL = "https://www.googleapis.com/youtube/v3/liveChat/messages"
FACEBOOK_GRAPH_URL = "https://graph.facebook.com/v19.0"


class PlatformError(Exception):
    """The platform answered with an error or something we cannot read."""


@dataclass(frozen=True)
class PlatformComment:
    user_id: str
    name: str
    text: str
    at: datetime | None


@dataclass(frozen=True)
class CommentPage:
    comments: list[PlatformComment]
    cursor: str  # where to read next; "" when there is nothing more
    wait_seconds: float  # how long to wait before the next read


class CommentSource(Protocol):
    platform: str

    def request(self, cursor: str) -> urllib.request.Request: ...

    def parse(self, answer: Any) -> CommentPage: ...


class YouTubeLiveChat:
    platform = "youtube"

    def __init__(self, *, live_chat_id: str, access_token: str) -> None:
        self.live_chat_id, self.access_token = live_chat_id, access_token

    def request(self, cursor: str) -> urllib.request.Request:
        query = {"liveChatId": self.live_chat_id, "part": "snippet,authorDetails", "maxResults": "2000"}
        if cursor:
            query["pageToken"] = cursor
        return urllib.request.Request(  # noqa: S310 (a fixed https URL)
            f"{YOUTUBE_MESSAGES_URL}?{urllib.parse.urlencode(query)}",
            headers={"Authorization": f"Bearer {self.access_token}", "Accept": "application/json"},
        )

    def parse(self, answer: Any) -> CommentPage:
        if not isinstance(answer, dict):
            raise PlatformError("YouTube answered something that is not an object")
        if "error" in answer:
            error = answer["error"]
            raise PlatformError(f"YouTube error {error.get('code')}: {error.get('message')}")
        comments = []
        for item in answer.get("items", []):
            snippet, author = item.get("snippet", {}), item.get("authorDetails", {})
            if snippet.get("type") not in (None, "textMessageEvent") or not snippet.get("hasDisplayContent", True):
                continue  # super chats, polls, deleted messages: not comments to read
            comments.append(
                PlatformComment(
                    user_id=str(author.get("channelId") or snippet.get("authorChannelId") or ""),
                    name=str(author.get("displayName", "")),
                    text=str(snippet.get("displayMessage", "")),
                    at=parse_datetime(snippet["publishedAt"]) if snippet.get("publishedAt") else None,
                )
            )
        wait = float(answer.get("pollingIntervalMillis") or 2000) / 1000
        return CommentPage(comments, str(answer.get("nextPageToken") or ""), wait)


class FacebookLiveComments:
    platform = "facebook"

    def __init__(self, *, live_video_id: str, access_token: str) -> None:
        self.live_video_id, self.access_token = live_video_id, access_token

    def request(self, cursor: str) -> urllib.request.Request:
        query = {
            "fields": "id,message,created_time,from",
            "order": "chronological",
            "live_filter": "no_filter",
            "limit": "500",
        }
        if cursor:
            query["after"] = cursor
        return urllib.request.Request(  # noqa: S310 (a fixed https URL)
            f"{FACEBOOK_GRAPH_URL}/{urllib.parse.quote(self.live_video_id)}/comments?{urllib.parse.urlencode(query)}",
            headers={"Authorization": f"Bearer {self.access_token}", "Accept": "application/json"},
        )

    def parse(self, answer: Any) -> CommentPage:
        if not isinstance(answer, dict):
            raise PlatformError("Facebook answered something that is not an object")
        if "error" in answer:
            error = answer["error"]
            raise PlatformError(f"Facebook error {error.get('code')}: {error.get('message')}")
        comments = [
            PlatformComment(
                user_id=str((entry.get("from") or {}).get("id") or entry.get("id", "")),
                name=str((entry.get("from") or {}).get("name", "")),
                text=str(entry.get("message", "")),
                at=parse_datetime(entry["created_time"].replace("+0000", "+00:00"))
                if entry.get("created_time")
                else None,
            )
            for entry in answer.get("data", [])
            if entry.get("message")
        ]
        cursor = str(((answer.get("paging") or {}).get("cursors") or {}).get("after") or "")
        return CommentPage(comments, cursor, 2.0)


def comments_read(source: CommentSource, cursor: str = "", *, timeout: float = 10) -> CommentPage:
    """One read from the platform (network: not reachable from our build machines)."""
    try:
        with urllib.request.urlopen(source.request(cursor), timeout=timeout) as response:  # noqa: S310 (fixed https URL)
            return source.parse(json.load(response))
    except (OSError, ValueError) as error:
        raise PlatformError(f"{source.platform} unreachable: {error}") from error
