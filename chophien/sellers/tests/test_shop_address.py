"""The shop's address and kind: the commune picker and the choice cards, opening a shop and after."""

import pytest
from django.test import Client

from chophien.accounts.tests.factories import UserFactory
from chophien.sellers.models import Seller
from chophien.sellers.tests.factories import seller_with_owner

pytestmark = pytest.mark.django_db

TUYEN_QUANG, MEO_VAC = 8, 769


def test_the_kind_is_offered_as_cards_with_an_explanation_each(client: Client):
    client.force_login(UserFactory())

    html = client.get("/ban-hang/mo-cua-hang/").content.decode()

    assert html.count('class="choice-card"') == 3
    assert "Một gia đình tự làm và bán sản phẩm của mình." in html
    assert "Hợp tác xã (HTX) bán sản phẩm của các thành viên." in html
    assert "Công ty có giấy phép kinh doanh." in html
    assert 'type="radio" name="kind" value="household"' in html


def test_a_shop_is_opened_with_an_old_commune_name_typed_without_diacritics(client: Client):
    client.force_login(UserFactory())

    answer = client.post(
        "/ban-hang/mo-cua-hang/", {"kind": "cooperative", "name": "HTX Pả Vi", "ward_q": "pa vi", "province": ""}
    )

    assert answer.status_code == 302
    seller = Seller.objects.get()
    assert (seller.kind, seller.ward_id, seller.province_id) == ("cooperative", MEO_VAC, TUYEN_QUANG)


def test_the_owner_changes_the_kind_and_the_commune_in_the_settings(client: Client):
    seller, owner = seller_with_owner()
    client.force_login(owner)
    page = client.get("/ban-hang/thong-tin-cua-hang/").content.decode()
    assert f'<option value="{seller.ward_id}" selected>' in page
    assert '<input type="radio" name="kind" value="household" id="id_kind_0" checked>' in page

    answer = client.post(
        "/ban-hang/thong-tin-cua-hang/",
        {"action": "profile", "kind": "enterprise", "ward_code": str(MEO_VAC), "street": "Bản Pả Vi", "story": ""},
    )

    assert answer.status_code == 302
    seller.refresh_from_db()
    assert (seller.kind, seller.ward_id, seller.province_id, seller.street) == (
        "enterprise",
        MEO_VAC,
        TUYEN_QUANG,
        "Bản Pả Vi",
    )


def test_settings_without_kind_or_commune_keep_them(client: Client):
    seller, owner = seller_with_owner()
    ward, kind = seller.ward_id, seller.kind
    client.force_login(owner)

    answer = client.post("/ban-hang/thong-tin-cua-hang/", {"action": "profile", "street": "Bản mới", "story": "Chè"})

    assert answer.status_code == 302
    seller.refresh_from_db()
    assert (seller.ward_id, seller.kind, seller.street) == (ward, kind, "Bản mới")


def test_settings_refuse_an_unknown_kind_or_commune_and_change_nothing(client: Client):
    seller, owner = seller_with_owner()
    client.force_login(owner)

    bad_kind = client.post("/ban-hang/thong-tin-cua-hang/", {"action": "profile", "kind": "bank", "street": "x"})
    bad_ward = client.post(
        "/ban-hang/thong-tin-cua-hang/", {"action": "profile", "ward_code": "99999999999999999999", "street": "x"}
    )

    assert (bad_kind.status_code, bad_ward.status_code) == (422, 422)
    seller.refresh_from_db()
    assert seller.street != "x"
