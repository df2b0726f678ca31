"""The seller's product form: numbers as people write them, and every error at once next to its field."""

import re

import pytest

from chophien.catalog.models import Product
from chophien.catalog.tests.factories import product_listed

pytestmark = pytest.mark.django_db


def field_error(html: str, field: str) -> str:
    """The error written right under ``field``'s input, in the same block."""
    block = re.search(
        rf'<div class="field has-error">\s*<label for="id_{field}">.*?</div>\s*(?=<div class="field|<p><button)',
        html,
        re.S,
    )
    assert block, f"no error next to {field}"
    match = re.search(rf'<p class="error" id="id_{field}-error">(.*?)</p>', block.group(0), re.S)
    assert match, f"no error text next to {field}"
    return match.group(1)


@pytest.mark.parametrize(
    ("price", "stock", "unit", "dong", "units"),
    [
        ("35k", "50 kg", "kg", 35_000, 50),
        ("35K", "50kg", "kg", 35_000, 50),
        ("35.000", "50", "kg", 35_000, 50),
        ("35 nghìn", "12 chai", "chai", 35_000, 12),
        ("35 ngàn", "1.000 gói", "gói", 35_000, 1000),
        ("1tr2", "3 hộp", "hộp", 1_200_000, 3),
        ("1,2 triệu", "3", "hộp", 1_200_000, 3),
        ("1.200.000đ", "2 kí", "kg", 1_200_000, 2),
        ("1.200.000 ₫", "2", "kg", 1_200_000, 2),
    ],
)
def test_prices_and_stock_as_people_write_them(seller_client, price, stock, unit, dong, units):
    response = seller_client.post(
        "/ban-hang/san-pham/moi/", {"name": "Mật ong bạc hà", "unit": unit, "price": price, "stock": stock}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    product = Product.objects.get()
    assert (product.price, product.variants.get().stock, product.unit) == (dong, units, unit)


def test_every_error_is_shown_at_once_next_to_its_field_with_what_was_typed(seller_client):
    # when three fields are wrong at once
    response = seller_client.post(
        "/ban-hang/san-pham/moi/",
        {"name": "  ", "unit": "kg", "price": "35kk", "stock": "50 túi", "description": "Ngọt, thơm."},
    )

    # then all three say what is wrong, each under its own field, and the typed values stay
    html = response.content.decode()
    assert response.status_code == 422
    assert field_error(html, "price") == "Giá phải là một số tiền (đồng), ví dụ 35000, 35.000, 35k hoặc 1tr2."
    assert field_error(html, "stock") == "Sản phẩm này bán theo kg, không phải “túi”: ghi số kg, ví dụ 50 hoặc 50 kg."
    assert field_error(html, "name")
    assert 'value="35kk"' in html and 'value="50 túi"' in html and "Ngọt, thơm." in html
    assert "Có 3 chỗ cần sửa" in html
    assert '<a href="#id_price">Giá (đồng)</a>' in html
    assert not Product.objects.exists()


def test_the_stock_is_read_in_the_unit_chosen(seller_client):
    response = seller_client.post(
        "/ban-hang/san-pham/moi/", {"name": "Rượu ngô", "unit": "chai", "price": "120k", "stock": "50 kg"}
    )
    assert response.status_code == 422
    assert field_error(response.content.decode(), "stock") == (
        "Sản phẩm này bán theo chai, không phải “kg”: ghi số chai, ví dụ 50 hoặc 50 chai."
    )


def test_a_fraction_of_a_unit_is_not_silently_multiplied(seller_client):
    # "1,5" used to lose its comma and become 15
    response = seller_client.post(
        "/ban-hang/san-pham/moi/", {"name": "Rượu ngô", "unit": "kg", "price": "120k", "stock": "1,5"}
    )
    assert response.status_code == 422
    assert "không có phần lẻ" in field_error(response.content.decode(), "stock")


def test_the_edit_form_reads_written_prices_and_stock(seller_client, shop):
    seller, owner = shop
    product = product_listed(seller, owner, price=45000, stock=200)
    response = seller_client.post(
        f"/ban-hang/san-pham/{product.id}/sua/",
        {"name": product.name, "unit": "kg", "price": "1tr2", "stock": "150 kg", "stock_seen": "200"},
    )
    assert response.status_code == 302
    product.refresh_from_db()
    assert (product.price, product.variants.get().stock) == (1_200_000, 150)
