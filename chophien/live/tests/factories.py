from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from chophien.catalog.tests.factories import product_listed
from chophien.live import sessions
from chophien.live.models import LiveSession, Pin
from chophien.sellers.tests.factories import seller_with_owner


def live_with_pins(*, units=(50,), stock=1000, start=True, **session_kwargs) -> tuple[LiveSession, list[Pin], object]:
    """A live session of a new shop with one pin per entry of ``units`` (A1, A2 ...)."""
    seller, owner = seller_with_owner()
    session = sessions.live_session_create(
        seller=seller, by=owner, title="Phiên chợ khoai sâm", platforms=["tiktok"],
        starts_at=timezone.now() + timedelta(minutes=5), **session_kwargs,
    )  # fmt: skip
    pins = []
    for i, quantity in enumerate(units, start=1):
        product = product_listed(seller, owner, name=f"Khoai sâm loại {i}", price=50000, stock=stock)
        pins.append(
            sessions.pin_add(
                session=session,
                by=owner,
                variant_id=product.variants.get().pk,
                code=f"A{i}",
                live_price=45000,
                quantity=quantity,
            )
        )
    if start:
        session = sessions.live_session_start(session=session, by=owner)
    return session, pins, owner
