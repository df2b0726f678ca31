"""Bad input is never a 500: each class the fuzzing and the hand probe found, in the API and the pages,
answers a 4xx with the documented {"code", "message"} (a page for a person)."""

import json
import logging
import time

import pytest
from django.test import Client, override_settings

from chophien.accounts.services import api_token_issue
from chophien.live.models import Comment
from chophien.live.tests.factories import live_with_pins
from chophien.live.webhooks import signature_make
from chophien.orders.tests.factories import HANOI_WARD_CODE, shop_with_product

pytestmark = pytest.mark.django_db
HUGE = "99999999999999999999"  # over 2**63: SQLite's OverflowError, PostgreSQL's "bigint out of range"


def checkout(client: Client, **changes):
    body = {
        "lines": [{"product_id": 1, "quantity": 1}],
        "buyer": {"name": "Nguyễn Thị Lan", "phone": "0912 345 678"},
        "address": {"ward_code": HANOI_WARD_CODE, "street": "12 Phan Đình Phùng"},
    }
    body.update(changes)
    return client.post(
        "/api/checkout", json.dumps(body), content_type="application/json", HTTP_IDEMPOTENCY_KEY="bad-input-0001"
    )


@pytest.mark.parametrize(
    ("path", "field"),
    [
        (f"/api/products?province={HUGE}", "province"),
        (f"/api/products?page={10**19}", "page"),
        (f"/api/products?price_min={HUGE}", "price_min"),
        (f"/api/products/{HUGE}", "product_id"),
        (f"/api/sellers?province={HUGE}", "province"),
        (f"/api/provinces/{HUGE}/wards", "code"),
    ],
)
def test_integers_too_large_for_the_database_are_invalid_input_naming_the_field(client: Client, path, field):
    answer = client.get(path)
    assert (answer.status_code, answer.json()["code"]) == (422, "invalid_input")
    assert field in answer.json()["message"]


def test_a_page_number_past_the_limit_is_refused_with_the_limit(client: Client):
    answer = client.get(f"/api/products?page={10**19}")
    assert answer.json()["message"] == "Dữ liệu gửi lên không đúng định dạng: page (tối đa 100000)"


def test_the_search_page_answers_an_integer_too_large_without_a_server_error(client: Client):
    for path in (f"/tim-kiem/?province={HUGE}", f"/tim-kiem/?page={10**19}"):
        answer = client.get(path)
        assert answer.status_code in (200, 400), path  # the form's message, not the database's refusal


@pytest.mark.parametrize("text", ["\ud800", "Lan\x00"])
def test_unstorable_text_in_a_json_body_is_refused_with_the_field(client: Client, text):
    answer = checkout(client, buyer={"name": text, "phone": "0912 345 678"})
    assert answer.status_code == 422
    assert answer.json()["code"] == "invalid_text"
    assert answer.json()["field"] == "buyer.name"


def test_unstorable_text_in_a_key_of_a_json_body_is_refused(client: Client):
    answer = checkout(client, **{"\ud800": 1})
    assert (answer.status_code, answer.json()["code"]) == (422, "invalid_text")


@pytest.mark.parametrize(
    "path", ["/api/products?q=%00", "/api/sellers/%00", "/api/places/resolve?text=a%00b", "/tim-kiem/?q=%00"]
)
def test_a_nul_in_a_path_or_query_is_400_invalid_text(client: Client, path):
    answer = client.get(path)
    assert answer.status_code == 400
    if path.startswith("/api/"):
        assert answer.json() == {"code": "invalid_text", "message": "Yêu cầu có ký tự không dùng được (ký tự NUL)."}
    else:
        assert "Yêu cầu có ký tự không dùng được (ký tự NUL)." in answer.content.decode()


def test_a_nul_in_a_header_is_400(client: Client):
    answer = client.get("/api/products", HTTP_X_ANYTHING="a\x00b")
    assert (answer.status_code, answer.json()["code"]) == (400, "invalid_text")


def test_a_nul_in_a_posted_form_field_is_400_on_a_page(client: Client):
    answer = client.post("/don-hang/", {"code": "K7MQ\x004XT9", "phone": "0912345678"})
    assert answer.status_code == 400


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_body_over_the_limit_is_413_with_the_json_error(client: Client):
    answer = checkout(client, note="x" * 2000)
    assert answer.status_code == 413
    assert answer.json() == {"code": "body_too_large", "message": "Dữ liệu gửi lên quá lớn."}


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_form_over_the_limit_is_413_on_a_page(client: Client):
    answer = client.post("/don-hang/", {"code": "x" * 2000, "phone": "0912345678"})
    assert answer.status_code == 413


def test_a_boolean_is_not_a_quantity(client: Client):
    answer = checkout(client, lines=[{"product_id": 1, "quantity": True}])
    assert (answer.status_code, answer.json()["code"]) == (422, "invalid_input")
    assert "lines.0.quantity" in answer.json()["message"]


def test_a_boolean_is_not_a_price_nor_a_stock_change(client: Client):
    seller, _, product = shop_with_product(stock=5)
    token = api_token_issue(user=seller.members.get().user)
    variant = product.variants.get()
    answer = client.post(
        f"/api/seller/products/{product.pk}/variants/{variant.pk}/stock",
        json.dumps({"delta": True}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert (answer.status_code, answer.json()["code"]) == (422, "invalid_input")
    variant.refresh_from_db()
    assert variant.stock == 5


def test_a_note_over_its_limit_is_refused_with_the_limit_not_cut(client: Client):
    answer = checkout(client, note="Gọi trước khi giao. " * 30)
    assert (answer.status_code, answer.json()["code"]) == (422, "invalid_input")
    assert answer.json()["message"] == "Dữ liệu gửi lên không đúng định dạng: note (tối đa 500 ký tự)"


def test_the_checkout_service_refuses_a_long_note_too():
    from chophien.core.errors import ValidationError
    from chophien.orders import services

    _, _, product = shop_with_product(stock=5)
    with pytest.raises(ValidationError) as refused:
        services.checkout_place(
            lines=[services.LineRequest(product_id=product.pk, variant_id=None, quantity=1, expected_price=None)],
            buyer=services.BuyerInput(name="Lan", phone="0912345678"),
            address=services.AddressInput(ward_code=HANOI_WARD_CODE, street="12 Phan Đình Phùng"),
            idempotency_key="long-note-0001",
            payment_method="cod",
            note="x" * 501,
        )
    assert (refused.value.code, refused.value.field) == ("note_too_long", "note")
    assert refused.value.message == "Ghi chú quá dài: 501 ký tự, tối đa 500."


def test_a_4000_digit_signature_timestamp_is_refused_before_any_arithmetic(client: Client):
    session, _, _ = live_with_pins(units=(5,))
    body = json.dumps({"comments": []}).encode()
    answer = client.post(
        f"/api/live/{session.pk}/comments",
        body,
        content_type="application/json",
        HTTP_X_CHOPHIEN_SIGNATURE=f"t={'9' * 4000},v1={'a' * 64}",
    )
    assert (answer.status_code, answer.json()["code"]) == (403, "bad_signature")


def test_one_bad_comment_in_a_webhook_batch_never_fails_the_others(client: Client):
    session, _, _ = live_with_pins(units=(5,))
    comments = [
        {"platform": "tiktok", "user_id": "u1", "name": "Lan", "text": "chốt A1"},
        {"platform": "tiktok", "user_id": "u2\x00", "name": "\ud800", "text": "chốt A1\x00 x2"},
        {"platform": "tiktok", "user_id": "u3", "text": "A1 còn không?"},
    ]
    body = json.dumps({"comments": comments}).encode()
    signature = signature_make(secret=session.webhook_secret, body=body, timestamp=int(time.time()))
    answer = client.post(
        f"/api/live/{session.pk}/comments", body, content_type="application/json", HTTP_X_CHOPHIEN_SIGNATURE=signature
    )
    assert answer.status_code == 200
    assert [o["intent"] for o in answer.json()["outcomes"]] == ["order", "order", "question"]
    assert sorted(Comment.objects.values_list("text", flat=True)) == ["A1 còn không?", "chốt A1", "chốt A1 x2"]


def test_a_database_refusal_that_escaped_the_checks_is_a_logged_4xx_not_a_500(client: Client, caplog, monkeypatch):
    from chophien.catalog import selectors

    def overflowing(**kwargs):
        raise OverflowError("Python int too large to convert to SQLite INTEGER")

    monkeypatch.setattr(selectors, "product_search", overflowing)
    with caplog.at_level(logging.ERROR, logger="chophien.badinput"):
        api = client.get("/api/products")
        page = client.get("/tim-kiem/?q=che")
    assert (api.status_code, api.json()["code"]) == (422, "invalid_input")
    assert page.status_code == 422
    assert [r.message for r in caplog.records if r.name == "chophien.badinput"] == [
        "bad input reached the database",
        "bad input reached the database",
    ]


def test_errors_django_answers_for_the_api_are_json_too(client: Client):
    answer = client.get("/api/no-such-thing")
    assert answer.status_code == 404
    assert answer.json() == {"code": "not_found", "message": "Không tìm thấy."}


def test_a_body_that_is_not_json_is_400_bad_json(client: Client):
    answer = client.post(
        "/api/checkout", b"{not json", content_type="application/json", HTTP_IDEMPOTENCY_KEY="bad-input-0002"
    )
    assert answer.status_code == 400
    assert answer.json() == {"code": "bad_json", "message": "Nội dung gửi lên không phải JSON hợp lệ."}


def test_the_openapi_document_declares_error_answers_and_input_limits(client: Client):
    document = client.get("/api/openapi.json").json()
    schemas = document["components"]["schemas"]
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            statuses = ("400", "401", "404", "413", "422", "429") if operation.get("security") else ("400", "422")
            for status in statuses:
                reference = operation["responses"][status]["content"]["application/json"]["schema"]["$ref"]
                error = schemas[reference.rsplit("/", 1)[1]]  # Error, or an operation's own error schema
                assert {"code", "message"} <= set(error["required"]), (method, path, status)
    assert schemas["Error"]["required"] == ["code", "message"]
    products = {p["name"]: p["schema"] for p in document["paths"]["/api/products"]["get"]["parameters"]}
    assert products["page"]["maximum"] == 100_000
    assert products["province"]["anyOf"][0]["maximum"] == 2**63 - 1
    assert products["q"]["maxLength"] == 200
    checkout_body = document["components"]["schemas"]["CheckoutIn"]["properties"]
    assert checkout_body["note"]["maxLength"] == 500


def test_a_broken_multipart_body_is_400_bad_form(client: Client):
    seller, _, product = shop_with_product(stock=5)
    token = api_token_issue(user=seller.members.get().user)
    answer = client.generic(
        "POST",
        f"/api/seller/products/{product.pk}/photos",
        b"--x\r\nnot a part",
        content_type="multipart/form-data",  # no boundary
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert answer.status_code == 400
    assert answer.json() == {"code": "bad_form", "message": "Biểu mẫu gửi lên bị hỏng."}


def test_a_json_body_nested_thousands_deep_is_400_bad_json(client: Client):
    answer = client.post(
        "/api/checkout", "[" * 100_000, content_type="application/json", HTTP_IDEMPOTENCY_KEY="bad-input-0003"
    )
    assert (answer.status_code, answer.json()["code"]) == (400, "bad_json")


@pytest.mark.parametrize("text", ["\\u0000", "\\ud800"])
def test_an_epcis_document_with_unstorable_text_is_refused_as_a_problem(client: Client, text):
    seller, _, _ = shop_with_product(stock=5)
    token = api_token_issue(user=seller.members.get().user)
    body = '{"@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"], "type": "EPCISDocument", '
    body += f'"schemaVersion": "2.0", "creationDate": "2026-12-04T10:00:00Z", "note": "a{text}b", "epcisBody": {{}}}}'
    answer = client.post(
        "/epcis/capture", body, content_type="application/ld+json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert answer.status_code in (400, 422)
    assert answer.json()["code"] == "epcis_document_invalid"


def test_a_method_an_operation_does_not_take_is_405_with_the_json_error(client: Client):
    answer = client.delete("/api/products")
    assert answer.status_code == 405
    assert answer.json() == {"code": "method_not_allowed", "message": "Không dùng được phương thức này."}
    assert answer["Allow"] == "GET"


# Inputs whose text is taken as a platform sent it (each comment cut or refused on its own, so that
# one does not refuse its batch), or checked whole against a signature before anything else.
UNBOUNDED_TEXT = {
    ("/api/live/{session_id}/comments", "platform"),
    ("/api/live/{session_id}/comments", "user_id"),
    ("/api/live/{session_id}/comments", "name"),
    ("/api/messages/esms/{tracking_id}/{signature}", "tracking_id"),
    ("/api/messages/esms/{tracking_id}/{signature}", "signature"),
}


def _leaves(schema, schemas, name=""):
    """(name, schema) of each integer or string an input schema holds, through $ref, anyOf and arrays."""
    if "$ref" in schema:
        yield from _leaves(schemas[schema["$ref"].rsplit("/", 1)[1]], schemas, name)
    elif "anyOf" in schema:
        for option in schema["anyOf"]:
            yield from _leaves(option, schemas, name)
    elif schema.get("type") == "object":
        for key, part in schema.get("properties", {}).items():
            yield from _leaves(part, schemas, key)
    elif schema.get("type") == "array":
        yield from _leaves(schema.get("items", {}), schemas, name)
    elif schema.get("type") in ("integer", "string"):
        yield name, schema


def test_the_openapi_document_declares_the_limits_of_every_input(client: Client):
    document = client.get("/api/openapi.json").json()
    schemas = document["components"]["schemas"]
    unbounded = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            inputs = [(p["name"], p["schema"]) for p in operation.get("parameters", [])]
            for content in operation.get("requestBody", {}).get("content", {}).values():
                inputs.append(("", content["schema"]))
            for top, schema in inputs:
                for name, leaf in _leaves(schema, schemas, top):
                    if leaf["type"] == "integer" and not {"minimum", "maximum"} <= set(leaf):
                        unbounded.append((method, path, name, "integer"))
                    bounded = "maxLength" in leaf or "enum" in leaf or leaf.get("format") in ("binary", "date-time")
                    if leaf["type"] == "string" and not bounded and (path, name) not in UNBOUNDED_TEXT:
                        unbounded.append((method, path, name, "string"))
    assert unbounded == [], "\n".join(map(str, unbounded))
