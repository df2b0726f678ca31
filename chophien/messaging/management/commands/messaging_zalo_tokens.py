"""Set the first Zalo OA tokens (from Zalo's authorisation), or replace a pair that was lost."""

from __future__ import annotations

import getpass
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from chophien.messaging.zalo_tokens import zalo_tokens_set


class Command(BaseCommand):
    help = (
        "Lưu access token và refresh token đầu tiên của Zalo OA (được hỏi nếu không truyền vào, để không "
        "lưu lại trong lịch sử shell)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--access-token", default="")
        parser.add_argument("--refresh-token", default="")
        parser.add_argument("--expires-in", type=int, default=90000, help="giây (Zalo: 90000, 25 giờ)")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.ZALO_APP_ID:
            raise CommandError("Đặt ZALO_APP_ID trước.")
        access = options["access_token"] or getpass.getpass("Access token: ")
        refresh = options["refresh_token"] or getpass.getpass("Refresh token: ")
        try:
            token = zalo_tokens_set(
                access_token=access, refresh_token=refresh, expires_in_seconds=options["expires_in"]
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Đã lưu khoá của ứng dụng Zalo {token.app_id}, hết hạn lúc {token.expires_at:%Y-%m-%d %H:%M}."
        )
