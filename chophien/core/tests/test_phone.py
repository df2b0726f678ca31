import pytest

from chophien.core.errors import ValidationError
from chophien.core.phone import INVALID_PHONE_MESSAGE, display_phone, normalize_phone, to_e164


@pytest.mark.parametrize(
    "typed",
    [
        "0912 345 678",
        "0912345678",
        "+84912345678",
        "84912345678",
        "+84 912-345-678",
        "84 912 345 678",
        "0912.345.678",
        "(+84) 912 345 678",
        "0084912345678",
        "+84 0912 345 678",
        " 0912345678 ",
        "912345678",
    ],
)
def test_one_mobile_number_written_many_ways(typed):
    assert normalize_phone(typed) == "0912345678"
    assert to_e164(typed) == "+84912345678"


@pytest.mark.parametrize(
    ("typed", "national"),
    [("024 3825 1234", "02438251234"), ("+84 24 3825 1234", "02438251234"), ("0869 123 456", "0869123456")],
)
def test_landlines_and_other_networks_keep_their_own_digits(typed, national):
    assert normalize_phone(typed) == national


def test_the_error_message_is_vietnamese_and_shows_an_example():
    assert INVALID_PHONE_MESSAGE == "Số điện thoại không đúng. Ví dụ đúng: 0912 345 678."


@pytest.mark.parametrize(
    "typed",
    [
        "12345",
        "",
        "   ",
        None,
        "abc",
        "+1 202 555 0100",
        "0" * 40,
        "0912345678" * 4,  # 40 characters
        "0912 345 67",
        "0912 345 6789",
        "+849123456789",
        "0912ABCDEF",  # keypad letters would be read as 0912 222 333, a stranger's number
        "09123456ab",
        "0912345678 ext 5",
        "1900 1234",  # a paid service line, nobody's phone
        "1800 1234",
    ],
)
def test_a_wrong_phone_is_a_clear_error(typed):
    with pytest.raises(ValidationError) as error:
        normalize_phone(typed)
    assert (error.value.code, error.value.field, error.value.status) == ("invalid_phone", "phone", 422)
    assert error.value.message == "Số điện thoại không đúng. Ví dụ đúng: 0912 345 678."


def test_display_phone_groups_a_mobile_number_the_way_it_is_read_aloud():
    assert display_phone("0912345678") == "0912 345 678"
    assert display_phone("02438251234") == "02438251234"
    assert display_phone("") == ""
