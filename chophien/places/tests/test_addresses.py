import pytest

from chophien.core.errors import ValidationError
from chophien.places.selectors import UNKNOWN_WARD_MESSAGE, address_build, ward_get, ward_list

pytestmark = pytest.mark.django_db

SIN_HO = 3478


@pytest.mark.parametrize(
    ("ward_code", "street", "code", "field", "message"),
    [
        (999999999, "Bản Nậm Tăm", "unknown_ward", "ward_code", UNKNOWN_WARD_MESSAGE),
        ("abc", "Bản Nậm Tăm", "unknown_ward", "ward_code", UNKNOWN_WARD_MESSAGE),
        ("", "Bản Nậm Tăm", "unknown_ward", "ward_code", UNKNOWN_WARD_MESSAGE),
        (None, "Bản Nậm Tăm", "unknown_ward", "ward_code", UNKNOWN_WARD_MESSAGE),
        (-1, "Bản Nậm Tăm", "unknown_ward", "ward_code", UNKNOWN_WARD_MESSAGE),
        (SIN_HO, "", "empty_street", "street", "Vui lòng ghi số nhà, thôn/bản hoặc đường."),
        (SIN_HO, "   \t ", "empty_street", "street", "Vui lòng ghi số nhà, thôn/bản hoặc đường."),
        (SIN_HO, None, "empty_street", "street", "Vui lòng ghi số nhà, thôn/bản hoặc đường."),
        (SIN_HO, "x" * 300, "street_too_long", "street", "Địa chỉ quá dài (tối đa 200 ký tự)."),
        (SIN_HO, "x" * 201, "street_too_long", "street", "Địa chỉ quá dài (tối đa 200 ký tự)."),
    ],
)
def test_address_build_refuses_bad_parts(ward_code, street, code, field, message):
    with pytest.raises(ValidationError) as error:
        address_build(ward_code=ward_code, street=street)
    assert (error.value.code, error.value.field, error.value.message) == (code, field, message)


def test_the_unknown_ward_message_is_vietnamese():
    assert UNKNOWN_WARD_MESSAGE == "Không tìm thấy xã/phường này. Vui lòng chọn lại từ danh sách."


def test_an_address_is_a_ward_and_a_tidied_street_line():
    # when
    address = address_build(ward_code=str(SIN_HO), street="  Bản  Nậm\tTăm ")

    # then
    assert (address.ward.code, address.street) == (SIN_HO, "Bản Nậm Tăm")
    assert str(address) == "Bản Nậm Tăm, Xã Sìn Hồ, Lai Châu"
    assert str(address_build(ward_code=4, street="12 Phố Điện Biên Phủ")) == (
        "12 Phố Điện Biên Phủ, Phường Ba Đình, Thành phố Hà Nội"
    )


def test_a_street_of_exactly_200_characters_is_kept():
    street = "x" * 200
    assert address_build(ward_code=SIN_HO, street=street).street == street


def test_ward_get_joins_the_province_and_is_read_once(django_assert_num_queries):
    from chophien.places.selectors import _ward_cached

    _ward_cached.cache_clear()
    with django_assert_num_queries(1):
        ward = ward_get(code=SIN_HO)
        assert ward.province.short_name == "Lai Châu"
    with django_assert_num_queries(0):
        assert ward_get(code=str(SIN_HO)) == ward


def test_ward_list_is_one_provinces_wards_in_folded_name_order():
    # when
    wards = ward_list(province_code=12)

    # then
    assert len(wards) == 38
    assert {w.province_id for w in wards} == {12}
    assert [w.name_folded for w in wards] == sorted(w.name_folded for w in wards)
    assert ward_list(province_code=999) == []
