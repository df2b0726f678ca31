import pytest

from chophien.catalog.tests.factories import product_listed
from chophien.core.testing.images import jpeg_upload
from chophien.sellers.tests.factories import seller_with_owner
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def market(django_capture_on_commit_callbacks):
    seller, owner = seller_with_owner(name="HTX Chè Shan Tuyết Suối Giàng")
    other, other_owner = seller_with_owner(name="Hộ bà Thào Thị Dợ")
    product_listed(
        seller,
        owner,
        name="Chè Shan tuyết cổ thụ Suối Giàng",
        price=450000,
        category_slug="che-ca-phe",
        ocop_stars=4,
        ocop_year=2023,
        description="Búp chè hái từ cây cổ thụ trên 100 năm tuổi.",
        photos=[jpeg_upload(width=800, height=800, color=(70, 120, 60))],
    )
    product_listed(
        other,
        other_owner,
        name="Mật ong bạc hà Mèo Vạc",
        price=650000,
        category_slug="mat-ong",
        unit="chai",
        ocop_stars=5,
        photos=[jpeg_upload(width=800, height=800, color=(200, 140, 30))],
    )
    product_listed(other, other_owner, name="Khoai sâm Sìn Hồ", price=45000, category_slug="cu-qua")


def test_buyer_browses_home_searches_without_diacritics_and_opens_a_product(phone, market):
    phone.goto("/")
    assert phone.locator("h1").inner_text() == "Sản vật vùng cao, mua tận gốc"
    assert phone.get_by_text("Mật ong bạc hà Mèo Vạc").first.is_visible()
    screenshot(phone, "home")

    phone.get_by_placeholder("Tìm: chè shan tuyết, mật ong...").fill("che shan tuyet")
    phone.get_by_role("button", name="Tìm", exact=True).click()
    phone.wait_for_url("**/tim-kiem/?q=che+shan+tuyet")
    first_card = phone.locator(".card h3").first
    assert first_card.inner_text() == "Chè Shan tuyết cổ thụ Suối Giàng"
    screenshot(phone, "search")

    first_card.click()
    phone.wait_for_url("**/san-pham/**")
    assert phone.locator("h1").inner_text() == "Chè Shan tuyết cổ thụ Suối Giàng"
    assert "450.000" in phone.locator(".price").first.inner_text()
    assert "OCOP 4 sao" in phone.locator(".ocop").first.inner_text()
    assert phone.get_by_text("HTX Chè Shan Tuyết Suối Giàng").is_visible()
    screenshot(phone, "product")


def test_filters_update_results_in_place(phone, market):
    phone.goto("/tim-kiem/")
    phone.get_by_text("Lọc: tỉnh, OCOP, giá").click()
    phone.get_by_label("OCOP").select_option("5")
    phone.wait_for_url("**ocop=5**")
    assert phone.locator(".card h3").all_inner_texts() == ["Mật ong bạc hà Mèo Vạc"]
    screenshot(phone, "search-filtered")
