from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from chophien.catalog.demo.loader import MODERATOR_PHONE, demo_load


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu: người bán vùng cao và sản phẩm của họ (chạy lại không tạo trùng)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-photos", action="store_true", help="không vẽ ảnh (nhanh hơn)")

    def handle(self, *args: Any, **options: Any) -> None:
        summary = demo_load(with_photos=not options["no_photos"])
        self.stdout.write(
            f"Dữ liệu mẫu: thêm {summary.sellers_added} người bán, {summary.products_added} sản phẩm; "
            f"tổng cộng {summary.sellers_total} người bán, {summary.products_total} sản phẩm."
        )
        self.stdout.write(f"Đăng nhập người bán: số 0912000101 … 0912000125; kiểm duyệt viên: {MODERATOR_PHONE}.")
        self.stdout.write("Mã đăng nhập được ghi vào nhật ký (log) của máy chủ khi chạy make run.")
