"""Products: public search and detail; a seller's own listings with a bearer token."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from chophien.accounts.auth import TokenAuth
from chophien.accounts.models import User
from chophien.core.errors import NotFound, PermissionDenied, ValidationError
from chophien.core.schemas import DbInt, Id, PageNumber, Slug
from chophien.sellers.models import Seller
from chophien.sellers.selectors import seller_get_public, seller_of_user

from . import selectors, services
from .models import Category, Product, ProductVariant
from .schemas import (
    ProductCardOut,
    ProductCreateIn,
    ProductDetailOut,
    ProductListOut,
    ProductUpdateIn,
    StockAdjustIn,
)
from .selectors import ProductCard, SearchFilters

router = Router(tags=["products"])


class SearchParams(Schema):
    # Limits the selector checks with codes of its own (query_too_long, invalid_filter) are declared
    # for the OpenAPI document; the others are checked here.
    q: str = Field("", json_schema_extra={"maxLength": selectors.MAX_QUERY_LENGTH})
    province: Id | None = None
    category: str | None = Field(None, max_length=100)
    ocop_stars: DbInt | None = None
    price_min: DbInt | None = None
    price_max: DbInt | None = None
    page: PageNumber = 1
    page_size: int = Field(selectors.PAGE_SIZE, ge=1, le=selectors.MAX_PAGE_SIZE)


def card_out(card: ProductCard) -> dict[str, Any]:
    return {
        "id": card.id,
        "slug": card.slug,
        "name": card.name,
        "name_en": card.name_en,
        "price": card.price,
        "unit": card.unit,
        "ocop_stars": card.ocop_stars,
        "province": card.province_name,
        "thumbnail_url": card.thumbnail_url,
        "seller": {"id": card.seller_id, "name": card.seller_name, "slug": card.seller_slug},
    }


def detail_out(product: Product) -> dict[str, Any]:
    return {
        "id": product.id,
        "slug": product.slug,
        "name": product.name,
        "name_en": product.name_en,
        "description": product.description,
        "price": product.price,
        "unit": product.unit,
        "category": product.category.name if product.category else None,
        "category_en": product.category.name_en if product.category else None,
        "ocop_stars": product.ocop_stars,
        "ocop_year": product.ocop_year,
        "ocop_level": product.ocop_level,
        "certifications": [c.code for c in product.certifications.all()],
        "seller": {"id": product.seller.id, "name": product.seller.name, "slug": product.seller.slug},
        "province": product.province.short_name,
        "origin_ward": product.origin_ward.name if product.origin_ward else None,
        "status": product.status,
        "hidden_reason": product.hidden_reason,
        "variants": [
            {"id": v.id, "label": v.label, "price": v.price, "stock": v.stock} for v in product.variants.all()
        ],
        "photos": [p.thumb_large.url for p in product.photos.all() if p.thumb_large],
    }


@router.get("/products", response=ProductListOut, summary="Tìm và lọc sản phẩm")
def list_products(request: HttpRequest, params: Query[SearchParams]) -> dict[str, Any]:
    for name in ("price_min", "price_max", "ocop_stars", "province"):
        value = getattr(params, name)
        if value is not None and value < 0:
            raise ValidationError("invalid_filter", _("Giá trị lọc không được âm."), field=name)
    result = selectors.product_search(
        filters=SearchFilters(
            query=params.q,
            province_code=params.province,
            category_slug=params.category,
            ocop_min_stars=params.ocop_stars,
            price_min=params.price_min,
            price_max=params.price_max,
        ),
        page=params.page,
        page_size=params.page_size,
    )
    return {
        "items": [card_out(card) for card in result.items],
        "count": result.count,
        "page": result.page,
        "pages": result.pages,
    }


@router.get("/products/{product_id}", response=ProductDetailOut, summary="Chi tiết sản phẩm")
def get_product(request: HttpRequest, product_id: Id) -> dict[str, Any]:
    return detail_out(selectors.product_get_public(product_id=product_id))


def _own_seller(user: User) -> Seller:
    seller = seller_of_user(user=user)
    if seller is None:
        raise PermissionDenied("no_shop", _("Tài khoản này chưa có cửa hàng. Hãy mở cửa hàng trước."))
    return seller


def _own_product(user: User, product_id: int) -> Product:
    product = (
        Product.objects.select_related("seller", "province", "origin_ward", "category").filter(id=product_id).first()
    )
    if product is None:
        raise NotFound("product_not_found", _("Không tìm thấy sản phẩm này."))
    if product.seller_id != _own_seller(user).id:
        raise PermissionDenied("not_your_shop", _("Bạn không có quyền sửa sản phẩm của cửa hàng này."))
    return product


def _category(slug: str | None) -> Category | None:
    if not slug:
        return None
    category = Category.objects.filter(slug=slug).first()
    if category is None:
        raise ValidationError("unknown_category", _("Không có danh mục này."), field="category")
    return category


@router.post("/seller/products", response={201: ProductDetailOut}, auth=TokenAuth(), summary="Đăng sản phẩm mới")
def create_product(request: HttpRequest, payload: ProductCreateIn) -> Status[dict[str, Any]]:
    user: User = request.auth  # type: ignore[attr-defined]
    if not payload.variants and (payload.price is None or payload.stock is None):
        raise ValidationError("missing_price", _("Vui lòng ghi giá và số lượng trong kho."), field="price")
    product = services.product_create(
        seller=_own_seller(user),
        by=user,
        name=payload.name,
        name_en=payload.name_en,
        price=payload.price,
        stock=payload.stock,
        unit=payload.unit,
        description=payload.description,
        category=_category(payload.category),
        variants=[services.VariantInput(label=v.label, price=v.price, stock=v.stock) for v in payload.variants],
        ocop_stars=payload.ocop_stars,
        ocop_year=payload.ocop_year,
        ocop_level=payload.ocop_level,
        certification_codes=payload.certifications,
        origin_ward_code=payload.origin_ward_code,
    )
    return Status(201, detail_out(_own_product(user, product.id)))


@router.patch("/seller/products/{product_id}", response=ProductDetailOut, auth=TokenAuth(), summary="Sửa sản phẩm")
def update_product(request: HttpRequest, product_id: Id, payload: ProductUpdateIn) -> dict[str, Any]:
    user: User = request.auth  # type: ignore[attr-defined]
    product = _own_product(user, product_id)
    services.product_update(
        product=product,
        by=user,
        name=payload.name,
        name_en=payload.name_en,
        description=payload.description,
        unit=payload.unit,
        category=_category(payload.category),
        price=payload.price,
        is_paused=payload.is_paused,
    )
    return detail_out(_own_product(user, product_id))


@router.post(
    "/seller/products/{product_id}/photos", response={201: ProductDetailOut}, auth=TokenAuth(), summary="Thêm ảnh"
)
def add_photos(request: HttpRequest, product_id: Id, photos: File[list[UploadedFile]]) -> Status[dict[str, Any]]:
    user: User = request.auth  # type: ignore[attr-defined]
    services.product_add_photos(product=_own_product(user, product_id), by=user, photos=photos)
    return Status(201, detail_out(_own_product(user, product_id)))


@router.post(
    "/seller/products/{product_id}/variants/{variant_id}/stock",
    response=ProductDetailOut,
    auth=TokenAuth(),
    summary="Thêm/bớt hàng trong kho",
)
def adjust_stock(request: HttpRequest, product_id: Id, variant_id: Id, payload: StockAdjustIn) -> dict[str, Any]:
    user: User = request.auth  # type: ignore[attr-defined]
    product = _own_product(user, product_id)
    variant = ProductVariant.objects.filter(id=variant_id, product=product).select_related("product__seller").first()
    if variant is None:
        raise NotFound("variant_not_found", _("Không tìm thấy loại hàng này."))
    services.variant_stock_adjust(variant=variant, by=user, delta=payload.delta)
    return detail_out(_own_product(user, product_id))


@router.get("/seller/products", response=list[ProductCardOut], auth=TokenAuth(), summary="Sản phẩm của tôi")
def my_products(request: HttpRequest) -> list[dict[str, Any]]:
    seller = _own_seller(request.auth)  # type: ignore[attr-defined]
    return [card_out(card) for card in selectors.seller_products(seller_id=seller.id)]


@router.get("/sellers/{slug}/products", response=list[ProductCardOut], summary="Sản phẩm của một người bán")
def list_seller_products(request: HttpRequest, slug: Slug) -> list[dict[str, Any]]:
    seller = seller_get_public(slug=slug)
    return [card_out(card) for card in selectors.seller_products(seller_id=seller.id)]
