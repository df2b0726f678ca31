"""Reads of live sessions: the pins with their products, the seller's numbers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMinute

from chophien.core.errors import NotFound

from . import comments
from .models import Claim, ClaimStatus, Comment, LiveSession, Pin, PinStatus


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
        .select_related("pin__session", "viewer")
        .order_by("-received_at", "-id")[:limit]
    )


def viewer_holds(*, viewer_id: int) -> list[Claim]:
    """A viewer's claims that are held for them or already orders: what their hold link shows."""
    return list(
        Claim.objects.filter(viewer_id=viewer_id, status__in=(ClaimStatus.HELD, ClaimStatus.ORDERED))
        .select_related("pin__variant__product", "order")
        .order_by("received_at", "id")
    )


@dataclass(frozen=True)
class SessionReport:
    orders: int
    units_sold: int
    revenue: int  # đồng, at live prices, before shipping
    claims: int
    viewers_who_claimed: int
    viewers_who_ordered: int
    comments: int
    order_comments: int  # comments read as "chốt"
    questions: int
    busiest_minute: datetime | None
    busiest_minute_comments: int

    @property
    def conversion_percent(self) -> float:
        """Orders per hundred comments: how much of the talk became sales."""
        return round(100 * self.orders / self.comments, 1) if self.comments else 0.0


def session_report(*, session_id: int) -> SessionReport:
    """The numbers of a live: orders, units, revenue, comments and how many became orders, the
    busiest minute (by comments)."""
    claims = Claim.objects.filter(pin__session_id=session_id)
    ordered = claims.filter(status=ClaimStatus.ORDERED)
    totals = ordered.aggregate(
        orders=Count("order", distinct=True),
        units=Sum("quantity", default=0),
        revenue=Sum(F("quantity") * F("unit_price"), default=0),
    )
    talk = Comment.objects.filter(session_id=session_id).aggregate(
        comments=Count("id"),
        orders=Count("id", filter=Q(intent=comments.ORDER)),
        questions=Count("id", filter=Q(intent=comments.QUESTION)),
    )
    busiest = (
        Comment.objects.filter(session_id=session_id)
        .annotate(minute=TruncMinute("received_at"))
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
        comments=talk["comments"],
        order_comments=talk["orders"],
        questions=talk["questions"],
        busiest_minute=busiest["minute"] if busiest else None,
        busiest_minute_comments=busiest["n"] if busiest else 0,
    )


def recent_questions(*, session_id: int, limit: int = 20) -> list[Comment]:
    """Viewers' questions that name a pinned product ("A1 còn không shop?"), newest first."""
    return list(
        Comment.objects.filter(session_id=session_id, intent=comments.QUESTION)
        .exclude(codes="")
        .select_related("viewer")
        .order_by("-received_at", "-id")[:limit]
    )


def session_order_ids(*, session_id: int, status: str | None = None) -> list[int]:
    """The orders a session made, oldest first (for confirming them together and their packing list)."""
    rows = Claim.objects.filter(pin__session_id=session_id, order__isnull=False)
    if status:
        rows = rows.filter(order__status=status)
    return list(dict.fromkeys(rows.order_by("received_at", "id").values_list("order_id", flat=True)))
