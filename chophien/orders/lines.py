"""Reading what a buyer asks for: lines with a product or variant and a quantity, checked before any write."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from chophien.core.errors import ValidationError

MAX_QUANTITY = 1000  # per line; a larger order is a wholesale deal, made with the seller directly
MAX_LINES = 50


@dataclass(frozen=True)
class LineRequest:
    """One line as sent: a variant, or a product that has one variant only; ``expected_price`` is the
    unit price the buyer saw (checkout refuses to charge another one without asking)."""

    quantity: Any
    product_id: Any = None
    variant_id: Any = None
    expected_price: int | None = None


@dataclass(frozen=True)
class CleanLine:
    quantity: int
    product_id: int | None
    variant_id: int | None
    expected_price: int | None


def quantity_parse(raw: Any, *, limit: int = MAX_QUANTITY, too_large: str = "") -> int:
    """``"2"``, ``2`` -> 2. Raises ValidationError ``invalid_quantity`` for 0, -1, 2.5 or "abc", and
    ``quantity_too_large`` above ``limit`` (a buyer's line by default) with the message ``too_large``
    (a buyer's, by default)."""
    text = str(raw).strip() if raw is not None and not isinstance(raw, bool) else ""
    if not text.isdigit() or not text.isascii():
        raise ValidationError("invalid_quantity", _("Số lượng phải là số nguyên từ 1 trở lên."), field="quantity")
    quantity = int(text)
    if quantity < 1:
        raise ValidationError("invalid_quantity", _("Số lượng phải từ 1 trở lên."), field="quantity")
    if quantity > limit:
        message = too_large or _("Mỗi lần mua tối đa %(limit)s. Mua nhiều hơn, vui lòng gọi người bán.") % {
            "limit": limit
        }
        raise ValidationError("quantity_too_large", message, field="quantity")
    return quantity


def digits_to_int(raw: object, *, default: int = 0) -> int:
    """A positive id or page number typed or posted as text; ``default`` for anything else ("²",
    "abc", 5,000 digits: ``str.isdigit`` alone accepts what ``int`` refuses)."""
    text = str(raw).strip() if raw is not None else ""
    return int(text) if text.isascii() and text.isdigit() and len(text) < 18 else default


def _id_parse(raw: Any) -> int | None:
    if raw in (None, ""):
        return None
    text = str(raw).strip()
    if isinstance(raw, bool) or not text.isdigit() or not text.isascii() or len(text) > 18:
        raise ValidationError("unknown_product", _("Không tìm thấy sản phẩm này."), field="lines")
    return int(text)


def lines_clean(lines: list[LineRequest]) -> list[CleanLine]:
    """Check every line. Raises ValidationError ``empty_cart``, ``too_many_lines``, or a line's error."""
    if not lines:
        raise ValidationError("empty_cart", _("Giỏ hàng đang trống."), field="lines")
    if len(lines) > MAX_LINES:
        raise ValidationError(
            "too_many_lines", _("Một lần đặt tối đa %(limit)s món.") % {"limit": MAX_LINES}, field="lines"
        )
    cleaned = []
    for line in lines:
        product_id, variant_id = _id_parse(line.product_id), _id_parse(line.variant_id)
        if product_id is None and variant_id is None:
            raise ValidationError("unknown_product", _("Mỗi món cần có sản phẩm."), field="lines")
        expected = line.expected_price
        if expected is not None and (isinstance(expected, bool) or not isinstance(expected, int) or expected < 0):
            raise ValidationError("invalid_price", _("Giá gửi lên không đúng."), field="lines")
        cleaned.append(CleanLine(quantity_parse(line.quantity), product_id, variant_id, expected))
    return cleaned
