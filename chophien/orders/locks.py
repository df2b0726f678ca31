"""The row locks orders take, always in primary-key order so that two checkouts never deadlock."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from chophien.catalog.models import ProductVariant

from .models import Order


def variants_locked(variant_ids: Iterable[int]) -> QuerySet[ProductVariant]:
    """The variants with their product and seller, locked (PostgreSQL; SQLite's write lock is global)."""
    return (
        ProductVariant.objects.select_related("product__seller")
        .select_for_update(of=("self",))
        .filter(id__in=sorted(set(variant_ids)))
        .order_by("pk")
    )


def orders_locked(order_ids: Iterable[int]) -> QuerySet[Order]:
    return Order.objects.select_for_update(of=("self",)).filter(id__in=sorted(set(order_ids))).order_by("pk")
