"""What the messages of a month cost, shop by shop (messaging counts them per shop id; the names are
the sellers'): for the operator who bills the shops, or checks a provider's invoice."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from chophien.core.money import format_vnd
from chophien.messaging.selectors import message_costs_by_seller
from chophien.sellers.models import Seller


def month_bounds(month: str) -> tuple[datetime, datetime]:
    """``"2026-12"`` as [its first moment, the next month's first moment), in Vietnam's time."""
    try:
        start = datetime.strptime(month, "%Y-%m").replace(tzinfo=ZoneInfo(settings.TIME_ZONE))
    except ValueError as exc:
        raise CommandError(f"Tháng viết dạng NĂM-THÁNG, ví dụ 2026-12 (không phải {month!r}).") from exc
    end = start.replace(year=start.year + 1, month=1) if start.month == 12 else start.replace(month=start.month + 1)
    return start, end


class Command(BaseCommand):
    help = "Số tin nhắn (Zalo ZNS, SMS) và chi phí của từng cửa hàng trong một tháng."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", default=f"{timezone.localdate():%Y-%m}", help="NĂM-THÁNG, mặc định tháng này")

    def handle(self, *args: Any, **options: Any) -> None:
        since, until = month_bounds(options["month"])
        rows = message_costs_by_seller(since=since, until=until)
        names = dict(Seller.objects.filter(pk__in=[r.seller_id for r in rows if r.seller_id]).values_list("pk", "name"))
        self.stdout.write("cửa hàng\ttin\tZNS\tSMS\tlỗi\tchi phí")
        for row in rows:
            shop = names.get(row.seller_id, f"#{row.seller_id}") if row.seller_id else "Chợ Phiên (mã đăng nhập…)"
            self.stdout.write(
                f"{shop}\t{row.messages}\t{row.by_zns}\t{row.by_sms}\t{row.failed}\t{format_vnd(row.cost)}"
            )
        total = sum(row.cost for row in rows)
        self.stdout.write(f"Tổng {options['month']}: {sum(r.messages for r in rows)} tin, {format_vnd(total)}")
