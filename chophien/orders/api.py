"""Checkout for mobile and partner clients, the buyer's order by code + phone, the seller's order desk."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Header, Router, Status

from chophien.accounts.auth import TokenAuth
from chophien.accounts.models import User
from chophien.core.errors import PermissionDenied, ValidationError
from chophien.core.http import client_ip
from chophien.core.schemas import Id, PageNumber
from chophien.sellers.models import Seller
from chophien.sellers.selectors import seller_of_user

from . import selectors, services
from . import status as order_status
from .lines import LineRequest
from .models import Actor, Order, OrderStatus
from .schemas import (
    BulkTransitionIn,
    BulkTransitionOut,
    BuyerCancelIn,
    BuyerLookupIn,
    CheckoutIn,
    CheckoutOrdersOut,
    CheckoutOut,
    OrderOut,
    SellerOrderListOut,
    TransitionIn,
)

router = Router(tags=["orders"])

# An order's code (K7MQ-4XT9) or a checkout's reference (CP…), as typed.
OrderCode = Annotated[str, Field(max_length=40)]


def order_brief(order: Order) -> dict[str, Any]:
    return {
        "code": order.code,
        "seller": order.seller.name,
        "seller_slug": order.seller.slug,
        "status": order.status,
        "status_label": str(OrderStatus(order.status).label),
        "subtotal": order.subtotal,
        "shipping_fee": order.shipping_fee,
        "total": order.total,
        "deposit_required": order.deposit_required,
    }


def order_out(order: Order) -> dict[str, Any]:
    return {
        **order_brief(order),
        "buyer_name": order.buyer_name,
        "buyer_phone": order.buyer_phone,
        "address": f"{order.street}, {order.ward.name}, {order.province.name}",
        "note": order.note,
        "payment_method": order.payment_method,
        "created_at": order.created_at,
        "lines": [
            {
                "product_id": line.product_id,
                "variant_id": line.variant_id,
                "name": line.product_name,
                "variant_label": line.variant_label,
                "unit": line.unit,
                "unit_price": line.unit_price,
                "quantity": line.quantity,
                "line_total": line.line_total,
            }
            for line in order.lines.all()
        ],
        "events": [
            {
                "from_status": event.from_status,
                "to_status": event.to_status,
                "label": str(OrderStatus(event.to_status).label),
                "actor": event.actor,
                "reason": event.reason,
                "at": event.created_at,
            }
            for event in order.events.all()
        ],
    }


@router.post(
    "/checkout",
    response={201: CheckoutOut},
    summary="Đặt hàng (một đơn cho mỗi người bán)",
    description="Gửi kèm header Idempotency-Key: gửi lại cùng khoá và cùng nội dung trả về đúng đơn đã đặt, "
    "không đặt thêm. 409 out_of_stock / price_changed / cod_refused, 422 khi dữ liệu sai.",
)
def checkout(
    request: HttpRequest,
    payload: CheckoutIn,
    idempotency_key: str = Header("", alias="Idempotency-Key", max_length=80),
) -> Status[dict[str, Any]]:
    placed = services.checkout_place(
        lines=[
            LineRequest(
                product_id=line.product_id,
                variant_id=line.variant_id,
                quantity=line.quantity,
                expected_price=line.expected_price,
            )
            for line in payload.lines
        ],
        buyer=services.BuyerInput(name=payload.buyer.name, phone=payload.buyer.phone),
        address=services.AddressInput(ward_code=payload.address.ward_code, street=payload.address.street),
        idempotency_key=idempotency_key,
        payment_method=payload.payment_method,
        note=payload.note,
        user=request.user if getattr(request, "user", None) and request.user.is_authenticated else None,  # type: ignore[arg-type]
    )
    body = {
        "reference": placed.checkout.reference,
        "total": placed.checkout.total,
        "payment_method": placed.checkout.payment_method,
        "orders": [order_brief(order) for order in placed.orders],
    }
    return Status(201, body)


def _count_lookup(request: HttpRequest) -> None:
    services.order_lookup_count(client_ip=client_ip(request))


@router.post(
    "/orders/{code}",
    response=OrderOut | CheckoutOrdersOut,
    summary="Xem đơn (mã đơn hoặc mã đặt hàng CP…, + số điện thoại người mua)",
    description="`code` là mã đơn (K7MQ-4XT9): trả về đơn đó; hoặc mã đặt hàng (CP…): trả về "
    '`{"reference", "orders": [...]}`, mọi đơn của lần đặt đó, mỗi đơn như khi tra bằng mã đơn. '
    "Viết hoa hay thường, có dấu cách hay gạch nối đều được. 404 order_not_found khi mã hoặc số "
    "điện thoại sai (cùng một câu trả lời); 429 rate_limited quá số lần tra cứu mỗi giờ của một địa chỉ IP.",
)
def order_for_buyer(request: HttpRequest, code: OrderCode, payload: BuyerLookupIn) -> dict[str, Any]:
    _count_lookup(request)
    found = selectors.order_lookup_for_buyer(code=code, phone=payload.phone)
    if found.reference is None:
        return order_out(found.orders[0])
    return {"reference": found.reference, "orders": [order_out(order) for order in found.orders]}


@router.post("/orders/{code}/cancel", response=OrderOut, summary="Người mua huỷ đơn (trước khi giao vận chuyển)")
def order_cancel(request: HttpRequest, code: OrderCode, payload: BuyerCancelIn) -> dict[str, Any]:
    _count_lookup(request)
    order = order_status.order_cancel_by_buyer(code=code, phone=payload.phone, reason=payload.reason)
    return order_out(selectors.order_find_for_buyer(code=order.code, phone=order.buyer_phone))


def _own_seller(request: HttpRequest) -> tuple[User, Seller]:
    user: User = request.auth  # type: ignore[attr-defined]
    seller = seller_of_user(user=user)
    if seller is None:
        raise PermissionDenied("not_a_seller", _("Tài khoản này chưa có cửa hàng."))
    return user, seller


@router.get("/seller/orders", response=SellerOrderListOut, auth=TokenAuth(), summary="Đơn của cửa hàng")
def seller_order_list(
    request: HttpRequest, status: Annotated[str, Field(max_length=20)] | None = None, page: PageNumber = 1
) -> dict[str, Any]:
    seller = _own_seller(request)[1]
    if status and status not in OrderStatus.values:
        raise ValidationError("invalid_status", _("Trạng thái đơn không đúng."), field="status")
    desk = selectors.seller_orders(seller_id=seller.pk, status=status, page=page)
    return {
        "items": [order_out(order) for order in desk.orders],
        "count": desk.count,
        "page": desk.page,
        "pages": desk.pages,
        "counts_by_status": desk.counts_by_status,
    }


@router.post(
    "/seller/orders/{order_id}/transition", response=OrderOut, auth=TokenAuth(), summary="Chuyển trạng thái đơn"
)
def seller_order_transition(request: HttpRequest, order_id: Id, payload: TransitionIn) -> dict[str, Any]:
    user, seller = _own_seller(request)
    if payload.to_status not in OrderStatus.values:
        raise ValidationError("invalid_status", _("Trạng thái đơn không đúng."), field="to_status")
    selectors.seller_order(seller_id=seller.pk, order_id=order_id)  # 404 for another shop's order
    order_status.order_transition(
        order_id=order_id, to_status=payload.to_status, actor=Actor.SELLER, user=user, reason=payload.reason
    )
    return order_out(selectors.seller_order(seller_id=seller.pk, order_id=order_id))


@router.post(
    "/seller/orders/{order_id}/deposit-received", response=OrderOut, auth=TokenAuth(), summary="Đã nhận tiền cọc"
)
def seller_order_deposit_received(request: HttpRequest, order_id: Id) -> dict[str, Any]:
    user, seller = _own_seller(request)
    selectors.seller_order(seller_id=seller.pk, order_id=order_id)  # 404 for another shop's order
    order_status.order_deposit_received(order_id=order_id, by=user)
    return order_out(selectors.seller_order(seller_id=seller.pk, order_id=order_id))


@router.post("/seller/orders/bulk", response=BulkTransitionOut, auth=TokenAuth(), summary="Xử lý nhiều đơn một lúc")
def seller_orders_bulk(request: HttpRequest, payload: BulkTransitionIn) -> dict[str, Any]:
    user, seller = _own_seller(request)
    if payload.to_status not in OrderStatus.values:
        raise ValidationError("invalid_status", _("Trạng thái đơn không đúng."), field="to_status")
    result = order_status.orders_transition_many(
        seller=seller, by=user, order_ids=payload.order_ids, to_status=payload.to_status, reason=payload.reason
    )
    return {"changed": result.changed, "skipped": result.skipped}
