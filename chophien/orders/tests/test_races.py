"""Real races on PostgreSQL: many buyers at once for the last units, many cancels of one order."""

import threading
from collections.abc import Callable

import pytest
from django.db import connection

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

    assert (outcomes.count("sold"), outcomes.count("out_of_stock")) == (20, 30)
    assert ProductVariant.objects.get(product=product).stock == 0
    assert sum(OrderLine.objects.filter(product=product).values_list("quantity", flat=True)) == 20


def test_the_same_checkout_sent_by_twenty_taps_at_once_is_one_order():
    _, _, product = shop_with_product(stock=50)
    outcomes = run_at_once(20, lambda i: buy((product, 2), key="one-tap-many-times").checkout.reference)
    assert len(set(outcomes)) == 1
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

    assert (outcomes.count("cancelled"), outcomes.count("invalid_transition")) == (1, 49)
    assert ProductVariant.objects.get(product=product).stock == 20
