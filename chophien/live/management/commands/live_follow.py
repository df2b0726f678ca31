"""Follow a live session's comments on YouTube or Facebook, turn them into claims, and answer each
hold under its comment with the link to finish the order (unless --no-reply).

.venv/bin/python manage.py live_follow --session 12 --platform youtube --id LIVE_CHAT_ID --token TOKEN
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from chophien.live import ingest, platforms, replies
from chophien.live.models import LiveSession, SessionStatus


class Command(BaseCommand):
    help = "Đọc bình luận của một phiên live trên YouTube hoặc Facebook và biến lời chốt thành lượt giữ hàng."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--session", type=int, required=True)
        parser.add_argument("--platform", choices=("youtube", "facebook"), required=True)
        parser.add_argument("--id", required=True, help="liveChatId (YouTube) hoặc live video id (Facebook)")
        parser.add_argument("--token", required=True, help="OAuth access token của người bán")
        parser.add_argument("--once", action="store_true", help="đọc một lần rồi dừng")
        parser.add_argument(
            "--no-reply", action="store_true", help="không tự trả lời dưới bình luận (dán trả lời từ bàn điều khiển)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        session = LiveSession.objects.filter(pk=options["session"]).first()
        if session is None:
            raise CommandError("Không tìm thấy phiên live này.")
        source: platforms.YouTubeLiveChat | platforms.FacebookLiveComments = (
            platforms.YouTubeLiveChat(live_chat_id=options["id"], access_token=options["token"])
            if options["platform"] == "youtube"
            else platforms.FacebookLiveComments(live_video_id=options["id"], access_token=options["token"])
        )
        cursor, replier = "", replies.HoldReplier(source)
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
            outcomes = ingest.comments_ingest(session=session, incoming=batch)
            for comment, outcome in zip(page.comments, outcomes, strict=True):
                claimed = ", ".join(f"{c.pin.code}×{c.quantity} {c.status}" for c in outcome.claims)
                self.stdout.write(f"{comment.name}: {comment.text} → {outcome.reading.intent} {claimed}".rstrip())
            if replier.active and not options["no_reply"]:
                answered = [(c.comment_id, o.claims) for c, o in zip(page.comments, outcomes, strict=True)]
                for posted in replier.answer(answered):
                    self.stdout.write(
                        f"Không trả lời được bình luận {posted.comment_id}: {posted.error}"
                        if posted.error
                        else f"Đã trả lời bình luận {posted.comment_id} với đường dẫn giữ hàng."
                    )
                if not replier.active:
                    self.stderr.write("Không đăng được trả lời trên nền tảng; hãy dán trả lời từ bàn điều khiển.")
            cursor = page.cursor or cursor
            session.refresh_from_db(fields=["status"])
            if options["once"] or session.status == SessionStatus.ENDED:
                return
            time.sleep(page.wait_seconds)
