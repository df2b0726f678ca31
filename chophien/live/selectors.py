"""Reads of live sessions: the pins with their products, the seller's numbers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMinute

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


@dataclass(frozen=True)
class SessionReport:
    orders: int
    units_sold: int
    revenue: int  # đồng, at live prices, before shipping
    claims: int
    viewers_who_claimed: int
    viewers_who_ordered: int
    busiest_minute: datetime | None
    busiest_minute_claims: int


def session_report(*, session_id: int) -> SessionReport:
    """The numbers after a live: orders, units, revenue, how many claimers ordered, the busiest minute."""
    claims = Claim.objects.filter(pin__session_id=session_id)
    ordered = claims.filter(status=ClaimStatus.ORDERED)
    totals = ordered.aggregate(
        orders=Count("order", distinct=True),
        units=Sum("quantity", default=0),
        revenue=Sum(F("quantity") * F("pin__live_price"), default=0),
    )
    busiest = (
        claims.annotate(minute=TruncMinute("received_at"))
        .values("minute")
        .annotate(n=Count("id"))
        .order_by("-n", "minute")
        .first()
    )
    return SessionReport(
        orders=totals["orders"],
        units_sold=totals["units"],
        revenue=totals["revenue"],
        claims=claims.count(),
        viewers_who_claimed=claims.values("viewer").distinct().count(),
        viewers_who_ordered=ordered.values("viewer").distinct().count(),
        busiest_minute=busiest["minute"] if busiest else None,
        busiest_minute_claims=busiest["n"] if busiest else 0,
    )
