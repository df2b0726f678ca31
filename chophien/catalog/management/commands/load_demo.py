"""`manage.py load_demo`: the demo marketplace, loaded once; running it again adds nothing."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.urls import reverse

from chophien.catalog.demo.data import SELLERS
from chophien.catalog.demo.loader import MODERATOR_PHONE, DemoSummary, demo_load

PROGRESS_EVERY = 25


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu: người bán vùng cao và sản phẩm của họ. Chạy lại không tạo trùng."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-photos", action="store_true", help="không vẽ ảnh sản phẩm (nhanh hơn)")
        parser.add_argument("--limit", type=int, default=None, help="chỉ nạp chừng này sản phẩm đầu tiên")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        summary = demo_load(with_photos=not options["no_photos"], limit=options["limit"], progress=self._progress)
        self._report(summary, time.monotonic() - started)

    def _progress(self, done: int, total: int) -> None:
        if done % PROGRESS_EVERY == 0 or done == total:
            self.stdout.write(f"  … {done}/{total} sản phẩm")

    def _report(self, summary: DemoSummary, seconds: float) -> None:
        totals = f"{summary.sellers_total} người bán, {summary.products_total} sản phẩm"
        if summary.is_unchanged:
            self.stdout.write(f"Không có gì mới: dữ liệu mẫu đã có sẵn ({totals}).")
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Đã thêm {summary.sellers_added} người bán, {summary.products_added} sản phẩm, "
                    f"{summary.photos_added} ảnh trong {seconds:.0f} giây. Tổng cộng: {totals}."
                )
            )
            if summary.english_names_added:
                self.stdout.write(f"Đã thêm tên tiếng Anh cho {summary.english_names_added} sản phẩm có sẵn.")
        login = reverse("accounts:login")
        self.stdout.write(
            f"Đăng nhập tại {login} bằng số {MODERATOR_PHONE} (kiểm duyệt viên) "
            f"hoặc số của một người bán, ví dụ {SELLERS[0].phone} ({SELLERS[0].name})."
        )
        if settings.MESSAGING_BACKEND.endswith(".LogBackend"):
            self.stdout.write(
                "Không có tin nhắn thật: mã đăng nhập được ghi vào log (cửa sổ đang chạy make run), "
                "dòng “[tin nhắn tới 09…] …”."
            )
