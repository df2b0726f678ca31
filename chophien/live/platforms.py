"""Reading comments from the platforms' own APIs, where they publish one.

We cannot reach the platforms from our build machines: each adapter builds the request the
platform documents and parses the answer it documents, and is tested against documented-shape
samples of those answers (``tests/samples/``: written from the documentation, not captured).

- YouTube: ``GET https://www.googleapis.com/youtube/v3/liveChat/messages?liveChatId=…&part=snippet,
  authorDetails&pageToken=…`` (Data API v3, liveChatMessages.list): ``items[].snippet.displayMessage``,
  ``.publishedAt``, ``authorDetails.channelId``/``displayName``; ``nextPageToken`` and
  ``pollingIntervalMillis`` say where and when to read next.
- Facebook: ``GET https://graph.facebook.com/v19.0/{live-video-id}/comments?fields=id,message,
  created_time,from&order=chronological&live_filter=no_filter&after=…`` (Graph API, live video
  comments): ``data[].message``, ``.created_time``, ``.from.id``/``.name``; ``paging.cursors.after``.
- TikTok LIVE and Zalo publish no comment API for third parties: their comments reach us through
  the signed webhook from a relay the seller runs, or as a pasted export in the console.

Answering a hold where the platform lets a seller's app write (``replies``):

- YouTube: ``POST https://www.googleapis.com/youtube/v3/liveChat/messages?part=snippet`` with
  ``{"snippet": {"liveChatId", "type": "textMessageEvent", "textMessageDetails": {"messageText"}}}``
  (liveChatMessages.insert, scope youtube.force-ssl): a chat message, not a threaded reply, of at
  most 200 characters; the answer is the new ``liveChatMessage``.
- Facebook: ``POST https://graph.facebook.com/v19.0/{comment-id}/comments`` with ``message=…``
  (a reply under the comment, as the Page; Page token with pages_manage_engagement); the answer is
  ``{"id": …}``.
- TikTok LIVE and Zalo: no write API for live comments; the console shows the text to paste.
"""

from __future__ import annotations

import json
import urllib.error
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
    comment_id: str  # the platform's id of the comment: what a reply answers
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
    """A platform we read comments from, a page at a time."""

    platform: str

    def request(self, cursor: str) -> urllib.request.Request: ...

    def parse(self, answer: Any) -> CommentPage: ...


class ReplyTarget(Protocol):
    """A platform we can answer on: under a comment (Facebook), in the chat (YouTube), or to the
    person (Zalo). ``to`` is what the platform answers: a comment id, or a user id for Zalo."""

    platform: str
    reply_limit: int  # the longest reply the platform takes, in characters

    def reply_request(self, to: str, text: str) -> urllib.request.Request: ...

    def reply_parse(self, answer: Any) -> str: ...


def _error_raise(platform: str, answer: Any) -> None:
    if not isinstance(answer, dict):
        raise PlatformError(f"{platform} answered something that is not an object")
    if "error" in answer:
        error = answer["error"]
        raise PlatformError(f"{platform} error {error.get('code')}: {error.get('message')}")


class YouTubeLiveChat:
    platform = "youtube"
    reply_limit = 200

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
        _error_raise("YouTube", answer)
        comments = []
        for item in answer.get("items", []):
            snippet, author = item.get("snippet", {}), item.get("authorDetails", {})
            if snippet.get("type") not in (None, "textMessageEvent") or not snippet.get("hasDisplayContent", True):
                continue  # super chats, polls, deleted messages: not comments to read
            comments.append(
                PlatformComment(
                    comment_id=str(item.get("id", "")),
                    user_id=str(author.get("channelId") or snippet.get("authorChannelId") or ""),
                    name=str(author.get("displayName", "")),
                    text=str(snippet.get("displayMessage", "")),
                    at=parse_datetime(snippet["publishedAt"]) if snippet.get("publishedAt") else None,
                )
            )
        wait = float(answer.get("pollingIntervalMillis") or 2000) / 1000
        return CommentPage(comments, str(answer.get("nextPageToken") or ""), wait)

    def reply_request(self, to: str, text: str) -> urllib.request.Request:
        # YouTube's chat has no threads: the reply is a message in the chat, naming the viewer.
        body = {
            "snippet": {
                "liveChatId": self.live_chat_id,
                "type": "textMessageEvent",
                "textMessageDetails": {"messageText": text[: self.reply_limit]},
            }
        }
        return urllib.request.Request(  # noqa: S310 (a fixed https URL)
            f"{YOUTUBE_MESSAGES_URL}?part=snippet",
            data=json.dumps(body, ensure_ascii=False).encode(),
            method="POST",
            headers={
                "Authorization": f"Bearer {self.access_token}",
                "Accept": "application/json",
                "Content-Type": "application/json; charset=utf-8",
            },
        )

    def reply_parse(self, answer: Any) -> str:
        _error_raise("YouTube", answer)
        if not answer.get("id"):
            raise PlatformError("YouTube answered a message without an id")
        return str(answer["id"])


class FacebookLiveComments:
    platform = "facebook"
    reply_limit = 8000

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
        _error_raise("Facebook", answer)
        comments = [
            PlatformComment(
                comment_id=str(entry.get("id", "")),
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

    def reply_request(self, to: str, text: str) -> urllib.request.Request:
        return urllib.request.Request(  # noqa: S310 (a fixed https URL)
            f"{FACEBOOK_GRAPH_URL}/{urllib.parse.quote(to)}/comments",
            data=urllib.parse.urlencode({"message": text[: self.reply_limit]}).encode(),
            method="POST",
            headers={
                "Authorization": f"Bearer {self.access_token}",
                "Accept": "application/json",
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )

    def reply_parse(self, answer: Any) -> str:
        _error_raise("Facebook", answer)
        if not answer.get("id"):
            raise PlatformError("Facebook answered a comment without an id")
        return str(answer["id"])


def answer_read(request: urllib.request.Request, platform: str, timeout: float) -> Any:
    """The platform's JSON answer, also for an HTTP error (both document their errors as JSON)."""
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (fixed https URL)
            return json.load(response)
    except urllib.error.HTTPError as error:
        try:
            return json.load(error)
        except ValueError:
            raise PlatformError(f"{platform} answered HTTP {error.code}") from error
    except (OSError, ValueError) as error:
        raise PlatformError(f"{platform} unreachable: {error}") from error


def comments_read(source: CommentSource, cursor: str = "", *, timeout: float = 10) -> CommentPage:
    """One read from the platform (network: not reachable from our build machines)."""
    return source.parse(answer_read(source.request(cursor), source.platform, timeout))


def reply_post(target: ReplyTarget, to: str, text: str, *, timeout: float = 10) -> str:
    """Post a reply; the platform's id of it (network, as above)."""
    return target.reply_parse(answer_read(target.reply_request(to, text), target.platform, timeout))
