from typing import Any

from django.core.management.base import BaseCommand

from chophien.traceability.demo import demo_batches_load


class Command(BaseCommand):
    help = "Lô hàng mẫu (truy xuất nguồn gốc) cho các cửa hàng mẫu đầu tiên (chạy lại không tạo thêm)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = demo_batches_load()
        self.stdout.write(f"Lô hàng mẫu: {result.added} lô mới.")
        if result.example_code:
            self.stdout.write(f"Quét thử tem: mở /t/{result.example_code} (trang truy xuất nguồn gốc).")
