from typing import Any

from django.core.management.base import BaseCommand

from chophien.catalog.services import PENDING_PHOTO_HOURS, pending_photos_clean


class Command(BaseCommand):
    help = (
        f"Xoá ảnh người bán đã gửi nhưng không lưu vào sản phẩm nào sau {PENDING_PHOTO_HOURS} giờ "
        "(chạy mỗi giờ từ cron; mỗi lần lưu sản phẩm cũng xoá ảnh cũ của cửa hàng đó)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        while cleaned := pending_photos_clean():
            total += cleaned
        self.stdout.write(f"Đã xoá {total} ảnh chưa dùng.")
