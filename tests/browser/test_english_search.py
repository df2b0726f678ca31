"""An English-speaking buyer searches in English and reads the English name; a seller writes one."""

import pytest
from django.conf import settings
from django.test import Client

from chophien.catalog.tests.factories import product_listed
from chophien.core.testing.images import jpeg_upload
from chophien.sellers.tests.factories import seller_with_owner
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def market(django_capture_on_commit_callbacks):
    seller, owner = seller_with_owner(name="Hộ Giàng A Páo")
    with django_capture_on_commit_callbacks(execute=True):
        product_listed(
            seller,
            owner,
            name="Thịt trâu gác bếp Than Uyên",
            name_en="Dried buffalo meat from Than Uyên",
            price=950000,
            category_slug="thit-gac-bep",
            photos=[jpeg_upload(width=800, height=800, color=(120, 50, 40))],
        )
        product_listed(seller, owner, name="Thịt bò gác bếp", price=900000, category_slug="thit-gac-bep")
        product_listed(seller, owner, name="Mật ong rừng Than Uyên", price=450000, category_slug="mat-ong")
    return seller, owner


def test_an_english_speaking_buyer_types_dried_buffalo_meat_and_reads_the_english_name(phone, market):
    phone.goto("/en/")
    phone.locator("#q-top").fill("dried buffalo meat")
    phone.locator("#q-top").press("Enter")
    phone.wait_for_url("**/en/tim-kiem/?q=dried+buffalo+meat")
    cards = phone.locator(".card h3")
    # An English visitor reads the English name on the card, the Vietnamese one small under it.
    assert cards.all_inner_texts() == ["Dried buffalo meat from Than Uyên"]
    assert phone.locator(".card .name-vi").all_inner_texts() == ["Thịt trâu gác bếp Than Uyên"]
    screenshot(phone, "english-search")

    cards.first.click()
    phone.wait_for_url("**/en/san-pham/**")
    assert phone.locator("h1").inner_text() == "Dried buffalo meat from Than Uyên Thịt trâu gác bếp Than Uyên"
    assert phone.get_by_role("link", name="Smoked & dried meat").is_visible()
    screenshot(phone, "english-product")


def test_a_seller_writes_an_english_name_in_the_product_form(phone, market, live_server):
    seller, owner = market
    client = Client()
    client.force_login(owner)
    phone.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
          "url": live_server.url}]
    )  # fmt: skip
    product = seller.products.get(name="Thịt bò gác bếp")

    phone.goto(f"/ban-hang/san-pham/{product.id}/sua/")
    field = phone.get_by_label("Tên tiếng Anh (không bắt buộc)")
    field.fill("Smoked beef jerky")
    screenshot(phone, "product-form-english-name")
    phone.get_by_role("button", name="Lưu").click()
    phone.wait_for_url("**/ban-hang/")

    product.refresh_from_db()
    assert product.name_en == "Smoked beef jerky"
    phone.goto("/en/tim-kiem/?q=beef+jerky")
    assert phone.locator(".card h3").all_inner_texts() == ["Smoked beef jerky"]
    assert phone.locator(".card .name-vi").all_inner_texts() == ["Thịt bò gác bếp"]
