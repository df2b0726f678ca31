import pytest

from chophien.core.errors import RateLimited, ValidationError
from chophien.core.money import Money, format_vnd, parse_price
from chophien.core.phone import normalize_phone, to_e164
from chophien.core.ratelimit import rate_limit_hit
from chophien.core.templatetags.vn import vnd
from chophien.core.text import fold


def test_money_is_whole_dong_and_prints_with_dots():
    assert str(Money(1_250_000)) == "1.250.000\u00a0₫"
    assert Money(45_000) * 3 + Money(5_000) == Money(140_000)
    assert format_vnd(-2_000) == "-2.000\u00a0₫"
    assert vnd(0) == "0\u00a0₫"
    with pytest.raises(TypeError):
        Money(1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Money(1000) * 1.5  # type: ignore[operator]


@pytest.mark.parametrize(
    ("typed", "dong"),
    [("120.000", 120000), ("120000", 120000), ("120 000 đ", 120000), ("45.000₫", 45000), (99000, 99000)],
)
def test_parse_price_reads_what_people_type(typed, dong):
    assert parse_price(typed) == dong


@pytest.mark.parametrize("typed", ["0", -1, "abc", 10**12, "1,5", 1.5, True, "", "٣٠٠"])
def test_parse_price_refuses_what_is_not_a_price(typed):
    with pytest.raises(ValidationError) as error:
        parse_price(typed)
    assert error.value.code == "invalid_price"


def test_fold_makes_vietnamese_searchable_without_diacritics():
    assert fold("Chè Shan Tuyết") == fold("che shan tuyet") == "che shan tuyet"
    assert fold("Đồng Văn, ĐẶC SẢN!") == "dong van dac san"
    assert fold("Mật ong bạc hà – Mèo Vạc") == "mat ong bac ha meo vac"
    assert fold("  ") == ""


@pytest.mark.parametrize("typed", ["0912 345 678", "+84912345678", "84912345678", "+84 912-345-678", "0912.345.678"])
def test_one_phone_number_written_many_ways(typed):
    assert normalize_phone(typed) == "0912345678"
    assert to_e164(typed) == "+84912345678"


@pytest.mark.parametrize("typed", ["12345", "", "abc", "+1 202 555 0100", "0" * 40, "0912 345 67"])
def test_a_wrong_phone_is_a_clear_error(typed):
    with pytest.raises(ValidationError) as error:
        normalize_phone(typed)
    assert (error.value.code, error.value.field) == ("invalid_phone", "phone")
    assert "Số điện thoại không đúng" in error.value.message


def test_rate_limit_allows_the_limit_then_refuses():
    from django.core.cache import cache

    cache.clear()
    for _ in range(3):
        rate_limit_hit(key="t", limit=3, window_seconds=60, message="chậm lại")
    with pytest.raises(RateLimited) as error:
        rate_limit_hit(key="t", limit=3, window_seconds=60, message="chậm lại")
    assert (error.value.code, error.value.status) == ("rate_limited", 429)
