from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import services
from .models import Category, Product, ProductVariant


class VariantInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ProductVariant
    extra = 0


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "seller", "price", "ocop_stars", "status", "province"]
    list_filter = ["status", "ocop_stars", "category"]
    search_fields = ["name_folded", "name", "name_en"]
    raw_id_fields = ["seller", "origin_ward"]
    readonly_fields = ["name_folded", "search_text", "price"]
    inlines = [VariantInline]
    actions = ["unhide"]

    @admin.action(description=gettext_lazy("Mở lại sản phẩm đã ẩn"))
    def unhide(self, request: HttpRequest, queryset: QuerySet[Product]) -> None:
        for product in queryset:
            services.product_unhide(product=product, by=request.user)  # type: ignore[arg-type]
        messages.success(request, _("Đã mở lại."))


admin.site.register(Category)
