from typing import Any

from django.core.management.base import BaseCommand

from chophien.orders.tasks import notify_pending


class Command(BaseCommand):
    help = (
        "Báo cho người mua và người bán mọi đơn chưa được báo (chạy mỗi phút từ cron: bắt kịp đơn nào "
        "lỡ yêu cầu gửi tin vì tiến trình dừng giữa chừng)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        told = notify_pending.call()
        self.stdout.write(f"Đã báo {told} lần đặt hàng.")
