from typing import Any

from django.core.management.base import BaseCommand

from chophien.orders.demo import demo_orders_load

DEMO_OWNER_PHONE = "0912301457"  # Hộ Lò Thị Hoa, the first demo shop (chophien/catalog/demo/data.py)


class Command(BaseCommand):
    help = "Đơn hàng mẫu cho cửa hàng mẫu đầu tiên (chạy lại không tạo thêm đơn)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--owner-phone", default=DEMO_OWNER_PHONE)

    def handle(self, *args: Any, **options: Any) -> None:
        result = demo_orders_load(owner_phone=options["owner_phone"])
        self.stdout.write(
            f"Đơn hàng mẫu: {result.placed} đơn mới, {result.replayed} đơn đã có. "
            f"Đăng nhập bằng {options['owner_phone']} rồi vào /ban-hang/don-hang/ để xem."
        )
