"""Shipping fees. A flat fee per seller for now; the logistics issue replaces the quote with carriers'.

Callers depend on ``ShippingQuoter`` only, and get the configured one from ``shipping_quoter()``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.conf import settings

from chophien.places.models import Ward


@dataclass(frozen=True)
class ParcelRequest:
    seller_id: int
    seller_ward_code: int
    destination: Ward | None  # None for an estimate before the buyer gives an address
    subtotal: int  # đồng
    units: int


class ShippingQuoter(Protocol):
    def quote(self, parcel: ParcelRequest) -> int:
        """The fee in đồng for sending this parcel."""
        ...


class FlatFee:
    def __init__(self, fee: int) -> None:
        self.fee = fee

    def quote(self, parcel: ParcelRequest) -> int:
        return self.fee


def shipping_quoter() -> ShippingQuoter:
    return FlatFee(int(getattr(settings, "ORDERS_FLAT_SHIPPING_FEE", 30_000)))
