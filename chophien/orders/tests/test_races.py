"""Real races on PostgreSQL: many buyers at once for the last units, many cancels of one order."""

import threading
from collections.abc import Callable

import pytest
from django.db import DatabaseError, connection

from chophien.catalog.models import ProductVariant
from chophien.core.errors import Conflict
from chophien.orders.models import Actor, Order, OrderLine
from chophien.orders.services import BuyerInput
from chophien.orders.status import order_transition
from chophien.orders.tests.factories import buy, shop_with_product

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def run_at_once(count: int, work: Callable[[int], str]) -> list[str]:
    """Start ``count`` threads that wait at a barrier, then all call ``work`` together."""
    outcomes: list[str] = []
    barrier = threading.Barrier(count)

    def run(i: int) -> None:
        try:
            barrier.wait()
            outcomes.append(work(i))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.parametrize("round_number", [1, 2, 3])
def test_fifty_buyers_for_the_last_twenty_units(round_number):
    _, _, product = shop_with_product(stock=20)

    def buy_one(i: int) -> str:
        try:
            buy((product, 1), buyer=BuyerInput(name="Khách", phone=f"09{round_number}{i:07d}"))
            return "sold"
        except Conflict as error:
            return error.code

    outcomes = run_at_once(50, buy_one)

    assert len(outcomes) == 50  # no thread died on an unexpected error
    assert (outcomes.count("sold"), outcomes.count("out_of_stock")) == (20, 30)
    assert ProductVariant.objects.get(product=product).stock == 0
    assert sum(OrderLine.objects.filter(product=product).values_list("quantity", flat=True)) == 20


def test_the_same_checkout_sent_by_twenty_taps_at_once_is_one_order():
    _, _, product = shop_with_product(stock=50)
    outcomes = run_at_once(20, lambda i: buy((product, 2), key="one-tap-many-times").checkout.reference)
    assert len(outcomes) == 20 and len(set(outcomes)) == 1
    assert Order.objects.count() == 1
    assert ProductVariant.objects.get(product=product).stock == 48


def test_fifty_cancels_of_one_order_return_its_stock_once():
    _, owner, product = shop_with_product(stock=20)
    order = buy((product, 5)).orders[0]

    def cancel(i: int) -> str:
        try:
            order_transition(
                order_id=order.pk, to_status="cancelled_by_seller", actor=Actor.SELLER, user=owner, reason="Hết"
            )
            return "cancelled"
        except Conflict as error:
            return error.code

    outcomes = run_at_once(50, cancel)

    assert len(outcomes) == 50
    assert (outcomes.count("cancelled"), outcomes.count("invalid_transition")) == (1, 49)
    assert ProductVariant.objects.get(product=product).stock == 20


def test_two_variant_checkouts_in_both_orders_and_bulk_cancels_never_deadlock():
    from chophien.orders.lines import LineRequest
    from chophien.orders.services import checkout_place
    from chophien.orders.status import orders_transition_many
    from chophien.orders.tests.factories import ADDRESS

    seller, owner, first = shop_with_product(stock=1000)
    from chophien.catalog.tests.factories import product_listed

    second = product_listed(seller, owner, name="Chè Shan tuyết", price=45000, stock=1000)
    a, b = first.variants.get().pk, second.variants.get().pk
    earlier = [buy((first, 1), (second, 1)).orders[0].pk for _ in range(20)]

    def work(i: int) -> str:
        try:
            if i % 3 == 2:
                orders_transition_many(
                    seller=seller, by=owner, order_ids=earlier[i % 20 :: 3], to_status="cancelled_by_seller", reason="x"
                )
                return "cancelled"
            pair = (a, b) if i % 2 else (b, a)
            checkout_place(
                lines=[LineRequest(variant_id=pair[0], quantity=1), LineRequest(variant_id=pair[1], quantity=1)],
                buyer=BuyerInput(name="Khách", phone=f"0987{i:06d}"),
                address=ADDRESS,
                idempotency_key=f"pair-{i:04d}",
            )
            return "sold"
        except (Conflict, DatabaseError) as error:  # a deadlock would surface as an OperationalError
            return type(error).__name__

    outcomes = run_at_once(30, work)

    assert len(outcomes) == 30
    assert set(outcomes) <= {"sold", "cancelled"}, outcomes
    sold = sum(OrderLine.objects.filter(variant_id=a).values_list("quantity", flat=True))
    cancelled_units = OrderLine.objects.filter(variant_id=a, order__status="cancelled_by_seller").count()
    assert ProductVariant.objects.get(pk=a).stock == 1000 - sold + cancelled_units
