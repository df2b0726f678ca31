"""What moderators see of messages: the receipts, and whether the Zalo token is healthy."""

from __future__ import annotations

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import MessageDelivery, ZaloToken


@admin.register(MessageDelivery)
class MessageDeliveryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["created_at", "template", "phone_masked", "seller_id", "channel", "status", "fell_back", "cost"]
    list_filter = ["status", "channel", "template", "fell_back"]
    search_fields = ["tracking_id", "provider_message_id"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: object) -> bool:  # type: ignore[override]
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:  # type: ignore[override]
        return False


@admin.register(ZaloToken)
class ZaloTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Shows the token's health, never the tokens themselves."""

    list_display = ["app_id", "health", "expires_at", "refreshed_at", "refresh_failed_at", "last_error"]
    fields = ("app_id", "health", "expires_at", "refreshed_at", "refresh_failed_at", "refresh_failures", "last_error")
    readonly_fields = fields

    @admin.display(description=_("Tình trạng"))
    def health(self, token: ZaloToken) -> str:
        if token.expires_at <= timezone.now():
            return str(_("HẾT HẠN: tin nhắn đang đi bằng SMS"))
        if token.refresh_failed_at is not None:
            return str(_("LÀM MỚI THẤT BẠI: cần đặt lại khoá (manage.py messaging_zalo_tokens)"))
        return str(_("Tốt"))

    def has_add_permission(self, request: object) -> bool:  # type: ignore[override]
        return False
