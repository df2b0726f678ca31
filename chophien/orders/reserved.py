"""Orders for units already set aside elsewhere (a live claim holds them): no stock is taken here,
and the price is the one agreed there (the live price), not today's list price."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chophien.accounts.models import User
from chophien.catalog.models import ProductVariant
from chophien.core.errors import ValidationError, text_limit_check
from chophien.core.phone import normalize_phone
from chophien.places.selectors import address_build
from chophien.sellers.services import clean_name

from . import codes
from .models import Actor, Checkout, CodPolicy, Order, OrderEvent, OrderLine, OrderStatus, PaymentMethod
from .payment_methods import payment_method_get
from .risk import phone_history
from .services import IDEMPOTENCY_KEY, MAX_NOTE, AddressInput, BuyerInput, order_for_checkout, request_hash_of
from .shipping import ParcelRequest, shipping_quoter
from .tasks import notify_soon


@dataclass(frozen=True)
class ReservedLine:
    variant_id: int
    quantity: int
    unit_price: int  # đồng, agreed when the units were set aside


@transaction.atomic
def order_place_reserved(
    *,
    line: ReservedLine,
    buyer: BuyerInput,
    address: AddressInput,
    idempotency_key: str,
    note: str = "",
    user: User | None = None,
) -> Order:
    """One COD order of one seller for units the caller already holds. The same key again returns
    the same order. Raises ValidationError for a bad buyer or address, Conflict ``cod_refused``."""
    if not IDEMPOTENCY_KEY.match(idempotency_key or ""):
        raise ValidationError("invalid_idempotency_key", _("Thiếu mã yêu cầu (Idempotency-Key) hoặc mã không đúng."))
    name = clean_name(buyer.name, what=_("Họ tên người nhận"))
    phone = normalize_phone(buyer.phone)
    place = address_build(ward_code=address.ward_code, street=address.street)
    note_text = text_limit_check(
        text=" ".join((note or "").split()), limit=MAX_NOTE, code="note_too_long", field="note", what=_("Ghi chú")
    )
    request_hash = request_hash_of(
        key_parts={"reserved": [line.variant_id, line.quantity, line.unit_price], "phone": phone}
    )
    existing = Checkout.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing.orders.get()
    variant = ProductVariant.objects.select_related("product__seller").get(pk=line.variant_id)
    seller = variant.product.seller
    subtotal = line.unit_price * line.quantity
    fee = shipping_quoter().quote(
        ParcelRequest(
            seller_id=seller.pk,
            seller_ward_code=seller.ward_id,
            destination=place.ward,
            subtotal=subtotal,
            units=line.quantity,
        )
    )
    terms = payment_method_get(PaymentMethod.COD).terms(
        total=subtotal + fee,
        history=phone_history(phone=phone),
        policy=CodPolicy.objects.filter(seller=seller).first(),
        seller_name=seller.name,
    )
    now = timezone.now()
    try:
        with transaction.atomic():
            checkout = Checkout.objects.create(
                reference=codes.checkout_reference_new(),
                idempotency_key=idempotency_key,
                request_hash=request_hash,
                user=user,
                buyer_name=name,
                buyer_phone=phone,
                ward=place.ward,
                street=place.street,
                note=note_text,
                payment_method=PaymentMethod.COD,
                total=subtotal + fee,
                created_at=now,
            )
    except IntegrityError:
        return Checkout.objects.get(idempotency_key=idempotency_key).orders.get()
    order = order_for_checkout(checkout, seller=seller, subtotal=subtotal, fee=fee, deposit=terms.deposit_required)
    order.save(force_insert=True)
    OrderLine.objects.create(
        order=order,
        product_id=variant.product_id,
        variant=variant,
        product_name=variant.product.name,
        variant_label=variant.label,
        unit=variant.product.unit,
        unit_price=line.unit_price,
        quantity=line.quantity,
        line_total=subtotal,
    )
    OrderEvent.objects.create(order=order, to_status=OrderStatus.PLACED, actor=Actor.BUYER, user=user, created_at=now)
    transaction.on_commit(notify_soon, robust=True)
    return order
