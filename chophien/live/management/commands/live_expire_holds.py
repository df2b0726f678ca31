from typing import Any

from django.core.management.base import BaseCommand

from chophien.live.claims import claims_expire


class Command(BaseCommand):
    help = "Trả lại hàng của các lượt chốt đã hết thời gian giữ (chạy mỗi phút từ cron); danh sách chờ nhận trước."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Đã trả lại {claims_expire()} lượt giữ hàng hết hạn.")
