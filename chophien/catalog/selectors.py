"""Reads of the catalog: cards for lists, the product page, search with filters and pages."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, F, OuterRef, Prefetch, QuerySet, Subquery, Window
from django.utils.translation import gettext as _

from chophien.core.errors import NotFound, ValidationError

from .models import Category, PendingPhoto, Product, ProductPhoto, ProductStatus, ProductVariant
from .search import query_words, search_filter

MAX_QUERY_LENGTH = 200
PAGE_SIZE = 24
MAX_PAGE_SIZE = 60
MAX_PENDING_IN_FORM = 16  # photos named by one form: more than a product may have, fewer than a flood


@dataclass(frozen=True)
class ProductCard:
    """What a list of products shows of each one."""

    id: int
    slug: str
    name: str
    price: int
    unit: str
    ocop_stars: int | None
    seller_id: int
    seller_name: str
    seller_slug: str
    province_name: str
    thumbnail_url: str | None
    thumbnail_width: int
    thumbnail_height: int
    size_label: str = ""  # the size the shown price buys ("500 g"), when the product comes in sizes
    name_en: str = ""


@dataclass(frozen=True)
class SearchFilters:
    query: str = ""
    province_code: int | None = None
    category_slug: str | None = None
    ocop_min_stars: int | None = None
    price_min: int | None = None
    price_max: int | None = None
    seller_id: int | None = None


@dataclass(frozen=True)
class SearchPage:
    items: list[ProductCard]
    count: int
    page: int
    page_size: int
    pages: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "pages", max(1, -(-self.count // self.page_size)))


def _first_photo() -> Prefetch:  # type: ignore[type-arg]
    return Prefetch("photos", queryset=ProductPhoto.objects.order_by("position", "id"), to_attr="ordered_photos")


def _cards(products: QuerySet[Product]) -> list[ProductCard]:
    """Cards in one query: the first finished photo comes from a subquery, not a prefetch, and rows
    are read as tuples rather than models (a search page builds 24 of them on every request)."""
    first_photo = ProductPhoto.objects.filter(product=OuterRef("pk")).exclude(thumb_small="").order_by("position", "id")
    rows = products.annotate(
        photo_path=Subquery(first_photo.values("thumb_small")[:1]),
        photo_width=Subquery(first_photo.values("width")[:1]),
        photo_height=Subquery(first_photo.values("height")[:1]),
        size_label=Subquery(
            ProductVariant.objects.filter(product=OuterRef("pk")).order_by("price", "position").values("label")[:1]
        ),
    ).values_list(
        "id", "slug", "name", "price", "unit", "ocop_stars", "seller_id", "seller__name", "seller__slug",
        "province__short_name", "photo_path", "photo_width", "photo_height", "size_label", "name_en",
    )  # fmt: skip
    storage = ProductPhoto._meta.get_field("thumb_small").storage  # type: ignore[union-attr]
    cards = []
    for (
        product_id, slug, name, price, unit, stars, seller_id, seller_name, seller_slug, province, path, width, height,
        size_label, name_en,
    ) in rows:  # fmt: skip
        cards.append(
            ProductCard(
                id=product_id,
                slug=slug,
                name=name,
                price=price,
                unit=unit,
                ocop_stars=stars,
                seller_id=seller_id,
                seller_name=seller_name,
                seller_slug=seller_slug,
                province_name=province,
                thumbnail_url=storage.url(path) if path else None,
                thumbnail_width=360,
                thumbnail_height=round(360 * height / width) if path and width else 360,
                size_label=size_label or "",
                name_en=name_en,
            )
        )
    return cards


def visible_products() -> QuerySet[Product]:
    return Product.objects.filter(status=ProductStatus.ACTIVE, seller__is_active=True)


def check_query(query: str) -> str:
    text = (query or "").strip()
    if len(text) > MAX_QUERY_LENGTH:
        raise ValidationError(
            "query_too_long",
            _("Từ khoá tìm kiếm quá dài (tối đa %(limit_value)s ký tự).") % {"limit_value": MAX_QUERY_LENGTH},
            field="q",
        )
    return text


def product_search(*, filters: SearchFilters, page: int = 1, page_size: int = PAGE_SIZE) -> SearchPage:
    """Products matching ``filters``, best first, one page of them.

    Without a query: OCOP products first, then the newest. Raises ValidationError for a query
    over MAX_QUERY_LENGTH characters or a price range that is upside down.
    """
    query = check_query(filters.query)
    if filters.price_min is not None and filters.price_max is not None and filters.price_min > filters.price_max:
        raise ValidationError("invalid_price_range", _("Giá thấp nhất đang lớn hơn giá cao nhất."), field="price_min")
    page = max(1, page)
    page_size = min(max(1, page_size), MAX_PAGE_SIZE)
    products = visible_products()
    if filters.province_code:
        products = products.filter(province_id=filters.province_code)
    if filters.category_slug:
        products = products.filter(category__slug=filters.category_slug)
    if filters.ocop_min_stars:
        products = products.filter(ocop_stars__gte=filters.ocop_min_stars)
    if filters.price_min is not None:
        products = products.filter(price__gte=filters.price_min)
    if filters.price_max is not None:
        products = products.filter(price__lte=filters.price_max)
    if filters.seller_id:
        products = products.filter(seller_id=filters.seller_id)
    words = query_words(query)
    if words:
        products = search_filter(products, query)
    else:
        products = products.order_by(F("ocop_stars").desc(nulls_last=True), "-created_at", "-id")
    start = (page - 1) * page_size
    # One pass gives the page and the number of matches: COUNT(*) OVER () rides along each row,
    # which saves the second scan of every match that a separate count() costs (bench/search.py).
    rows = list(products.annotate(total=Window(Count("id"))).values_list("id", "total")[start : start + page_size])
    ids = [product_id for product_id, _ in rows]
    count = rows[0][1] if rows else (products.count() if start else 0)
    by_id = {card.id: card for card in _cards(Product.objects.filter(id__in=ids))}
    return SearchPage(items=[by_id[i] for i in ids if i in by_id], count=count, page=page, page_size=page_size)


def product_featured(*, limit: int = 8) -> list[ProductCard]:
    """OCOP products for the home page: featured first, then the most stars."""
    products = (
        visible_products()
        .filter(ocop_stars__isnull=False)
        .order_by("-is_featured", F("ocop_stars").desc(), "-created_at")[:limit]
    )
    return _cards(products)


def product_newest(*, limit: int = 8) -> list[ProductCard]:
    return _cards(visible_products().order_by("-created_at", "-id")[:limit])


def seller_products(*, seller_id: int, limit: int = 60) -> list[ProductCard]:
    """A shop's products, OCOP ones first."""
    products = (
        visible_products()
        .filter(seller_id=seller_id)
        .order_by(F("ocop_stars").desc(nulls_last=True), "-created_at")[:limit]
    )
    return _cards(products)


def product_get_public(*, slug: str | None = None, product_id: int | None = None) -> Product:
    """The product page: seller, places, variants, photos and certifications in a fixed few queries.

    Raises NotFound for an unknown, hidden or paused product.
    """
    products = (
        visible_products()
        .select_related("seller", "seller__province", "province", "origin_ward", "category")
        .prefetch_related("variants", "certifications", _first_photo())
    )
    product = products.filter(slug=slug).first() if slug is not None else products.filter(id=product_id or 0).first()
    if product is None:
        raise NotFound("product_not_found", _("Không tìm thấy sản phẩm này, hoặc sản phẩm đã ngừng bán."))
    return product


def category_list() -> list[Category]:
    return list(Category.objects.all())


def seller_own_products(*, seller_id: int) -> QuerySet[Product]:
    """Everything a shop listed, hidden ones included, for its own dashboard."""
    return (
        Product.objects.filter(seller_id=seller_id).prefetch_related("variants", _first_photo()).order_by("-created_at")
    )


def pending_photos_of(*, seller_id: int, tokens: list[str]) -> list[PendingPhoto]:
    """The photos a seller sent for a form not yet saved, in the order of ``tokens``; a token of
    another shop, expired or removed is left out (the form shows what is really kept)."""
    wanted = [str(token)[:32] for token in tokens[:MAX_PENDING_IN_FORM]]
    found = {p.token: p for p in PendingPhoto.objects.filter(seller_id=seller_id, token__in=wanted)}
    return [found[token] for token in dict.fromkeys(wanted) if token in found]
