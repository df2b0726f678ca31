"""Demo orders, so that the order desk of the demo shops is not empty after `make run`.

Placed through ``checkout_place`` with fixed idempotency keys: loading twice replays the same
checkouts and places nothing more, which is the idempotency the buyers rely on, used once more.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from chophien.catalog.models import Product, ProductStatus
from chophien.core.errors import DomainError
from chophien.sellers.models import SellerMember, SellerRole

from .lines import LineRequest
from .models import Actor
from .services import AddressInput, BuyerInput, checkout_place
from .status import order_transition

# Buyers in the cities the highland products go to (ward codes of the 2025 map).
BUYERS = (
    (BuyerInput("Nguyễn Thị Lan", "0987 123 456"), AddressInput(4, "12 Phan Đình Phùng")),  # Ba Đình, Hà Nội
    (BuyerInput("Trần Văn Minh", "0903 456 789"), AddressInput(8, "45 Hoàng Hoa Thám")),  # Ngọc Hà, Hà Nội
    (BuyerInput("Lê Thu Hà", "0978 222 333"), AddressInput(25, "7 ngõ 120 Giảng Võ")),  # Giảng Võ, Hà Nội
    (BuyerInput("Phạm Quốc Bảo", "0935 888 111"), AddressInput(4, "3 Điện Biên Phủ")),
)
# What happens to each demo order after it is placed: the steps the seller took.
STORIES = (
    (), (), (), ("confirmed",), ("confirmed", "packing"), ("confirmed", "packing", "shipped"),
    ("confirmed", "packing", "shipped", "delivered"), ("confirmed", "packing", "shipped", "refused"),
    ("cancelled_by_seller",), (),
)  # fmt: skip
REASONS = {"refused": "Người nhận không nghe máy, từ chối nhận", "cancelled_by_seller": "Hết hàng mùa này"}


@dataclass(frozen=True)
class DemoOrders:
    placed: int
    replayed: int


def demo_orders_load(*, owner_phone: str) -> DemoOrders:
    """Place the demo orders for the shop owned by ``owner_phone`` (and one more shop for a checkout
    with two sellers). Returns how many were placed now and how many already existed."""
    member = (
        SellerMember.objects.select_related("seller", "user")
        .filter(user__phone=owner_phone, role=SellerRole.OWNER)
        .first()
    )
    if member is None:
        return DemoOrders(placed=0, replayed=0)
    on_sale = Q(status=ProductStatus.ACTIVE, variants__stock__gte=20)
    own = list(Product.objects.filter(on_sale, seller=member.seller).distinct().order_by("id")[:4])
    other = Product.objects.filter(on_sale).exclude(seller=member.seller).distinct().order_by("id").first()
    placed = replayed = 0
    for number, story in enumerate(STORIES):
        if not own:
            break
        buyer, address = BUYERS[number % len(BUYERS)]
        lines = [LineRequest(variant_id=_first_variant_id(own[number % len(own)]), quantity=1 + number % 3)]
        if number == 0 and other is not None:
            lines.append(LineRequest(variant_id=_first_variant_id(other), quantity=1))
        try:
            result = checkout_place(
                lines=lines, buyer=buyer, address=address, idempotency_key=f"demo-order-{number:03d}"
            )
        except DomainError:
            continue  # a demo product sold out or changed: skip that order
        if result.is_replay:
            replayed += 1
            continue
        placed += 1
        order = next(o for o in result.orders if o.seller_id == member.seller_id)
        for step in story:
            order_transition(
                order_id=order.pk, to_status=step, actor=Actor.SELLER, user=member.user, reason=REASONS.get(step, "")
            )
    return DemoOrders(placed=placed, replayed=replayed)


def _first_variant_id(product: Product) -> int:
    return int(product.variants.order_by("id").values_list("id", flat=True)[0])
