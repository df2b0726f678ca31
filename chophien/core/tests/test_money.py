from decimal import Decimal
from fractions import Fraction

import pytest

from chophien.core.errors import ValidationError
from chophien.core.money import MAX_PRICE_DONG, format_vnd, parse_price

NBSP = "\u00a0"


def test_money_prints_dots_between_thousands_and_a_non_breaking_space_before_the_sign():
    printed = format_vnd(1_250_000)

    assert printed == "1.250.000\u00a0₫"
    assert printed != "1.250.000 ₫"  # an ordinary space would let the sign wrap onto the next line


@pytest.mark.parametrize(
    ("dong", "printed"),
    [
        (0, f"0{NBSP}₫"),
        (5, f"5{NBSP}₫"),
        (999, f"999{NBSP}₫"),
        (1_000, f"1.000{NBSP}₫"),
        (45_000, f"45.000{NBSP}₫"),
        (1_250_000, f"1.250.000{NBSP}₫"),
        (1_000_000_000, f"1.000.000.000{NBSP}₫"),
        (-2_000, f"-2.000{NBSP}₫"),
        (-999, f"-999{NBSP}₫"),
    ],
)
def test_format_vnd(dong, printed):
    assert format_vnd(dong) == printed


@pytest.mark.parametrize(
    ("typed", "dong"),
    [
        ("120.000", 120_000),
        ("120000", 120_000),
        ("120 000 đ", 120_000),
        ("120,000", 120_000),
        ("  120000  ", 120_000),
        ("45.000₫", 45_000),
        ("45.000 ₫", 45_000),
        ("45.000 đồng", 45_000),
        ("45.000 VND", 45_000),
        ("45.000 VNĐ", 45_000),
        ("45.000 vnđ", 45_000),
        ("45.000Đ", 45_000),
        ("1.250.000\u00a0₫", 1_250_000),
        ("1", 1),
        ("1.000.000.000", MAX_PRICE_DONG),
        (99_000, 99_000),
        (MAX_PRICE_DONG, MAX_PRICE_DONG),
        # Thousands and millions as people write them on a phone
        ("35k", 35_000),
        ("35K", 35_000),
        ("35 k", 35_000),
        ("35 nghìn", 35_000),
        ("35 ngàn", 35_000),
        ("35 nghin", 35_000),
        ("35 nghìn đồng", 35_000),
        ("35k5", 35_500),
        ("1,5k", 1_500),
        ("1.234k", 1_234_000),
        ("1tr", 1_000_000),
        ("1TR", 1_000_000),
        ("1tr2", 1_200_000),
        ("1tr25", 1_250_000),
        ("1tr250", 1_250_000),
        ("1,2 triệu", 1_200_000),
        ("1.2 triệu", 1_200_000),
        ("1,25 triệu", 1_250_000),
        ("0,5 triệu", 500_000),
        ("1 triệu 2", 1_200_000),
        ("1 triệu 200 nghìn", 1_200_000),
        ("1tr200k", 1_200_000),
        ("1 trieu", 1_000_000),
        ("2 củ", 2_000_000),
        ("1 tỷ", MAX_PRICE_DONG),
        ("1.200.000đ", 1_200_000),
        ("1.200.000 ₫", 1_200_000),
        ("35k/kg", 35_000),
        ("35.000đ / kg", 35_000),
        ("35 NGHÌN", 35_000),
        ("35 nghi\u0300n", 35_000),  # decomposed (NFD) as some phone keyboards send it
    ],
)
def test_parse_price_reads_what_people_type(typed, dong):
    assert parse_price(typed) == dong


def test_parse_price_reads_back_what_format_vnd_prints():
    assert parse_price(format_vnd(1_250_000)) == 1_250_000
    assert parse_price(format_vnd(45_000)) == 45_000


NOT_A_NUMBER = "Giá phải là một số tiền (đồng), ví dụ 35000, 35.000, 35k hoặc 1tr2."
NOT_WHOLE = "Giá phải là một số tiền nguyên (đồng), ví dụ 120000."
NOT_POSITIVE = "Giá phải lớn hơn 0 đồng."
TOO_LARGE = "Giá quá lớn. Vui lòng kiểm tra lại số tiền."


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0", NOT_POSITIVE),
        (0, NOT_POSITIVE),
        ("0.000", NOT_POSITIVE),
        (-1, NOT_POSITIVE),
        ("-1", NOT_A_NUMBER),
        ("abc", NOT_A_NUMBER),
        ("", NOT_A_NUMBER),
        ("   ", NOT_A_NUMBER),
        ("đ", NOT_A_NUMBER),
        (None, NOT_A_NUMBER),
        ("1,5", NOT_A_NUMBER),
        ("12.34", NOT_A_NUMBER),
        ("120.00", NOT_A_NUMBER),
        ("1.2.3", NOT_A_NUMBER),
        ("1 2 3", NOT_A_NUMBER),
        ("35kk", NOT_A_NUMBER),
        ("k", NOT_A_NUMBER),
        ("tr2", NOT_A_NUMBER),
        ("-35k", NOT_A_NUMBER),
        ("200k 1tr", NOT_A_NUMBER),  # the larger part comes first
        ("35 nghìn nghìn", NOT_A_NUMBER),
        ("1tr2345", NOT_A_NUMBER),
        ("1.2345k", NOT_A_NUMBER),
        ("35 x", NOT_A_NUMBER),
        ("٣٠٠k", NOT_A_NUMBER),
        ("9" * 5000, NOT_A_NUMBER),  # refused before any arithmetic
        ("0k", NOT_POSITIVE),
        ("1,234 triệu", TOO_LARGE),  # dots and commas group thousands: 1.234 triệu
        ("2 tỷ", TOO_LARGE),
        ("1e5", NOT_A_NUMBER),
        ("٣٠٠", NOT_A_NUMBER),  # Arabic-Indic digits are digits to Python, not to a price
        (10**12, TOO_LARGE),
        (MAX_PRICE_DONG + 1, TOO_LARGE),
        ("1.000.000.001", TOO_LARGE),
        (1.5, NOT_WHOLE),
        (120000.0, NOT_WHOLE),
        (float("nan"), NOT_WHOLE),
        (True, NOT_WHOLE),
        (False, NOT_WHOLE),
        (Decimal("120.000"), NOT_WHOLE),  # 120 đồng as a number, though its text reads 120.000
        (Decimal("120000"), NOT_WHOLE),
        (Fraction(120000, 1), NOT_WHOLE),
    ],
)
def test_parse_price_refuses_what_is_not_a_price(typed, message):
    with pytest.raises(ValidationError) as error:
        parse_price(typed)
    assert (error.value.code, error.value.message, error.value.status) == ("invalid_price", message, 422)
