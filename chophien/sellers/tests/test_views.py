import pytest
from django.test import Client

from chophien.accounts.tests.factories import UserFactory
from chophien.places.selectors import UNKNOWN_WARD_MESSAGE
from chophien.sellers.models import Seller, SellerMember, SellerRole
from chophien.sellers.tests.factories import seller_with_owner

pytestmark = pytest.mark.django_db


def test_the_shop_opening_page_needs_a_login(client: Client):
    answer = client.get("/ban-hang/mo-cua-hang/")
    assert (answer.status_code, answer["Location"]) == (302, "/tai-khoan/dang-nhap/?next=/ban-hang/mo-cua-hang/")


def test_a_logged_in_person_without_a_shop_sees_the_form(client: Client):
    client.force_login(UserFactory())
    page = client.get("/ban-hang/mo-cua-hang/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'hx-get="/dia-chi/xa-phuong-cua-tinh/"' in html
    assert 'hx-get="/dia-chi/tim-xa-phuong/"' in html
    assert '<option value="12">Lai Châu</option>' in html


def test_opening_a_shop_from_the_page(client: Client):
    # given
    user = UserFactory()
    client.force_login(user)

    # when
    answer = client.post(
        "/ban-hang/mo-cua-hang/",
        {"kind": "household", "name": "Hộ Vàng Thị Mai", "province": "8", "ward_code": "769", "street": "Bản Pả Vi"},
    )

    # then
    assert (answer.status_code, answer["Location"]) == (302, "/ban-hang/san-pham/moi/")
    seller = Seller.objects.get()
    assert (seller.name, seller.ward_id, seller.province_id, seller.street) == ("Hộ Vàng Thị Mai", 769, 8, "Bản Pả Vi")
    assert list(SellerMember.objects.values_list("user_id", "role")) == [(user.pk, SellerRole.OWNER)]


def test_an_unknown_ward_on_the_page_shows_the_message_and_keeps_the_province(client: Client):
    # given
    client.force_login(UserFactory())

    # when
    page = client.post(
        "/ban-hang/mo-cua-hang/", {"kind": "household", "name": "Hộ A", "province": "12", "ward_code": "999999999"}
    )

    # then
    assert page.status_code == 422
    html = page.content.decode()
    assert f'<p class="error" role="alert">{UNKNOWN_WARD_MESSAGE}</p>' in html
    assert '<option value="12" selected>Lai Châu</option>' in html
    assert '<option value="3478">Xã Sìn Hồ</option>' in html
    assert Seller.objects.count() == 0


def test_someone_with_a_shop_is_sent_to_the_dashboard(client: Client):
    _, owner = seller_with_owner()
    client.force_login(owner)
    answer = client.get("/ban-hang/mo-cua-hang/")
    assert (answer.status_code, answer["Location"]) == (302, "/ban-hang/")
