"""A seller on a phone: the dashboard says how many new orders wait; confirming asks nothing,
cancelling asks why."""

import pytest

from chophien.orders.models import Order, OrderStatus
from chophien.orders.tests.factories import buy, shop_with_product
from tests.browser.conftest import screenshot
from tests.browser.test_orders import _log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_dashboard_counts_new_orders_and_the_desk_asks_a_reason_only_to_cancel(phone):
    _, owner, product = shop_with_product(stock=20, name="Mật ong bạc hà Mèo Vạc")
    first, second = (buy((product, 1)).orders[0] for _ in range(2))
    _log_in(phone, owner)

    phone.goto("/ban-hang/")
    waiting = phone.get_by_role("link", name="2 đơn mới đang chờ bạn xác nhận")
    assert waiting.bounding_box()["height"] >= 48
    screenshot(phone, "dashboard-new-orders")
    waiting.click()
    phone.wait_for_url("**/ban-hang/don-hang/?trang-thai=placed")

    phone.goto(f"/ban-hang/don-hang/{first.pk}/")
    assert phone.get_by_label("Vì sao huỷ đơn? Người mua sẽ đọc lý do này.").is_hidden()  # folded under "Huỷ đơn"
    screenshot(phone, "desk-order-new")
    phone.get_by_role("button", name="Xác nhận").click()
    phone.wait_for_url(f"**/ban-hang/don-hang/{first.pk}/")
    assert Order.objects.get(pk=first.pk).status == OrderStatus.CONFIRMED

    phone.goto(f"/ban-hang/don-hang/{second.pk}/")
    phone.get_by_text("Huỷ đơn", exact=True).first.click()  # the summary opens the reason box
    reason = phone.get_by_label("Vì sao huỷ đơn? Người mua sẽ đọc lý do này.")
    reason.fill("Mưa lũ, đường lên bản bị sạt")
    screenshot(phone, "desk-order-cancel-reason")
    phone.get_by_role("button", name="Huỷ đơn").click()
    phone.wait_for_url(f"**/ban-hang/don-hang/{second.pk}/")
    second.refresh_from_db()
    assert second.status == OrderStatus.CANCELLED_BY_SELLER
    assert second.events.last().reason == "Mưa lũ, đường lên bản bị sạt"

    phone.goto("/ban-hang/")
    assert phone.locator(".new-orders").count() == 0
