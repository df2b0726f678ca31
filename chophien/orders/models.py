"""Carts, checkouts and orders: one checkout makes one order per seller, each with its own life."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Cart(models.Model):
    """A guest's cart is found by the token kept in their session; a buyer's by their account."""

    token = models.CharField(max_length=32, unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="cart"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"cart {self.token[:6]}"


class CartLine(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey("catalog.ProductVariant", on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField()
    # The price the buyer saw when adding: checkout compares it with today's price.
    price_seen = models.PositiveBigIntegerField()
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "variant"], name="cart_line_once"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="cart_line_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.variant_id}"


class PaymentMethod(models.TextChoices):
    COD = "cod", _("Trả tiền khi nhận hàng (COD)")


class Checkout(models.Model):
    """One press of "Đặt hàng": the reference the buyer sees, over one order per seller."""

    reference = models.CharField(max_length=12, unique=True)
    # A retried request with the same key returns this checkout instead of making another.
    idempotency_key = models.CharField(max_length=80, unique=True)
    request_hash = models.CharField(max_length=64)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    buyer_name = models.CharField(max_length=120)
    buyer_phone = models.CharField(max_length=15, db_index=True)
    ward = models.ForeignKey("places.Ward", on_delete=models.PROTECT, related_name="+")
    street = models.CharField(max_length=200)
    note = models.CharField(max_length=500, blank=True)
    payment_method = models.CharField(max_length=20, choices=PaymentMethod.choices)
    total = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    # Set once the buyer and sellers were told: the outbox that tasks.notify_pending works through.
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["id"], name="checkout_to_notify", condition=Q(notified_at__isnull=True))]

    def __str__(self) -> str:
        return self.reference


class OrderStatus(models.TextChoices):
    PLACED = "placed", _("Chờ xác nhận")
    CONFIRMED = "confirmed", _("Đã xác nhận")
    PACKING = "packing", _("Đang đóng gói")
    SHIPPED = "shipped", _("Đã giao cho vận chuyển")
    DELIVERED = "delivered", _("Đã giao")
    COMPLETED = "completed", _("Hoàn tất")
    CANCELLED_BY_BUYER = "cancelled_by_buyer", _("Người mua đã huỷ")
    CANCELLED_BY_SELLER = "cancelled_by_seller", _("Người bán đã huỷ")
    REFUSED = "refused", _("Người nhận từ chối nhận hàng")
    RETURNED = "returned", _("Đã hoàn về người bán")


class Actor(models.TextChoices):
    BUYER = "buyer", _("Người mua")
    SELLER = "seller", _("Người bán")
    SYSTEM = "system", _("Hệ thống")


# Who may move an order from one state to the next. Anything not listed is an impossible transition.
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (OrderStatus.PLACED, OrderStatus.CONFIRMED): frozenset({Actor.SELLER}),
    (OrderStatus.CONFIRMED, OrderStatus.PACKING): frozenset({Actor.SELLER}),
    (OrderStatus.PACKING, OrderStatus.SHIPPED): frozenset({Actor.SELLER}),
    (OrderStatus.SHIPPED, OrderStatus.DELIVERED): frozenset({Actor.SELLER, Actor.SYSTEM}),
    (OrderStatus.DELIVERED, OrderStatus.COMPLETED): frozenset({Actor.BUYER, Actor.SELLER, Actor.SYSTEM}),
    (OrderStatus.PLACED, OrderStatus.CANCELLED_BY_BUYER): frozenset({Actor.BUYER}),
    (OrderStatus.CONFIRMED, OrderStatus.CANCELLED_BY_BUYER): frozenset({Actor.BUYER}),
    (OrderStatus.PACKING, OrderStatus.CANCELLED_BY_BUYER): frozenset({Actor.BUYER}),
    (OrderStatus.PLACED, OrderStatus.CANCELLED_BY_SELLER): frozenset({Actor.SELLER}),
    (OrderStatus.CONFIRMED, OrderStatus.CANCELLED_BY_SELLER): frozenset({Actor.SELLER}),
    (OrderStatus.PACKING, OrderStatus.CANCELLED_BY_SELLER): frozenset({Actor.SELLER}),
    (OrderStatus.SHIPPED, OrderStatus.REFUSED): frozenset({Actor.SELLER, Actor.SYSTEM}),
    (OrderStatus.REFUSED, OrderStatus.RETURNED): frozenset({Actor.SELLER, Actor.SYSTEM}),
    (OrderStatus.DELIVERED, OrderStatus.RETURNED): frozenset({Actor.SELLER}),
}
# Leaving for one of these puts the units back on sale (once: the status change is conditional).
RESTOCKING = frozenset({OrderStatus.CANCELLED_BY_BUYER, OrderStatus.CANCELLED_BY_SELLER, OrderStatus.RETURNED})
NEEDS_REASON = frozenset({OrderStatus.CANCELLED_BY_SELLER, OrderStatus.REFUSED, OrderStatus.RETURNED})
OPEN_STATUSES = frozenset({OrderStatus.PLACED, OrderStatus.CONFIRMED, OrderStatus.PACKING, OrderStatus.SHIPPED})


class Order(models.Model):
    """What one seller ships in one parcel."""

    code = models.CharField(max_length=12, unique=True)
    checkout = models.ForeignKey(Checkout, on_delete=models.PROTECT, related_name="orders")
    seller = models.ForeignKey("sellers.Seller", on_delete=models.PROTECT, related_name="orders")
    status = models.CharField(max_length=24, choices=OrderStatus.choices, default=OrderStatus.PLACED)
    buyer_name = models.CharField(max_length=120)
    buyer_phone = models.CharField(max_length=15)
    ward = models.ForeignKey("places.Ward", on_delete=models.PROTECT, related_name="+")
    province = models.ForeignKey("places.Province", on_delete=models.PROTECT, related_name="+")
    street = models.CharField(max_length=200)
    note = models.CharField(max_length=500, blank=True)
    payment_method = models.CharField(max_length=20, choices=PaymentMethod.choices)
    subtotal = models.PositiveBigIntegerField()
    shipping_fee = models.PositiveBigIntegerField()
    total = models.PositiveBigIntegerField()
    # Set when the seller's COD rule asks this phone for a deposit before shipping.
    deposit_required = models.PositiveBigIntegerField(default=0)
    # When the seller recorded the deposit as received; an order with a deposit ships only after it.
    deposit_received_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["seller", "status", "-created_at"], name="order_desk"),
            models.Index(fields=["buyer_phone", "status"], name="order_by_phone"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(total=models.F("subtotal") + models.F("shipping_fee")), name="order_total_adds_up"
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_waiting_for_deposit(self) -> bool:
        return bool(self.deposit_required) and self.deposit_received_at is None


class OrderLine(models.Model):
    """A copy of what was bought at the price it was bought: later edits of the product change nothing."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey("catalog.Product", on_delete=models.PROTECT, related_name="+")
    variant = models.ForeignKey("catalog.ProductVariant", on_delete=models.PROTECT, related_name="+")
    product_name = models.CharField(max_length=120)
    variant_label = models.CharField(max_length=60, blank=True)
    unit = models.CharField(max_length=10)
    unit_price = models.PositiveBigIntegerField()
    quantity = models.PositiveIntegerField()
    line_total = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="order_line_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.product_name} {self.variant_label}".strip()


class OrderEvent(models.Model):
    """Every change of an order: who, when, why. The buyer and the seller read these as a timeline."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=24, blank=True)
    to_status = models.CharField(max_length=24, choices=OrderStatus.choices)
    actor = models.CharField(max_length=10, choices=Actor.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} -> {self.to_status}"


class CodRule(models.TextChoices):
    ALLOW = "allow", _("Nhận COD với mọi số")
    DEPOSIT = "deposit", _("Yêu cầu đặt cọc")
    REFUSE = "refuse", _("Không nhận COD")


class CodPolicy(models.Model):
    """A seller's rule for phones that refused COD parcels before (on the whole platform)."""

    seller = models.OneToOneField("sellers.Seller", on_delete=models.CASCADE, related_name="cod_policy")
    refusal_threshold = models.PositiveSmallIntegerField(default=2)
    rule = models.CharField(max_length=10, choices=CodRule.choices, default=CodRule.ALLOW)
    deposit_percent = models.PositiveSmallIntegerField(default=30)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(deposit_percent__gte=1, deposit_percent__lte=100), name="cod_deposit_percent_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.seller_id}: {self.rule} from {self.refusal_threshold}"
