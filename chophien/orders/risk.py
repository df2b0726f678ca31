"""COD risk: how often a phone refused parcels on the whole platform ("bom hàng")."""

from __future__ import annotations

from django.db.models import Count

from .models import Order, OrderEvent, OrderStatus
from .payment_methods import PhoneHistory

NO_HISTORY = PhoneHistory(orders=0, refused=0)


def phone_history(*, phone: str) -> PhoneHistory:
    """Orders this phone placed before, and how many of them it refused at the door."""
    return phone_histories(phones=[phone])[phone]


def phone_histories(*, phones: list[str]) -> dict[str, PhoneHistory]:
    """The same for many phones in two queries (the seller's order desk shows it on every order)."""
    placed = dict(Order.objects.filter(buyer_phone__in=phones).values_list("buyer_phone").annotate(n=Count("id")))
    refused = dict(
        OrderEvent.objects.filter(order__buyer_phone__in=phones, to_status=OrderStatus.REFUSED)
        .values_list("order__buyer_phone")
        .annotate(n=Count("order_id", distinct=True))
    )
    return {phone: PhoneHistory(orders=placed.get(phone, 0), refused=refused.get(phone, 0)) for phone in phones}
