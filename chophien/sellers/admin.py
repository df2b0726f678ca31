from django.contrib import admin

from .models import Seller, SellerMember


class MemberInline(admin.TabularInline):  # type: ignore[type-arg]
    model = SellerMember
    raw_id_fields = ["user"]
    extra = 0


@admin.register(Seller)
class SellerAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "kind", "province", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "phone"]
    raw_id_fields = ["ward"]
    inlines = [MemberInline]
