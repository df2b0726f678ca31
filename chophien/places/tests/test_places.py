import pytest
from django.test import Client

from chophien.core.errors import ValidationError
from chophien.places.models import Province, Ward
from chophien.places.selectors import address_build, place_resolve

pytestmark = pytest.mark.django_db


def test_the_2025_divisions_are_loaded_from_the_package():
    assert Province.objects.count() == 34
    assert Ward.objects.count() == 3321
    assert Ward.objects.filter(province__short_name="Lai Châu", name="Xã Sìn Hồ").exists()


@pytest.mark.parametrize(
    ("ward_code", "street", "code"),
    [
        (999999999, "Bản Nậm Tăm", "unknown_ward"),
        ("abc", "Bản Nậm Tăm", "unknown_ward"),
        (3478, "   ", "empty_street"),
        (3478, "x" * 300, "street_too_long"),
    ],
)
def test_address_build_refuses_bad_parts(ward_code, street, code):
    with pytest.raises(ValidationError) as error:
        address_build(ward_code=ward_code, street=street)
    assert error.value.code == code


def test_address_is_a_ward_and_a_street_line():
    address = address_build(ward_code=3478, street="  Bản  Nậm Tăm ")
    assert str(address) == "Bản Nậm Tăm, Xã Sìn Hồ, Lai Châu"


def test_new_style_address_resolves_to_its_ward():
    place = place_resolve("Xã Sìn Hồ, Lai Châu")
    assert (place.province.short_name, place.ward.name) == ("Lai Châu", "Xã Sìn Hồ")


def test_old_district_address_resolves_to_province_and_candidate_communes():
    place = place_resolve("Sìn Hồ, Lai Châu")
    assert (place.province.short_name, place.ward) == ("Lai Châu", None)
    assert [w.name for w in place.ward_candidates] == ["Xã Sìn Hồ"]


def test_old_address_in_a_merged_province_resolves_to_the_new_one():
    place = place_resolve("Thị trấn Mèo Vạc, huyện Mèo Vạc, tỉnh Hà Giang")
    assert (place.province.short_name, place.ward.name) == ("Tuyên Quang", "Xã Mèo Vạc")
    assert place_resolve("Lục Yên, Yên Bái").province.short_name == "Lào Cai"


@pytest.mark.parametrize("text", ["", "   ", "@@@###", "x" * 5000])
def test_garbage_resolves_to_nothing_without_an_error(text):
    place = place_resolve(text)
    assert place.ward is None


def test_places_api(client: Client):
    assert len(client.get("/api/provinces").json()) == 34
    wards = client.get("/api/provinces/12/wards").json()
    assert {"code": 3478, "name": "Xã Sìn Hồ", "division_type": "xã"} in wards
    missing = client.get("/api/provinces/999/wards")
    assert (missing.status_code, missing.json()["code"]) == (404, "unknown_province")
    resolved = client.get("/api/places/resolve", {"text": "Sìn Hồ, Lai Châu"}).json()
    assert resolved["province"]["short_name"] == "Lai Châu"
    assert client.get("/api/places/resolve", {"text": "x" * 400}).status_code == 422
