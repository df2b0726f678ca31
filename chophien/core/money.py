"""Money is an ``int`` of đồng everywhere (models, services, the API, checkout's SQL): no floats, no
wrapper type. Here: printing it, and reading a price as people write it."""

from __future__ import annotations

import numbers
import re
import unicodedata
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import ValidationError

# A price above this is a typing mistake, not a highland product (1 tỷ đồng).
MAX_PRICE_DONG = 1_000_000_000
_GROUPED_DIGITS = re.compile(r"[0-9]+|[0-9]{1,3}(?:[., ][0-9]{3})+")


def format_vnd(dong: int) -> str:
    """1250000 -> '1.250.000 ₫' (dots between thousands, a non-breaking space before the sign)."""
    sign = "-" if dong < 0 else ""
    grouped = f"{abs(dong):,}".replace(",", ".")
    return f"{sign}{grouped}\u00a0₫"


_NOT_A_PRICE = gettext_lazy("Giá phải là một số tiền (đồng), ví dụ 35000, 35.000, 35k hoặc 1tr2.")
_NOT_WHOLE = gettext_lazy("Giá phải là một số tiền nguyên (đồng), ví dụ 120000.")

# What people write after a number instead of zeros ("35k", "35 nghìn", "1tr2", "1,2 triệu", "1 củ"),
# compared without diacritics. Longer words first: "trieu" before "tr".
_MULTIPLIERS = {
    "k": 1_000,
    "nghin": 1_000,
    "ngan": 1_000,
    "trieu": 1_000_000,
    "tr": 1_000_000,
    "cu": 1_000_000,  # "1 củ": a million, in the market's slang
    "ty": 1_000_000_000,
    "ti": 1_000_000_000,
}
_PART = re.compile(r"\s*([0-9]+(?:[.,][0-9]+)*)\s*(" + "|".join(_MULTIPLIERS) + r")(?![a-z])\s*", re.ASCII)
_TAIL = re.compile(r"[0-9]{1,3}", re.ASCII)  # "1tr2": tenths of the last multiplier, "1tr25", "35k5"
_DECIMAL = re.compile(r"[0-9]+[.,][0-9]{1,2}", re.ASCII)  # "1,2" / "1.25" before a multiplier
_PER_UNIT = re.compile(r"\s*/\s*[^0-9/]*$")  # "35k/kg", "35.000đ / kg"


def _without_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def _number(text: str) -> Fraction:
    """ "120.000" -> 120000 (dots or commas group thousands); "1,2" / "1.25" -> a decimal."""
    if _GROUPED_DIGITS.fullmatch(text):
        return Fraction(int(re.sub(r"[., ]", "", text)))
    if _DECIMAL.fullmatch(text):
        return Fraction(text.replace(",", "."))
    raise ValidationError("invalid_price", _NOT_A_PRICE)


def _with_multipliers(text: str) -> int:
    """ "35k" "1tr2" "1,2 trieu" "1 trieu 200 nghin" "1tr200k" -> whole đồng, largest multiplier first."""
    total, position, last = Fraction(0), 0, 0
    while match := _PART.match(text, position):
        multiplier = _MULTIPLIERS[match.group(2)]
        if last and multiplier >= last:  # "200k 1tr" is not how anyone writes a price
            raise ValidationError("invalid_price", _NOT_A_PRICE)
        total += _number(match.group(1)) * multiplier
        position, last = match.end(), multiplier
    rest = text[position:].strip()
    if not last or (rest and not _TAIL.fullmatch(rest)):
        raise ValidationError("invalid_price", _NOT_A_PRICE)
    if rest:
        total += Fraction(int(rest), 10 ** len(rest)) * last
    if total.denominator != 1:
        raise ValidationError("invalid_price", _NOT_WHOLE)
    return int(total)


def parse_price(raw: Any) -> int:
    """Read a price as people write it into whole đồng: "120000", "120.000", "120 000 đ", "1.200.000 ₫",
    "35k", "35 nghìn", "35 ngàn", "1tr", "1tr2" (1,2 triệu), "1,2 triệu", "1 triệu 200 nghìn", "35k/kg".

    Dots, commas or spaces group thousands ("1,5" alone is not a price); before a multiplier a
    comma or dot with one or two digits after it is a decimal ("1,2 triệu").
    Raises ValidationError (code ``invalid_price``) for anything that is not a positive
    whole number of đồng up to MAX_PRICE_DONG.
    """
    # Only int and text: Decimal("120.000") is 120 đồng, but its text would read as 120000.
    if isinstance(raw, bool) or (isinstance(raw, numbers.Number) and not isinstance(raw, int)):
        raise ValidationError("invalid_price", _NOT_WHOLE)
    if isinstance(raw, int):
        value = raw
    else:
        text = unicodedata.normalize("NFC", str(raw)).strip().lower().replace("\u00a0", " ")
        text = _PER_UNIT.sub("", text)
        text = _without_marks(text)  # "đồng" -> "dong", "nghìn" -> "nghin", "triệu" -> "trieu"
        for currency in ("₫", "dong", "vnd", "d"):
            text = text.replace(currency, "")
        text = text.strip()
        if len(text) > 40:  # no price is written that long; the regexes never see a 4,000-digit text
            raise ValidationError("invalid_price", _NOT_A_PRICE)
        value = int(_number(text)) if _GROUPED_DIGITS.fullmatch(text) else _with_multipliers(text)
    if value <= 0:
        raise ValidationError("invalid_price", _("Giá phải lớn hơn 0 đồng."))
    if value > MAX_PRICE_DONG:
        raise ValidationError("invalid_price", _("Giá quá lớn. Vui lòng kiểm tra lại số tiền."))
    return value
