"""Listing products: create, edit, photos, stock, moderation."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from chophien.accounts.models import User
from chophien.core.errors import Conflict, PermissionDenied, ValidationError, text_limit_check
from chophien.core.images import as_content, photo_check, portrait_render
from chophien.core.money import parse_price
from chophien.core.quantities import parse_quantity
from chophien.core.slugs import create_with_unique_slug
from chophien.places.selectors import ward_get
from chophien.sellers.models import Seller
from chophien.sellers.selectors import seller_role_of
from chophien.sellers.services import clean_name

from .models import (
    Category,
    Certification,
    OcopLevel,
    PendingPhoto,
    Product,
    ProductPhoto,
    ProductStatus,
    ProductVariant,
    Unit,
)
from .search import product_search_fields, search_words_add
from .tasks import resize_photo

MAX_STOCK = 1_000_000
MAX_PHOTOS = 8
MAX_DESCRIPTION = 5000
MAX_VARIANT_LABEL = 60  # ProductVariant.label: "500 g", "hũ 1 lít"
MAX_HIDDEN_REASON = 300  # Product.hidden_reason, the moderator's words to the seller
# A photo sent before its product was saved waits this long for the form, then is deleted.
PENDING_PHOTO_HOURS = 24
MAX_PENDING_PHOTOS = 24  # per shop at once: enough for three products of eight photos
PREVIEW_SIDE = 240


@dataclass(frozen=True)
class VariantInput:
    label: str
    price: Any  # what was typed: "120.000", 120000
    stock: Any


def parse_stock(raw: Any, *, unit: str = "") -> int:
    """Units in stock as the seller typed them: "50", "50 kg" or "50kg" for a product sold by the kg.

    Raises ValidationError ``invalid_stock`` for anything else, naming ``unit`` when another unit
    was written ("50 túi" for a product sold by the kg). Without ``unit`` only a bare number is read.
    """
    return parse_quantity(raw, unit=unit, limit=MAX_STOCK, code="invalid_stock", field="stock")


def _clean_ocop(stars: Any, year: Any, level: str) -> tuple[int | None, int | None, str]:
    if stars in (None, "", 0, "0"):
        return None, None, ""
    try:
        star_count = int(stars)
    except (TypeError, ValueError):
        star_count = 0
    if star_count not in (3, 4, 5):
        raise ValidationError("invalid_ocop", _("Hạng OCOP chỉ có 3, 4 hoặc 5 sao."), field="ocop_stars")
    this_year = timezone.localdate().year
    try:
        rating_year = int(year) if year not in (None, "") else None
    except (TypeError, ValueError):
        rating_year = -1
    if rating_year is not None and not 2018 <= rating_year <= this_year:
        raise ValidationError(
            "invalid_ocop_year",
            _("Năm công nhận OCOP phải từ 2018 đến %(year)s.") % {"year": this_year},
            field="ocop_year",
        )
    if level and level not in OcopLevel.values:
        raise ValidationError("invalid_ocop_level", _("Cấp công nhận OCOP không đúng."), field="ocop_level")
    # Five stars are awarded by the nation, three and four by the province.
    return star_count, rating_year, level or (OcopLevel.NATIONAL if star_count == 5 else OcopLevel.PROVINCE)


def clean_name_en(raw: str | None) -> str:
    """The optional English name with its spaces collapsed ("" when none); ValidationError when too long."""
    return text_limit_check(
        text=" ".join((raw or "").split()),
        limit=Product._meta.get_field("name_en").max_length or 0,
        code="name_en_too_long",
        field="name_en",
        what=_("Tên tiếng Anh"),
    )


def _check_can_edit(user: User, seller: Seller) -> None:
    if seller_role_of(user=user, seller=seller) is None:
        raise PermissionDenied("not_your_shop", _("Bạn không có quyền sửa sản phẩm của cửa hàng này."))


def product_refresh_search(*, product: Product) -> None:
    """Rewrite the folded search columns from the product and what it belongs to."""
    product.name_folded, product.search_text = product_search_fields(product)
    Product.objects.filter(pk=product.pk).update(name_folded=product.name_folded, search_text=product.search_text)
    search_words_add([product.search_text])


def _refresh_price(product: Product) -> None:
    lowest = product.variants.aggregate(lowest=Min("price"))["lowest"]
    if lowest is not None and lowest != product.price:
        product.price = lowest
        Product.objects.filter(pk=product.pk).update(price=lowest)


def _description_check(description: str | None) -> str:
    return text_limit_check(
        text=(description or "").strip(),
        limit=MAX_DESCRIPTION,
        code="description_too_long",
        field="description",
        what=_("Mô tả"),
    )


@transaction.atomic
def product_create(
    *,
    seller: Seller,
    by: User,
    name: str,
    name_en: str = "",
    price: Any = None,
    stock: Any = None,
    unit: str = Unit.KG,
    description: str = "",
    category: Category | None = None,
    photos: Sequence[UploadedFile] = (),
    photo_tokens: Sequence[str] = (),
    variants: Sequence[VariantInput] = (),
    ocop_stars: Any = None,
    ocop_year: Any = None,
    ocop_level: str = "",
    certification_codes: Sequence[str] = (),
    origin_ward_code: Any = None,
) -> Product:
    """List a new product of ``seller`` (``by`` must work for it): one variant from ``price`` and
    ``stock``, or several from ``variants`` (then ``price`` and ``stock`` are not used).

    Photos are the ones sent before (``photo_tokens``, PendingPhoto of this seller: another shop's
    token is refused as unknown), then ``photos`` uploaded with the form; they are checked here and
    resized by a background task after commit. Raises ValidationError
    for any bad field before anything is saved; PermissionDenied for someone outside the shop.
    """
    _check_can_edit(by, seller)
    product_name = clean_name(name, what=_("Tên sản phẩm"))
    english_name = clean_name_en(name_en)
    description_text = _description_check(description)
    if unit not in Unit.values:
        raise ValidationError("invalid_unit", _("Đơn vị không đúng. Chọn kg, chai, gói, túi, hộp..."), field="unit")
    variant_rows = [VariantInput(label="", price=price, stock=stock)] if not variants else list(variants)
    cleaned_variants = [
        (
            text_limit_check(
                text=v.label.strip(),
                limit=MAX_VARIANT_LABEL,
                code="variant_label_too_long",
                field="variants",
                what=_("Tên loại"),
            ),
            parse_price(v.price),
            parse_stock(v.stock, unit=unit),
        )
        for v in variant_rows
    ]
    stars, year, level = _clean_ocop(ocop_stars, ocop_year, ocop_level)
    origin = ward_get(code=origin_ward_code) if origin_ward_code not in (None, "") else seller.ward
    pending = _pending_photos_of(seller, photo_tokens)
    _photo_count_check(len(photos) + len(pending))
    for upload in photos:
        photo_check(upload)
    product = create_with_unique_slug(
        model=Product,
        text=product_name,
        fallback="san-pham",
        create=lambda slug: Product.objects.create(
            seller=seller,
            name=product_name,
            name_en=english_name,
            slug=slug,
            category=category,
            description=description_text,
            unit=unit,
            price=min(variant_price for _, variant_price, _ in cleaned_variants),
            ocop_stars=stars,
            ocop_year=year,
            ocop_level=level,
            origin_ward=origin,
            province_id=origin.province_id,
        ),
    )
    ProductVariant.objects.bulk_create(
        ProductVariant(product=product, label=label, price=variant_price, stock=variant_stock, position=i)
        for i, (label, variant_price, variant_stock) in enumerate(cleaned_variants)
    )
    if certification_codes:
        product.certifications.set(Certification.objects.filter(code__in=certification_codes))
    for position, waiting in enumerate(pending):
        _pending_attach(product, waiting, position)
    for position, upload in enumerate(photos, start=len(pending)):
        _photo_save(product, upload, position)
    product_refresh_search(product=product)
    pending_photos_clean(seller=seller)
    return product


def _photo_save(product: Product, upload: UploadedFile, position: int) -> ProductPhoto:
    photo = ProductPhoto(product=product, position=position)
    photo.original.save(f"upload-{position}.img", upload, save=False)
    photo.save()
    transaction.on_commit(partial(resize_photo.enqueue, photo_id=photo.pk))
    return photo


@transaction.atomic
def product_update(
    *,
    product: Product,
    by: User,
    name: str | None = None,
    name_en: str | None = None,
    description: str | None = None,
    unit: str | None = None,
    category: Category | None = None,
    price: Any = None,
    ocop_stars: Any = None,
    ocop_year: Any = None,
    ocop_level: str | None = None,
    is_paused: bool | None = None,
) -> Product:
    """Change the fields given (None leaves a field as it is). Price applies to the default variant."""
    _check_can_edit(by, product.seller)
    if name is not None:
        product.name = clean_name(name, what=_("Tên sản phẩm"))
    if name_en is not None:
        product.name_en = clean_name_en(name_en)
    if description is not None:
        product.description = _description_check(description)
    if unit is not None:
        if unit not in Unit.values:
            raise ValidationError("invalid_unit", _("Đơn vị không đúng. Chọn kg, chai, gói, túi, hộp..."), field="unit")
        product.unit = unit
    if category is not None:
        product.category = category
    if ocop_stars is not None:
        product.ocop_stars, product.ocop_year, product.ocop_level = _clean_ocop(ocop_stars, ocop_year, ocop_level or "")
    if is_paused is not None and product.status != ProductStatus.HIDDEN:
        product.status = ProductStatus.PAUSED if is_paused else ProductStatus.ACTIVE
    if price is not None:
        new_price = parse_price(price)
        first = product.variants.order_by("position", "id").first()
        if first is not None:
            ProductVariant.objects.filter(pk=first.pk).update(price=new_price)
    product.save()
    _refresh_price(product)
    product_refresh_search(product=product)
    return product


def product_add_photos(
    *, product: Product, by: User, photos: Sequence[UploadedFile] = (), photo_tokens: Sequence[str] = ()
) -> list[ProductPhoto]:
    """Add photos sent before (``photo_tokens``, this shop's only) and uploaded ones after the product's
    own; ValidationError when they would be more than MAX_PHOTOS or one is not a photo."""
    _check_can_edit(by, product.seller)
    for upload in photos:
        photo_check(upload)
    with transaction.atomic():
        pending = _pending_photos_of(product.seller, photo_tokens)
        count = product.photos.count()
        _photo_count_check(count + len(pending) + len(photos))
        added = [_pending_attach(product, waiting, count + i) for i, waiting in enumerate(pending)]
        added += [_photo_save(product, upload, count + len(added) + i) for i, upload in enumerate(photos)]
        pending_photos_clean(seller=product.seller)
        return added


def _photo_count_check(count: int) -> None:
    if count > MAX_PHOTOS:
        raise ValidationError(
            "too_many_photos", _("Tối đa %(count)s ảnh cho một sản phẩm.") % {"count": MAX_PHOTOS}, field="photos"
        )


def pending_photo_add(*, seller: Seller, by: User, upload: UploadedFile) -> PendingPhoto:
    """Keep a photo the seller chose, before the product form is saved, and make its preview.

    The phone sends it as soon as it is chosen (already made small there); the form then names it by
    the returned PendingPhoto's ``token``. Raises ValidationError for what is not a photo or is over
    MAX_PHOTO_UPLOAD_BYTES (``photo_check``), or ``too_many_pending_photos``; PermissionDenied for
    someone outside the shop. Stale photos of the shop are deleted first.
    """
    _check_can_edit(by, seller)
    photo_check(upload, field="photos")
    pending_photos_clean(seller=seller)
    try:
        preview = portrait_render(upload, side=PREVIEW_SIDE)
    except (OSError, ValueError) as exc:  # verify() passed but the pixels do not decode: a cut-off file
        raise ValidationError(
            "not_an_image", _("Tệp này không phải là ảnh. Vui lòng chọn ảnh JPG hoặc PNG."), field="photos"
        ) from exc
    upload.seek(0)
    with transaction.atomic():
        # The shop's row serializes its uploads, so that photos sent at once cannot pass the cap.
        list(Seller.objects.select_for_update().filter(pk=seller.pk).values_list("pk", flat=True))
        if PendingPhoto.objects.filter(seller=seller).count() >= MAX_PENDING_PHOTOS:
            raise ValidationError(
                "too_many_pending_photos",
                _("Bạn đã gửi %(count)s ảnh chưa dùng. Hãy lưu sản phẩm hoặc xoá bớt ảnh rồi chọn tiếp.")
                % {"count": MAX_PENDING_PHOTOS},
                field="photos",
            )
        pending = PendingPhoto(seller=seller, token=secrets.token_urlsafe(16))
        pending.original.save("photo.img", upload, save=False)
        pending.preview.save("preview.webp", as_content(preview), save=False)
        pending.save()
    return pending


def pending_photo_remove(*, seller: Seller, by: User, token: str) -> bool:
    """Delete a photo the seller sent and took back; False when there is none of that shop by ``token``."""
    _check_can_edit(by, seller)
    pending = PendingPhoto.objects.filter(seller=seller, token=str(token)[:32]).first()
    if pending is None:
        return False
    _pending_delete([pending])
    return True


def pending_photos_clean(*, seller: Seller | None = None, hours: int = PENDING_PHOTO_HOURS) -> int:
    """Delete photos sent more than ``hours`` ago and never saved with a product (of ``seller``, or of
    every shop), with their files once the transaction commits; return how many."""
    stale = PendingPhoto.objects.filter(created_at__lt=timezone.now() - timedelta(hours=hours))
    if seller is not None:
        stale = stale.filter(seller=seller)
    return _pending_delete(list(stale[:500]))


def _pending_delete(pending: Sequence[PendingPhoto]) -> int:
    if not pending:
        return 0
    names = [name for waiting in pending for name in (waiting.original.name, waiting.preview.name) if name]
    PendingPhoto.objects.filter(pk__in=[waiting.pk for waiting in pending]).delete()
    transaction.on_commit(partial(_files_delete, pending[0].original.storage, names))
    return len(pending)


def _files_delete(storage: Any, names: list[str]) -> None:
    for name in names:
        storage.delete(name)


def _pending_photos_of(seller: Seller, tokens: Sequence[str]) -> list[PendingPhoto]:
    """The seller's pending photos named by ``tokens``, in that order; ValidationError for a token that
    names none of them (expired, removed, or another shop's)."""
    wanted = list(dict.fromkeys(str(token).strip() for token in tokens if str(token).strip()))
    if not wanted:
        return []
    _photo_count_check(len(wanted))
    found = {p.token: p for p in PendingPhoto.objects.filter(seller=seller, token__in=[t[:32] for t in wanted])}
    if len(found) != len(wanted):
        raise ValidationError(
            "photo_not_found",
            _("Không tìm thấy một ảnh bạn đã gửi (ảnh chỉ được giữ %(hours)s giờ). Vui lòng chọn lại ảnh.")
            % {"hours": PENDING_PHOTO_HOURS},
            field="photos",
        )
    return [found[token] for token in wanted]


def _pending_attach(product: Product, pending: PendingPhoto, position: int) -> ProductPhoto:
    """Make a pending photo one of ``product``'s, keeping its file (the resize task moves and cleans it).

    The pending row is deleted first and its count checked: two saves racing for the same photo
    cannot both take it (the second waits for the first's row lock, then finds nothing).
    """
    deleted, _rows = PendingPhoto.objects.filter(pk=pending.pk).delete()
    if not deleted:
        raise Conflict("photo_taken", _("Ảnh này vừa được dùng cho một sản phẩm khác. Vui lòng chọn lại ảnh."))
    photo = ProductPhoto(product=product, position=position)
    photo.original.name = pending.original.name
    photo.save()
    if pending.preview.name:
        transaction.on_commit(partial(_files_delete, pending.preview.storage, [pending.preview.name]))
    transaction.on_commit(partial(resize_photo.enqueue, photo_id=photo.pk))
    return photo


def variant_stock_adjust(*, variant: ProductVariant, by: User, delta: int) -> int:
    """Add ``delta`` units (negative to remove) with one conditional update; return the new stock.

    Never a read-modify-write: an order taking units at the same moment is never overwritten.
    Raises Conflict ``not_enough_stock`` when removing more than is left.
    """
    _check_can_edit(by, variant.product.seller)
    if delta < -MAX_STOCK or delta > MAX_STOCK:
        raise ValidationError("invalid_stock", _("Số lượng thay đổi quá lớn."), field="stock")
    updated = ProductVariant.objects.filter(
        pk=variant.pk, stock__gte=max(0, -delta), stock__lte=MAX_STOCK - max(0, delta)
    ).update(stock=F("stock") + delta)
    if updated == 0:
        if delta > 0:
            raise ValidationError(
                "invalid_stock", _("Số lượng trong kho quá lớn. Vui lòng kiểm tra lại."), field="stock"
            )
        raise Conflict("not_enough_stock", _("Trong kho không còn đủ hàng để bớt số lượng này."))
    variant.refresh_from_db(fields=["stock"])
    return variant.stock


def variant_stock_set(*, variant: ProductVariant, by: User, expected: int, stock: Any) -> int:
    """Overwrite the stock only if it still is ``expected`` (what the seller saw); else Conflict."""
    _check_can_edit(by, variant.product.seller)
    new_stock = parse_stock(stock, unit=variant.product.unit)
    updated = ProductVariant.objects.filter(pk=variant.pk, stock=expected).update(stock=new_stock)
    if updated == 0:
        raise Conflict(
            "stock_changed", _("Số hàng trong kho vừa thay đổi (có người vừa mua). Vui lòng xem lại rồi sửa.")
        )
    return new_stock


def product_hide(*, product: Product, by: User, reason: str) -> Product:
    """A moderator hides a listing; the seller sees the reason."""
    if not by.is_moderator:
        raise PermissionDenied("not_moderator", _("Chỉ kiểm duyệt viên mới ẩn được sản phẩm."))
    text = " ".join((reason or "").split())
    if not text:
        raise ValidationError(
            "empty_reason", _("Vui lòng ghi lý do ẩn sản phẩm để người bán biết cách sửa."), field="reason"
        )
    text_limit_check(text=text, limit=MAX_HIDDEN_REASON, code="reason_too_long", field="reason", what=_("Lý do"))
    product.status, product.hidden_reason = ProductStatus.HIDDEN, text
    product.save(update_fields=["status", "hidden_reason", "updated_at"])
    return product


def product_unhide(*, product: Product, by: User) -> Product:
    if not by.is_moderator:
        raise PermissionDenied("not_moderator", _("Chỉ kiểm duyệt viên mới mở lại được sản phẩm."))
    product.status, product.hidden_reason = ProductStatus.ACTIVE, ""
    product.save(update_fields=["status", "hidden_reason", "updated_at"])
    return product
