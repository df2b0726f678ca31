from __future__ import annotations

from datetime import datetime
from typing import Annotated

from ninja import Field, Schema

from chophien.core.schemas import DbInt, Id, InputSchema

from .lines import MAX_LINES
from .services import MAX_NOTE
from .status import MAX_REASON


class LineIn(InputSchema):
    product_id: Id | None = Field(None, description="Sản phẩm có một loại duy nhất")
    variant_id: Id | None = Field(None, description="Loại hàng (500 g, 1 kg...) khi sản phẩm có nhiều loại")
    # Text is accepted so that "abc" gets our Vietnamese message, not a type error; true is neither.
    quantity: DbInt | Annotated[str, Field(max_length=20)]
    expected_price: DbInt | None = Field(None, description="Đơn giá người mua đã thấy, đồng")


class BuyerIn(InputSchema):
    name: str = Field(max_length=120)
    phone: str = Field(max_length=32)


class AddressIn(InputSchema):
    ward_code: Id | Annotated[str, Field(max_length=20)]
    street: str = Field(max_length=200)


class CheckoutIn(InputSchema):
    lines: list[LineIn] = Field(json_schema_extra={"maxItems": MAX_LINES})  # too_many_lines past it
    buyer: BuyerIn
    address: AddressIn
    payment_method: str = Field("cod", max_length=20)
    note: str = Field("", max_length=MAX_NOTE)


class OrderBriefOut(Schema):
    code: str
    seller: str
    seller_slug: str
    status: str
    status_label: str
    subtotal: int
    shipping_fee: int
    total: int
    deposit_required: int


class CheckoutOut(Schema):
    reference: str
    total: int = Field(description="Đồng, gồm phí vận chuyển")
    payment_method: str
    orders: list[OrderBriefOut]


class OrderLineOut(Schema):
    product_id: int
    variant_id: int
    name: str
    variant_label: str
    unit: str
    unit_price: int
    quantity: int
    line_total: int


class OrderEventOut(Schema):
    from_status: str
    to_status: str
    label: str
    actor: str
    reason: str
    at: datetime


class OrderOut(OrderBriefOut):
    buyer_name: str
    buyer_phone: str
    address: str
    note: str
    payment_method: str
    created_at: datetime
    lines: list[OrderLineOut]
    events: list[OrderEventOut]


class CheckoutOrdersOut(Schema):
    """A checkout reference looked up: every order of that press of "Đặt hàng", one per seller."""

    reference: str = Field(description="Mã đặt hàng (CP…), in đầu tiên trên trang đặt hàng")
    orders: list[OrderOut]


class BuyerLookupIn(InputSchema):
    phone: str = Field(max_length=32)


class BuyerCancelIn(InputSchema):
    phone: str = Field(max_length=32)
    reason: str = Field("", max_length=MAX_REASON)


class TransitionIn(InputSchema):
    to_status: str = Field(max_length=20)
    reason: str = Field("", max_length=MAX_REASON)


class BulkTransitionIn(InputSchema):
    order_ids: list[Id] = Field(max_length=1000)
    to_status: str = Field(max_length=20)
    reason: str = Field("", max_length=MAX_REASON)


class BulkTransitionOut(Schema):
    changed: list[str]
    skipped: list[str]


class SellerOrderListOut(Schema):
    items: list[OrderOut]
    count: int
    page: int
    pages: int
    counts_by_status: dict[str, int]
