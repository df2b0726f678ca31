"""Demo batches for `make run`: the first demo shops' products get a harvest batch each (with the
households it came from), the first honey or ginseng product its serialized labels, and the
demo orders their batches, so the trace pages and labels can be seen at once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from chophien.catalog.models import Product
from chophien.orders.models import OrderLine
from chophien.sellers.models import SellerMember, SellerRole

from . import services
from .models import Batch, PackedLine

DEMO_SHOPS = 3
HOUSEHOLDS = ("Hộ Lò Thị Hoa", "Hộ Tẩn Láo Lở", "Hộ Vàng Thị Mỷ", "Hộ Sùng Mí Chứ", "Hộ Lý Láo San")
SERIALIZED_WORDS = ("mật ong", "sâm")
DEMO_SERIALS = 24


@dataclass(frozen=True)
class DemoBatches:
    added: int
    example_code: str  # a batch whose trace page to open ("" when there is none)


@transaction.atomic
def demo_batches_load() -> DemoBatches:
    """Record the demo batches once; running it again adds nothing."""
    owners = (
        SellerMember.objects.filter(role=SellerRole.OWNER, seller__is_active=True)
        .select_related("seller", "user")
        .order_by("seller_id")[:DEMO_SHOPS]
    )
    added = 0
    serialized_done = Batch.objects.filter(serials__isnull=False).exists()
    today = timezone.localdate()
    for number, member in enumerate(owners):
        for index, product in enumerate(Product.objects.filter(seller=member.seller).order_by("pk")):
            if Batch.objects.filter(product=product).exists():
                continue
            batch = services.batch_record(
                seller=member.seller,
                by=member.user,
                product_id=product.pk,
                harvested_on=today - timedelta(days=7 + 3 * index),
                quantity=200,
                ward_code=product.origin_ward_id or member.seller.ward_id,
                households=[services.HouseholdIn(name) for name in HOUSEHOLDS[number % 2 :][:2]],
                best_before=today + timedelta(days=365),
                note="Thu hái theo mùa, phơi và đóng gói tại bản.",
            )
            added += 1
            if not serialized_done and any(word in product.name.lower() for word in SERIALIZED_WORDS):
                services.serials_issue(batch_id=batch.pk, seller=member.seller, by=member.user, count=DEMO_SERIALS)
                serialized_done = True
    _demo_orders_pack()
    example = Batch.objects.order_by("pk").values_list("public_code", flat=True).first() or ""
    return DemoBatches(added, example)


def _demo_orders_pack() -> None:
    """Each demo order line not yet packed is recorded as packed from its product's oldest batch."""
    packed = PackedLine.objects.values("order_line_id")
    for line in OrderLine.objects.exclude(pk__in=packed).select_related("order"):
        batch = Batch.objects.filter(product_id=line.product_id).order_by("harvested_on", "pk").first()
        if batch is not None:
            PackedLine.objects.create(order_line=line, batch=batch, quantity=line.quantity)
