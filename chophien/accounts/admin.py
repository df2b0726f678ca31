from django.contrib import admin

from .models import User


@admin.register(User)
class UserAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["phone", "full_name", "platform_role", "is_staff", "is_active"]
    list_filter = ["platform_role", "is_staff", "is_active"]
    search_fields = ["phone", "full_name"]
    exclude = ["password"]
