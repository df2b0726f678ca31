"""POST /api/checkout, the buyer's order by code + phone, the seller's order desk over the API."""

import json

import pytest
from django.test import Client

from chophien.accounts.services import api_token_issue
from chophien.catalog.models import ProductVariant
from chophien.orders.models import Order, OrderStatus
from chophien.orders.tests.factories import HANOI_WARD_CODE, buy, shop_with_product

pytestmark = pytest.mark.django_db


def checkout_body(*lines, **overrides):
    body = {
        "lines": [{"product_id": product.pk, "quantity": quantity} for product, quantity in lines],
        "buyer": {"name": "Nguyễn Thị Lan", "phone": "0912 345 678"},
        "address": {"ward_code": HANOI_WARD_CODE, "street": "12 Phan Đình Phùng"},
        "payment_method": "cod",
    }
    body.update(overrides)
    return body


def post(client: Client, path: str, body, key: str | None = "api-key-000001", **headers):
    if key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post(path, json.dumps(body), content_type="application/json", **headers)


def test_checkout_answers_201_with_the_reference_and_one_order_per_seller(client: Client):
    _, _, khoai = shop_with_product(stock=10)
    _, _, che = shop_with_product(stock=10, name="Chè Shan tuyết")

    answer = post(client, "/api/checkout", checkout_body((khoai, 2), (che, 1)))

    assert answer.status_code == 201
    body = answer.json()
    assert body["reference"].startswith("CP")
    assert body["total"] == 2 * 45000 + 45000 + 2 * 30000
    assert len(body["orders"]) == 2
    assert {o["status"] for o in body["orders"]} == {"placed"}


def test_a_retried_checkout_returns_the_same_answer_and_places_nothing_more(client: Client):
    _, _, product = shop_with_product(stock=10)
    first = post(client, "/api/checkout", checkout_body((product, 2)), key="retry-key-01")
    again = post(client, "/api/checkout", checkout_body((product, 2)), key="retry-key-01")
    assert (first.status_code, again.status_code) == (201, 201)
    assert first.json() == again.json()
    assert Order.objects.count() == 1
    assert ProductVariant.objects.get(product=product).stock == 8


def test_a_checkout_without_a_key_is_refused(client: Client):
    _, _, product = shop_with_product(stock=10)
    answer = post(client, "/api/checkout", checkout_body((product, 1)), key=None)
    assert answer.status_code == 422
    assert answer.json()["code"] == "invalid_idempotency_key"


def test_out_of_stock_is_409_with_what_is_left(client: Client):
    _, _, product = shop_with_product(stock=1)
    answer = post(client, "/api/checkout", checkout_body((product, 3)))
    assert answer.status_code == 409
    body = answer.json()
    assert body["code"] == "out_of_stock"
    assert body["items"] == [
        {
            "variant_id": product.variants.get().pk,
            "product_name": product.name,
            "label": "",
            "wanted": 3,
            "remaining": 1,
        }
    ]


def test_a_changed_price_is_409_with_the_new_price(client: Client):
    _, _, product = shop_with_product(stock=5, price=45000)
    body = checkout_body()
    body["lines"] = [{"variant_id": product.variants.get().pk, "quantity": 1, "expected_price": 40000}]
    answer = post(client, "/api/checkout", body)
    assert answer.status_code == 409
    assert answer.json()["code"] == "price_changed"
    assert answer.json()["items"][0]["price_now"] == 45000


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"lines": [{"product_id": 1, "quantity": "abc"}]}, "invalid_quantity"),
        ({"lines": [{"product_id": 1, "quantity": 0}]}, "invalid_quantity"),
        ({"lines": [{"product_id": 1, "quantity": 10**12}]}, "quantity_too_large"),
        ({"lines": []}, "empty_cart"),
        ({"buyer": {"name": "Lan", "phone": "không có"}}, "invalid_phone"),
        ({"address": {"ward_code": 123456789, "street": "x"}}, "unknown_ward"),
        ({"payment_method": "momo"}, "unknown_payment_method"),
        ({"buyer": "Lan"}, "invalid_input"),
    ],
)
def test_bad_checkout_input_is_a_4xx_with_a_code(client: Client, change, code):
    _, _, product = shop_with_product(stock=5)
    answer = post(client, "/api/checkout", checkout_body((product, 1), **change))
    assert answer.status_code == 422
    assert answer.json()["code"] == code
    assert answer.json()["message"]


def test_the_buyer_reads_and_cancels_an_order_with_code_and_phone(client: Client):
    _, _, product = shop_with_product(stock=5)
    order = buy((product, 2)).orders[0]

    wrong = post(client, f"/api/orders/{order.code}", {"phone": "0987654321"}, key=None)
    right = post(client, f"/api/orders/{order.code}", {"phone": "0912345678"}, key=None)
    cancelled = post(
        client, f"/api/orders/{order.code}/cancel", {"phone": "0912345678", "reason": "Đặt nhầm"}, key=None
    )
    again = post(client, f"/api/orders/{order.code}/cancel", {"phone": "0912345678"}, key=None)

    assert wrong.status_code == 404
    assert right.status_code == 200
    assert right.json()["lines"][0]["quantity"] == 2
    assert [e["to_status"] for e in right.json()["events"]] == ["placed"]
    assert cancelled.json()["status"] == "cancelled_by_buyer"
    assert (again.status_code, again.json()["code"]) == (409, "invalid_transition")
    assert ProductVariant.objects.get(product=product).stock == 5


def test_the_checkout_reference_answers_every_order_of_that_checkout(client: Client):
    # given: one checkout from two shops
    _, _, khoai = shop_with_product(stock=10)
    _, _, che = shop_with_product(stock=10, name="Chè Shan tuyết")
    placed = buy((khoai, 2), (che, 1))
    reference = placed.checkout.reference
    single = post(client, f"/api/orders/{placed.orders[0].code}", {"phone": "0912345678"}, key=None).json()

    # when: the reference is typed as people do (lower case, a dash, spaces), with the phone as written
    typed = f" {reference[:2].lower()}-{reference[2:6].lower()} {reference[6:]} "
    answer = post(client, f"/api/orders/{typed}", {"phone": "0912 345 678"}, key=None)

    # then: the reference and both orders, each as the single-order answer has it
    assert answer.status_code == 200
    body = answer.json()
    assert body["reference"] == reference
    assert [o["code"] for o in body["orders"]] == [o.code for o in placed.orders]
    assert body["orders"][0] == single
    assert [o["lines"][0]["quantity"] for o in body["orders"]] == [2, 1]

    # a wrong phone, or a reference that is not one, is the same 404 as a wrong order code
    for path, phone in ((reference, "0987654321"), ("CPAAAAAAAA", "0912345678"), (reference, "12ab")):
        wrong = post(client, f"/api/orders/{path}", {"phone": phone}, key=None)
        assert (wrong.status_code, wrong.json()["code"]) == (404, "order_not_found")


def test_an_order_code_is_found_as_people_type_it(client: Client):
    _, _, product = shop_with_product(stock=5)
    order = buy((product, 1)).orders[0]
    for typed in (order.code.lower(), order.code.replace("-", ""), order.code.replace("-", " ")):
        answer = post(client, f"/api/orders/{typed}", {"phone": "0912345678"}, key=None)
        assert (answer.status_code, answer.json()["code"]) == (200, order.code)


def test_the_openapi_document_declares_both_answers_of_a_lookup(client: Client):
    operation = client.get("/api/openapi.json").json()["paths"]["/api/orders/{code}"]["post"]
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    refs = {option["$ref"].rsplit("/", 1)[1] for option in schema["anyOf"]}
    assert refs == {"OrderOut", "CheckoutOrdersOut"}


def test_order_lookups_are_rate_limited(client: Client):
    for _ in range(60):
        post(client, "/api/orders/AAAA-AAAA", {"phone": "0912345678"}, key=None)
    answer = post(client, "/api/orders/AAAA-AAAA", {"phone": "0912345678"}, key=None)
    assert (answer.status_code, answer.json()["code"]) == (429, "rate_limited")
    by_reference = post(client, "/api/orders/CPAAAAAAAA", {"phone": "0912345678"}, key=None)
    assert (by_reference.status_code, by_reference.json()["code"]) == (429, "rate_limited")


def test_the_seller_desk_over_the_api_sees_only_its_own_orders(client: Client):
    _seller, owner, product = shop_with_product(stock=50)
    _, _other_owner, other_product = shop_with_product(stock=50)
    mine = [buy((product, 1)).orders[0] for _ in range(3)]
    theirs = buy((other_product, 1)).orders[0]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_token_issue(user=owner)}"}

    listed = client.get("/api/seller/orders", **auth)
    confirmed = post(
        client, f"/api/seller/orders/{mine[0].pk}/transition", {"to_status": "confirmed"}, key=None, **auth
    )
    foreign = post(client, f"/api/seller/orders/{theirs.pk}/transition", {"to_status": "confirmed"}, key=None, **auth)
    bulk = post(
        client,
        "/api/seller/orders/bulk",
        {"order_ids": [o.pk for o in mine] + [theirs.pk], "to_status": "confirmed"},
        key=None,
        **auth,
    )
    bad = post(client, f"/api/seller/orders/{mine[1].pk}/transition", {"to_status": "teleported"}, key=None, **auth)
    huge = post(client, "/api/seller/orders/bulk", {"order_ids": [2**70], "to_status": "confirmed"}, key=None, **auth)

    assert listed.status_code == 200
    assert {o["code"] for o in listed.json()["items"]} == {o.code for o in mine}
    assert confirmed.json()["status"] == "confirmed"
    assert foreign.status_code == 404
    assert sorted(bulk.json()["changed"]) == sorted(o.code for o in mine[1:])
    assert bulk.json()["skipped"] == [mine[0].code]
    assert (bad.status_code, bad.json()["code"]) == (422, "invalid_status")
    assert (huge.status_code, huge.json()["code"]) == (422, "invalid_input")
    theirs.refresh_from_db()
    assert theirs.status == OrderStatus.PLACED
    assert client.get("/api/seller/orders").status_code == 401
