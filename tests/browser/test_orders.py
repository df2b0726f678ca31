"""A guest buys from two sellers with COD and follows the order; a seller confirms and ships a batch."""

import pytest

from chophien.catalog.tests.factories import product_listed
from chophien.core.testing.images import jpeg_upload
from chophien.messaging.backends import MemoryBackend
from chophien.orders.models import Order, OrderStatus
from chophien.orders.tests.factories import buy
from chophien.sellers.tests.factories import seller_with_owner
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def two_shops(django_capture_on_commit_callbacks):
    tea_shop, tea_owner = seller_with_owner(name="HTX Chè Tả Phìn")
    honey_shop, honey_owner = seller_with_owner(name="Hộ bà Thào Thị Dợ")
    with django_capture_on_commit_callbacks(execute=True):
        tea = product_listed(
            tea_shop, tea_owner, name="Chè Shan tuyết Tả Phìn", price=320000, stock=30, ocop_stars=4,
            photos=[jpeg_upload(width=600, height=600, color=(70, 120, 60))],
        )  # fmt: skip
        honey = product_listed(
            honey_shop, honey_owner, name="Mật ong bạc hà Mèo Vạc", price=650000, stock=12, unit="chai",
            photos=[jpeg_upload(width=600, height=600, color=(200, 140, 30))],
        )  # fmt: skip
    return tea, honey, tea_owner


def test_a_guest_buys_from_two_sellers_with_cod_and_follows_the_order(phone, two_shops):
    tea, honey, _ = two_shops

    phone.goto(f"/san-pham/{tea.slug}/")
    phone.get_by_label("Số lượng").fill("2")
    phone.get_by_role("button", name="Thêm vào giỏ").click()
    phone.wait_for_url("**/gio-hang/")
    phone.goto(f"/san-pham/{honey.slug}/")
    phone.get_by_role("button", name="Mua ngay").click()
    phone.wait_for_url("**/thanh-toan/")
    screenshot(phone, "checkout-empty")

    phone.get_by_label("Họ tên người nhận").fill("Nguyễn Thị Lan")
    phone.get_by_label("Số điện thoại").fill("0912 345 678")
    phone.get_by_label("Tỉnh/thành phố").select_option(label="Hà Nội")
    phone.locator("#id_ward_code option", has_text="Phường Ba Đình").wait_for(state="attached")
    phone.get_by_label("Xã/phường").select_option(label="Phường Ba Đình")
    phone.get_by_label("Số nhà, đường, thôn/bản").fill("12 Phan Đình Phùng")
    screenshot(phone, "checkout-filled")
    phone.get_by_role("button", name="Đặt hàng").click()
    phone.wait_for_url("**/dat-hang-xong/**")
    assert "Đặt hàng thành công" in phone.locator("h1").inner_text()
    screenshot(phone, "order-placed")

    orders = list(Order.objects.order_by("id"))
    assert len(orders) == 2
    assert sum(o.total for o in orders) == 2 * 320000 + 650000 + 2 * 30000

    phone.locator("a.code").first.click()
    phone.wait_for_url("**/don-hang/**")
    assert "Chờ xác nhận" in phone.locator(".timeline").inner_text()
    screenshot(phone, "order-page")


def test_a_seller_confirms_and_ships_a_batch_of_orders(phone, two_shops):
    tea, _, owner = two_shops
    placed = [buy((tea, 1)).orders[0] for _ in range(6)]
    _log_in(phone, owner)

    phone.goto("/ban-hang/don-hang/")
    assert phone.locator(".orders li").count() == 6
    phone.get_by_label("Chọn tất cả trên trang").check()
    screenshot(phone, "desk-new-orders")
    phone.get_by_role("button", name="Xác nhận đơn đã chọn").click()
    phone.wait_for_url("**/ban-hang/don-hang/**")
    assert Order.objects.filter(status=OrderStatus.CONFIRMED).count() == 6

    phone.get_by_label("Chọn tất cả trên trang").check()
    phone.get_by_role("button", name="Đóng gói").click()
    phone.wait_for_url("**/ban-hang/don-hang/**")

    phone.goto(f"/ban-hang/don-hang/{placed[0].pk}/")
    phone.get_by_role("button", name="Đã giao vận chuyển").click()
    phone.wait_for_url(f"**/ban-hang/don-hang/{placed[0].pk}/")
    assert "Đã giao cho vận chuyển" in phone.locator("h1").inner_text()
    screenshot(phone, "desk-order-shipped")
    statuses = sorted(Order.objects.values_list("status", flat=True))
    assert statuses == ["packing"] * 5 + ["shipped"]


def _log_in(page, user) -> None:
    page.goto("/tai-khoan/dang-nhap/")
    page.get_by_label("Số điện thoại của bạn").fill(user.phone)
    page.get_by_role("button", name="Gửi mã").click()
    page.wait_for_url("**/tai-khoan/nhap-ma/**")
    page.get_by_label("Mã 6 số").fill(MemoryBackend.outbox[-1].params["otp"])
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/ban-hang/**")
