"""Orders and batches: which batch each order line was packed from (the oldest first is
suggested), the shipping and receiving events that follow the order, and telling buyers of a
recalled batch."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from chophien.accounts.models import User
from chophien.core.errors import Conflict, NotFound, ValidationError
from chophien.core.links import site_url
from chophien.messaging.services import message_send
from chophien.orders.lines import digits_to_int
from chophien.orders.models import Order, OrderLine, OrderStatus
from chophien.orders.status import orders_moved
from chophien.sellers.services import seller_check

from . import epcis, gs1
from .events import events_record
from .models import Batch, BatchStatus, PackedLine, Serial
from .services import batch_epc_class, pk_of

PACKABLE = (OrderStatus.CONFIRMED, OrderStatus.PACKING)
TRACED_MOVES: dict[str, tuple[str, str]] = {
    OrderStatus.SHIPPED: ("shipping", "in_transit"),
    OrderStatus.DELIVERED: ("receiving", "active"),
}


def batches_fifo(*, seller_id: int, product_id: int) -> list[Batch]:
    """The batches a line of this product can be packed from, oldest harvest first (first in,
    first out), leaving out recalled ones and those past their best-before date."""
    today = timezone.localdate()
    return list(
        Batch.objects.filter(seller_id=seller_id, product_id=product_id, status=BatchStatus.ACTIVE)
        .filter(Q(best_before__isnull=True) | Q(best_before__gte=today))
        .order_by("harvested_on", "id")
    )


def order_line_pack(
    *, line_id: Any, by: User, picks: Sequence[tuple[Any, Any]], serials: Sequence[str] = ()
) -> list[PackedLine]:
    """Record which batches a line's units come from (replacing an earlier record, until the order
    ships), and which serialized units went in. ``picks``: (batch id, units). The units must add up
    to the line's quantity."""
    line = OrderLine.objects.select_related("order").filter(pk=pk_of(line_id)).first()
    if line is None:
        raise NotFound("line_not_found", _("Không tìm thấy dòng hàng này."))
    seller_check(seller=line.order.seller, by=by)
    if line.order.status not in PACKABLE:
        raise Conflict("order_not_packable", _("Chỉ ghi lô khi đơn đã xác nhận và chưa gửi đi."))
    chosen: dict[int, int] = {}
    for raw_batch, raw_units in picks:
        batch_id, units = digits_to_int(raw_batch), digits_to_int(raw_units)
        if batch_id < 1 or units < 1:
            raise ValidationError("pick_invalid", _("Chọn lô và số lượng (số nguyên lớn hơn 0)."), field="picks")
        chosen[batch_id] = chosen.get(batch_id, 0) + units
    if sum(chosen.values()) != line.quantity:
        raise ValidationError(
            "pick_total",
            _("Tổng số lượng theo lô phải bằng %(qty)s (số lượng của dòng hàng).") % {"qty": line.quantity},
            field="picks",
        )
    batches = {
        b.pk: b
        for b in Batch.objects.filter(
            pk__in=chosen, seller_id=line.order.seller_id, product_id=line.product_id, status=BatchStatus.ACTIVE
        )
    }
    if any(batch_id not in batches for batch_id in chosen):
        raise ValidationError(
            "batch_not_for_line", _("Có lô đã chọn không phải lô đang bán của sản phẩm này."), field="picks"
        )
    with transaction.atomic():
        PackedLine.objects.filter(order_line=line).delete()
        packed = PackedLine.objects.bulk_create(
            PackedLine(order_line=line, batch=batches[batch_id], quantity=units) for batch_id, units in chosen.items()
        )
        _serials_assign(line, list(batches.values()), serials)
    return packed


def _serials_assign(line: OrderLine, batches: list[Batch], serials: Sequence[str]) -> None:
    codes = list(dict.fromkeys(code.strip().upper() for code in serials if code.strip()))
    Serial.objects.filter(order_line=line).exclude(serial__in=codes).update(order_line=None)  # packed again
    if not codes:
        return
    if len(codes) > line.quantity:
        raise ValidationError("too_many_serials", _("Số tem nhiều hơn số lượng của dòng hàng."), field="serials")
    assigned = (
        Serial.objects.filter(serial__in=codes, batch__in=batches)
        .filter(Q(order_line__isnull=True) | Q(order_line=line))
        .update(order_line=line)
    )
    if assigned != len(codes):
        raise ValidationError(
            "serial_not_in_batch", _("Có tem không thuộc các lô đã chọn, hoặc đã gắn cho đơn khác."), field="serials"
        )


@dataclass(frozen=True)
class LinePacking:
    line: OrderLine
    packed: list[PackedLine]
    batches: list[Batch]  # what it can be packed from, oldest first


def order_lines_packed(*, order: Order) -> list[LinePacking]:
    """Each line of an order with the batches it was packed from and those it could be."""
    packed: dict[int, list[PackedLine]] = {}
    for row in PackedLine.objects.filter(order_line__order=order).select_related("batch"):
        packed.setdefault(row.order_line_id, []).append(row)
    return [
        LinePacking(line, packed.get(line.pk, []), batches_fifo(seller_id=order.seller_id, product_id=line.product_id))
        for line in order.lines.all()
    ]


def order_pack_fifo(*, order_id: Any, by: User) -> int:
    """One tap: each line not yet recorded is packed from its oldest batch that is still on sale.
    Returns how many lines were recorded; a line whose product has no batch is left."""
    order = Order.objects.filter(pk=pk_of(order_id)).first()
    if order is None:
        raise NotFound("order_not_found", _("Không tìm thấy đơn hàng này."))
    seller_check(seller=order.seller, by=by)
    recorded = 0
    done = set(PackedLine.objects.filter(order_line__order=order).values_list("order_line_id", flat=True))
    for line in order.lines.all():
        if line.pk in done:
            continue
        candidates = batches_fifo(seller_id=order.seller_id, product_id=line.product_id)
        if candidates:
            order_line_pack(line_id=line.pk, by=by, picks=[(candidates[0].pk, line.quantity)])
            recorded += 1
    return recorded


@receiver(orders_moved)
def orders_traced(sender: Any, order_ids: list[int], to_status: str, **kwargs: Any) -> None:
    """Shipping and receiving events for the packed lines of orders that shipped or arrived."""
    if to_status not in TRACED_MOVES:
        return
    biz_step, disposition = TRACED_MOVES[to_status]
    packed = (
        PackedLine.objects.filter(order_line__order_id__in=order_ids)
        .select_related("batch__product", "order_line__order__province", "order_line__order__seller")
        .order_by("order_line__order_id", "id")
    )
    by_order: dict[int, list[PackedLine]] = {}
    for row in packed:
        by_order.setdefault(row.order_line.order_id, []).append(row)
    serials_by_order: dict[int, list[Serial]] = {}
    for serial in Serial.objects.filter(order_line__order_id__in=by_order).select_related("batch__product"):
        serials_by_order.setdefault(serial.order_line.order_id if serial.order_line else 0, []).append(serial)
    now = timezone.now()
    for order_id, rows in by_order.items():
        order = rows[0].order_line.order
        event = epcis.observation_event(
            at=now,
            biz_step=biz_step,
            disposition=disposition,
            place=epcis.seller_uri(order.seller_id) if biz_step == "shipping" else site_url(
                f"/tinh/{order.province_id}"
            ),
            quantities=[epcis.quantity(batch_epc_class(r.batch), r.quantity, r.order_line.unit) for r in rows],
            epcs=[
                epcis.serial_uri(gtin=s.batch.product.gtin, public_code=s.batch.public_code, serial=s.serial)
                for s in serials_by_order.get(order_id, [])
            ],
            extra={"bizTransactionList": [{"type": "po", "bizTransaction": _order_reference(order)}],
                   "cp:destinationProvince": order.province.name},
        )  # fmt: skip
        events_record(seller=order.seller, items=[(event, rows[0].batch)])


def _order_reference(order: Order) -> str:
    """An opaque, stable name for the order in public events: the order's code is a buyer's key to
    their order page, so it is not published."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"order:{order.pk}".encode(), hashlib.sha256).hexdigest()
    return f"urn:chophien:order:{digest[:20]}"


def recall_tell_buyers(*, batch: Batch) -> int:
    """Message each buyer whose order held units of a recalled batch, once per phone (on commit).
    Returns how many were told."""
    phones = (
        Order.objects.filter(lines__in=PackedLine.objects.filter(batch=batch).values("order_line"))
        .values_list("buyer_phone", "code")
        .order_by("buyer_phone", "code")
    )
    told: dict[str, str] = {}
    for phone, code in phones:
        told.setdefault(phone, code)
    link = site_url(gs1.platform_path(public_code=batch.public_code))
    for phone, code in told.items():
        message_send(
            phone=phone,
            template="batch_recalled",
            params={"product": batch.product.name, "lot": batch.lot, "order": code, "link": link},
            seller_id=batch.seller_id,
            text=(
                f"Chợ Phiên: {batch.product.name} lô {batch.lot} trong đơn {code} bị thu hồi: "
                f"{batch.recall_reason}. Vui lòng không dùng và liên hệ người bán. Chi tiết: {link}"
            ),
        )
    return len(told)
