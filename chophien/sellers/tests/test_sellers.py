import pytest
from django.test import Client

from chophien.accounts.services import api_token_issue
from chophien.accounts.tests.factories import UserFactory
from chophien.core.errors import PermissionDenied, ValidationError
from chophien.sellers.models import SellerMember, SellerRole
from chophien.sellers.services import seller_add_staff, seller_register

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", ["household", "cooperative", "enterprise"])
def test_three_kinds_of_seller_open_a_shop_with_an_owner(kind):
    owner = UserFactory()
    seller = seller_register(owner=owner, kind=kind, name="  HTX   Tả Phìn ", ward_code=3478)
    assert (seller.name, seller.province.short_name, seller.slug) == ("HTX Tả Phìn", "Lai Châu", "htx-ta-phin")
    assert SellerMember.objects.get(seller=seller).role == SellerRole.OWNER


@pytest.mark.parametrize(
    ("fields", "code"),
    [({"kind": "shop"}, "invalid_seller_kind"), ({"name": ""}, "empty_name"), ({"ward_code": 1}, "unknown_ward")],
)
def test_bad_shop_details_are_refused(fields, code):
    values = {"kind": "household", "name": "Hộ Lò Thị Mai", "ward_code": 3478} | fields
    with pytest.raises(ValidationError) as error:
        seller_register(owner=UserFactory(), **values)
    assert error.value.code == code


def test_only_the_owner_adds_staff():
    owner, staff, stranger = UserFactory(), UserFactory(), UserFactory()
    seller = seller_register(owner=owner, kind="cooperative", name="HTX Mèo Vạc", ward_code=769)
    assert seller_add_staff(seller=seller, by=owner, staff=staff).role == SellerRole.STAFF
    with pytest.raises(PermissionDenied):
        seller_add_staff(seller=seller, by=stranger, staff=stranger)


def test_sellers_api(client: Client):
    owner = UserFactory()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_token_issue(user=owner)}"}
    created = client.post(
        "/api/seller",
        {"kind": "household", "name": "Hộ Giàng A Páo", "ward_code": 3478},
        content_type="application/json",
        **auth,
    )
    assert created.status_code == 201
    again = client.post(
        "/api/seller",
        {"kind": "household", "name": "Lần hai", "ward_code": 3478},
        content_type="application/json",
        **auth,
    )
    assert (again.status_code, again.json()["code"]) == (409, "already_seller")
    other = {"HTTP_AUTHORIZATION": f"Bearer {api_token_issue(user=UserFactory())}"}
    bad = client.post(
        "/api/seller", {"kind": "household", "name": "X", "ward_code": 5}, content_type="application/json", **other
    )
    assert (bad.status_code, bad.json()["code"]) == (422, "unknown_ward")
    listed = client.get("/api/sellers").json()
    assert [s["name"] for s in listed] == ["Hộ Giàng A Páo"]
    assert client.get(f"/api/sellers/{listed[0]['slug']}").json()["province"] == "Lai Châu"


def test_shop_opening_page_and_ward_picker(client: Client):
    assert client.get("/ban-hang/mo-cua-hang/").status_code == 302
    options = client.get("/dia-chi/xa-phuong/", {"province": "12"}).content.decode()
    assert '<option value="3478">Xã Sìn Hồ</option>' in options
    client.force_login(UserFactory())
    opened = client.post(
        "/ban-hang/mo-cua-hang/",
        {"kind": "household", "name": "Hộ Vàng Thị Mai", "province": "8", "ward_code": "769", "street": "Bản Pả Vi"},
    )
    assert (opened.status_code, opened["Location"]) == (302, "/ban-hang/san-pham/moi/")
