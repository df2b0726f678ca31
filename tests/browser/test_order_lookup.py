"""A buyer finds their checkout again by the reference printed first on the order page."""

import pytest

from chophien.orders.models import Checkout
from tests.browser.conftest import screenshot
from tests.browser.test_orders import two_shops  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_reference_on_the_order_page_finds_every_order_of_the_checkout(phone, browser, live_server, two_shops):  # noqa: F811
    tea, honey, _ = two_shops
    for product in (tea, honey):
        phone.goto(f"/san-pham/{product.slug}/")
        phone.get_by_role("button", name="Thêm vào giỏ").click()
        phone.wait_for_url("**/gio-hang/")
    phone.get_by_role("button", name="Đặt hàng").click()
    phone.wait_for_url("**/thanh-toan/")
    phone.get_by_label("Họ tên người nhận").fill("Nguyễn Thị Lan")
    phone.get_by_label("Số điện thoại").fill("0912 345 678")
    phone.get_by_label("Tỉnh/thành phố").select_option(label="Hà Nội")
    phone.locator("#id_ward_code option", has_text="Phường Ba Đình").wait_for(state="attached")
    phone.get_by_label("Xã/phường").select_option(label="Phường Ba Đình")
    phone.get_by_label("Số nhà, đường, thôn/bản").fill("12 Phan Đình Phùng")
    phone.get_by_role("button", name="Đặt hàng").click()
    phone.wait_for_url("**/dat-hang-xong/**")
    reference = Checkout.objects.get().reference
    codes = list(Checkout.objects.get().orders.order_by("id").values_list("code", flat=True))

    # from an order's page, "see every order of this checkout": the form is filled, one tap
    phone.locator("a.code").first.click()
    phone.wait_for_url("**/don-hang/**")
    assert reference in phone.locator("main").inner_text()
    phone.get_by_role("link", name="Xem mọi đơn của lần đặt này").click()
    assert phone.get_by_label("Mã đơn hoặc mã đặt hàng").input_value() == reference
    assert phone.get_by_label("Số điện thoại đặt hàng").input_value() == "0912 345 678"
    screenshot(phone, "lookup-prefilled")
    phone.get_by_role("button", name="Xem đơn").click()
    phone.wait_for_url(f"**/dat-hang-xong/{reference}/?xem=1")
    assert all(phone.get_by_role("link", name=code).is_visible() for code in codes)

    # another phone types the reference as it was read out to them
    other = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, base_url=live_server.url)
    page = other.new_page()
    page.goto("/don-hang/")
    page.get_by_label("Mã đơn hoặc mã đặt hàng").fill(
        f"{reference[:2].lower()} {reference[2:6].lower()}-{reference[6:]}"
    )
    page.get_by_label("Số điện thoại đặt hàng").fill("0912345678")
    page.get_by_role("button", name="Xem đơn").click()
    page.wait_for_url(f"**/dat-hang-xong/{reference}/?xem=1")
    assert page.locator("h1").inner_text() == f"Đơn hàng {reference}"
    screenshot(page, "lookup-by-reference")
    other.close()
