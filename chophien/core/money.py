"""Money as a whole number of đồng. There are no floats anywhere in money."""

from __future__ import annotations

import numbers
import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from .errors import ValidationError

# A price above this is a typing mistake, not a highland product (1 tỷ đồng).
MAX_PRICE_DONG = 1_000_000_000
_GROUPED_DIGITS = re.compile(r"[0-9]+|[0-9]{1,3}(?:[., ][0-9]{3})+")


@dataclass(frozen=True, order=True, slots=True)
class Money:
    """An amount of Vietnamese đồng. Only integers are accepted; arithmetic stays in integers."""

    dong: int

    def __post_init__(self) -> None:
        if isinstance(self.dong, bool) or not isinstance(self.dong, int):
            raise TypeError(f"Money takes whole đồng as int, not {type(self.dong).__name__}")

    def __add__(self, other: Money) -> Money:
        return Money(self.dong + other.dong)

    def __sub__(self, other: Money) -> Money:
        return Money(self.dong - other.dong)

    def __mul__(self, quantity: int) -> Money:
        if isinstance(quantity, bool) or not isinstance(quantity, int):
            raise TypeError("Money is multiplied by a whole quantity only")
        return Money(self.dong * quantity)

    __rmul__ = __mul__

    def __str__(self) -> str:
        return format_vnd(self.dong)

    @classmethod
    def zero(cls) -> Money:
        return cls(0)


def format_vnd(dong: int) -> str:
    """1250000 -> '1.250.000 ₫' (dots between thousands, a non-breaking space before the sign)."""
    sign = "-" if dong < 0 else ""
    grouped = f"{abs(dong):,}".replace(",", ".")
    return f"{sign}{grouped}\u00a0₫"


def parse_price(raw: Any) -> int:
    """Read a price a person typed ('120000', '120.000', '120 000 đ') into whole đồng.

    Raises ValidationError (code ``invalid_price``) for anything that is not a positive
    whole number of đồng up to MAX_PRICE_DONG.
    """
    # Only int and text: Decimal("120.000") is 120 đồng, but its text would read as 120000.
    if isinstance(raw, bool) or (isinstance(raw, numbers.Number) and not isinstance(raw, int)):
        raise ValidationError("invalid_price", _("Giá phải là một số tiền nguyên (đồng), ví dụ 120000."))
    if isinstance(raw, int):
        value = raw
    else:
        text = str(raw).strip().lower()
        for currency in ("₫", "đồng", "vnđ", "vnd", "đ"):
            text = text.replace(currency, "")
        text = text.strip().replace("\u00a0", " ")
        # Dots, commas or spaces may only group thousands: "120.000" is 120000, "1,5" is not a price.
        if not _GROUPED_DIGITS.fullmatch(text):
            raise ValidationError("invalid_price", _("Giá phải là một số tiền (đồng), ví dụ 120000."))
        value = int(re.sub(r"[., ]", "", text))
    if value <= 0:
        raise ValidationError("invalid_price", _("Giá phải lớn hơn 0 đồng."))
    if value > MAX_PRICE_DONG:
        raise ValidationError("invalid_price", _("Giá quá lớn. Vui lòng kiểm tra lại số tiền."))
    return value
