from __future__ import annotations

from datetime import datetime
from typing import Annotated

from ninja import Field, Schema


class LineIn(Schema):
    product_id: int | None = Field(None, description="Sản phẩm có một loại duy nhất")
    variant_id: int | None = Field(None, description="Loại hàng (500 g, 1 kg...) khi sản phẩm có nhiều loại")
    # Text is accepted so that "abc" gets our Vietnamese message, not a type error.
    quantity: int | str
    expected_price: int | None = Field(None, description="Đơn giá người mua đã thấy, đồng")


class BuyerIn(Schema):
    name: str
    phone: str


class AddressIn(Schema):
    ward_code: int | str
    street: str


class CheckoutIn(Schema):
    lines: list[LineIn]
    buyer: BuyerIn
    address: AddressIn
    payment_method: str = "cod"
    note: str = ""


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


class BuyerLookupIn(Schema):
    phone: str


class BuyerCancelIn(Schema):
    phone: str
    reason: str = ""


class TransitionIn(Schema):
    to_status: str
    reason: str = ""


class BulkTransitionIn(Schema):
    order_ids: list[Annotated[int, Field(ge=1, le=2**63 - 1)]] = Field(max_length=1000)
    to_status: str
    reason: str = ""


class BulkTransitionOut(Schema):
    changed: list[str]
    skipped: list[str]


class SellerOrderListOut(Schema):
    items: list[OrderOut]
    count: int
    page: int
    pages: int
    counts_by_status: dict[str, int]
