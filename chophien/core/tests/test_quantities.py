import pytest

from chophien.core.errors import ValidationError
from chophien.core.quantities import parse_quantity


def stock(typed, unit="kg"):
    return parse_quantity(typed, unit=unit, limit=1_000_000, code="invalid_stock", field="stock")


@pytest.mark.parametrize(
    ("typed", "unit", "quantity"),
    [
        ("50", "kg", 50),
        ("50 kg", "kg", 50),
        ("50kg", "kg", 50),
        ("50 KG", "kg", 50),
        ("  50 kg ", "kg", 50),
        ("50 kí", "kg", 50),
        ("50 ký", "kg", 50),
        ("50 cân", "kg", 50),
        ("500 g", "g", 500),
        ("500 gram", "g", 500),
        ("1.000 gói", "gói", 1000),
        ("1 000 goi", "gói", 1000),
        ("1,000", "túi", 1000),
        ("12 chai", "chai", 12),
        ("3 hũ", "hũ", 3),
        ("2 l", "lít", 2),
        ("0", "kg", 0),
        (200, "kg", 200),
        ("1.000.000", "kg", 1_000_000),
    ],
)
def test_a_quantity_is_read_with_or_without_its_unit(typed, unit, quantity):
    assert stock(typed, unit) == quantity


@pytest.mark.parametrize(
    ("typed", "unit", "message"),
    [
        ("50 túi", "kg", "Sản phẩm này bán theo kg, không phải “túi”: ghi số kg, ví dụ 50 hoặc 50 kg."),
        ("50 kh", "kg", "Sản phẩm này bán theo kg, không phải “kh”: ghi số kg, ví dụ 50 hoặc 50 kg."),
        ("500 kg", "g", "Sản phẩm này bán theo g, không phải “kg”: ghi số g, ví dụ 50 hoặc 50 g."),
        ("1,5 kg", "kg", "Số lượng phải là số nguyên, không có phần lẻ: ví dụ 50 hoặc 50 kg."),
        ("1.5", "kg", "Số lượng phải là số nguyên, không có phần lẻ: ví dụ 50 hoặc 50 kg."),
        ("-1", "kg", "Số lượng phải là số nguyên từ 0 trở lên, ví dụ 50 hoặc 50 kg."),
        ("abc", "chai", "Số lượng phải là số nguyên từ 0 trở lên, ví dụ 50 hoặc 50 chai."),
        ("", "kg", "Số lượng phải là số nguyên từ 0 trở lên, ví dụ 50 hoặc 50 kg."),
        (None, "kg", "Số lượng phải là số nguyên từ 0 trở lên, ví dụ 50 hoặc 50 kg."),
        (True, "kg", "Số lượng phải là số nguyên từ 0 trở lên, ví dụ 50 hoặc 50 kg."),
        ("٣٠٠", "kg", "Số lượng phải là số nguyên từ 0 trở lên, ví dụ 50 hoặc 50 kg."),
        ("9" * 5000, "kg", "Số lượng phải là số nguyên từ 0 trở lên, ví dụ 50 hoặc 50 kg."),
        ("1000001", "kg", "Số lượng quá lớn (tối đa 1.000.000). Vui lòng kiểm tra lại."),
    ],
)
def test_a_quantity_that_is_not_one_of_the_unit_says_what_is_expected(typed, unit, message):
    with pytest.raises(ValidationError) as error:
        stock(typed, unit)
    assert (error.value.code, error.value.field, error.value.message) == ("invalid_stock", "stock", message)


def test_a_minimum_above_zero_is_enforced():
    with pytest.raises(ValidationError) as error:
        parse_quantity("0", unit="kg", limit=10, minimum=1, code="invalid_quantity", field="quantity")
    assert error.value.message == "Số lượng phải từ 1 trở lên."
