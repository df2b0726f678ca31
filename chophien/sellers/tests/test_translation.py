"""Vietnamese first, English second: services, forms and the API answer in the language asked for."""

import pytest
from django.test import Client
from django.utils import translation

from chophien.accounts.services import api_token_issue
from chophien.accounts.tests.factories import UserFactory
from chophien.core.errors import ValidationError
from chophien.sellers.forms import ShopForm
from chophien.sellers.services import seller_register
from chophien.sellers.tests.factories import SIN_HO_WARD_CODE

pytestmark = pytest.mark.django_db


def test_a_service_error_names_its_field_in_the_active_language():
    owner = UserFactory()

    with translation.override("en"), pytest.raises(ValidationError) as english:
        seller_register(owner=owner, kind="household", name="  ", ward_code=SIN_HO_WARD_CODE)
    with pytest.raises(ValidationError) as vietnamese:
        seller_register(owner=owner, kind="household", name="  ", ward_code=SIN_HO_WARD_CODE)

    assert (english.value.code, english.value.message) == ("empty_name", "Shop name cannot be empty.")
    assert (vietnamese.value.code, vietnamese.value.message) == ("empty_name", "Tên cửa hàng không được để trống.")


def test_form_labels_and_choices_follow_the_active_language():
    with translation.override("en"):
        english = ShopForm()
        english_labels = (str(english.fields["name"].label), str(english.fields["street"].label))
        english_kinds = [str(label) for _, label in english.fields["kind"].choices]
    vietnamese = ShopForm()

    assert english_labels == ("Shop name", "Village, house number")
    assert english_kinds == ["Household producer", "Cooperative", "Company"]
    assert (str(vietnamese.fields["name"].label), str(vietnamese.fields["street"].label)) == (
        "Tên cửa hàng",
        "Thôn, bản, số nhà",
    )
    assert [str(label) for _, label in vietnamese.fields["kind"].choices] == [
        "Hộ sản xuất",
        "Hợp tác xã",
        "Doanh nghiệp",
    ]


def open_shop(client: Client, body: dict, **headers):
    token = api_token_issue(user=UserFactory())
    return client.post(
        "/api/seller", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}", **headers
    )


def test_the_api_answers_in_english_when_accept_language_asks_for_it(client: Client):
    answer = open_shop(client, {"kind": "household", "name": "Hộ A", "ward_code": 5}, HTTP_ACCEPT_LANGUAGE="en")

    assert (answer.status_code, answer["Content-Language"]) == (422, "en")
    assert answer.json() == {
        "code": "unknown_ward",
        "message": "This commune/ward was not found. Please choose again from the list.",
        "field": "ward_code",
    }
    assert "Accept-Language" in answer["Vary"]


def test_the_api_answers_in_english_for_the_language_cookie(client: Client):
    client.cookies["django_language"] = "en"

    answer = open_shop(client, {"kind": "shop", "name": "Hộ A", "ward_code": SIN_HO_WARD_CODE})

    assert (answer.status_code, answer["Content-Language"]) == (422, "en")
    assert answer.json() == {
        "code": "invalid_seller_kind",
        "message": "Please choose: household producer, cooperative or company.",
        "field": "kind",
    }


def test_the_api_answers_in_vietnamese_by_default(client: Client):
    answer = open_shop(client, {"kind": "household", "name": "Hộ A", "ward_code": 5})

    assert (answer.status_code, answer["Content-Language"]) == (422, "vi")
    assert answer.json()["message"] == "Không tìm thấy xã/phường này. Vui lòng chọn lại từ danh sách."


def test_the_api_checks_before_the_view_answer_in_english_too(client: Client):
    """A missing token and a malformed body are refused before any view runs, in the client's language."""
    no_token = client.post(
        "/api/seller", {"kind": "household"}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    malformed = open_shop(client, {"kind": "household", "ward_code": 5}, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")

    assert (no_token.status_code, no_token.json()["message"]) == (
        401,
        "Please log in (send a Bearer token) to do this.",
    )
    assert (malformed.status_code, malformed.json()["code"], malformed.json()["message"]) == (
        422,
        "invalid_input",
        "The data sent is not in the right format: name",
    )
