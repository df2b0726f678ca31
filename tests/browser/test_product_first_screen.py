"""The product page on a 390 × 844 phone: "Thêm vào giỏ" and "Mua ngay" are on the first screen,
without scrolling, for a product with a long name, several photos and several sizes."""

import pytest

from chophien.catalog.services import VariantInput
from chophien.catalog.tests.factories import product_listed
from chophien.core.testing.images import jpeg_upload
from chophien.sellers.tests.factories import seller_with_owner
from tests.browser.conftest import PHONE, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# 117 characters: the longest a name can be is 120
LONG_NAME = "Chè Shan tuyết cổ thụ Suối Giàng hái tay vụ xuân, sao suốt thủ công bằng chảo gang, đóng hộp quà Tết sơn mài Văn Chấn"


@pytest.fixture
def long_product(django_capture_on_commit_callbacks):
    shop, owner = seller_with_owner(name="HTX Chè Shan Tuyết Suối Giàng")
    with django_capture_on_commit_callbacks(execute=True):
        return product_listed(
            shop, owner, name=LONG_NAME, unit="hộp", ocop_stars=4, ocop_year=2023,
            description="Búp chè hái từ cây cổ thụ trên 100 năm tuổi.\n" * 6,
            photos=[jpeg_upload(width=900, height=900, color=(70 + 30 * i, 120, 60)) for i in range(4)],
            variants=[
                VariantInput(label="Hộp 100 g", price="180.000", stock=40),
                VariantInput(label="Hộp 250 g", price="420.000", stock=25),
                VariantInput(label="Hộp 500 g", price="800.000", stock=0),
                VariantInput(label="Túi 1 kg", price="1.500.000", stock=8),
            ],
        )  # fmt: skip


def test_the_buy_buttons_are_on_the_first_screen_of_a_phone(phone, long_product):
    phone.goto(f"/san-pham/{long_product.slug}/")
    assert len(LONG_NAME) == 117
    assert phone.locator("h1").inner_text() == LONG_NAME
    assert phone.locator(".gallery img").count() == 4
    full = screenshot(phone, "product-first-screen")
    phone.screenshot(path=str(full.with_name("product-first-screen-fold.png")))  # what the phone shows unscrolled

    for name in ("Thêm vào giỏ", "Mua ngay"):
        box = phone.get_by_role("button", name=name).bounding_box()
        assert box is not None, name
        assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], (name, box)
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (name, box)
        assert box["height"] >= 48, (name, box)

    # every size can be chosen on that screen too, with its price and what is left
    choices = phone.locator(".choice")
    assert choices.count() == 4
    assert "Hết hàng" in choices.nth(2).inner_text() and choices.nth(2).locator("input").is_disabled()
    assert "180.000" in choices.nth(0).inner_text() and "Còn 40" in choices.nth(0).inner_text()

    # and the buttons work from there
    phone.get_by_text("Hộp 250 g").click()
    phone.get_by_role("button", name="Mua ngay").click()
    phone.wait_for_url("**/thanh-toan/")
    assert "Hộp 250 g" in phone.locator(".summary").inner_text()


def test_a_first_size_sold_out_is_not_picked_and_buy_now_sends_the_next(phone, django_capture_on_commit_callbacks):
    shop, owner = seller_with_owner(name="HTX Mắc Ca Tam Đường")
    with django_capture_on_commit_callbacks(execute=True):
        product = product_listed(
            shop, owner, name="Mắc ca Tam Đường sấy nứt vỏ", unit="túi",
            variants=[
                VariantInput(label="Túi 1 kg", price="380.000", stock=0),
                VariantInput(label="Túi 500 g", price="200.000", stock=9),
            ],
        )  # fmt: skip
    phone.goto(f"/san-pham/{product.slug}/")
    assert phone.get_by_role("radio", name="Túi 500 g").is_checked()
    assert phone.get_by_role("radio", name="Túi 1 kg").is_disabled()

    phone.get_by_role("button", name="Mua ngay").click()  # the buyer chose nothing
    phone.wait_for_url("**/thanh-toan/")
    assert "Túi 500 g" in phone.locator(".summary").inner_text()


def test_sold_out_in_every_size_shows_sold_out_instead_of_buy_buttons(phone, django_capture_on_commit_callbacks):
    shop, owner = seller_with_owner(name="HTX Mắc Ca Tam Đường")
    with django_capture_on_commit_callbacks(execute=True):
        product = product_listed(
            shop, owner, name="Mắc ca Tam Đường sấy nứt vỏ", unit="túi",
            photos=[jpeg_upload(width=900, height=900)],
            variants=[
                VariantInput(label="Túi 1 kg", price="380.000", stock=0),
                VariantInput(label="Túi 500 g", price="200.000", stock=0),
            ],
        )  # fmt: skip
    phone.goto(f"/san-pham/{product.slug}/")
    screenshot(phone, "product-sold-out")
    assert phone.get_by_role("button", name="Mua ngay").count() == 0
    assert phone.get_by_role("button", name="Thêm vào giỏ").count() == 0
    status = phone.get_by_role("status").filter(has_text="Hết hàng")
    assert status.is_visible()
    box = status.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"], box  # on the first screen

    phone.get_by_role("link", name="Xem cửa hàng HTX Mắc Ca Tam Đường").click()
    phone.wait_for_url(f"**/cua-hang/{shop.slug}/")
