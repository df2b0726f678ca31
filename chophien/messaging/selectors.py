"""Reads over the receipts: what messages cost, per shop."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, F, Q, Sum

from .models import Channel, DeliveryStatus, MessageDelivery


@dataclass(frozen=True)
class SellerMessageCost:
    seller_id: int | None  # None: the platform's own messages (login codes)
    messages: int
    by_zns: int
    by_sms: int
    failed: int
    cost: int  # đồng


def message_costs_by_seller(*, since: datetime, until: datetime) -> list[SellerMessageCost]:
    """Messages made in [since, until) and what they cost, one row per shop, in one query.

    Failed messages are counted (``failed``) but cost what the provider charged for them (eSMS
    reports 0 for an SMS it could not deliver).
    """
    rows = (
        MessageDelivery.objects.filter(created_at__gte=since, created_at__lt=until)
        .values("seller_id")
        .annotate(
            messages=Count("id"),
            by_zns=Count("id", filter=Q(channel=Channel.ZNS)),
            by_sms=Count("id", filter=Q(channel=Channel.SMS)),
            failed=Count("id", filter=Q(status=DeliveryStatus.FAILED)),
            cost=Sum("cost"),
        )
        .order_by(F("seller_id").asc(nulls_first=True))  # the platform's own first, on every database
    )
    return [
        SellerMessageCost(
            seller_id=row["seller_id"],
            messages=row["messages"],
            by_zns=row["by_zns"],
            by_sms=row["by_sms"],
            failed=row["failed"],
            cost=row["cost"] or 0,
        )
        for row in rows
    ]
