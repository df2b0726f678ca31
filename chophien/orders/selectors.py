"""Reads of orders: the buyer's order page, the seller's desk, timelines."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Prefetch, QuerySet, Value, When
from django.utils.translation import gettext as _

from chophien.core.errors import NotFound, ValidationError
from chophien.core.phone import normalize_phone

from .codes import code_normalize, is_checkout_reference
from .models import Checkout, Order, OrderEvent, OrderLine, OrderStatus

DESK_PAGE_SIZE = 50


def _with_details(orders: QuerySet[Order]) -> QuerySet[Order]:
    return orders.select_related("seller", "ward", "province").prefetch_related(
        Prefetch("lines", queryset=OrderLine.objects.order_by("id")),
        Prefetch("events", queryset=OrderEvent.objects.order_by("created_at", "id")),
    )


def order_find_for_buyer(*, code: str, phone: str) -> Order:
    """The order with this code, only when ``phone`` is its buyer's. Raises NotFound otherwise, with
    the same answer for a wrong code and a wrong phone (a guesser learns nothing)."""
    not_found = NotFound("order_not_found", _("Không tìm thấy đơn với mã và số điện thoại này."))
    try:
        national = normalize_phone(phone)
    except ValidationError:  # a malformed phone is as unknown as a wrong one
        raise not_found from None
    order = _with_details(Order.objects.filter(code=code_normalize(code), buyer_phone=national)).first()
    if order is None:
        raise not_found
    return order


@dataclass(frozen=True)
class BuyerOrders:
    """What a buyer finds with their phone and a code: one order for an order's code, every order of
    the checkout for a checkout's reference (``reference`` set)."""

    reference: str | None
    orders: list[Order]


def order_lookup_for_buyer(*, code: str, phone: str) -> BuyerOrders:
    """The order of an order code (``K7MQ-4XT9``), or every order of a checkout reference (``CP…``,
    the one the order page prints first), as people type them (case, spaces, dashes), only when
    ``phone`` is the buyer's. Raises NotFound ``order_not_found`` otherwise, the same for a wrong
    code and a wrong phone."""
    normalized = code_normalize(code)
    if not is_checkout_reference(normalized):
        return BuyerOrders(reference=None, orders=[order_find_for_buyer(code=normalized, phone=phone)])
    not_found = NotFound("order_not_found", _("Không tìm thấy đơn với mã và số điện thoại này."))
    try:
        national = normalize_phone(phone)
    except ValidationError:
        raise not_found from None
    orders = list(
        _with_details(Order.objects.filter(checkout__reference=normalized, buyer_phone=national).order_by("id"))
    )
    if not orders:
        raise not_found
    return BuyerOrders(reference=normalized, orders=orders)


def buyer_phone_for_code(*, code: str) -> tuple[str, list[str]] | None:
    """The buyer's phone and the order codes behind an order code or a checkout reference; None for
    neither. Only for callers that show it to a browser that already saw those orders."""
    normalized = code_normalize(code)
    by = "checkout__reference" if is_checkout_reference(normalized) else "code"
    rows = list(Order.objects.filter(**{by: normalized}).order_by("id").values_list("code", "buyer_phone"))
    if not rows:
        return None
    return rows[0][1], [row[0] for row in rows]


def order_for_code(*, code: str) -> Order:
    """An order by its code alone: only for callers that proved the phone before (the session)."""
    order = _with_details(Order.objects.filter(code=code_normalize(code))).select_related("checkout").first()
    if order is None:
        raise NotFound("order_not_found", _("Không tìm thấy đơn hàng này."))
    return order


def checkout_orders(*, reference: str) -> tuple[Checkout, list[Order]]:
    checkout = Checkout.objects.filter(reference=reference).first()
    if checkout is None:
        raise NotFound("checkout_not_found", _("Không tìm thấy đơn hàng này."))
    return checkout, list(_with_details(checkout.orders.order_by("id")))


@dataclass(frozen=True)
class DeskPage:
    orders: list[Order]
    count: int
    counts_by_status: dict[str, int]
    page: int
    pages: int


def seller_orders(*, seller_id: int, status: str | None = None, page: int = 1) -> DeskPage:
    """A seller's orders, new ones first (placed before the rest, then newest), one page of them."""
    orders = Order.objects.filter(seller_id=seller_id)
    counts = dict(orders.values_list("status").annotate(n=Count("id")).order_by())
    if status in OrderStatus.values:
        orders = orders.filter(status=status)
    count = sum(counts.values()) if status not in OrderStatus.values else counts.get(status or "", 0)
    pages = max(1, -(-count // DESK_PAGE_SIZE))
    page = min(max(1, page), pages)
    start = (page - 1) * DESK_PAGE_SIZE
    new_first = Case(When(status=OrderStatus.PLACED, then=Value(0)), default=Value(1), output_field=IntegerField())
    rows = list(_with_details(orders.order_by(new_first, "-created_at", "-id"))[start : start + DESK_PAGE_SIZE])
    return DeskPage(orders=rows, count=count, counts_by_status=counts, page=page, pages=pages)


def seller_new_orders_count(*, seller_id: int) -> int:
    """Orders placed and not yet confirmed by the seller: what the dashboard says is waiting."""
    return Order.objects.filter(seller_id=seller_id, status=OrderStatus.PLACED).count()


def seller_order(*, seller_id: int, order_id: int) -> Order:
    order = _with_details(Order.objects.filter(seller_id=seller_id, pk=order_id)).first()
    if order is None:
        raise NotFound("order_not_found", _("Không tìm thấy đơn hàng này."))
    return order


def seller_orders_for_export(
    *, seller_id: int, status: str | None = None, order_ids: list[int] | None = None
) -> QuerySet[Order]:
    orders = Order.objects.filter(seller_id=seller_id).select_related("ward", "province")
    if order_ids is not None:
        orders = orders.filter(pk__in=order_ids)
    if status in OrderStatus.values:
        orders = orders.filter(status=status)
    return orders.prefetch_related(Prefetch("lines", queryset=OrderLine.objects.order_by("id"))).order_by(
        "created_at", "id"
    )


def last_delivery_address(*, phone: str) -> dict[str, str] | None:
    """What the last checkout of ``phone`` was sent to, as checkout form values; None for a new phone.

    Only for callers that proved the phone (its account, or a code it received): an address is
    never shown to someone who merely typed a number.
    """
    last = Checkout.objects.filter(buyer_phone=phone).select_related("ward").order_by("-created_at").first()
    if last is None:
        return None
    return {
        "name": last.buyer_name,
        "phone": last.buyer_phone,
        "province": str(last.ward.province_id),
        "ward_code": str(last.ward_id),
        "street": last.street,
    }
