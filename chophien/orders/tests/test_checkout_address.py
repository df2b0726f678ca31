"""The checkout's address: the commune picker's fields (places.forms.WardPickerForm) on the page."""

import re

import pytest
from django.test import Client

from chophien.orders.models import Order
from chophien.orders.tests.factories import shop_with_product

pytestmark = pytest.mark.django_db

KEY = re.compile(r'name="idempotency_key" value="([^"]+)"')
HA_NOI, CAU_GIAY, NGHIA_DO = 1, 167, 160


def checkout(client: Client, **address) -> dict:
    _, _, product = shop_with_product(stock=10)
    client.post("/gio-hang/them/", {"variant": product.variants.get().pk, "quantity": 1})
    page = client.get("/thanh-toan/")
    return {
        "name": "Nguyễn Thị Lan",
        "phone": "0912 345 678",
        "street": "144 Xuân Thủy",
        "idempotency_key": KEY.search(page.content.decode()).group(1),
        **address,
    }


def test_the_checkout_page_has_the_searchable_picker_and_the_merged_provinces(client: Client):
    checkout(client)

    html = client.get("/thanh-toan/").content.decode()

    assert 'name="ward_q"' in html and 'hx-get="/dia-chi/tim-xa-phuong/"' in html
    assert '<option value="8" data-old>Hà Giang → Tuyên Quang</option>' in html
    assert 'name="ward_search"' in html  # the search button for a phone without JavaScript
    assert "js/place-picker.js" in html


def test_a_chosen_ward_without_a_province_places_the_order_in_the_wards_province(client: Client):
    data = checkout(client, ward_code=str(CAU_GIAY), ward_q="Phường Cầu Giấy")

    answer = client.post("/thanh-toan/", data)

    assert answer.status_code == 302
    order = Order.objects.get()
    assert (order.ward_id, order.province_id) == (CAU_GIAY, HA_NOI)


def test_an_old_name_that_names_two_wards_asks_to_choose_and_keeps_everything_typed(client: Client):
    data = checkout(client, ward_q="dich vong hau")

    answer = client.post("/thanh-toan/", data)

    html = answer.content.decode()
    assert answer.status_code == 422
    assert Order.objects.count() == 0
    assert "Chọn xã/phường của bạn trong danh sách." in html
    assert f'<option value="{CAU_GIAY}">Phường Cầu Giấy, Hà Nội (Dịch Vọng Hậu)</option>' in html
    assert f'<option value="{NGHIA_DO}">Phường Nghĩa Đô, Hà Nội (Dịch Vọng Hậu)</option>' in html
    assert 'value="dich vong hau"' in html and 'value="Nguyễn Thị Lan"' in html and 'value="144 Xuân Thủy"' in html


def test_the_search_button_never_places_the_order(client: Client):
    data = checkout(client, ward_q="Phường Cầu Giấy", ward_code=str(CAU_GIAY), ward_search="1")

    answer = client.post("/thanh-toan/", data)

    assert answer.status_code == 422
    assert Order.objects.count() == 0


def test_a_ward_typed_in_full_is_enough(client: Client):
    data = checkout(client, ward_q="phuong cau giay")

    answer = client.post("/thanh-toan/", data)

    assert answer.status_code == 302
    assert Order.objects.get().ward_id == CAU_GIAY


@pytest.mark.parametrize(
    "address",
    [
        {"province": "99999999999999999999", "ward_code": str(CAU_GIAY)},
        {"province": "1", "ward_code": "99999999999999999999"},
        {"province": "abc", "ward_code": "-1"},
        {"ward_q": "x" * 5000},
    ],
)
def test_odd_address_input_is_a_form_error_not_a_server_error(client: Client, address):
    answer = client.post("/thanh-toan/", checkout(client, **address))

    assert answer.status_code == 422
    assert Order.objects.count() == 0
