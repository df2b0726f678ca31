"""Products of the highlands: variants with their own price and stock, OCOP ratings, photos.

Every product has at least one variant (its default one); price and stock live on variants so
that "500 g" and "1 kg" can be sold side by side. ``Product.price`` is the lowest variant price,
kept by the services for listing and filtering.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from .glossary import category_name_en


class Category(models.Model):
    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80, unique=True)
    icon = models.CharField(max_length=8, blank=True)  # an emoji, no image to download
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("danh mục")
        verbose_name_plural = _("danh mục")

    def __str__(self) -> str:
        return self.name

    @property
    def name_en(self) -> str | None:
        """The English name, kept in the glossary (``glossary_en.toml``) with the English search words."""
        return category_name_en(self.slug)

    @property
    def display_name(self) -> str:
        """The name for the page's language: English on an English page when the glossary has one."""
        return (self.name_en if (get_language() or "").startswith("en") else None) or self.name


class Certification(models.Model):
    code = models.SlugField(max_length=30, primary_key=True)  # vietgap, organic, gi
    name = models.CharField(max_length=80)

    class Meta:
        verbose_name = _("chứng nhận")
        verbose_name_plural = _("chứng nhận")

    def __str__(self) -> str:
        return self.name


class Unit(models.TextChoices):
    KG = "kg", "kg"
    GRAM = "g", "g"
    BOTTLE = "chai", _("chai")
    PACK = "gói", _("gói")
    BAG = "túi", _("túi")
    BOX = "hộp", _("hộp")
    JAR = "hũ", _("hũ")
    BUNCH = "bó", _("bó")
    PIECE = "cái", _("cái")
    LITRE = "lít", _("lít")
    SHEET = "tấm", _("tấm")
    ROOT = "củ", _("củ")


class OcopLevel(models.TextChoices):
    PROVINCE = "province", _("Cấp tỉnh")
    NATIONAL = "national", _("Cấp quốc gia")


class ProductStatus(models.TextChoices):
    ACTIVE = "active", _("Đang bán")
    HIDDEN = "hidden", _("Bị ẩn bởi kiểm duyệt")
    PAUSED = "paused", _("Tạm ngừng bán")


class Product(models.Model):
    seller = models.ForeignKey("sellers.Seller", on_delete=models.CASCADE, related_name="products")
    name = models.CharField(_("tên sản phẩm"), max_length=120)
    # For buyers who read English; searched with the name (catalog/search.py).
    name_en = models.CharField(_("tên tiếng Anh"), max_length=120, blank=True, default="")
    slug = models.SlugField(max_length=140, unique=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="products", null=True, blank=True)
    description = models.TextField(_("mô tả"), blank=True, max_length=5000)
    unit = models.CharField(max_length=10, choices=Unit.choices, default=Unit.KG)
    price = models.PositiveBigIntegerField(_("giá thấp nhất (đồng)"))
    # GS1 GTIN-14 (a GTIN-8/12/13 padded with zeros), for sellers who have one: their trace labels
    # are GS1 Digital Links. Set by traceability.services.product_gtin_set (check digit verified).
    gtin = models.CharField(max_length=14, blank=True, db_index=True)
    ocop_stars = models.PositiveSmallIntegerField(null=True, blank=True)
    ocop_year = models.PositiveSmallIntegerField(null=True, blank=True)
    ocop_level = models.CharField(max_length=10, choices=OcopLevel.choices, blank=True)
    certifications = models.ManyToManyField(Certification, blank=True, related_name="products")
    origin_ward = models.ForeignKey("places.Ward", on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    province = models.ForeignKey("places.Province", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=ProductStatus.choices, default=ProductStatus.ACTIVE)
    hidden_reason = models.CharField(max_length=300, blank=True)
    is_featured = models.BooleanField(default=False)
    # Folded (no diacritics, đ -> d, lower case) copies for search; written by services.save_search_fields.
    name_folded = models.CharField(max_length=120, default="")
    search_text = models.TextField(default="")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("sản phẩm")
        verbose_name_plural = _("sản phẩm")
        constraints = [
            models.CheckConstraint(condition=Q(price__gt=0), name="product_price_positive"),
            models.CheckConstraint(
                condition=Q(ocop_stars__isnull=True) | Q(ocop_stars__gte=3, ocop_stars__lte=5),
                name="product_ocop_stars_3_to_5",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "category", "price"], name="product_listing"),
            models.Index(fields=["status", "province", "price"], name="product_by_province"),
            models.Index(fields=["seller", "status"], name="product_by_seller"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_visible(self) -> bool:
        return self.status == ProductStatus.ACTIVE


class ProductVariant(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="variants")
    label = models.CharField(max_length=60, blank=True)  # "500 g", "1 kg"; empty for the only variant
    price = models.PositiveBigIntegerField(_("giá (đồng)"))
    stock = models.PositiveIntegerField(_("tồn kho"), default=0)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gt=0), name="variant_price_positive"),
            models.CheckConstraint(condition=Q(stock__gte=0), name="variant_stock_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.product.name} {self.label}".strip()


def photo_upload_path(instance: ProductPhoto, filename: str) -> str:
    return f"products/{instance.product_id}/{filename}"


class ProductPhoto(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="photos")
    original = models.ImageField(upload_to=photo_upload_path)
    # Written by the resize task; empty until it has run.
    thumb_small = models.ImageField(upload_to=photo_upload_path, blank=True)  # 360 px wide, cards
    thumb_large = models.ImageField(upload_to=photo_upload_path, blank=True)  # 800 px wide, product page
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.original.name or gettext("ảnh %(number)s") % {"number": self.pk}


def pending_upload_path(instance: PendingPhoto, filename: str) -> str:
    # The token is in the name: a photo not yet listed cannot be found by counting ids.
    return f"pending/{instance.seller_id}/{instance.token}-{filename}"


class PendingPhoto(models.Model):
    """A photo sent on its own as soon as the seller chose it, before the product form is saved.

    The form refers to it by ``token``; saving the product turns it into a ProductPhoto of that
    product (``services.product_create`` / ``product_add_photos``), only for the seller who sent it.
    One never attached is deleted after PENDING_PHOTO_HOURS (``services.pending_photos_clean``).
    """

    seller = models.ForeignKey("sellers.Seller", on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=32, unique=True)
    original = models.ImageField(upload_to=pending_upload_path)
    preview = models.ImageField(upload_to=pending_upload_path, blank=True)  # a small square WebP for the form
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.token


class SearchWord(models.Model):
    """Every folded word of every product's search text: the vocabulary typos are corrected against."""

    word = models.CharField(max_length=60, primary_key=True)

    def __str__(self) -> str:
        return self.word
