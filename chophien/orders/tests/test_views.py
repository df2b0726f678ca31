"""The buyer's pages and the seller's desk, through the Django test client."""

import csv
import io
import re

import pytest
from django.test import Client
from openpyxl import load_workbook

from chophien.accounts.tests.factories import UserFactory
from chophien.catalog.models import ProductVariant
from chophien.orders.models import Checkout, CodPolicy, Order, OrderStatus
from chophien.orders.tests.factories import HANOI_WARD_CODE, buy, shop_with_product

pytestmark = pytest.mark.django_db

KEY = re.compile(r'name="idempotency_key" value="([^"]+)"')


def add(client: Client, product, quantity=1, **extra):
    return client.post("/gio-hang/them/", {"variant": product.variants.get().pk, "quantity": quantity, **extra})


def checkout_form(client: Client, **overrides):
    page = client.get("/thanh-toan/")
    assert page.status_code == 200
    data = {
        "name": "Nguyễn Thị Lan",
        "phone": "0912 345 678",
        "province": "1",
        "ward_code": str(HANOI_WARD_CODE),
        "street": "12 Phan Đình Phùng",
        "note": "Gọi trước khi giao",
        "idempotency_key": KEY.search(page.content.decode()).group(1),
    }
    data.update(overrides)
    return data


def test_a_guest_buys_from_two_sellers_with_cod_and_follows_the_order(client: Client):
    # given: two products of two shops in the cart
    _, _, khoai = shop_with_product(stock=10)
    _, _, che = shop_with_product(stock=10, name="Chè Shan tuyết")
    assert add(client, khoai, 2).status_code == 302
    assert add(client, che, 1).status_code == 302
    cart = client.get("/gio-hang/").content.decode()
    assert "Khoai sâm Sìn Hồ" in cart and "Chè Shan tuyết" in cart
    assert 'class="badge">3</span>' in cart

    # when: checkout as a guest
    data = checkout_form(client)
    answer = client.post("/thanh-toan/", data)

    # then: one checkout, two orders, the cart is empty, the page shows the codes
    assert answer.status_code == 302
    checkout = Checkout.objects.get()
    assert answer["Location"] == f"/dat-hang-xong/{checkout.reference}/"
    placed = client.get(answer["Location"]).content.decode()
    orders = list(Order.objects.order_by("id"))
    assert len(orders) == 2 and all(o.code in placed for o in orders)
    assert "Giỏ hàng đang trống" in client.get("/gio-hang/").content.decode()

    # a late double tap (same form, same key, cart now empty) shows the same checkout, places nothing
    again = client.post("/thanh-toan/", data)
    assert again["Location"] == answer["Location"]
    assert Order.objects.count() == 2

    # and the buyer follows an order from another phone by code + phone
    other = Client()
    assert other.get(f"/don-hang/{orders[0].code}/").status_code == 302
    wrong = other.post("/don-hang/", {"code": orders[0].code, "phone": "0987654321"})
    assert wrong.status_code == 404
    found = other.post("/don-hang/", {"code": orders[0].code.lower(), "phone": "0912345678"})
    assert found["Location"] == f"/don-hang/{orders[0].code}/"
    page = other.get(found["Location"]).content.decode()
    assert "Chờ xác nhận" in page and "Huỷ đơn này" in page


def test_the_buyer_cancels_from_the_order_page_and_stock_comes_back(client: Client):
    _, _, product = shop_with_product(stock=5)
    add(client, product, 2)
    client.post("/thanh-toan/", checkout_form(client))
    order = Order.objects.get()
    answer = client.post(f"/don-hang/{order.code}/huy/", {"reason": "Đặt nhầm"})
    assert answer.status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED_BY_BUYER
    assert ProductVariant.objects.get(product=product).stock == 5


def test_a_changed_price_is_shown_and_the_second_press_confirms(client: Client):
    _, _, product = shop_with_product(stock=5, price=45000)
    add(client, product, 1)
    data = checkout_form(client)
    ProductVariant.objects.filter(product=product).update(price=50000)

    first = client.post("/thanh-toan/", data)
    assert first.status_code == 409
    assert "50.000" in first.content.decode()
    assert Order.objects.count() == 0

    second = client.post("/thanh-toan/", {**data, "idempotency_key": KEY.search(first.content.decode()).group(1)})
    assert second.status_code == 302
    assert Order.objects.get().total == 50000 + 30000


def test_bad_checkout_input_shows_vietnamese_errors_and_keeps_the_cart(client: Client):
    _, _, product = shop_with_product(stock=5)
    add(client, product, 1)
    answer = client.post("/thanh-toan/", checkout_form(client, phone="12ab", street=""))
    assert answer.status_code == 422
    html = answer.content.decode()
    assert "Số điện thoại không đúng" in html or "Vui lòng" in html
    assert Order.objects.count() == 0
    assert "Khoai sâm" in client.get("/gio-hang/").content.decode()


def test_adding_more_than_the_stock_is_a_clear_message(client: Client):
    _, _, product = shop_with_product(stock=3)
    answer = add(client, product, 5, back=f"/san-pham/{product.slug}/")
    assert answer["Location"] == f"/san-pham/{product.slug}/"
    page = client.get(answer["Location"]).content.decode()
    assert "chỉ còn 3" in page


def test_cart_quantity_changes_in_place_with_htmx(client: Client):
    _, _, product = shop_with_product(stock=10)
    add(client, product, 1)
    box = f"q-{product.variants.get().pk}"
    fragment = client.post("/gio-hang/sua/", {box: "4"}, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert "<html" not in fragment.content.decode()
    assert 'value="4"' in fragment.content.decode()
    too_many = client.post("/gio-hang/sua/", {box: "99"}, HTTP_HX_REQUEST="true")
    assert "chỉ còn 10" in too_many.content.decode() and "Giỏ vẫn giữ 4" in too_many.content.decode()
    client.post("/gio-hang/sua/", {box: "4", "remove": product.variants.get().pk}, HTTP_HX_REQUEST="true")
    assert "Giỏ hàng đang trống" in client.get("/gio-hang/").content.decode()


def cart_quantities():
    from chophien.orders.models import CartLine

    return dict(CartLine.objects.values_list("variant__product__name", "quantity"))


def test_enter_in_a_quantity_box_saves_it_and_never_empties_the_cart(client: Client):
    # given: two lines; the form's first button is the one Enter presses
    _, _, khoai = shop_with_product(stock=10)
    _, _, che = shop_with_product(stock=10, name="Chè Shan tuyết")
    add(client, khoai, 1)
    add(client, che, 1)
    page = client.get("/gio-hang/").content.decode()
    first_button = re.search(r"<button[^>]*>", page[page.index('id="cart"') :]).group(0)
    assert 'name="save"' in first_button

    # when: 3 typed in one box and Enter pressed (the browser sends every box and that button)
    answer = client.post(
        "/gio-hang/sua/", {f"q-{khoai.variants.get().pk}": "3", f"q-{che.variants.get().pk}": "1", "save": "1"}
    )

    # then: saved, nothing removed
    assert answer.status_code == 302
    assert cart_quantities() == {"Khoai sâm Sìn Hồ": 3, "Chè Shan tuyết": 1}


@pytest.mark.parametrize(
    ("typed", "message"),
    [("0", "Muốn bỏ món này khỏi giỏ, bấm nút ✕"), ("abc", "số nguyên"), ("11", "chỉ còn 10 kg"), ("", "số nguyên")],
)
def test_a_bad_quantity_is_a_message_next_to_its_line_and_the_line_stays(client: Client, typed, message):
    _, _, khoai = shop_with_product(stock=10)
    _, _, che = shop_with_product(stock=10, name="Chè Shan tuyết")
    add(client, khoai, 2)
    add(client, che, 1)
    khoai_box, che_box = f"q-{khoai.variants.get().pk}", f"q-{che.variants.get().pk}"

    answer = client.post("/gio-hang/sua/", {khoai_box: typed, che_box: "4", "save": "1"})

    assert answer.status_code == 422
    html = answer.content.decode()
    line = html[html.index(f'id="line-{khoai.variants.get().pk}"') : html.index(f'id="line-{che.variants.get().pk}"')]
    assert message in line and "Giỏ vẫn giữ 2 kg" in line
    assert f'name="{khoai_box}" value="{typed}"' in line  # what was typed is still in the box
    assert cart_quantities() == {"Khoai sâm Sìn Hồ": 2, "Chè Shan tuyết": 4}  # the good line is saved


def test_minus_plus_and_checkout_without_javascript(client: Client):
    _, _, khoai = shop_with_product(stock=10)
    add(client, khoai, 2)
    variant = khoai.variants.get().pk
    box = f"q-{variant}"

    client.post("/gio-hang/sua/", {box: "5", "more": variant})
    assert cart_quantities() == {"Khoai sâm Sìn Hồ": 6}
    client.post("/gio-hang/sua/", {box: "6", "less": variant})
    assert cart_quantities() == {"Khoai sâm Sìn Hồ": 5}
    at_one = client.post("/gio-hang/sua/", {box: "1", "less": variant})
    assert at_one.status_code == 422 and cart_quantities() == {"Khoai sâm Sìn Hồ": 5}

    going_on = client.post("/gio-hang/sua/", {box: "7", "then": "checkout"})
    assert going_on["Location"] == "/thanh-toan/"
    assert cart_quantities() == {"Khoai sâm Sìn Hồ": 7}
    by_htmx = client.post("/gio-hang/sua/", {box: "7", "then": "checkout"}, HTTP_HX_REQUEST="true")
    assert by_htmx["HX-Redirect"] == "/thanh-toan/"
    refused = client.post("/gio-hang/sua/", {box: "70", "then": "checkout"})
    assert refused.status_code == 422 and "chỉ còn 10 kg" in refused.content.decode()


def test_the_cart_page_is_never_taken_from_a_cache(client: Client):
    assert "no-store" in client.get("/gio-hang/")["Cache-Control"]


def test_a_guest_cart_joins_the_account_at_login(client: Client, django_capture_on_commit_callbacks):
    from chophien.messaging.backends import MemoryBackend
    from chophien.orders.models import Cart

    # given: an account that already has a cart, and a guest cart in this browser
    _, _, khoai = shop_with_product(stock=10)
    _, _, che = shop_with_product(stock=10, name="Chè Shan tuyết")
    user = UserFactory(phone="0977000111")
    earlier = Client()
    earlier.force_login(user)
    add(earlier, che, 1)
    Cart.objects.filter(token=earlier.session["cart_token"]).update(user=user)
    add(client, khoai, 2)

    # when: the guest logs in with a code
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/tai-khoan/dang-nhap/", {"phone": "0977000111"})
    client.post("/tai-khoan/nhap-ma/", {"code": MemoryBackend.outbox[-1].params["otp"]})

    # then: one cart with both lines, owned by the account
    cart = client.get("/gio-hang/").content.decode()
    assert "Khoai sâm" in cart and "Chè Shan tuyết" in cart
    assert Cart.objects.get().user == user


def test_forms_need_the_csrf_token():
    client = Client(enforce_csrf_checks=True)
    _, _, product = shop_with_product(stock=10)
    assert add(client, product, 1).status_code == 403


def test_the_seller_desk_lists_new_orders_first_and_confirms_many(client: Client):
    _seller, owner, product = shop_with_product(stock=100)
    orders = [buy((product, 1)).orders[0] for _ in range(4)]
    client.force_login(owner)

    page = client.get("/ban-hang/don-hang/").content.decode()
    assert all(o.code in page for o in orders)
    assert "Số này đã đặt" in page

    answer = client.post("/ban-hang/don-hang/xu-ly/", {"order": [o.pk for o in orders[:3]], "to_status": "confirmed"})
    assert answer.status_code == 302
    assert Order.objects.filter(status="confirmed").count() == 3
    listing = client.get("/ban-hang/don-hang/?trang-thai=placed").content.decode()
    assert orders[3].code in listing and orders[0].code not in listing


def test_the_seller_moves_one_order_and_sees_its_timeline(client: Client):
    _, owner, product = shop_with_product(stock=10)
    order = buy((product, 1)).orders[0]
    client.force_login(owner)
    client.post(f"/ban-hang/don-hang/{order.pk}/", {"to_status": "confirmed"})
    refused = client.post(f"/ban-hang/don-hang/{order.pk}/", {"to_status": "shipped"})
    bogus = client.post(f"/ban-hang/don-hang/{order.pk}/", {"to_status": "teleported"})
    no_reason = client.post(f"/ban-hang/don-hang/{order.pk}/", {"to_status": "cancelled_by_seller"})
    page = client.get(f"/ban-hang/don-hang/{order.pk}/").content.decode()
    assert (refused.status_code, bogus.status_code, no_reason.status_code) == (409, 422, 422)
    assert "Đã xác nhận" in page and "Đóng gói" in page


def test_another_shop_sees_nothing(client: Client):
    _, _, product = shop_with_product(stock=10)
    order = buy((product, 1)).orders[0]
    _, stranger, _ = shop_with_product()
    client.force_login(stranger)
    assert client.get(f"/ban-hang/don-hang/{order.pk}/").status_code == 404
    assert order.code not in client.get("/ban-hang/don-hang/").content.decode()
    assert order.code not in client.get(f"/ban-hang/don-hang/in/?order={order.pk}").content.decode()
    client.post("/ban-hang/don-hang/xu-ly/", {"order": [order.pk], "to_status": "confirmed"})
    order.refresh_from_db()
    assert order.status == OrderStatus.PLACED


def test_packing_list_and_exports(client: Client):
    _seller, owner, product = shop_with_product(stock=10)
    orders = [buy((product, 2), note='=HYPERLINK("x")').orders[0] for _ in range(2)]
    client.force_login(owner)

    slip = client.get(f"/ban-hang/don-hang/in/?order={orders[0].pk}&order={orders[1].pk}").content.decode()
    exported_csv = client.get("/ban-hang/don-hang/xuat.csv")
    exported_xlsx = client.get("/ban-hang/don-hang/xuat.xlsx")

    assert all(o.code in slip for o in orders) and "Thu người nhận" in slip
    rows = list(csv.reader(io.StringIO(exported_csv.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Mã đơn" and len(rows) == 3
    assert rows[1][-1].startswith("'=")  # a buyer's note never runs as a formula
    sheet = load_workbook(io.BytesIO(exported_xlsx.content)).active
    assert [c.value for c in next(sheet.iter_rows(max_row=1))][:2] == ["Mã đơn", "Ngày đặt"]
    assert sheet.max_row == 3
    assert client.get("/ban-hang/don-hang/xuat.pdf").status_code == 404


def test_the_cod_rule_form(client: Client):
    seller, owner, _ = shop_with_product()
    client.force_login(owner)
    client.post("/ban-hang/don-hang/cod/", {"rule": "deposit", "refusal_threshold": "3", "deposit_percent": "20"})
    policy = CodPolicy.objects.get(seller=seller)
    assert (policy.rule, policy.refusal_threshold, policy.deposit_percent) == ("deposit", 3, 20)
    client.post("/ban-hang/don-hang/cod/", {"rule": "deposit", "refusal_threshold": "0", "deposit_percent": "500"})
    policy.refresh_from_db()
    assert policy.deposit_percent == 20


def test_the_cart_and_an_order_error_speak_english_when_asked(client: Client):
    assert "Your cart is empty." in client.get("/en/gio-hang/").content.decode()
    _, _, product = shop_with_product(stock=2)
    answer = client.post(
        "/en/gio-hang/them/",
        {"variant": product.variants.get().pk, "quantity": 5, "back": f"/en/san-pham/{product.slug}/"},
    )
    assert "Only 2 kg of Khoai sâm Sìn Hồ left." in client.get(answer["Location"]).content.decode()


def test_odd_numbers_in_forms_and_links_are_not_errors(client: Client):
    _seller, owner, _product = shop_with_product(stock=5)
    assert client.post("/gio-hang/them/", {"variant": "²", "quantity": "1"}).status_code == 302
    assert client.post("/gio-hang/sua/", {"variant": "9" * 5000, "quantity": "1"}).status_code == 302
    client.force_login(owner)
    assert client.get("/ban-hang/don-hang/?trang=²").status_code == 200
    assert client.get("/ban-hang/don-hang/in/?order=²&order=" + "9" * 40).status_code == 200
    answer = client.post("/ban-hang/don-hang/xu-ly/", {"order": ["²"], "to_status": "confirmed"})
    assert answer.status_code == 302


def test_a_product_hidden_after_it_went_in_the_cart_is_named_at_checkout(client: Client):
    from chophien.catalog.models import ProductStatus

    _, _, khoai = shop_with_product(stock=5)
    _, _, che = shop_with_product(stock=5, name="Chè Shan tuyết")
    add(client, khoai, 1)
    add(client, che, 1)
    data = checkout_form(client)
    che.status = ProductStatus.HIDDEN
    che.save()

    answer = client.post("/thanh-toan/", data)

    assert answer.status_code == 409
    assert "Chè Shan tuyết hiện không bán" in answer.content.decode()
    assert Order.objects.count() == 0
    assert "Chè Shan tuyết" in client.get("/gio-hang/").content.decode()


def test_new_orders_come_first_across_pages(client: Client):
    from chophien.orders.models import Actor
    from chophien.orders.status import order_transition

    _, owner, product = shop_with_product(stock=100)
    oldest, middle, newest = (buy((product, 1)).orders[0] for _ in range(3))
    for order in (middle, newest):
        order_transition(order_id=order.pk, to_status="confirmed", actor=Actor.SELLER, user=owner)
    client.force_login(owner)

    page = client.get("/ban-hang/don-hang/").content.decode()

    assert page.index(oldest.code) < page.index(newest.code) < page.index(middle.code)


def test_staff_work_the_order_desk_of_their_shop(client: Client):
    from chophien.sellers.services import seller_add_staff_by_phone

    seller, owner, product = shop_with_product(stock=10)
    order = buy((product, 1)).orders[0]
    staff = seller_add_staff_by_phone(seller=seller, by=owner, phone="0977 111 222").user
    client.force_login(staff)

    assert order.code in client.get("/ban-hang/don-hang/").content.decode()
    client.post(f"/ban-hang/don-hang/{order.pk}/", {"to_status": "confirmed"})
    order.refresh_from_db()
    assert order.status == OrderStatus.CONFIRMED


def test_a_returning_phone_gets_its_last_address_after_a_code_and_never_without(
    client: Client, django_capture_on_commit_callbacks
):
    from chophien.messaging.backends import MemoryBackend

    # given: this phone bought before, from another browser
    _, _, product = shop_with_product(stock=10)
    buy((product, 1))  # to 12 Phan Đình Phùng, by 0912 345 678
    add(client, product, 1)
    page = client.get("/thanh-toan/").content.decode()
    assert "12 Phan Đình Phùng" not in page
    assert "Nhận mã qua tin nhắn" in page

    # when: they ask for a code and type it
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post("/thanh-toan/dia-chi-cu/", {"phone": "0912 345 678"}, HTTP_HX_REQUEST="true")
    assert "Đã gửi mã tới 0912 345 678" in sent.content.decode()
    assert "12 Phan Đình Phùng" not in sent.content.decode()
    wrong = client.post("/thanh-toan/dia-chi-cu/", {"code": "000000"}, HTTP_HX_REQUEST="true")
    assert wrong.status_code == 422
    right = client.post(
        "/thanh-toan/dia-chi-cu/", {"code": MemoryBackend.outbox[-1].params["otp"]}, HTTP_HX_REQUEST="true"
    )

    # then: the checkout form comes back filled with the last address; no account was made
    assert right["HX-Redirect"] == "/thanh-toan/"
    filled = client.get("/thanh-toan/").content.decode()
    assert 'value="12 Phan Đình Phùng"' in filled
    assert '<option value="4" selected>' in filled
    from chophien.accounts.models import User

    assert not User.objects.filter(phone="0912345678").exists()


def test_the_checkout_reference_finds_every_order_of_that_checkout(client: Client):
    # given: a checkout from two shops, placed elsewhere
    _, _, khoai = shop_with_product(stock=10)
    _, _, che = shop_with_product(stock=10, name="Chè Shan tuyết")
    placed = buy((khoai, 2), (che, 1))
    reference = placed.checkout.reference

    # when: its reference is typed as people type it, with the phone
    typed = f"{reference[:2].lower()} {reference[2:6]}-{reference[6:].lower()}"
    answer = client.post("/don-hang/", {"code": typed, "phone": "0912 345 678"})

    # then: a page of every order of that checkout, each openable
    assert answer["Location"] == f"/dat-hang-xong/{reference}/?xem=1"
    page = client.get(answer["Location"]).content.decode()
    assert all(order.code in page for order in placed.orders)
    assert f'Đơn hàng <span class="code">{reference}</span>' in page and "Đặt hàng thành công" not in page
    assert client.get(f"/don-hang/{placed.orders[1].code}/").status_code == 200

    # and the wrong phone is the one message for everything unknown
    wrong = Client().post("/don-hang/", {"code": reference, "phone": "0987654321"})
    assert wrong.status_code == 404 and "Không tìm thấy đơn với mã và số điện thoại này" in wrong.content.decode()


def test_the_lookup_form_comes_prefilled_from_the_order_pages(client: Client):
    _, _, product = shop_with_product(stock=5)
    add(client, product, 1)
    placed = client.post("/thanh-toan/", checkout_form(client))
    checkout = Checkout.objects.get()
    order = checkout.orders.get()

    # the order page prints the reference and links to the lookup with it; the phone is known here
    order_page = client.get(f"/don-hang/{order.code}/").content.decode()
    assert checkout.reference in order_page
    link = f"/don-hang/?ma={checkout.reference}"
    assert link in order_page and link in client.get(placed["Location"]).content.decode()
    form = client.get(link).content.decode()
    assert f'value="{checkout.reference}"' in form and 'value="0912 345 678"' in form
    assert client.post("/don-hang/", {"code": checkout.reference, "phone": "0912 345 678"}).status_code == 302

    # another browser gets the code, never the phone
    other = Client()
    redirected = other.get(f"/dat-hang-xong/{checkout.reference}/")
    assert redirected["Location"] == link
    form = other.get(link).content.decode()
    assert f'value="{checkout.reference}"' in form and "0912" not in form


def test_an_empty_lookup_form_says_what_is_missing(client: Client):
    answer = client.post("/don-hang/", {"code": "", "phone": ""})
    assert answer.status_code == 422
    assert answer.content.decode().count('class="error"') == 2


def test_confirming_asks_no_reason_and_cancelling_asks_for_one(client: Client):
    # given: a new order on the seller's desk
    _, owner, product = shop_with_product(stock=10)
    order = buy((product, 1)).orders[0]
    client.force_login(owner)
    page = client.get(f"/ban-hang/don-hang/{order.pk}/").content.decode()

    # then: the confirm button's form has no reason box; the cancel has its own, required
    confirm_form = page[page.rindex("<form", 0, page.index('value="confirmed"')) : page.index('value="confirmed"')]
    assert 'name="reason"' not in confirm_form
    cancel_form = page[page.index('<details class="panel reason-action"') : page.index('value="cancelled_by_seller"')]
    assert "Vì sao huỷ đơn?" in cancel_form and 'name="reason" maxlength="300" required' in cancel_form

    # when: cancelling without a reason, the message is beside its box; a reason sent with a confirm is ignored
    no_reason = client.post(f"/ban-hang/don-hang/{order.pk}/", {"to_status": "cancelled_by_seller", "reason": "  "})
    assert no_reason.status_code == 422
    html = no_reason.content.decode()
    assert '<details class="panel reason-action" open>' in html and 'id="reason-error-cancelled_by_seller"' in html
    client.post(f"/ban-hang/don-hang/{order.pk}/", {"to_status": "confirmed", "reason": "nhầm ô"})
    order.refresh_from_db()
    assert order.status == OrderStatus.CONFIRMED
    assert list(order.events.values_list("to_status", "reason")) == [("placed", ""), ("confirmed", "")]

    # and a cancel with its reason goes through
    client.post(f"/ban-hang/don-hang/{order.pk}/", {"to_status": "cancelled_by_seller", "reason": "Hết hàng"})
    order.refresh_from_db()
    assert (order.status, order.events.last().reason) == (OrderStatus.CANCELLED_BY_SELLER, "Hết hàng")


def test_the_dashboard_shows_the_new_orders_waiting_and_links_to_the_desk(client: Client):
    from chophien.orders.models import Actor
    from chophien.orders.status import order_transition

    _, owner, product = shop_with_product(stock=50)
    orders = [buy((product, 1)).orders[0] for _ in range(3)]
    order_transition(order_id=orders[0].pk, to_status="confirmed", actor=Actor.SELLER, user=owner)
    _, _, other_product = shop_with_product(stock=5)
    buy((other_product, 1))  # another shop's new order is not counted
    client.force_login(owner)

    page = client.get("/ban-hang/").content.decode()

    assert "<strong>2 đơn mới</strong> đang chờ bạn xác nhận" in page
    assert 'href="/ban-hang/don-hang/?trang-thai=placed"' in page
    assert client.get("/ban-hang/don-hang/?trang-thai=placed").content.decode().count('class="panel new"') == 2

    for order in orders[1:]:
        order_transition(order_id=order.pk, to_status="confirmed", actor=Actor.SELLER, user=owner)
    assert "đơn mới" not in client.get("/ban-hang/").content.decode()


def _tables_read(captured) -> list[str]:
    return [m.group(1) for q in captured.captured_queries if (m := re.match(r'SELECT .*? FROM "(\w+)"', q["sql"]))]


@pytest.mark.parametrize("lines", [1, 6])
def test_the_checkout_page_reads_a_fixed_few_rows_for_a_returning_buyer(
    client: Client, lines: int, django_assert_max_num_queries
):
    # given: a buyer whose last address (Hà Nội) is remembered, with lines from several shops
    _, _, first = shop_with_product(stock=10)
    add(client, first, 1)
    client.post("/thanh-toan/", checkout_form(client))
    for i in range(lines):
        _, _, product = shop_with_product(stock=10, name=f"Chè Shan tuyết {i}")
        add(client, product, 1)
    client.get("/thanh-toan/")  # the session and caches warm

    # then: the page, Hà Nội's communes in the picker, costs the same however many lines
    with django_assert_max_num_queries(8) as captured:
        page = client.get("/thanh-toan/")
    assert page.status_code == 200 and f'<option value="{HANOI_WARD_CODE}" selected' in page.content.decode()
    assert _tables_read(captured).count("places_ward") == 1  # the picker's list, read once

    # and the form sent back with a mistake costs no more
    data = checkout_form(client, street="")
    with django_assert_max_num_queries(7) as captured:
        answer = client.post("/thanh-toan/", data)
    assert answer.status_code == 422 and f'<option value="{HANOI_WARD_CODE}" selected' in answer.content.decode()
    assert _tables_read(captured).count("places_ward") == 1
