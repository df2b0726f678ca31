import pytest
from django.test import Client

from chophien.accounts.services import api_token_issue
from chophien.accounts.tests.factories import UserFactory
from chophien.places.selectors import UNKNOWN_WARD_MESSAGE
from chophien.sellers.models import Seller, SellerMember, SellerRole
from chophien.sellers.services import seller_add_staff, seller_register
from chophien.sellers.tests.factories import SIN_HO_WARD_CODE, seller_with_owner, ward

pytestmark = pytest.mark.django_db

MEO_VAC_WARD_CODE = 769


def bearer(user) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_issue(user=user)}"}


def open_shop(client: Client, body: dict, **auth):
    return client.post("/api/seller", body, content_type="application/json", **auth)


def list_product(client: Client, owner, name: str, *, is_paused: bool = False) -> None:
    """A product listed (and maybe paused) through the catalog's API: sellers sits below catalog."""
    auth = bearer(owner)
    listed = client.post(
        "/api/seller/products", {"name": name, "price": 45000, "stock": 10}, content_type="application/json", **auth
    )
    assert listed.status_code == 201
    if is_paused:
        paused = client.patch(
            f"/api/seller/products/{listed.json()['id']}", {"is_paused": True}, content_type="application/json", **auth
        )
        assert (paused.status_code, paused.json()["status"]) == (200, "paused")


def test_the_seller_directory_lists_active_sellers_with_their_active_product_count(client: Client):
    # given
    tea = seller_register(
        owner=UserFactory(), kind="cooperative", name="HTX Chè Tả Phìn", ward_code=SIN_HO_WARD_CODE, story="Chè cổ thụ"
    )
    honey, honey_owner = seller_with_owner(name="Hộ Mật Ong", slug="ho-mat-ong", ward=ward(MEO_VAC_WARD_CODE))
    list_product(client, honey_owner, "Mật ong bạc hà")
    list_product(client, honey_owner, "Mật ong hoa rừng", is_paused=True)
    seller_with_owner(name="Cửa hàng đã đóng", is_active=False)

    # when
    answer = client.get("/api/sellers")

    # then
    assert answer.status_code == 200
    assert sorted(answer.json(), key=lambda s: s["id"]) == [
        {
            "id": tea.id,
            "slug": "htx-che-ta-phin",
            "name": "HTX Chè Tả Phìn",
            "kind": "cooperative",
            "kind_label": "Hợp tác xã",
            "province": "Lai Châu",
            "ward": "Xã Sìn Hồ",
            "story": "Chè cổ thụ",
            "product_count": 0,
        },
        {
            "id": honey.id,
            "slug": "ho-mat-ong",
            "name": "Hộ Mật Ong",
            "kind": "household",
            "kind_label": "Hộ sản xuất",
            "province": "Tuyên Quang",
            "ward": "Xã Mèo Vạc",
            "story": "",
            "product_count": 1,
        },
    ]


def test_the_directory_filters_by_province_and_kind(client: Client):
    seller_register(owner=UserFactory(), kind="cooperative", name="HTX Sìn Hồ", ward_code=SIN_HO_WARD_CODE)
    seller_register(owner=UserFactory(), kind="household", name="Hộ Sìn Hồ", ward_code=SIN_HO_WARD_CODE)
    seller_register(owner=UserFactory(), kind="household", name="Hộ Mèo Vạc", ward_code=MEO_VAC_WARD_CODE)

    def names(**query):
        # the order of names is the database's collation, which differs between SQLite and PostgreSQL
        return sorted(s["name"] for s in client.get("/api/sellers", query).json())

    assert names(province=12) == sorted(["Hộ Sìn Hồ", "HTX Sìn Hồ"])
    assert names(kind="household") == sorted(["Hộ Mèo Vạc", "Hộ Sìn Hồ"])
    assert names(province=12, kind="cooperative") == ["HTX Sìn Hồ"]
    assert names(province=1) == []


def test_the_directory_takes_one_query_however_many_sellers(client: Client, django_assert_num_queries):
    for n in range(5):
        _, owner = seller_with_owner()
        list_product(client, owner, f"Khoai sâm {n}")

    with django_assert_num_queries(1):
        answer = client.get("/api/sellers")

    assert [s["product_count"] for s in answer.json()] == [1, 1, 1, 1, 1]


def test_one_seller_by_slug_with_its_active_product_count(client: Client):
    # given
    seller, owner = seller_with_owner(name="Hộ Khoai Sâm", slug="ho-khoai-sam")
    list_product(client, owner, "Khoai sâm Sìn Hồ")
    list_product(client, owner, "Khoai sọ Sìn Hồ")
    list_product(client, owner, "Khoai môn", is_paused=True)

    # when
    answer = client.get("/api/sellers/ho-khoai-sam")

    # then
    assert answer.status_code == 200
    assert answer.json() == {
        "id": seller.id,
        "slug": "ho-khoai-sam",
        "name": "Hộ Khoai Sâm",
        "kind": "household",
        "kind_label": "Hộ sản xuất",
        "province": "Lai Châu",
        "ward": "Xã Sìn Hồ",
        "story": "",
        "product_count": 2,
    }


@pytest.mark.parametrize("slug", ["khong-co", "cua-hang-da-dong"])
def test_an_unknown_or_closed_seller_is_404(client: Client, slug):
    seller_with_owner(slug="cua-hang-da-dong", is_active=False)
    answer = client.get(f"/api/sellers/{slug}")
    assert (answer.status_code, answer.json()) == (
        404,
        {"code": "seller_not_found", "message": "Không tìm thấy cửa hàng này."},
    )


def test_opening_a_shop_with_a_token_is_201_with_the_shop(client: Client):
    # given
    owner = UserFactory()

    # when
    answer = open_shop(
        client,
        {"kind": "household", "name": "Hộ Giàng A Páo", "ward_code": SIN_HO_WARD_CODE, "street": "Bản Nậm Tăm"},
        **bearer(owner),
    )

    # then
    seller = Seller.objects.get()
    assert answer.status_code == 201
    assert answer.json() == {
        "id": seller.id,
        "slug": "ho-giang-a-pao",
        "name": "Hộ Giàng A Páo",
        "kind": "household",
        "kind_label": "Hộ sản xuất",
        "province": "Lai Châu",
        "ward": "Xã Sìn Hồ",
        "story": "",
        "product_count": 0,
    }
    assert (seller.street, seller.phone) == ("Bản Nậm Tăm", owner.phone)
    assert list(SellerMember.objects.values_list("user_id", "role")) == [(owner.pk, SellerRole.OWNER)]


def test_opening_a_second_shop_is_409_already_seller(client: Client):
    # given
    auth = bearer(UserFactory())
    assert (
        open_shop(client, {"kind": "household", "name": "Lần một", "ward_code": SIN_HO_WARD_CODE}, **auth).status_code
        == 201
    )

    # when
    again = open_shop(client, {"kind": "household", "name": "Lần hai", "ward_code": SIN_HO_WARD_CODE}, **auth)

    # then
    assert (again.status_code, again.json()) == (
        409,
        {"code": "already_seller", "message": "Tài khoản này đã có cửa hàng."},
    )
    assert Seller.objects.count() == 1


def test_staff_of_a_shop_gets_409_already_seller(client: Client):
    seller, owner = seller_with_owner()
    staff = UserFactory()
    seller_add_staff(seller=seller, by=owner, staff=staff)

    answer = open_shop(client, {"kind": "household", "name": "Riêng", "ward_code": SIN_HO_WARD_CODE}, **bearer(staff))

    assert (answer.status_code, answer.json()["code"]) == (409, "already_seller")


def test_an_unknown_ward_is_422_with_code_and_message(client: Client):
    answer = open_shop(client, {"kind": "household", "name": "Hộ A", "ward_code": 5}, **bearer(UserFactory()))
    assert answer.status_code == 422
    assert answer.json() == {"code": "unknown_ward", "message": UNKNOWN_WARD_MESSAGE, "field": "ward_code"}
    assert Seller.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"kind": "shop", "name": "Hộ A", "ward_code": SIN_HO_WARD_CODE}, "invalid_seller_kind"),
        ({"kind": "household", "name": "  ", "ward_code": SIN_HO_WARD_CODE}, "empty_name"),
        ({"kind": "household", "name": "Hộ A", "ward_code": "abc"}, "invalid_input"),
        ({"kind": "household", "ward_code": SIN_HO_WARD_CODE}, "invalid_input"),
    ],
)
def test_bad_shop_details_are_422(client: Client, body, code):
    answer = open_shop(client, body, **bearer(UserFactory()))
    assert (answer.status_code, answer.json()["code"]) == (422, code)
    assert Seller.objects.count() == 0


def test_opening_a_shop_without_a_token_is_401(client: Client):
    answer = open_shop(client, {"kind": "household", "name": "Hộ A", "ward_code": SIN_HO_WARD_CODE})
    assert (answer.status_code, answer.json()["code"]) == (401, "not_authenticated")
    assert Seller.objects.count() == 0
