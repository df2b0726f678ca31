"""Placing orders: one checkout, one order per seller, stock taken once and never twice.

The whole placement is one transaction: the variants are locked in primary-key order, checked, and
their stock taken by one conditional UPDATE; the checkout, orders, lines and first events are
inserted in bulk, so placement costs the same few queries however many lines it has. Messages
leave after commit. A retried request with the same idempotency key gets the first answer back.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Case, F, IntegerField, Value, When
from django.utils.translation import gettext as _

from chophien.accounts.models import User
from chophien.catalog.models import ProductStatus, ProductVariant
from chophien.core.errors import Conflict, PermissionDenied, ValidationError
from chophien.core.money import format_vnd
from chophien.core.phone import normalize_phone
from chophien.messaging.services import message_send
from chophien.places.selectors import address_build
from chophien.sellers.models import Seller
from chophien.sellers.selectors import seller_role_of
from chophien.sellers.services import clean_name

from . import codes, locks
from .lines import CleanLine, LineRequest, lines_clean
from .models import Actor, Checkout, CodPolicy, CodRule, Order, OrderEvent, OrderLine, OrderStatus
from .payment_methods import payment_method_get
from .risk import phone_history
from .shipping import ParcelRequest, shipping_quoter

IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_.:-]{8,80}$")


@dataclass(frozen=True)
class BuyerInput:
    name: str
    phone: str


@dataclass(frozen=True)
class AddressInput:
    ward_code: Any
    street: str


@dataclass(frozen=True)
class PriceChange:
    variant_id: int
    product_name: str
    label: str
    price_seen: int
    price_now: int


@dataclass(frozen=True)
class Shortage:
    variant_id: int
    product_name: str
    label: str
    wanted: int
    remaining: int


class PriceChanged(Conflict):
    """Some price differs from what the buyer saw: show ``changes`` and let them confirm again."""

    def __init__(self, changes: list[PriceChange]) -> None:
        names = ", ".join(change.product_name for change in changes)
        super().__init__(
            "price_changed",
            _("Giá đã thay đổi: %(names)s. Vui lòng xem giá mới rồi đặt lại.") % {"names": names},
            field="lines",
        )
        self.changes = changes

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = dict(super().as_dict())
        body["items"] = [
            {
                "variant_id": c.variant_id,
                "name": c.product_name,
                "label": c.label,
                "price_seen": c.price_seen,
                "price_now": c.price_now,
            }
            for c in self.changes
        ]
        return body


class OutOfStock(Conflict):
    def __init__(self, shortages: list[Shortage]) -> None:
        parts = [
            _("%(name)s chỉ còn %(remaining)s")
            % {"name": f"{s.product_name} {s.label}".strip(), "remaining": s.remaining}
            for s in shortages
        ]
        super().__init__(
            "out_of_stock", _("Không đủ hàng: %(items)s. Vui lòng giảm số lượng.") % {"items": "; ".join(parts)}
        )
        self.shortages = shortages

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = dict(super().as_dict())
        body["items"] = [
            {
                "variant_id": s.variant_id,
                "name": s.product_name,
                "label": s.label,
                "wanted": s.wanted,
                "remaining": s.remaining,
            }
            for s in self.shortages
        ]
        return body


@dataclass(frozen=True)
class CheckoutPlaced:
    checkout: Checkout
    orders: list[Order]
    is_replay: bool


def _request_hash(*, key_parts: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(key_parts, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _replay(idempotency_key: str, request_hash: str) -> CheckoutPlaced | None:
    checkout = Checkout.objects.filter(idempotency_key=idempotency_key).first()
    if checkout is None:
        return None
    if checkout.request_hash != request_hash:
        raise Conflict(
            "idempotency_key_reused",
            _("Mã yêu cầu này đã dùng cho một đơn khác. Vui lòng tải lại trang rồi đặt lại."),
        )
    orders = list(checkout.orders.select_related("seller").order_by("id"))
    return CheckoutPlaced(checkout=checkout, orders=orders, is_replay=True)


def _variant_ids(lines: list[CleanLine]) -> dict[int, int]:
    """Variant id -> quantity, resolving lines that name a product with one variant; duplicates add up."""
    product_ids = {line.product_id for line in lines if line.variant_id is None and line.product_id is not None}
    variants_of: dict[int, list[int]] = defaultdict(list)
    if product_ids:
        for variant_id, product_id in ProductVariant.objects.filter(product_id__in=product_ids).values_list(
            "id", "product_id"
        ):
            variants_of[product_id].append(variant_id)
    wanted: dict[int, int] = defaultdict(int)
    for line in lines:
        if line.variant_id is not None:
            wanted[line.variant_id] += line.quantity
            continue
        choices = variants_of.get(line.product_id or 0, [])
        if not choices:
            raise ValidationError("unknown_product", _("Không tìm thấy sản phẩm này."), field="lines")
        if len(choices) > 1:
            raise ValidationError(
                "variant_required",
                _("Sản phẩm này có nhiều loại. Vui lòng chọn loại (ví dụ 500 g hay 1 kg)."),
                field="lines",
            )
        wanted[choices[0]] += line.quantity
    return dict(wanted)


def _check_lines(variants: dict[int, ProductVariant], wanted: dict[int, int], expected: dict[int, int]) -> None:
    """Raise for a missing or hidden product, a changed price, then for missing stock."""
    for variant_id in wanted:
        variant = variants.get(variant_id)
        if variant is None:
            raise ValidationError("unknown_product", _("Không tìm thấy sản phẩm này."), field="lines")
        if variant.product.status != ProductStatus.ACTIVE or not variant.product.seller.is_active:
            raise Conflict(
                "product_unavailable",
                _("%(name)s hiện không bán. Vui lòng bỏ khỏi giỏ hàng.") % {"name": variant.product.name},
                field="lines",
            )
    changes = [
        PriceChange(vid, variants[vid].product.name, variants[vid].label, expected[vid], variants[vid].price)
        for vid in wanted
        if vid in expected and expected[vid] != variants[vid].price
    ]
    if changes:
        raise PriceChanged(changes)
    shortages = [
        Shortage(vid, variants[vid].product.name, variants[vid].label, quantity, variants[vid].stock)
        for vid, quantity in wanted.items()
        if variants[vid].stock < quantity
    ]
    if shortages:
        raise OutOfStock(shortages)


def stock_take(wanted: dict[int, int]) -> bool:
    """Take ``wanted`` units of each variant in one conditional UPDATE. False (nothing taken by the
    statement's rows that fail) when any variant has too few: the caller rolls back."""
    amount = Case(*[When(pk=vid, then=Value(q)) for vid, q in wanted.items()], output_field=IntegerField())
    updated = ProductVariant.objects.filter(pk__in=list(wanted), stock__gte=amount).update(stock=F("stock") - amount)
    return updated == len(wanted)


def stock_return(returned: dict[int, int]) -> None:
    """Put units back on sale with one UPDATE (the caller guarantees this happens once)."""
    if returned:
        amount = Case(*[When(pk=vid, then=Value(q)) for vid, q in returned.items()], output_field=IntegerField())
        ProductVariant.objects.filter(pk__in=list(returned)).update(stock=F("stock") + amount)


def checkout_place(
    *,
    lines: list[LineRequest],
    buyer: BuyerInput,
    address: AddressInput,
    idempotency_key: str,
    payment_method: str = "cod",
    note: str = "",
    user: User | None = None,
) -> CheckoutPlaced:
    """Place one order per seller for ``lines``, paid by ``payment_method``.

    Everything is checked before anything is written. Raises ValidationError (a bad name, phone,
    address, quantity, key), PriceChanged when a price differs from ``expected_price``, OutOfStock,
    Conflict ``product_unavailable``, ``cod_refused``, ``idempotency_key_reused``. The same key and
    request again returns the first checkout with ``is_replay`` set, and places nothing.
    """
    key = (idempotency_key or "").strip()
    if not IDEMPOTENCY_KEY.match(key):
        raise ValidationError("invalid_idempotency_key", _("Thiếu mã yêu cầu (Idempotency-Key) hoặc mã không đúng."))
    buyer_name = clean_name(buyer.name, what=_("Họ tên người nhận"))
    phone = normalize_phone(buyer.phone)
    place = address_build(ward_code=address.ward_code, street=address.street)
    method = payment_method_get(payment_method)
    clean = lines_clean(lines)
    note_text = " ".join((note or "").split())[:500]
    request_hash = _request_hash(
        key_parts={
            "lines": [[line.product_id, line.variant_id, line.quantity] for line in clean],
            "phone": phone,
            "ward": place.ward.code,
            "street": place.street,
            "method": method.code,
        }
    )
    replay = _replay(key, request_hash)
    if replay is not None:
        return replay
    try:
        with transaction.atomic():
            return _place(
                clean=clean,
                buyer_name=buyer_name,
                phone=phone,
                place=place,
                method_code=method.code,
                note=note_text,
                key=key,
                request_hash=request_hash,
                user=user,
            )
    except IntegrityError:
        # The same key committed by a concurrent request (a double tap): answer with its checkout.
        replay = _replay(key, request_hash)
        if replay is None:
            raise
        return replay


def _place(
    *,
    clean: list[CleanLine],
    buyer_name: str,
    phone: str,
    place: Any,
    method_code: str,
    note: str,
    key: str,
    request_hash: str,
    user: User | None,
) -> CheckoutPlaced:
    wanted = _variant_ids(clean)
    expected = {
        line.variant_id: line.expected_price for line in clean if line.variant_id and line.expected_price is not None
    }
    variants = {variant.pk: variant for variant in locks.variants_locked(wanted)}
    _check_lines(variants, wanted, {k: v for k, v in expected.items() if v is not None})

    by_seller: dict[int, list[int]] = defaultdict(list)
    for variant_id in wanted:
        by_seller[variants[variant_id].product.seller_id].append(variant_id)
    history = phone_history(phone=phone)
    policies = {policy.seller_id: policy for policy in CodPolicy.objects.filter(seller_id__in=list(by_seller))}
    method = payment_method_get(method_code)
    quoter = shipping_quoter()

    drafts = []
    for seller_id, variant_ids in by_seller.items():
        seller = variants[variant_ids[0]].product.seller
        subtotal = sum(variants[vid].price * wanted[vid] for vid in variant_ids)
        fee = quoter.quote(
            ParcelRequest(
                seller_id=seller_id,
                seller_ward_code=seller.ward_id,
                destination=place.ward,
                subtotal=subtotal,
                units=sum(wanted[vid] for vid in variant_ids),
            )
        )
        terms = method.terms(
            total=subtotal + fee, history=history, policy=policies.get(seller_id), seller_name=seller.name
        )
        drafts.append((seller, variant_ids, subtotal, fee, terms.deposit_required))

    checkout = Checkout.objects.create(
        reference=codes.checkout_reference_new(),
        idempotency_key=key,
        request_hash=request_hash,
        user=user if user is not None and user.is_authenticated else None,
        buyer_name=buyer_name,
        buyer_phone=phone,
        ward=place.ward,
        street=place.street,
        note=note,
        payment_method=method_code,
        total=sum(subtotal + fee for _, _, subtotal, fee, _ in drafts),
    )
    if not stock_take(wanted):
        # Only reachable when a row changed between the lock and the update (it cannot on PostgreSQL).
        current = dict(ProductVariant.objects.filter(pk__in=list(wanted)).values_list("id", "stock"))
        raise OutOfStock(
            [
                Shortage(vid, variants[vid].product.name, variants[vid].label, q, current.get(vid, 0))
                for vid, q in wanted.items()
                if current.get(vid, 0) < q
            ]
        )
    orders = Order.objects.bulk_create(
        Order(
            code=codes.order_code_new(),
            checkout=checkout,
            seller=seller,
            buyer_name=buyer_name,
            buyer_phone=phone,
            ward=place.ward,
            province_id=place.ward.province_id,
            street=place.street,
            note=note,
            payment_method=method_code,
            subtotal=subtotal,
            shipping_fee=fee,
            total=subtotal + fee,
            deposit_required=deposit,
        )
        for seller, _, subtotal, fee, deposit in drafts
    )
    OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            product=variants[vid].product,
            variant=variants[vid],
            product_name=variants[vid].product.name,
            variant_label=variants[vid].label,
            unit=variants[vid].product.unit,
            unit_price=variants[vid].price,
            quantity=wanted[vid],
            line_total=variants[vid].price * wanted[vid],
        )
        for order, (_, variant_ids, _, _, _) in zip(orders, drafts, strict=True)
        for vid in variant_ids
    )
    OrderEvent.objects.bulk_create(
        OrderEvent(order=order, to_status=OrderStatus.PLACED, actor=Actor.BUYER, user=checkout.user) for order in orders
    )
    _tell_about_new_orders(checkout, orders)
    return CheckoutPlaced(checkout=checkout, orders=orders, is_replay=False)


def _tell_about_new_orders(checkout: Checkout, orders: list[Order]) -> None:
    order_codes = ", ".join(order.code for order in orders)
    message_send(
        phone=checkout.buyer_phone,
        template="checkout_placed",
        params={"reference": checkout.reference, "orders": order_codes, "total": str(checkout.total)},
        text=_(
            "Chợ Phiên đã nhận đơn %(reference)s (mã đơn: %(orders)s), tổng %(total)s, trả tiền khi nhận hàng. "
            "Xem đơn: nhập mã đơn và số điện thoại tại chophien.vn/don-hang"
        )
        % {"reference": checkout.reference, "orders": order_codes, "total": format_vnd(checkout.total)},
    )
    for order in orders:
        message_send(
            phone=order.seller.phone,
            template="seller_new_order",
            params={"order": order.code, "total": str(order.total)},
            text=_("Đơn mới %(code)s trên Chợ Phiên: %(total)s. Vào mục Đơn hàng để xác nhận.")
            % {"code": order.code, "total": format_vnd(order.total)},
        )


def cod_policy_set(*, seller: Seller, by: User, rule: str, refusal_threshold: int, deposit_percent: int) -> CodPolicy:
    """Set the seller's rule for phones that refused COD parcels before (owner or staff)."""
    if seller_role_of(user=by, seller=seller) is None:
        raise PermissionDenied("not_your_shop", _("Bạn không làm việc cho cửa hàng này."))
    if rule not in CodRule.values:
        raise ValidationError("invalid_cod_rule", _("Quy định COD không đúng."), field="rule")
    if not 1 <= refusal_threshold <= 20 or not 1 <= deposit_percent <= 100:
        raise ValidationError("invalid_cod_rule", _("Số lần hoặc phần trăm cọc không đúng."), field="rule")
    policy, _created = CodPolicy.objects.update_or_create(
        seller=seller,
        defaults={"rule": rule, "refusal_threshold": refusal_threshold, "deposit_percent": deposit_percent},
    )
    return policy
