"""What the buyer and the sellers are sent when orders are placed and move: links to the order
on the site's address, the parameters of each ZNS template, the shop each message is counted for."""

import pytest

from chophien.messaging.backends import MemoryBackend
from chophien.messaging.models import MessageDelivery
from chophien.orders.models import Actor
from chophien.orders.status import order_transition
from chophien.orders.tests.factories import buy, shop_with_product

pytestmark = pytest.mark.django_db


def test_the_buyer_of_one_shop_gets_a_link_to_the_order(settings, django_capture_on_commit_callbacks):
    # given
    settings.SITE_URL = "https://chophien.vn"
    seller, _, product = shop_with_product(stock=10, price=45000)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        placed = buy((product, 2))

    # then
    order = placed.orders[0]
    [to_buyer] = [m for m in MemoryBackend.outbox if m.template == "checkout_placed"]
    link = f"https://chophien.vn/don-hang/{order.code}/"
    assert to_buyer.params == {
        "reference": placed.checkout.reference,
        "orders": order.code,
        "total": str(placed.checkout.total),
        "link": link,
    }
    assert to_buyer.text.endswith(f"Xem đơn: {link}")
    [to_seller] = [m for m in MemoryBackend.outbox if m.template == "seller_new_order"]
    assert to_seller.params["link"] == f"https://chophien.vn/ban-hang/don-hang/{order.pk}/"
    # both are counted for the shop
    assert sorted(MessageDelivery.objects.values_list("template", "seller_id")) == [
        ("checkout_placed", seller.pk),
        ("seller_new_order", seller.pk),
    ]


def test_the_buyer_of_several_shops_gets_a_link_with_the_checkout_reference(
    settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://chophien.vn/"
    _, _, khoai = shop_with_product(stock=10, price=45000)
    _, _, che = shop_with_product(stock=5, price=120000, name="Chè Shan tuyết Tà Xùa")

    with django_capture_on_commit_callbacks(execute=True):
        placed = buy((khoai, 1), (che, 1))

    [to_buyer] = [m for m in MemoryBackend.outbox if m.template == "checkout_placed"]
    # The checkout's page: every order for the browser that placed them, the lookup (prefilled) elsewhere.
    assert to_buyer.params["link"] == f"https://chophien.vn/dat-hang-xong/{placed.checkout.reference}/?xem=1"
    assert MessageDelivery.objects.get(template="checkout_placed").seller_id is None  # the platform's


def test_a_status_change_links_to_the_order_and_a_cancellation_carries_its_reason(
    settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://chophien.vn"
    seller, owner, product = shop_with_product(stock=10, price=45000)
    order = buy((product, 1)).orders[0]
    MemoryBackend.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        order_transition(order_id=order.pk, to_status="confirmed", actor=Actor.SELLER, user=owner)
        order_transition(
            order_id=order.pk, to_status="cancelled_by_seller", actor=Actor.SELLER, user=owner, reason="Hết hàng"
        )

    link = f"https://chophien.vn/don-hang/{order.code}/"
    assert [(m.template, m.params) for m in MemoryBackend.outbox] == [
        ("order_confirmed", {"order": order.code, "link": link}),
        ("order_cancelled_by_seller", {"order": order.code, "link": link, "reason": "Hết hàng"}),
    ]
    assert all(m.text.endswith(link) for m in MemoryBackend.outbox)
    assert set(MessageDelivery.objects.values_list("seller_id", flat=True)) == {seller.pk}
