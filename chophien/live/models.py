"""Live sessions: pinned products with short codes, and the claims viewers make in the comments."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DEFAULT_HOLD = timedelta(minutes=15)


def _new_secret() -> str:
    return secrets.token_hex(32)


class Platform(models.TextChoices):
    TIKTOK = "tiktok", "TikTok"
    FACEBOOK = "facebook", "Facebook"
    YOUTUBE = "youtube", "YouTube"
    ZALO = "zalo", "Zalo"
    OWN = "chophien", "Chợ Phiên"


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Sắp diễn ra")
    LIVE = "live", _("Đang live")
    ENDED = "ended", _("Đã kết thúc")


class LiveSession(models.Model):
    seller = models.ForeignKey("sellers.Seller", on_delete=models.CASCADE, related_name="live_sessions")
    title = models.CharField(max_length=150)
    platforms = models.JSONField(default=list)  # Platform values
    starts_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED)
    hold_minutes = models.PositiveSmallIntegerField(default=15)
    # Signs the comments a seller's relay posts to /api/live/{id}/comments (HMAC-SHA256).
    webhook_secret = models.CharField(max_length=64, default=_new_secret)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.title


class PinStatus(models.TextChoices):
    ACTIVE = "active", _("Đang bán")
    PAUSED = "paused", _("Tạm dừng")
    REMOVED = "removed", _("Đã gỡ")


class Pin(models.Model):
    """A product pinned in a session under a short code, with units set aside from its stock.

    ``available`` is what viewers can still claim; it moves only by conditional updates, so it is
    never below zero and no unit is claimed twice. ``set_aside`` is what was taken from the variant's
    stock; what is neither sold nor held goes back to the stock when the pin is removed or the
    session ends.
    """

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="pins")
    variant = models.ForeignKey("catalog.ProductVariant", on_delete=models.PROTECT, related_name="+")
    code = models.CharField(max_length=8)
    live_price = models.PositiveBigIntegerField()
    set_aside = models.PositiveIntegerField()
    available = models.PositiveIntegerField()
    per_buyer_limit = models.PositiveIntegerField(default=0)  # 0: no limit
    status = models.CharField(max_length=10, choices=PinStatus.choices, default=PinStatus.ACTIVE)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "code"], condition=~Q(status="removed"), name="pin_code_once_per_session"
            ),
            models.CheckConstraint(condition=Q(available__lte=models.F("set_aside")), name="pin_available_within"),
            models.CheckConstraint(condition=Q(live_price__gt=0), name="pin_price_positive"),
        ]

    def __str__(self) -> str:
        return self.code


class Viewer(models.Model):
    """Someone commenting in a session: known by their platform id, later by phone and address."""

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="viewers")
    platform = models.CharField(max_length=10, choices=Platform.choices)
    platform_user_id = models.CharField(max_length=120)
    display_name = models.CharField(max_length=120, blank=True)
    phone = models.CharField(max_length=15, blank=True)
    # Where their orders go, once they gave it (the first time): later claims become orders at once.
    buyer_name = models.CharField(max_length=120, blank=True)
    ward = models.ForeignKey("places.Ward", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    street = models.CharField(max_length=200, blank=True)
    is_blocked = models.BooleanField(default=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "platform", "platform_user_id"], name="viewer_once_per_session")
        ]

    def __str__(self) -> str:
        if self.platform == Platform.OWN:  # our own page knows them by a random token, not a name
            return self.buyer_name or self.display_name or str(_("Khách trên trang live"))
        return self.display_name or self.platform_user_id

    @property
    def can_order_at_once(self) -> bool:
        return bool(self.phone and self.ward_id and self.street and self.buyer_name)


class ClaimStatus(models.TextChoices):
    HELD = "held", _("Đang giữ hàng")
    WAITLISTED = "waitlisted", _("Chờ hàng")
    ORDERED = "ordered", _("Đã thành đơn")
    CANCELLED = "cancelled", _("Đã huỷ")
    EXPIRED = "expired", _("Hết thời gian giữ")


class Claim(models.Model):
    """A "chốt": units held for a viewer (or waiting for units), in order of arrival."""

    pin = models.ForeignKey(Pin, on_delete=models.CASCADE, related_name="claims")
    viewer = models.ForeignKey(Viewer, on_delete=models.CASCADE, related_name="claims")
    quantity = models.PositiveIntegerField()
    # The live price when the viewer claimed: a pin re-priced later does not change what they pay.
    unit_price = models.PositiveBigIntegerField(default=0)
    status = models.CharField(max_length=12, choices=ClaimStatus.choices)
    comment_text = models.CharField(max_length=500, blank=True)
    received_at = models.DateTimeField(default=timezone.now)  # arrival order, also for the waitlist
    hold_until = models.DateTimeField(null=True, blank=True)
    order = models.ForeignKey("orders.Order", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # The same viewer repeating the same comment within a short window claims once.
    dedup_key = models.CharField(max_length=64, blank=True, db_index=True)
    # A waiting buyer is told once that the product is back in the shop (after the live).
    told_back_at = models.DateTimeField(null=True, blank=True)
    # The hold link was posted under the viewer's comment on the platform (YouTube, Facebook).
    reply_posted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["received_at", "id"]
        indexes = [models.Index(fields=["pin", "status", "received_at"], name="claim_queue")]
        constraints = [models.CheckConstraint(condition=Q(quantity__gt=0), name="claim_quantity_positive")]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.pin_id} ({self.status})"


class Comment(models.Model):
    """Every comment a session received, as it was read: the console shows the questions, and the
    report compares comments with orders. Written in bulk, one statement per webhook batch."""

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="comments")
    viewer = models.ForeignKey(Viewer, on_delete=models.CASCADE, related_name="comments")
    text = models.CharField(max_length=500)  # a 10,000-character flood is kept to its start
    intent = models.CharField(max_length=12)  # comments.ORDER, CANCEL, QUESTION, OTHER, UNKNOWN_CODE
    codes = models.CharField(max_length=80, blank=True)  # the pins it names, "A1,A2"
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["received_at", "id"]
        indexes = [models.Index(fields=["session", "intent", "received_at"], name="comment_by_intent")]

    def __str__(self) -> str:
        return self.text[:40]


class ZaloAccount(models.Model):
    """A shop's Zalo Official Account: its webhook brings the messages viewers send the shop during a
    live ("chốt A1"), and its access token answers them with the hold link."""

    seller = models.OneToOneField("sellers.Seller", on_delete=models.CASCADE, related_name="zalo_account")
    app_id = models.CharField(max_length=32, unique=True)
    # Signs Zalo's webhook (X-ZEvent-Signature); the access token sends OA messages. Both are the
    # seller's, given in the live page; see docs/operations.md on keeping them.
    secret_key = models.CharField(max_length=128)
    access_token = models.TextField(blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Zalo OA {self.app_id}"
