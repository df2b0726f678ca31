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
from dataclasses import asdict, dataclass
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Case, F, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from chophien.accounts.models import User
from chophien.catalog.models import ProductStatus, ProductVariant
from chophien.core.errors import Conflict, DomainError, PermissionDenied, ValidationError, text_limit_check
from chophien.core.phone import normalize_phone
from chophien.core.ratelimit import rate_limit_hit
from chophien.places.selectors import address_build
from chophien.sellers.models import Seller
from chophien.sellers.selectors import seller_role_of
from chophien.sellers.services import clean_name

from . import codes, locks
from .checkout_sql import checkout_write, variant_rows_read
from .lines import CleanLine, LineRequest, lines_clean
from .models import Actor, Checkout, CodPolicy, CodRule, Order, OrderEvent, OrderLine, OrderStatus
from .payment_methods import payment_method_get
from .risk import NO_HISTORY, phone_history
from .shipping import ParcelRequest, shipping_quoter
from .tasks import notify_soon

IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_.:-]{8,80}$")
MAX_NOTE = 500  # the buyer's note to the seller, in characters (Order.note)


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


class ConflictWithItems(Conflict):
    """A conflict about some lines: the API answer lists them under ``items``."""

    items: list[PriceChange] | list[Shortage]

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "items": [asdict(item) for item in self.items]}


class PriceChanged(ConflictWithItems):
    """Some price differs from what the buyer saw: show ``changes`` and let them confirm again."""

    def __init__(self, changes: list[PriceChange]) -> None:
        names = ", ".join(change.product_name for change in changes)
        super().__init__(
            "price_changed",
            _("Giá đã thay đổi: %(names)s. Vui lòng xem giá mới rồi đặt lại.") % {"names": names},
            field="lines",
        )
        self.changes = self.items = changes


class OutOfStock(ConflictWithItems):
    def __init__(self, shortages: list[Shortage]) -> None:
        parts = [
            _("%(name)s chỉ còn %(remaining)s")
            % {"name": f"{s.product_name} {s.label}".strip(), "remaining": s.remaining}
            for s in shortages
        ]
        super().__init__(
            "out_of_stock", _("Không đủ hàng: %(items)s. Vui lòng giảm số lượng.") % {"items": "; ".join(parts)}
        )
        self.shortages = self.items = shortages


LOOKUPS_PER_HOUR = 60


def order_lookup_count(*, client_ip: str) -> None:
    """Count one look-up of an order by code + phone from this address; RateLimited past the limit
    (codes are random, but guessing must stay slow)."""
    rate_limit_hit(
        key=f"order-lookup:{client_ip}",
        limit=LOOKUPS_PER_HOUR,
        window_seconds=3600,
        message=_("Bạn tra cứu quá nhiều lần. Vui lòng thử lại sau một giờ."),
    )


@dataclass(frozen=True)
class CheckoutPlaced:
    checkout: Checkout
    orders: list[Order]
    is_replay: bool


def request_hash_of(*, key_parts: dict[str, Any]) -> str:
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


def _variant_ids(lines: list[CleanLine]) -> tuple[dict[int, int], dict[int, int]]:
    """(variant id -> quantity, variant id -> the price the buyer saw), resolving lines that name a
    product with one variant; duplicate lines add up."""
    product_ids = {line.product_id for line in lines if line.variant_id is None and line.product_id is not None}
    variants_of: dict[int, list[int]] = defaultdict(list)
    if product_ids:
        for variant_id, product_id in ProductVariant.objects.filter(product_id__in=product_ids).values_list(
            "id", "product_id"
        ):
            variants_of[product_id].append(variant_id)
    wanted: dict[int, int] = defaultdict(int)
    expected: dict[int, int] = {}
    for line in lines:
        if line.variant_id is not None:
            variant_id = line.variant_id
        else:
            choices = variants_of.get(line.product_id or 0, [])
            if not choices:
                raise ValidationError("unknown_product", _("Không tìm thấy sản phẩm này."), field="lines")
            if len(choices) > 1:
                raise ValidationError(
                    "variant_required",
                    _("Sản phẩm này có nhiều loại. Vui lòng chọn loại (ví dụ 500 g hay 1 kg)."),
                    field="lines",
                )
            variant_id = choices[0]
        wanted[variant_id] += line.quantity
        if line.expected_price is not None:
            expected[variant_id] = line.expected_price
    return dict(wanted), expected


@dataclass(frozen=True)
class VariantRow:
    """What checkout needs of a variant, its product, its seller and the seller's COD rule: one row
    of one query (tuples, not models: checkout is the hottest path of the platform)."""

    id: int
    product_id: int
    label: str
    price: int
    stock: int
    product_name: str
    unit: str
    product_status: str
    seller_id: int
    seller_name: str
    seller_slug: str
    seller_is_active: bool
    seller_ward_id: int
    cod_rule: str | None
    cod_threshold: int | None
    cod_deposit_percent: int | None

    @property
    def is_on_sale(self) -> bool:
        return self.product_status == ProductStatus.ACTIVE and self.seller_is_active

    @property
    def cod_policy(self) -> CodPolicy | None:
        if self.cod_rule is None:
            return None
        return CodPolicy(
            seller_id=self.seller_id,
            rule=self.cod_rule,
            refusal_threshold=self.cod_threshold or 0,
            deposit_percent=self.cod_deposit_percent or 0,
        )


def _variant_rows(variant_ids: list[int]) -> dict[int, VariantRow]:
    if connection.vendor == "postgresql":
        return {row[0]: VariantRow(*row) for row in variant_rows_read(variant_ids)}
    rows = (
        ProductVariant.objects.filter(pk__in=variant_ids)
        .order_by()
        .values_list(
            "id", "product_id", "label", "price", "stock", "product__name", "product__unit", "product__status",
            "product__seller_id", "product__seller__name", "product__seller__slug", "product__seller__is_active",
            "product__seller__ward_id", "product__seller__cod_policy__rule",
            "product__seller__cod_policy__refusal_threshold", "product__seller__cod_policy__deposit_percent",
        )
    )  # fmt: skip
    return {row[0]: VariantRow(*row) for row in rows}


def _check_lines(variants: dict[int, VariantRow], wanted: dict[int, int], expected: dict[int, int]) -> None:
    """Raise for a missing or hidden product, a changed price, then for missing stock."""
    for variant_id in wanted:
        variant = variants.get(variant_id)
        if variant is None:
            raise ValidationError("unknown_product", _("Không tìm thấy sản phẩm này."), field="lines")
        if not variant.is_on_sale:
            raise Conflict(
                "product_unavailable",
                _("%(name)s hiện không bán. Vui lòng bỏ khỏi giỏ hàng.") % {"name": variant.product_name},
                field="lines",
            )
    changes = [
        PriceChange(vid, variants[vid].product_name, variants[vid].label, expected[vid], variants[vid].price)
        for vid in wanted
        if vid in expected and expected[vid] != variants[vid].price
    ]
    if changes:
        raise PriceChanged(changes)
    shortages = [
        Shortage(vid, variants[vid].product_name, variants[vid].label, quantity, variants[vid].stock)
        for vid, quantity in wanted.items()
        if variants[vid].stock < quantity
    ]
    if shortages:
        raise OutOfStock(shortages)


def stock_take(wanted: dict[int, int], prices: dict[int, int]) -> bool:
    """Take ``wanted`` units of each variant in one conditional UPDATE, only where the stock is enough
    and the price is still ``prices``. False when any row did not qualify: the caller rolls back.

    With several variants, their rows are first locked in primary-key order, so that two checkouts
    of the same variants never wait for each other crosswise (a deadlock); with one variant the
    UPDATE's own row lock is the only lock, held from here to the commit.
    """
    if len(wanted) == 1:
        ((variant_id, quantity),) = wanted.items()
        updated = ProductVariant.objects.filter(pk=variant_id, stock__gte=quantity, price=prices[variant_id]).update(
            stock=F("stock") - quantity
        )
        return updated == 1
    list(locks.variants_locked(wanted).values_list("pk", flat=True))
    amount = Case(*[When(pk=vid, then=Value(q)) for vid, q in wanted.items()], output_field=IntegerField())
    price = Case(*[When(pk=vid, then=Value(prices[vid])) for vid in wanted], output_field=IntegerField())
    updated = ProductVariant.objects.filter(pk__in=list(wanted), stock__gte=amount, price=price).update(
        stock=F("stock") - amount
    )
    return updated == len(wanted)


def stock_return(returned: dict[int, int]) -> None:
    """Put units back on sale with one UPDATE (the caller guarantees this happens once). Several
    variants are locked in key order first, as checkout locks them, so the two never deadlock."""
    if len(returned) > 1:
        list(locks.variants_locked(returned).values_list("pk", flat=True))
    if returned:
        amount = Case(*[When(pk=vid, then=Value(q)) for vid, q in returned.items()], output_field=IntegerField())
        ProductVariant.objects.filter(pk__in=list(returned)).update(stock=F("stock") + amount)


def order_for_checkout(checkout: Checkout, *, seller: Seller, subtotal: int, fee: int, deposit: int) -> Order:
    """An unsaved order of ``seller`` within ``checkout``: buyer, address, note, payment method and
    time are the checkout's, so the orders of one checkout never disagree with it."""
    return Order(
        code=codes.order_code_new(),
        checkout=checkout,
        seller=seller,
        buyer_name=checkout.buyer_name,
        buyer_phone=checkout.buyer_phone,
        ward=checkout.ward,
        province_id=checkout.ward.province_id,
        street=checkout.street,
        note=checkout.note,
        payment_method=checkout.payment_method,
        subtotal=subtotal,
        shipping_fee=fee,
        total=subtotal + fee,
        deposit_required=deposit,
        created_at=checkout.created_at,
    )


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
    note_text = text_limit_check(
        text=" ".join((note or "").split()), limit=MAX_NOTE, code="note_too_long", field="note", what=_("Ghi chú")
    )
    request_hash = request_hash_of(
        key_parts={
            "lines": [[line.product_id, line.variant_id, line.quantity] for line in clean],
            "phone": phone,
            "ward": place.ward.code,
            "street": place.street,
            "method": method.code,
        }
    )
    # A retry is recognised by its key when the insert of the checkout meets the first one (or, when
    # this attempt fails a check, by looking): the first answer is returned, never a second order.
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
    except (IntegrityError, DomainError):
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
    """The writes of a checkout, inside the caller's transaction.

    The variants are read without a lock to check and price everything; the rows are inserted;
    and only then is stock taken, by one UPDATE guarded on stock and price, as the last statement
    before the commit: the hot row of a livestream pin is locked for that statement and the commit
    only, not for the whole placement. A guard that fails rolls everything back (OutOfStock or
    PriceChanged, read again to say which).
    """
    wanted, expected = _variant_ids(clean)
    variants = _variant_rows(list(wanted))
    _check_lines(variants, wanted, expected)

    by_seller: dict[int, list[int]] = defaultdict(list)
    for variant_id in wanted:
        by_seller[variants[variant_id].seller_id].append(variant_id)
    policies = {v.seller_id: v.cod_policy for v in variants.values() if v.cod_policy is not None}
    # The phone's history costs two queries: read it only when some seller has a rule that uses it.
    history = phone_history(phone=phone) if any(p.rule != CodRule.ALLOW for p in policies.values()) else NO_HISTORY
    method = payment_method_get(method_code)
    quoter = shipping_quoter()

    drafts = []
    for seller_id, variant_ids in by_seller.items():
        first = variants[variant_ids[0]]
        # An unsaved stand-in that carries what callers show of the seller, without another query.
        seller = Seller(pk=seller_id, name=first.seller_name, slug=first.seller_slug, ward_id=first.seller_ward_id)
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

    now = timezone.now()
    checkout = Checkout(
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
        created_at=now,
    )
    orders = [
        order_for_checkout(checkout, seller=seller, subtotal=subtotal, fee=fee, deposit=deposit)
        for seller, _, subtotal, fee, deposit in drafts
    ]
    lines = [
        OrderLine(
            order=order,
            product_id=variants[vid].product_id,
            variant_id=vid,
            product_name=variants[vid].product_name,
            variant_label=variants[vid].label,
            unit=variants[vid].unit,
            unit_price=variants[vid].price,
            quantity=wanted[vid],
            line_total=variants[vid].price * wanted[vid],
        )
        for order, (_, variant_ids, _, _, _) in zip(orders, drafts, strict=True)
        for vid in variant_ids
    ]
    prices = {vid: variants[vid].price for vid in wanted}
    if connection.vendor == "postgresql":
        if len(wanted) > 1:  # lock the rows in key order first: two checkouts never deadlock crosswise
            list(locks.variants_locked(wanted).values_list("pk", flat=True))
        is_taken = checkout_write(checkout=checkout, orders=orders, lines=lines, wanted=wanted, prices=prices, now=now)
    else:
        checkout.save(force_insert=True)
        for order in orders:
            order.checkout = checkout
        Order.objects.bulk_create(orders)
        for line in lines:
            line.order = line.order  # refresh the cached order id now that orders have primary keys
        OrderLine.objects.bulk_create(lines)
        OrderEvent.objects.bulk_create(
            OrderEvent(order=order, to_status=OrderStatus.PLACED, actor=Actor.BUYER, user=checkout.user, created_at=now)
            for order in orders
        )
        is_taken = stock_take(wanted, prices)
    if not is_taken:
        _raise_why_not_taken(variants, wanted)
    # robust: the order is committed; a queue that fails now must not turn it into an error page
    transaction.on_commit(notify_soon, robust=True)
    return CheckoutPlaced(checkout=checkout, orders=orders, is_replay=False)


def _raise_why_not_taken(variants: dict[int, VariantRow], wanted: dict[int, int]) -> None:
    """The guarded UPDATE refused: between the read and the update, a price changed or units sold."""
    now = {
        row[0]: row[1:]
        for row in ProductVariant.objects.filter(pk__in=list(wanted)).values_list("id", "price", "stock")
    }
    changes = [
        PriceChange(vid, variants[vid].product_name, variants[vid].label, variants[vid].price, now[vid][0])
        for vid in wanted
        if vid in now and now[vid][0] != variants[vid].price
    ]
    if changes:
        raise PriceChanged(changes)
    raise OutOfStock(
        [
            Shortage(vid, variants[vid].product_name, variants[vid].label, q, now.get(vid, (0, 0))[1])
            for vid, q in wanted.items()
            if now.get(vid, (0, 0))[1] < q
        ]
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
