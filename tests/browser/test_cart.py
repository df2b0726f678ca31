"""A buyer changes quantities in the cart on a phone: typing, Enter, − / +, bad numbers, going back."""

import re

import pytest
from playwright.sync_api import expect

from chophien.catalog.tests.factories import product_listed
from chophien.core.templatetags.vn import vnd
from chophien.orders.models import CartLine
from chophien.sellers.tests.factories import seller_with_owner
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def tea_and_honey():
    shop, owner = seller_with_owner(name="HTX Chè Tả Phìn")
    tea = product_listed(shop, owner, name="Chè Shan tuyết Tả Phìn", price=320000, stock=30)
    honey = product_listed(shop, owner, name="Mật ong bạc hà Mèo Vạc", price=650000, stock=12, unit="chai")
    return tea, honey


def quantities():
    return dict(CartLine.objects.values_list("variant__product__name", "quantity"))


def wait_total(page, amount):
    """The cart's total shows ``amount`` đồng (goods and the flat 30.000 shipping fee of one parcel)."""
    # A function, not an expression string: the pages' Content-Security-Policy forbids eval.
    page.wait_for_function(
        "(text) => document.querySelector('#cart-total').textContent.trim() === text", arg=vnd(amount)
    )


def retype(box, text):
    """As a thumb does it: select what the box holds, type over it."""
    box.click()
    box.press("Control+A")
    box.press_sequentially(text)


def test_a_buyer_types_presses_enter_taps_plus_and_minus_and_goes_back(phone, tea_and_honey):
    tea, honey = tea_and_honey
    for product in (tea, honey):
        phone.goto(f"/san-pham/{product.slug}/")
        phone.get_by_role("button", name="Thêm vào giỏ").click()
        phone.wait_for_url("**/gio-hang/")
    tea_box = phone.get_by_label("Số lượng Chè Shan tuyết Tả Phìn")
    tea_line = phone.locator(f"#line-{tea.variants.get().pk}")
    total = phone.locator("#cart-total")
    assert total.inner_text() == vnd(320000 + 650000 + 30000)
    screenshot(phone, "cart-before")

    # typing 3 and pressing the keyboard's Enter ("Go") sets 3: it used to press ✕ and empty the cart
    retype(tea_box, "3")
    tea_box.press("Enter")
    wait_total(phone, 3 * 320000 + 650000 + 30000)
    assert tea_line.locator(".line-total").inner_text() == f"3 kg · {vnd(960000)}"
    assert quantities() == {"Chè Shan tuyết Tả Phìn": 3, "Mật ong bạc hà Mèo Vạc": 1}
    assert phone.locator("header .badge").inner_text() == "4"
    screenshot(phone, "cart-typed-3-enter")

    # typing alone is enough: the line and the totals follow after a short pause
    honey_box = phone.get_by_label("Số lượng Mật ong bạc hà Mèo Vạc")
    retype(honey_box, "2")
    wait_total(phone, 3 * 320000 + 2 * 650000 + 30000)
    assert quantities()["Mật ong bạc hà Mèo Vạc"] == 2

    # + and −: the box changes at once, the totals when the answer comes
    tea_line.get_by_role("button", name="Thêm một").click()
    assert tea_box.input_value() == "4"
    wait_total(phone, 4 * 320000 + 2 * 650000 + 30000)
    tea_line.get_by_role("button", name="Bớt một").click()
    tea_line.get_by_role("button", name="Bớt một").click()
    assert tea_box.input_value() == "2"
    wait_total(phone, 2 * 320000 + 2 * 650000 + 30000)
    assert quantities() == {"Chè Shan tuyết Tả Phìn": 2, "Mật ong bạc hà Mèo Vạc": 2}

    # bad numbers: a message next to the line, the line and its quantity kept, what was typed left in the box
    for typed, message in (("50", "chỉ còn 30 kg"), ("0", "bấm nút ✕"), ("abc", "số nguyên")):
        retype(tea_box, typed)
        tea_box.press("Enter")
        expect(tea_line.locator(".line-problem")).to_contain_text(message)
        expect(tea_line.locator(".line-problem")).to_contain_text("Giỏ vẫn giữ 2 kg")
        assert tea_box.input_value() == typed
        assert quantities() == {"Chè Shan tuyết Tả Phìn": 2, "Mật ong bạc hà Mèo Vạc": 2}
        if typed == "50":
            screenshot(phone, "cart-over-stock")
    retype(tea_box, "5")
    tea_box.press("Enter")
    wait_total(phone, 5 * 320000 + 2 * 650000 + 30000)
    assert tea_line.locator(".line-problem").count() == 0

    # a number typed just before "Đặt hàng" counts, and going back shows the cart as saved
    retype(honey_box, "3")
    phone.get_by_role("button", name="Đặt hàng").click()
    phone.wait_for_url("**/thanh-toan/")
    summary = phone.locator(".summary").inner_text()
    assert "5 × Chè Shan tuyết Tả Phìn" in summary and "3 × Mật ong bạc hà Mèo Vạc" in summary
    phone.go_back()
    phone.wait_for_url("**/gio-hang/")
    assert tea_box.input_value() == "5" and honey_box.input_value() == "3"
    assert total.inner_text() == vnd(5 * 320000 + 3 * 650000 + 30000)
    screenshot(phone, "cart-after-back")

    # only ✕ takes a line out
    tea_line.get_by_role("button", name=re.compile("Bỏ Chè Shan tuyết")).click()
    tea_line.wait_for(state="detached")
    assert quantities() == {"Mật ong bạc hà Mèo Vạc": 3}


def test_the_cart_works_without_javascript(browser, live_server, tea_and_honey):
    tea, _ = tea_and_honey
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, java_script_enabled=False, base_url=live_server.url
    )
    page = context.new_page()
    page.goto(f"/san-pham/{tea.slug}/")
    page.get_by_role("button", name="Thêm vào giỏ").click()
    page.wait_for_url("**/gio-hang/")
    box = page.get_by_label("Số lượng Chè Shan tuyết Tả Phìn")

    box.fill("3")
    with page.expect_navigation():
        box.press("Enter")
    assert quantities() == {"Chè Shan tuyết Tả Phìn": 3}
    assert box.input_value() == "3"

    with page.expect_navigation():
        page.get_by_role("button", name="Thêm một").click()
    assert box.input_value() == "4"
    box.fill("40")
    with page.expect_navigation():
        box.press("Enter")
    assert "chỉ còn 30 kg" in page.locator(".line-problem").inner_text()
    assert box.input_value() == "40" and quantities() == {"Chè Shan tuyết Tả Phìn": 4}
    screenshot(page, "cart-no-js-over-stock")
    context.close()


def test_on_a_slow_link_a_late_answer_never_undoes_what_was_typed_after(phone, tea_and_honey):
    tea, _ = tea_and_honey
    phone.goto(f"/san-pham/{tea.slug}/")
    phone.get_by_role("button", name="Thêm vào giỏ").click()
    phone.wait_for_url("**/gio-hang/")
    # 3G: about 1.2 s for every request to come back
    cdp = phone.context.new_cdp_session(phone)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 1200, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    box = phone.get_by_label("Số lượng Chè Shan tuyết Tả Phìn")

    # "2" goes out after the pause; "5" is typed while it is on its way
    retype(box, "2")
    phone.wait_for_timeout(700)
    box.press("End")
    box.press_sequentially("5")

    # the answer for "2" is not shown over "25"; the request for "25" follows it and wins
    wait_total(phone, 25 * 320000 + 30000)
    assert box.input_value() == "25"
    assert quantities() == {"Chè Shan tuyết Tả Phìn": 25}
    tea_line = phone.locator(f"#line-{tea.variants.get().pk}")
    assert tea_line.locator(".line-total").inner_text() == f"25 kg · {vnd(25 * 320000)}"

    # the link drops: the buyer is told, the box keeps the number; back online, the next change saves all
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    retype(box, "7")
    expect(phone.locator(".cart-trouble")).to_contain_text("Chưa lưu được số lượng")
    assert box.input_value() == "7" and quantities() == {"Chè Shan tuyết Tả Phìn": 25}
    screenshot(phone, "cart-offline")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    retype(box, "8")
    wait_total(phone, 8 * 320000 + 30000)
    assert phone.locator(".cart-trouble").count() == 0 and quantities() == {"Chè Shan tuyết Tả Phìn": 8}
