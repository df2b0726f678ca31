"""Follow a live session's comments on YouTube or Facebook and turn them into claims.

.venv/bin/python manage.py live_follow --session 12 --platform youtube --id LIVE_CHAT_ID --token TOKEN
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from chophien.live import ingest, platforms
from chophien.live.models import LiveSession, SessionStatus


class Command(BaseCommand):
    help = "Đọc bình luận của một phiên live trên YouTube hoặc Facebook và biến lời chốt thành lượt giữ hàng."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--session", type=int, required=True)
        parser.add_argument("--platform", choices=("youtube", "facebook"), required=True)
        parser.add_argument("--id", required=True, help="liveChatId (YouTube) hoặc live video id (Facebook)")
        parser.add_argument("--token", required=True, help="OAuth access token của người bán")
        parser.add_argument("--once", action="store_true", help="đọc một lần rồi dừng")

    def handle(self, *args: Any, **options: Any) -> None:
        session = LiveSession.objects.filter(pk=options["session"]).first()
        if session is None:
            raise CommandError("Không tìm thấy phiên live này.")
        source: platforms.CommentSource = (
            platforms.YouTubeLiveChat(live_chat_id=options["id"], access_token=options["token"])
            if options["platform"] == "youtube"
            else platforms.FacebookLiveComments(live_video_id=options["id"], access_token=options["token"])
        )
        cursor = ""
        while True:
            try:
                page = platforms.comments_read(source, cursor)
            except platforms.PlatformError as error:
                self.stderr.write(f"Lỗi đọc bình luận: {error}. Thử lại sau 5 giây.")
                if options["once"]:
                    return
                time.sleep(5)
                continue
            batch = [ingest.IncomingComment(source.platform, c.user_id, c.text, c.name, c.at) for c in page.comments]
            for comment, outcome in zip(
                page.comments, ingest.comments_ingest(session=session, incoming=batch), strict=True
            ):
                claimed = ", ".join(f"{c.pin.code}×{c.quantity} {c.status}" for c in outcome.claims)
                self.stdout.write(f"{comment.name}: {comment.text} → {outcome.reading.intent} {claimed}".rstrip())
            cursor = page.cursor or cursor
            session.refresh_from_db(fields=["status"])
            if options["once"] or session.status == SessionStatus.ENDED:
                return
            time.sleep(page.wait_seconds)
