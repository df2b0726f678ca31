import pytest
from django.test import Client

from chophien.places.models import Ward

pytestmark = pytest.mark.django_db

LAI_CHAU = {"code": 12, "name": "Lai Châu", "short_name": "Lai Châu"}
SIN_HO = {"code": 3478, "name": "Xã Sìn Hồ", "division_type": "xã"}


def test_provinces_lists_the_34_provinces(client: Client):
    # when
    answer = client.get("/api/provinces")

    # then
    assert answer.status_code == 200
    provinces = answer.json()
    assert len(provinces) == 34
    assert LAI_CHAU in provinces
    assert {"code": 1, "name": "Thành phố Hà Nội", "short_name": "Hà Nội"} in provinces
    assert {tuple(sorted(p)) for p in provinces} == {("code", "name", "short_name")}


def test_wards_of_lai_chau(client: Client):
    # when
    answer = client.get("/api/provinces/12/wards")

    # then
    assert answer.status_code == 200
    wards = answer.json()
    assert len(wards) == 38
    assert SIN_HO in wards
    assert {w["code"] for w in wards} == set(Ward.objects.filter(province_id=12).values_list("code", flat=True))


@pytest.mark.parametrize("code", [999, 0])
def test_wards_of_an_unknown_province_is_a_404_with_code_and_message(client: Client, code):
    answer = client.get(f"/api/provinces/{code}/wards")
    assert answer.status_code == 404
    assert answer.json() == {"code": "unknown_province", "message": "Không tìm thấy tỉnh/thành phố này."}


def test_a_province_code_that_is_not_a_number_is_invalid_input(client: Client):
    answer = client.get("/api/provinces/abc/wards")
    assert answer.status_code == 422
    assert answer.json()["code"] == "invalid_input"
    assert answer.json()["message"] == "Dữ liệu gửi lên không đúng định dạng: code"


def test_resolve_an_old_district_address(client: Client):
    answer = client.get("/api/places/resolve", {"text": "Sìn Hồ, Lai Châu"})
    assert answer.status_code == 200
    assert answer.json() == {"province": LAI_CHAU, "ward": None, "ward_candidates": [SIN_HO]}


def test_resolve_a_new_address(client: Client):
    answer = client.get("/api/places/resolve", {"text": "Xã Sìn Hồ, Lai Châu"})
    assert answer.json() == {"province": LAI_CHAU, "ward": SIN_HO, "ward_candidates": []}


def test_resolve_garbage_is_an_empty_answer(client: Client):
    answer = client.get("/api/places/resolve", {"text": "@@@"})
    assert (answer.status_code, answer.json()) == (200, {"province": None, "ward": None, "ward_candidates": []})


def test_resolve_refuses_text_over_300_characters(client: Client):
    # given
    at_limit, over_limit = "x" * 300, "x" * 301

    # then
    assert client.get("/api/places/resolve", {"text": at_limit}).status_code == 200
    answer = client.get("/api/places/resolve", {"text": over_limit})
    assert answer.status_code == 422
    assert answer.json() == {"code": "text_too_long", "message": "Địa chỉ quá dài (tối đa 300 ký tự).", "field": "text"}


def test_resolve_without_text_is_invalid_input(client: Client):
    answer = client.get("/api/places/resolve")
    assert (answer.status_code, answer.json()["code"]) == (422, "invalid_input")
