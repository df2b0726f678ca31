import pytest
from django.test import Client

from chophien.accounts.services import api_token_issue
from chophien.catalog.models import Product
from chophien.catalog.tests.factories import product_listed
from chophien.sellers.tests.factories import seller_with_owner

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    return seller_with_owner(name="HTX Nông sản Tả Phìn")


@pytest.fixture
def bearer(shop):
    _, owner = shop
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_issue(user=owner)}"}


def test_search_api_answers_items_and_count_best_first(client: Client, shop):
    seller, owner = shop
    product_listed(seller, owner, name="Chè Shan tuyết cổ thụ", price=350000, category_slug="che-ca-phe", ocop_stars=4)
    product_listed(seller, owner, name="Chè xanh Thái Nguyên", price=200000, category_slug="che-ca-phe")
    response = client.get("/api/products", {"q": "che shan tuyet"})
    body = response.json()
    assert response.status_code == 200
    assert body["count"] >= 1
    first = body["items"][0]
    assert (first["name"], first["price"], first["unit"], first["ocop_stars"]) == (
        "Chè Shan tuyết cổ thụ",
        350000,
        "kg",
        4,
    )
    assert first["seller"] == {"id": seller.id, "name": "HTX Nông sản Tả Phìn", "slug": seller.slug}


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"q": "a" * 5000}, "query_too_long"),
        ({"price_min": -5}, "invalid_filter"),
        ({"price_min": 500, "price_max": 100}, "invalid_price_range"),
        ({"page": "abc"}, "invalid_input"),
    ],
)
def test_search_api_bad_parameters_get_a_code_and_a_message(client: Client, params, code):
    response = client.get("/api/products", params)
    assert response.status_code == 422
    assert response.json()["code"] == code
    assert response.json()["message"]


def test_product_detail_api_and_404(client: Client, shop):
    seller, owner = shop
    product = product_listed(seller, owner, certification_codes=["vietgap"])
    body = client.get(f"/api/products/{product.id}").json()
    assert (body["name"], body["certifications"], body["variants"][0]["stock"]) == (
        "Khoai sâm Sìn Hồ",
        ["vietgap"],
        100,
    )
    missing = client.get("/api/products/999999")
    assert (missing.status_code, missing.json()["code"]) == (404, "product_not_found")


def test_seller_creates_and_updates_own_product_with_a_token(client: Client, bearer):
    created = client.post(
        "/api/seller/products",
        {"name": "Mận sấy dẻo", "price": 120000, "stock": 40, "unit": "gói", "category": "trai-cay-say"},
        content_type="application/json",
        **bearer,
    )
    assert created.status_code == 201, created.content
    product_id = created.json()["id"]
    updated = client.patch(
        f"/api/seller/products/{product_id}", {"price": 110000}, content_type="application/json", **bearer
    )
    assert (updated.status_code, updated.json()["price"]) == (200, 110000)


def test_seller_cannot_touch_another_sellers_product(client: Client, bearer):
    other_seller, other_owner = seller_with_owner(name="Hộ ông Giàng A Páo")
    theirs = product_listed(other_seller, other_owner)
    response = client.patch(
        f"/api/seller/products/{theirs.id}", {"price": 1}, content_type="application/json", **bearer
    )
    assert (response.status_code, response.json()["code"]) == (403, "not_your_shop")
    assert Product.objects.get(pk=theirs.pk).price == 45000


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"name": "", "price": 1000, "stock": 1}, "empty_name"),
        ({"name": "Gạo", "price": -5, "stock": 1}, "invalid_price"),
        ({"name": "Gạo", "price": 5000, "stock": 1, "unit": "tấn"}, "invalid_unit"),
        ({"name": "Gạo", "price": 5000, "stock": 1, "origin_ward_code": 1}, "unknown_ward"),
        ({"name": "Gạo", "price": 5000, "stock": 1, "category": "khong-co"}, "unknown_category"),
        ({"name": "Gạo"}, "missing_price"),
        ({"name": "Gạo", "price": "nhiều", "stock": 1}, "invalid_input"),
    ],
)
def test_create_product_bad_input_gets_4xx_with_code(client: Client, bearer, payload, code):
    response = client.post("/api/seller/products", payload, content_type="application/json", **bearer)
    assert response.status_code == 422
    assert response.json()["code"] == code
    assert Product.objects.count() == 0


def test_photo_upload_api_refuses_a_non_image(client: Client, shop, bearer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    seller, owner = shop
    product = product_listed(seller, owner)
    response = client.post(
        f"/api/seller/products/{product.id}/photos",
        {"photos": [SimpleUploadedFile("x.jpg", b"%PDF-1.4", content_type="image/jpeg")]},
        **bearer,
    )
    assert (response.status_code, response.json()["code"]) == (422, "not_an_image")


def test_seller_endpoints_need_a_token(client: Client):
    response = client.post("/api/seller/products", {"name": "x"}, content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (401, "not_authenticated")


def test_openapi_page_is_served(client: Client):
    assert client.get("/api/docs").status_code == 200
    schema = client.get("/api/openapi.json").json()
    assert "/api/products" in schema["paths"]
