"""Refresh the Zalo access token when less than an hour is left: run it every few minutes (cron, or
the scheduler of issue 15), so that the token is renewed even when no message is being sent."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from chophien.messaging.models import ZaloToken
from chophien.messaging.zalo_tokens import ALERT_MARKER, zalo_token_refresh


class Command(BaseCommand):
    help = "Làm mới access token Zalo OA nếu còn dưới một giờ (chạy mỗi vài phút)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            token = zalo_token_refresh()
        except ZaloToken.DoesNotExist as exc:
            raise CommandError("Chưa có khoá Zalo: chạy manage.py messaging_zalo_tokens trước.") from exc
        if token.refresh_failed_at is not None:
            raise CommandError(f"{ALERT_MARKER}: {token.last_error}")
        self.stdout.write(f"Access token Zalo dùng được đến {token.expires_at:%Y-%m-%d %H:%M}.")
