import threading
import time

import pytest
from django.db import connection

from chophien.accounts.tests.factories import UserFactory
from chophien.core.errors import Conflict, PermissionDenied, ValidationError
from chophien.places.selectors import UNKNOWN_WARD_MESSAGE
from chophien.sellers import services
from chophien.sellers.models import Seller, SellerKind, SellerMember, SellerRole
from chophien.sellers.services import seller_add_staff, seller_register
from chophien.sellers.tests.factories import SIN_HO_WARD_CODE, seller_with_owner

pytestmark = pytest.mark.django_db

MEO_VAC_WARD_CODE = 769  # Xã Mèo Vạc, Tuyên Quang


@pytest.mark.parametrize(
    ("kind", "label"),
    [("household", "Hộ sản xuất"), ("cooperative", "Hợp tác xã"), ("enterprise", "Doanh nghiệp")],
)
def test_each_kind_of_seller_opens_a_shop_with_its_owner(kind, label):
    # given
    owner = UserFactory(phone="0912345678")

    # when
    seller = seller_register(
        owner=owner,
        kind=kind,
        name="  HTX   Tả Phìn ",
        ward_code=SIN_HO_WARD_CODE,
        street=" Bản Nậm Tăm ",
        story=" Chè ",
    )

    # then
    seller.refresh_from_db()
    assert (seller.kind, seller.get_kind_display()) == (kind, label)
    assert (seller.name, seller.slug, seller.phone, seller.is_active) == (
        "HTX Tả Phìn",
        "htx-ta-phin",
        "0912345678",
        True,
    )
    assert (seller.ward_id, seller.province_id, seller.street, seller.story) == (
        SIN_HO_WARD_CODE,
        12,
        "Bản Nậm Tăm",
        "Chè",
    )
    assert list(SellerMember.objects.values_list("seller_id", "user_id", "role")) == [
        (seller.pk, owner.pk, SellerRole.OWNER)
    ]


def test_the_province_is_taken_from_the_ward():
    seller = seller_register(owner=UserFactory(), kind="cooperative", name="HTX Mèo Vạc", ward_code=MEO_VAC_WARD_CODE)
    assert (seller.province.short_name, seller.ward.name) == ("Tuyên Quang", "Xã Mèo Vạc")


def test_shops_of_the_same_name_get_numbered_slugs():
    # when
    slugs = [
        seller_register(owner=UserFactory(), kind="household", name=name, ward_code=SIN_HO_WARD_CODE).slug
        for name in ["Hộ Đồng Văn", "Hộ Đồng Văn", "HỘ ĐỒNG VĂN", "!!!"]
    ]

    # then
    assert slugs == ["ho-dong-van", "ho-dong-van-2", "ho-dong-van-3", "cua-hang"]


def test_a_name_of_exactly_120_characters_is_kept():
    name = "H" * 120
    assert seller_register(owner=UserFactory(), kind="household", name=name, ward_code=SIN_HO_WARD_CODE).name == name


@pytest.mark.parametrize(
    ("fields", "code", "field", "message"),
    [
        ({"kind": "shop"}, "invalid_seller_kind", "kind", "Vui lòng chọn: hộ sản xuất, hợp tác xã hoặc doanh nghiệp."),
        ({"kind": ""}, "invalid_seller_kind", "kind", "Vui lòng chọn: hộ sản xuất, hợp tác xã hoặc doanh nghiệp."),
        (
            {"kind": "HOUSEHOLD"},
            "invalid_seller_kind",
            "kind",
            "Vui lòng chọn: hộ sản xuất, hợp tác xã hoặc doanh nghiệp.",
        ),
        ({"name": ""}, "empty_name", "name", "Tên cửa hàng không được để trống."),
        ({"name": " \t "}, "empty_name", "name", "Tên cửa hàng không được để trống."),
        ({"name": "x" * 121}, "name_too_long", "name", "Tên cửa hàng quá dài (tối đa 120 ký tự)."),
        ({"ward_code": 1}, "unknown_ward", "ward_code", UNKNOWN_WARD_MESSAGE),
        ({"ward_code": 999999999}, "unknown_ward", "ward_code", UNKNOWN_WARD_MESSAGE),
        ({"ward_code": "abc"}, "unknown_ward", "ward_code", UNKNOWN_WARD_MESSAGE),
        ({"street": "x" * 201}, "street_too_long", "street", "Địa chỉ quá dài (tối đa 200 ký tự)."),
    ],
)
def test_bad_shop_details_are_refused_and_nothing_is_saved(fields, code, field, message):
    # given
    values = {"kind": "household", "name": "Hộ Lò Thị Mai", "ward_code": SIN_HO_WARD_CODE} | fields

    # when
    with pytest.raises(ValidationError) as error:
        seller_register(owner=UserFactory(), **values)

    # then
    assert (error.value.code, error.value.field, error.value.message) == (code, field, message)
    assert (Seller.objects.count(), SellerMember.objects.count()) == (0, 0)


def test_a_person_opens_one_shop_only():
    # given
    owner = UserFactory()
    seller_register(owner=owner, kind="household", name="Hộ Giàng A Páo", ward_code=SIN_HO_WARD_CODE)

    # when
    with pytest.raises(Conflict) as error:
        seller_register(owner=owner, kind="household", name="Lần hai", ward_code=SIN_HO_WARD_CODE)

    # then
    assert (error.value.code, error.value.message, error.value.status) == (
        "already_seller",
        "Tài khoản này đã có cửa hàng.",
        409,
    )
    assert list(Seller.objects.values_list("name", flat=True)) == ["Hộ Giàng A Páo"]


def test_staff_of_a_shop_cannot_open_another():
    seller, owner = seller_with_owner()
    staff = UserFactory()
    seller_add_staff(seller=seller, by=owner, staff=staff)

    with pytest.raises(Conflict):
        seller_register(owner=staff, kind="household", name="Cửa hàng riêng", ward_code=SIN_HO_WARD_CODE)
    assert Seller.objects.count() == 1


def test_the_owner_of_a_closed_shop_may_open_a_new_one():
    _, owner = seller_with_owner(is_active=False)
    new_shop = seller_register(owner=owner, kind="household", name="Cửa hàng mới", ward_code=SIN_HO_WARD_CODE)
    assert SellerMember.objects.get(seller=new_shop).user == owner


def test_the_owner_adds_staff_once():
    # given
    seller, owner = seller_with_owner()
    staff = UserFactory()

    # when
    first = seller_add_staff(seller=seller, by=owner, staff=staff)
    again = seller_add_staff(seller=seller, by=owner, staff=staff)

    # then
    assert (first.pk, first.role, first.user, first.seller) == (again.pk, SellerRole.STAFF, staff, seller)
    assert SellerMember.objects.filter(seller=seller).count() == 2


def test_only_the_owner_adds_staff():
    # given
    seller, owner = seller_with_owner()
    staff, stranger = UserFactory(), UserFactory()
    seller_add_staff(seller=seller, by=owner, staff=staff)
    _, other_owner = seller_with_owner()

    # then
    for not_owner in (staff, stranger, other_owner):
        with pytest.raises(PermissionDenied) as error:
            seller_add_staff(seller=seller, by=not_owner, staff=UserFactory())
        assert (error.value.code, error.value.message, error.value.status) == (
            "not_owner",
            "Chỉ chủ cửa hàng mới thêm được nhân viên.",
            403,
        )
    assert SellerMember.objects.filter(seller=seller).count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_sign_ups_of_one_person_open_one_shop(monkeypatch):
    # given: a slow check, so that without the lock both sign-ups would pass it before either writes
    owner = UserFactory()
    real_seller_of_user = services.seller_of_user

    def slow_seller_of_user(*, user):
        found = real_seller_of_user(user=user)
        time.sleep(0.3)
        return found

    monkeypatch.setattr(services, "seller_of_user", slow_seller_of_user)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def sign_up(name: str) -> None:
        try:
            start.wait()
            seller_register(owner=owner, kind=SellerKind.HOUSEHOLD, name=name, ward_code=SIN_HO_WARD_CODE)
            outcomes.append("opened")
        except Conflict as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    # when
    threads = [threading.Thread(target=sign_up, args=(name,)) for name in ("Hộ Một", "Hộ Hai")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then
    assert sorted(outcomes) == ["already_seller", "opened"]
    assert Seller.objects.count() == 1
    assert SellerMember.objects.filter(user=owner).count() == 1
