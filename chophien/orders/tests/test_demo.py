import pytest

from chophien.catalog.demo.data import SELLERS
from chophien.catalog.demo.loader import demo_load
from chophien.orders.demo import demo_orders_load
from chophien.orders.models import Order, OrderStatus

pytestmark = pytest.mark.django_db


def test_demo_orders_fill_the_first_shops_desk_once():
    demo_load(with_photos=False, limit=30)
    first = demo_orders_load(owner_phone=SELLERS[0].phone)
    again = demo_orders_load(owner_phone=SELLERS[0].phone)

    assert (first.placed, again.placed, again.replayed) == (10, 0, 10)
    statuses = set(Order.objects.filter(seller__members__user__phone=SELLERS[0].phone).values_list("status", flat=True))
    assert {OrderStatus.PLACED, OrderStatus.SHIPPED, OrderStatus.REFUSED, OrderStatus.CANCELLED_BY_SELLER} <= statuses
