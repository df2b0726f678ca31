"""`manage.py shop_message_costs`: each shop's messages of a month and their cost, by the shop's name."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from chophien.messaging.models import MessageDelivery
from chophien.sellers.tests.factories import SellerFactory

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def delivery(n, *, seller_id, channel, cost, status="sent", at=datetime(2026, 12, 3, 9, tzinfo=VN)):
    row = MessageDelivery.objects.create(
        tracking_id=f"{n:016x}", template="seller_new_order", phone_hash="h", phone_masked="091****678",
        seller_id=seller_id, channel=channel, status=status, cost=cost,
    )  # fmt: skip
    MessageDelivery.objects.filter(pk=row.pk).update(created_at=at)


def test_a_month_of_messages_is_counted_and_priced_shop_by_shop():
    hoa = SellerFactory(name="Hộ Lò Thị Hoa")
    delivery(1, seller_id=hoa.pk, channel="zns", cost=300)
    delivery(2, seller_id=hoa.pk, channel="sms", cost=800)
    delivery(3, seller_id=hoa.pk, channel="sms", cost=0, status="failed")
    delivery(4, seller_id=None, channel="zns", cost=300)  # a login code: the platform's
    # half past midnight on 1 January in Vietnam (still 31 December in UTC) belongs to January
    delivery(5, seller_id=hoa.pk, channel="zns", cost=300, at=datetime(2027, 1, 1, 0, 30, tzinfo=VN))
    out = StringIO()
    call_command("shop_message_costs", "--month", "2026-12", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[1:] == [
        "Chợ Phiên (mã đăng nhập…)\t1\t1\t0\t0\t300\xa0₫",
        "Hộ Lò Thị Hoa\t3\t1\t2\t1\t1.100\xa0₫",
        "Tổng 2026-12: 4 tin, 1.400\xa0₫",
    ]


def test_a_month_written_wrong_is_said_plainly():
    with pytest.raises(CommandError, match="NĂM-THÁNG"):
        call_command("shop_message_costs", "--month", "12/2026")
