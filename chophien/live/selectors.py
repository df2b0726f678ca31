"""Reads of live sessions: the pins with their products, the seller's numbers."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum

from chophien.core.errors import NotFound

from .models import Claim, ClaimStatus, LiveSession, Pin, PinStatus


def session_get(*, session_id: int) -> LiveSession:
    session = LiveSession.objects.select_related("seller").filter(pk=session_id).first()
    if session is None:
        raise NotFound("session_not_found", "Không tìm thấy phiên live này.")
    return session


def session_pins(*, session_id: int) -> QuerySet[Pin]:
    return (
        Pin.objects.filter(session_id=session_id)
        .exclude(status=PinStatus.REMOVED)
        .select_related("variant__product")
        .order_by("created_at", "id")
    )


@dataclass(frozen=True)
class PinNumbers:
    pin: Pin
    held: int
    sold: int
    waiting: int


def session_numbers(*, session_id: int) -> list[PinNumbers]:
    """Per pin: units held, sold (ordered) and claims waiting; for the seller's console."""
    pins = list(
        session_pins(session_id=session_id).annotate(
            held=Sum("claims__quantity", filter=Q(claims__status=ClaimStatus.HELD), default=0),
            sold=Sum("claims__quantity", filter=Q(claims__status=ClaimStatus.ORDERED), default=0),
            waiting=Count("claims", filter=Q(claims__status=ClaimStatus.WAITLISTED)),
        )
    )
    return [PinNumbers(pin, pin.held, pin.sold, pin.waiting) for pin in pins]  # type: ignore[attr-defined]


def recent_claims(*, session_id: int, limit: int = 30) -> list[Claim]:
    return list(
        Claim.objects.filter(pin__session_id=session_id)
        .select_related("pin", "viewer")
        .order_by("-received_at", "-id")[:limit]
    )
