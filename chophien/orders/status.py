"""An order's life after placement: confirm, pack, ship, deliver, cancel, refuse, return.

Every change goes through ``TRANSITIONS`` (models.py) with the order row locked, is recorded as an
``OrderEvent``, and puts the units back on sale when the order leaves for a restocking state: the
lock and the status check make that happen once, however many people press the button.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chophien.accounts.models import User
from chophien.core.errors import Conflict, NotFound, PermissionDenied, ValidationError, text_limit_check
from chophien.core.links import site_url
from chophien.core.money import format_vnd
from chophien.messaging.services import message_send
from chophien.sellers.models import Seller
from chophien.sellers.selectors import seller_role_of

from . import locks
from .models import NEEDS_REASON, RESTOCKING, TRANSITIONS, Actor, Order, OrderEvent, OrderLine, OrderStatus
from .services import stock_return

MAX_REASON = 300
# The buyer hears about these changes; the others are the seller's own work.
TOLD_TO_BUYER = {
    OrderStatus.CONFIRMED: gettext_lazy("đã được xác nhận"),
    OrderStatus.SHIPPED: gettext_lazy("đã giao cho đơn vị vận chuyển"),
    OrderStatus.CANCELLED_BY_SELLER: gettext_lazy("đã bị người bán huỷ"),
}


class InvalidTransition(Conflict):
    def __init__(self, order: Order, to_status: str) -> None:
        super().__init__(
            "invalid_transition",
            _("Đơn %(code)s đang ở trạng thái “%(now)s”, không thể chuyển sang “%(next)s”.")
            % {
                "code": order.code,
                "now": OrderStatus(order.status).label,
                "next": OrderStatus(to_status).label,
            },
        )


def _check_seller(*, by: User, seller_id: int) -> None:
    seller = Seller(pk=seller_id)
    if seller_role_of(user=by, seller=seller) is None:
        raise PermissionDenied("not_your_order", _("Đơn này không thuộc cửa hàng của bạn."))


def _move(order: Order, *, to_status: str, actor: str, user: User | None, reason: str) -> OrderEvent:
    """Change a locked ``order`` in memory and return its unsaved event; the caller saves both."""
    if to_status not in OrderStatus.values:
        raise ValidationError("invalid_status", _("Trạng thái đơn không đúng."), field="to_status")
    if actor not in TRANSITIONS.get((order.status, to_status), frozenset()):
        raise InvalidTransition(order, to_status)
    reason_text = text_limit_check(
        text=" ".join((reason or "").split()), limit=MAX_REASON, code="reason_too_long", field="reason", what=_("Lý do")
    )
    if to_status in NEEDS_REASON and not reason_text:
        raise ValidationError("reason_required", _("Vui lòng ghi lý do."), field="reason")
    if to_status == OrderStatus.SHIPPED and order.is_waiting_for_deposit:
        raise Conflict(
            "deposit_not_received",
            _("Đơn %(code)s cần nhận cọc %(deposit)s trước khi gửi hàng.")
            % {"code": order.code, "deposit": format_vnd(order.deposit_required)},
        )
    event = OrderEvent(
        order=order, from_status=order.status, to_status=to_status, actor=actor, user=user, reason=reason_text
    )
    order.status = to_status
    return event


def _restock(orders: list[Order]) -> None:
    returned: dict[int, int] = defaultdict(int)
    for variant_id, quantity in OrderLine.objects.filter(order__in=orders).values_list("variant_id", "quantity"):
        returned[variant_id] += quantity
    stock_return(dict(returned))


def _tell_buyer(order: Order, to_status: str, reason: str) -> None:
    what = TOLD_TO_BUYER.get(OrderStatus(to_status))
    if what is None:
        return
    text = _("Đơn %(code)s của bạn %(what)s.") % {"code": order.code, "what": what}
    if reason:
        text += " " + _("Lý do: %(reason)s") % {"reason": reason}
    link = site_url(reverse("orders:order", args=[order.code]))
    params = {"order": order.code, "link": link}
    if to_status == OrderStatus.CANCELLED_BY_SELLER:
        params["reason"] = reason
    message_send(
        phone=order.buyer_phone,
        template=f"order_{to_status}",
        params=params,
        text=f"{text} {link}",
        seller_id=order.seller_id,
    )


@transaction.atomic
def order_transition(*, order_id: int, to_status: str, actor: str, user: User | None = None, reason: str = "") -> Order:
    """Move one order to ``to_status``. A seller ``actor`` must work for the order's shop.

    Raises NotFound, PermissionDenied ``not_your_order``, InvalidTransition (Conflict) for a move the
    table does not allow (a cancelled order cancelled again), ValidationError ``reason_required``.
    """
    order = locks.orders_locked([order_id]).first()
    if order is None:
        raise NotFound("order_not_found", _("Không tìm thấy đơn hàng này."))
    if actor == Actor.SELLER:
        if user is None:
            raise PermissionDenied("not_your_order", _("Đơn này không thuộc cửa hàng của bạn."))
        _check_seller(by=user, seller_id=order.seller_id)
    event = _move(order, to_status=to_status, actor=actor, user=user, reason=reason)
    order.save(update_fields=["status", "updated_at"])
    event.save()
    if to_status in RESTOCKING:
        _restock([order])
    _tell_buyer(order, to_status, event.reason)
    _announce([order.pk], to_status)
    return order


def _announce(order_ids: list[int], to_status: str) -> None:
    """Tell other apps (traceability records shipping and receiving) once the move is committed."""
    transaction.on_commit(lambda: orders_moved.send(sender=Order, order_ids=order_ids, to_status=to_status))


# Sent once a change of orders' status is committed, with ``order_ids`` and ``to_status``: other
# apps (traceability records shipping and receiving) follow orders without orders knowing them.
orders_moved = Signal()


@dataclass(frozen=True)
class BulkResult:
    changed: list[str]  # order codes moved
    skipped: list[str]  # order codes left as they were (already moved, or not in a state that allows it)


@transaction.atomic
def orders_transition_many(
    *, seller: Seller, by: User, order_ids: list[int], to_status: str, reason: str = ""
) -> BulkResult:
    """Move many of a seller's orders at once (after a live session there are hundreds to confirm).

    Orders of other shops are never touched; orders whose state does not allow the move are skipped
    and named, not an error. Locks, updates and events cost a fixed number of queries.
    """
    _check_seller(by=by, seller_id=seller.pk)
    if len(order_ids) > 1000:
        raise ValidationError("too_many_orders", _("Mỗi lần xử lý tối đa 1000 đơn."))
    orders = list(locks.orders_locked(order_ids).filter(seller=seller))
    events, moved, skipped = [], [], []
    for order in orders:
        try:
            events.append(_move(order, to_status=to_status, actor=Actor.SELLER, user=by, reason=reason))
            moved.append(order)
        except InvalidTransition:
            skipped.append(order.code)
    if moved:
        Order.objects.filter(pk__in=[o.pk for o in moved]).update(status=to_status, updated_at=timezone.now())
        OrderEvent.objects.bulk_create(events)
        if to_status in RESTOCKING:
            _restock(moved)
        for order in moved:
            _tell_buyer(order, to_status, reason)
        _announce([o.pk for o in moved], to_status)
    return BulkResult(changed=[o.code for o in moved], skipped=skipped)


@transaction.atomic
def order_deposit_received(*, order_id: int, by: User) -> Order:
    """The seller records the COD deposit as received (kept as an event); the order may then ship.

    Raises NotFound, PermissionDenied ``not_your_order``, Conflict ``no_deposit`` when the order asks
    none or it was recorded already.
    """
    order = locks.orders_locked([order_id]).first()
    if order is None:
        raise NotFound("order_not_found", _("Không tìm thấy đơn hàng này."))
    _check_seller(by=by, seller_id=order.seller_id)
    if not order.is_waiting_for_deposit:
        raise Conflict("no_deposit", _("Đơn này không chờ tiền cọc."))
    order.deposit_received_at = timezone.now()
    order.save(update_fields=["deposit_received_at", "updated_at"])
    OrderEvent.objects.create(
        order=order,
        from_status=order.status,
        to_status=order.status,
        actor=Actor.SELLER,
        user=by,
        reason=_("Đã nhận cọc %(deposit)s") % {"deposit": format_vnd(order.deposit_required)},
    )
    return order


@transaction.atomic
def order_cancel_by_buyer(*, code: str, phone: str, reason: str = "") -> Order:
    """The buyer cancels before shipping. ``phone`` must be the order's: the code alone is not enough."""
    from .selectors import order_find_for_buyer

    order = order_find_for_buyer(code=code, phone=phone)
    return order_transition(
        order_id=order.pk, to_status=OrderStatus.CANCELLED_BY_BUYER, actor=Actor.BUYER, reason=reason
    )
