"""What was sent to whom, by which channel, at what cost; and the Zalo OA tokens."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    ZNS = "zns", "Zalo ZNS"
    SMS = "sms", "SMS"
    LOG = "log", _("Nhật ký (phát triển)")
    TEST = "test", _("Bộ nhớ (kiểm thử)")


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Chờ gửi")
    SENT = "sent", _("Đã gửi tới nhà mạng")
    DELIVERED = "delivered", _("Đã tới máy")
    FAILED = "failed", _("Không gửi được")


class MessageDelivery(models.Model):
    """One message the platform sent (or tried to): a row per ``message_send``, made at its first
    delivery attempt. Never holds the text (a login code is a secret) nor the whole phone number."""

    tracking_id = models.CharField(max_length=32, unique=True)
    template = models.CharField(max_length=40)
    phone_hash = models.CharField(max_length=64, db_index=True)  # messaging.phones.phone_hash
    phone_masked = models.CharField(max_length=16)  # 091****678, for a person reading the list
    # The shop whose business caused the message (its cost is counted against it); None for the
    # platform's own (login codes). A plain integer: messaging sits below the sellers app.
    seller_id = models.PositiveBigIntegerField(null=True, blank=True)
    channel = models.CharField(max_length=8, choices=Channel.choices, blank=True)
    provider_message_id = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    cost = models.PositiveIntegerField(default=0)  # đồng
    fell_back = models.BooleanField(default=False)  # ZNS refused it and SMS carried it
    last_error = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)  # the provider's delivery report

    class Meta:
        indexes = [
            models.Index(fields=["seller_id", "created_at"], name="messaging_seller_period"),
            models.Index(fields=["channel", "provider_message_id"], name="messaging_provider_id"),
        ]
        verbose_name = _("tin nhắn đã gửi")
        verbose_name_plural = _("tin nhắn đã gửi")

    def __str__(self) -> str:
        return f"{self.template} → {self.phone_masked} ({self.status})"


class ZaloToken(models.Model):
    """The Zalo OA app's access token and the refresh token that renews it (one row per app).

    A refresh token can be spent once: ``refreshing_until`` is a lease taken with a conditional
    UPDATE, so that of two workers only one calls Zalo. A failed refresh is kept on the row
    (``refresh_failed_at``, ``last_error``) and shown in the admin until a refresh succeeds.
    """

    app_id = models.CharField(max_length=40, unique=True)
    access_token = models.TextField()
    refresh_token = models.TextField()
    expires_at = models.DateTimeField()
    refreshing_until = models.DateTimeField(null=True, blank=True)
    refreshed_at = models.DateTimeField(null=True, blank=True)
    refresh_failed_at = models.DateTimeField(null=True, blank=True)
    refresh_failures = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = _("khoá Zalo OA")
        verbose_name_plural = _("khoá Zalo OA")

    def __str__(self) -> str:
        return f"Zalo app {self.app_id}"
