"""Sellers: households, cooperatives (HTX) and enterprises, each with a public shop page."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SellerKind(models.TextChoices):
    HOUSEHOLD = "household", _("Hộ sản xuất")
    COOPERATIVE = "cooperative", _("Hợp tác xã")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")


class Seller(models.Model):
    kind = models.CharField(max_length=20, choices=SellerKind.choices, default=SellerKind.HOUSEHOLD)
    name = models.CharField(_("tên cửa hàng"), max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    ward = models.ForeignKey("places.Ward", on_delete=models.PROTECT, related_name="+")
    province = models.ForeignKey("places.Province", on_delete=models.PROTECT, related_name="+")
    street = models.CharField(max_length=200, blank=True)
    story = models.TextField(_("câu chuyện"), blank=True, max_length=4000)
    phone = models.CharField(max_length=15)
    photo = models.ImageField(upload_to="sellers/", blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("người bán")
        verbose_name_plural = _("người bán")

    def __str__(self) -> str:
        return self.name


class SellerRole(models.TextChoices):
    OWNER = "owner", _("Chủ")
    STAFF = "staff", _("Nhân viên")


class SellerMember(models.Model):
    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="seller_memberships")
    role = models.CharField(max_length=10, choices=SellerRole.choices, default=SellerRole.STAFF)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["seller", "user"], name="seller_member_once")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}) @ {self.seller}"
