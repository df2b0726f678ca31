"""An order's life: the transition table, events, stock returned exactly once, the seller's bulk moves."""

import pytest

from chophien.catalog.models import ProductVariant
from chophien.core.errors import NotFound, PermissionDenied, ValidationError
from chophien.messaging.backends import MemoryBackend
from chophien.orders.models import Actor, OrderEvent, OrderStatus
from chophien.orders.status import InvalidTransition, order_cancel_by_buyer, order_transition, orders_transition_many
from chophien.orders.tests.factories import buy, shop_with_product
from chophien.sellers.tests.factories import seller_with_owner

pytestmark = pytest.mark.django_db


def stock_of(product) -> int:
    return ProductVariant.objects.get(product=product).stock


def test_the_happy_path_is_recorded_step_by_step(django_capture_on_commit_callbacks):
    _, owner, product = shop_with_product(stock=10)
    order = buy((product, 2)).orders[0]

    with django_capture_on_commit_callbacks(execute=True):
        for step in ("confirmed", "packing", "shipped", "delivered", "completed"):
            order = order_transition(order_id=order.pk, to_status=step, actor=Actor.SELLER, user=owner)

    assert order.status == OrderStatus.COMPLETED
    events = list(OrderEvent.objects.filter(order=order).values_list("from_status", "to_status", "actor"))
    assert events == [
        ("", "placed", "buyer"),
        ("placed", "confirmed", "seller"),
        ("confirmed", "packing", "seller"),
        ("packing", "shipped", "seller"),
        ("shipped", "delivered", "seller"),
        ("delivered", "completed", "seller"),
    ]
    told = [m.text for m in MemoryBackend.outbox if m.phone == order.buyer_phone]
    assert len(told) == 2  # confirmed, shipped
    assert stock_of(product) == 8


def test_an_impossible_transition_is_a_clear_error():
    _, owner, product = shop_with_product()
    order = buy((product, 1)).orders[0]
    with pytest.raises(InvalidTransition) as error:
        order_transition(order_id=order.pk, to_status="shipped", actor=Actor.SELLER, user=owner)
    assert error.value.code == "invalid_transition"
    assert error.value.status == 409
    assert "Chờ xác nhận" in error.value.message


def test_cancelling_returns_the_stock_once_and_a_second_cancel_is_refused():
    _, owner, product = shop_with_product(stock=10)
    order = buy((product, 4)).orders[0]
    assert stock_of(product) == 6

    order_transition(
        order_id=order.pk, to_status="cancelled_by_seller", actor=Actor.SELLER, user=owner, reason="Hết hàng"
    )
    with pytest.raises(InvalidTransition):
        order_transition(order_id=order.pk, to_status="cancelled_by_seller", actor=Actor.SELLER, user=owner, reason="x")

    assert stock_of(product) == 10


def test_a_seller_must_give_a_reason_to_cancel():
    _, owner, product = shop_with_product()
    order = buy((product, 1)).orders[0]
    with pytest.raises(ValidationError) as error:
        order_transition(order_id=order.pk, to_status="cancelled_by_seller", actor=Actor.SELLER, user=owner, reason=" ")
    assert error.value.code == "reason_required"


def test_another_shop_cannot_touch_the_order():
    _, _, product = shop_with_product()
    _, stranger = seller_with_owner()
    order = buy((product, 1)).orders[0]
    with pytest.raises(PermissionDenied):
        order_transition(order_id=order.pk, to_status="confirmed", actor=Actor.SELLER, user=stranger)


def test_the_buyer_cancels_with_code_and_phone_before_shipping_only():
    _, owner, product = shop_with_product(stock=10)
    first, second = buy((product, 1)).orders[0], buy((product, 2)).orders[0]

    with pytest.raises(NotFound):
        order_cancel_by_buyer(code=first.code, phone="0987654321")
    order_cancel_by_buyer(code=first.code.lower().replace("-", " "), phone="+84 912 345 678")

    for step in ("confirmed", "packing", "shipped"):
        order_transition(order_id=second.pk, to_status=step, actor=Actor.SELLER, user=owner)
    with pytest.raises(InvalidTransition):
        order_cancel_by_buyer(code=second.code, phone="0912345678")
    assert stock_of(product) == 8

    third = buy((product, 1)).orders[0]
    for step in ("confirmed", "packing"):
        order_transition(order_id=third.pk, to_status=step, actor=Actor.SELLER, user=owner)
    order_cancel_by_buyer(code=third.code, phone="0912345678")  # still before shipping
    assert stock_of(product) == 8


def test_refused_then_returned_puts_the_units_back_once():
    _, owner, product = shop_with_product(stock=10)
    order = buy((product, 3)).orders[0]
    for step in ("confirmed", "packing", "shipped"):
        order_transition(order_id=order.pk, to_status=step, actor=Actor.SELLER, user=owner)
    order_transition(order_id=order.pk, to_status="refused", actor=Actor.SELLER, user=owner, reason="Không nhận")
    assert stock_of(product) == 7  # the parcel is still on the road
    order_transition(order_id=order.pk, to_status="returned", actor=Actor.SELLER, user=owner, reason="Đã về")
    assert stock_of(product) == 10


def test_bulk_confirm_moves_the_new_orders_and_names_the_rest():
    seller, owner, product = shop_with_product(stock=100)
    orders = [buy((product, 1)).orders[0] for _ in range(5)]
    order_transition(order_id=orders[0].pk, to_status="confirmed", actor=Actor.SELLER, user=owner)
    _, _, other_product = shop_with_product(stock=5)
    foreign = buy((other_product, 1)).orders[0]

    result = orders_transition_many(
        seller=seller, by=owner, order_ids=[o.pk for o in orders] + [foreign.pk], to_status="confirmed"
    )

    assert sorted(result.changed) == sorted(o.code for o in orders[1:])
    assert result.skipped == [orders[0].code]
    foreign.refresh_from_db()
    assert foreign.status == OrderStatus.PLACED
    assert OrderEvent.objects.filter(to_status="confirmed").count() == 5


def test_bulk_cancel_returns_every_unit_once():
    seller, owner, product = shop_with_product(stock=10)
    orders = [buy((product, 2)).orders[0] for _ in range(3)]
    ids = [o.pk for o in orders]
    orders_transition_many(seller=seller, by=owner, order_ids=ids, to_status="cancelled_by_seller", reason="Mưa lũ")
    again = orders_transition_many(seller=seller, by=owner, order_ids=ids, to_status="cancelled_by_seller", reason="x")
    assert again.changed == []
    assert stock_of(product) == 10


def test_an_order_with_a_deposit_ships_only_once_the_deposit_is_received():
    from chophien.core.errors import Conflict
    from chophien.orders.models import CodPolicy, CodRule
    from chophien.orders.status import order_deposit_received

    seller, owner, product = shop_with_product(stock=10)
    CodPolicy.objects.create(seller=seller, refusal_threshold=0, rule=CodRule.DEPOSIT, deposit_percent=50)
    order = buy((product, 1)).orders[0]
    assert order.deposit_required == 37500
    for step in ("confirmed", "packing"):
        order_transition(order_id=order.pk, to_status=step, actor=Actor.SELLER, user=owner)

    with pytest.raises(Conflict) as error:
        order_transition(order_id=order.pk, to_status="shipped", actor=Actor.SELLER, user=owner)
    assert error.value.code == "deposit_not_received"

    order_deposit_received(order_id=order.pk, by=owner)
    with pytest.raises(Conflict):
        order_deposit_received(order_id=order.pk, by=owner)  # recorded once
    order = order_transition(order_id=order.pk, to_status="shipped", actor=Actor.SELLER, user=owner)
    assert order.status == OrderStatus.SHIPPED
    reasons = list(OrderEvent.objects.filter(order=order).values_list("reason", flat=True))
    assert any(r.startswith("Đã nhận cọc 37.500") for r in reasons)
