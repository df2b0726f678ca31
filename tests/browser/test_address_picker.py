"""The commune picker on a phone: an unaccented name from before the July 2025 merger, typed at
checkout, finds the ward it is part of now; the suggestion is picked with the keyboard (and with a
tap when opening a shop), and Enter in the search box never sends the form."""

import pytest

from chophien.catalog.tests.factories import product_listed
from chophien.orders.models import Order
from chophien.sellers.models import Seller
from chophien.sellers.tests.factories import seller_with_owner
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CAU_GIAY, HA_NOI = 167, 1


@pytest.fixture
def tea(django_capture_on_commit_callbacks):
    shop, owner = seller_with_owner(name="HTX Chè Tả Phìn")
    with django_capture_on_commit_callbacks(execute=True):
        return product_listed(shop, owner, name="Chè Shan tuyết Tả Phìn", price=320000, stock=30)


def test_an_old_ward_typed_without_diacritics_at_checkout_finds_todays_ward_and_the_order_goes_there(phone, tea):
    phone.goto(f"/san-pham/{tea.slug}/")
    phone.get_by_role("button", name="Mua ngay").click()
    phone.wait_for_url("**/thanh-toan/")
    phone.get_by_label("Họ tên người nhận").fill("Nguyễn Thị Lan")
    phone.get_by_label("Số điện thoại").fill("0912 345 678")

    search = phone.get_by_label("Tìm xã, phường")
    search.click()
    search.press_sequentially("dich vong hau", delay=60)
    first = phone.locator("#id_ward_list [role=option]").first
    first.wait_for()
    assert "Dịch Vọng Hậu → nay thuộc phường Cầu Giấy" in first.inner_text()
    screenshot(phone, "address-picker-suggestions")

    search.press("Enter")  # nothing highlighted yet: Enter takes the first suggestion, never sends the form
    assert phone.url.endswith("/thanh-toan/")
    assert Order.objects.count() == 0
    assert phone.locator("#id_ward_code").input_value() == str(CAU_GIAY)
    assert phone.locator("#id_province").input_value() == str(HA_NOI)
    assert phone.locator("#id_ward_note").inner_text() == "Dịch Vọng Hậu → nay thuộc phường Cầu Giấy"
    assert phone.locator("#id_ward_list [role=option]").count() == 0
    # the whole list of Hà Nội's wards arrives behind the chosen one, still chosen
    phone.locator("#id_ward_code option", has_text="Phường Ba Đình").wait_for(state="attached")
    assert phone.locator("#id_ward_code").input_value() == str(CAU_GIAY)

    phone.get_by_label("Số nhà, đường, thôn/bản").fill("144 Xuân Thủy")
    screenshot(phone, "address-picker-chosen")
    phone.get_by_role("button", name="Đặt hàng").click()
    phone.wait_for_url("**/dat-hang-xong/**")
    screenshot(phone, "address-picker-placed")

    order = Order.objects.get()
    assert (order.ward_id, order.province_id, order.street) == (CAU_GIAY, HA_NOI, "144 Xuân Thủy")


def test_arrow_keys_choose_a_suggestion_and_editing_the_text_clears_the_choice(phone, tea):
    phone.goto(f"/san-pham/{tea.slug}/")
    phone.get_by_role("button", name="Mua ngay").click()
    phone.wait_for_url("**/thanh-toan/")
    search = phone.get_by_label("Tìm xã, phường")
    search.press_sequentially("dich vong hau", delay=40)
    phone.locator("#id_ward_list [role=option]").nth(1).wait_for()

    search.press("ArrowDown")
    search.press("ArrowDown")  # the second: the part of Dịch Vọng Hậu that went to Nghĩa Đô
    search.press("Enter")
    assert phone.locator("#id_ward_note").inner_text() == "Dịch Vọng Hậu → một phần nay thuộc phường Nghĩa Đô"
    assert search.input_value() == "Phường Nghĩa Đô"
    assert phone.locator("#id_ward_code").input_value() == "160"

    search.press("Backspace")
    assert phone.locator("#id_ward_code").input_value() == ""
    assert phone.url.endswith("/thanh-toan/")


def test_a_new_seller_taps_a_suggestion_and_chooses_what_they_are_with_a_large_button(phone, live_server):
    from chophien.accounts.tests.factories import UserFactory

    user = UserFactory()
    _log_in(phone, live_server, user)
    phone.goto("/ban-hang/mo-cua-hang/")
    card = phone.locator("label.choice-card", has_text="Hợp tác xã")
    box = card.bounding_box()
    assert box is not None and box["height"] >= 48 and box["width"] >= 300  # one per line, thumb-sized
    card.tap()
    phone.get_by_label("Tên cửa hàng").fill("HTX Mèo Vạc")
    phone.get_by_label("Tìm xã, phường").press_sequentially("pa vi", delay=60)
    suggestion = phone.locator("#id_ward_list [role=option]", has_text="Pả Vi → nay thuộc xã Mèo Vạc")
    suggestion.tap()
    assert phone.locator("#id_ward_note").inner_text() == "Pả Vi → nay thuộc xã Mèo Vạc"
    province = phone.locator("#id_province")
    assert province.evaluate("select => select.selectedOptions[0].textContent") == "Tuyên Quang"
    screenshot(phone, "open-shop-picker")
    phone.get_by_role("button", name="Mở cửa hàng").click()
    phone.wait_for_url("**/ban-hang/san-pham/moi/")

    seller = Seller.objects.get(name="HTX Mèo Vạc")
    assert (seller.kind, seller.ward.name, seller.province.short_name) == ("cooperative", "Xã Mèo Vạc", "Tuyên Quang")

    # the settings page shows the same choices and the commune chosen, and changes them
    phone.goto("/ban-hang/thong-tin-cua-hang/")
    assert phone.get_by_label("Hợp tác xã").is_checked()
    assert phone.locator("#id_ward_code").input_value() == str(seller.ward_id)
    phone.locator("label.choice-card", has_text="Doanh nghiệp").tap()
    # the shop's province (Tuyên Quang) ranks first but hides nothing: a shop that moved finds its ward
    phone.get_by_label("Tìm xã, phường").press_sequentially("dich vong hau", delay=40)
    phone.locator("#id_ward_list [role=option]").first.tap()
    screenshot(phone, "shop-settings-picker")
    phone.get_by_role("button", name="Lưu", exact=True).click()
    phone.wait_for_url("**/ban-hang/thong-tin-cua-hang/")
    seller.refresh_from_db()
    assert (seller.kind, seller.ward_id, seller.province_id) == ("enterprise", CAU_GIAY, HA_NOI)


def _log_in(phone, live_server, user) -> None:
    """The session cookie of a signed-in client, as test_live does for the seller's console."""
    from urllib.parse import urlsplit

    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    host = urlsplit(live_server.url).hostname
    phone.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "domain": host, "path": "/"}])


def test_without_javascript_enter_in_the_search_box_searches_and_the_list_offers_the_matches(browser, live_server, tea):
    from tests.browser.conftest import PHONE

    context = browser.new_context(
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        locale="vi-VN",
        base_url=live_server.url,
        java_script_enabled=False,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"/san-pham/{tea.slug}/")
    page.get_by_role("button", name="Mua ngay").click()
    page.wait_for_url("**/thanh-toan/")
    page.get_by_label("Họ tên người nhận").fill("Nguyễn Thị Lan")
    page.get_by_label("Số điện thoại").fill("0912 345 678")
    page.get_by_label("Số nhà, đường, thôn/bản").fill("144 Xuân Thủy")
    page.get_by_label("Tìm xã, phường").fill("dich vong hau")
    page.get_by_label("Tìm xã, phường").press("Enter")  # the form's first button is "Tìm": it searches
    page.wait_for_load_state()

    assert Order.objects.count() == 0
    assert "Chọn xã/phường của bạn trong danh sách." in page.content()
    assert page.get_by_label("Họ tên người nhận").input_value() == "Nguyễn Thị Lan"  # nothing typed is lost
    page.get_by_label("Xã/phường", exact=True).select_option(label="Phường Cầu Giấy, Hà Nội (Dịch Vọng Hậu)")
    screenshot(page, "address-picker-no-js")
    page.get_by_role("button", name="Đặt hàng").click()
    page.wait_for_url("**/dat-hang-xong/**")

    assert Order.objects.get().ward_id == CAU_GIAY
    context.close()
