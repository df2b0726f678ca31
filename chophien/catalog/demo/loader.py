"""Load the demo sellers and products through the same services a seller's own actions go through.

Idempotent: users are found by phone, sellers by slug, products by (seller, name); whatever exists
is left as it is and only what is missing is made, so a second run adds nothing and takes a second.
Each product is its own transaction (``product_create``'s): an interrupted run is finished by the next.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from chophien.accounts.models import PlatformRole, User
from chophien.catalog import services
from chophien.catalog.models import Category, Product
from chophien.catalog.tasks import resize_photo
from chophien.core.phone import normalize_phone
from chophien.places.models import Ward
from chophien.sellers.models import Seller
from chophien.sellers.services import seller_register

from .data import SELLERS, ProductSeed, SellerSeed, product_seeds
from .pictures import CATEGORY_MOTIFS, product_picture

MODERATOR_PHONE = "0900000001"
MODERATOR_NAME = "Kiểm duyệt viên Chợ Phiên"

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class DemoSummary:
    sellers_added: int
    products_added: int
    photos_added: int
    moderator_added: bool
    sellers_total: int  # every seller in the database, demo or not
    products_total: int
    english_names_added: int = 0  # demo products loaded before they had English names

    @property
    def is_unchanged(self) -> bool:
        return not (self.sellers_added or self.products_added or self.moderator_added or self.english_names_added)


@dataclass(frozen=True)
class _Shop:
    seller: Seller
    owner: User


def demo_load(*, with_photos: bool = True, limit: int | None = None, progress: Progress | None = None) -> DemoSummary:
    """Make whatever of the demo is missing: the moderator, every seller, the first ``limit`` listings.

    Products are created by ``services.product_create`` (search columns filled), each with one or
    two drawn photos whose thumbnails are written before this returns. Raises Ward.DoesNotExist
    when a seller's commune is not in the places table (the data is wrong, not the database).
    """
    moderator_added = moderator_ensure()
    shops: dict[str, _Shop] = {}
    sellers_added = 0
    for seller_seed in SELLERS:
        shop, is_new = _shop_ensure(seller_seed)
        shops[seller_seed.slug] = shop
        sellers_added += is_new
    wanted = product_seeds()[:limit]
    existing = {
        (seller_slug, name): product_id
        for product_id, seller_slug, name in Product.objects.filter(seller__slug__in=list(shops)).values_list(
            "id", "seller__slug", "name"
        )
    }
    missing = [seed for seed in wanted if (seed.seller_slug, seed.name) not in existing]
    english_names_added = _english_names_add(wanted, existing, shops)
    categories = {category.slug: category for category in Category.objects.all()}
    photos_added = 0
    for done, seed in enumerate(missing, start=1):
        photos_added += _product_add(seed, shops[seed.seller_slug], categories[seed.category], with_photos)
        if progress is not None:
            progress(done, len(missing))
    return DemoSummary(
        sellers_added=sellers_added,
        products_added=len(missing),
        photos_added=photos_added,
        moderator_added=moderator_added,
        sellers_total=Seller.objects.count(),
        products_total=Product.objects.count(),
        english_names_added=english_names_added,
    )


def moderator_ensure() -> bool:
    """The platform moderator exists with MODERATOR_PHONE; True if it was made now.

    An existing user of that phone without a platform role is made moderator; an admin stays admin.
    """
    user, created = User.objects.get_or_create(
        phone=MODERATOR_PHONE, defaults={"full_name": MODERATOR_NAME, "platform_role": PlatformRole.MODERATOR}
    )
    if not created and not user.platform_role:
        user.platform_role = PlatformRole.MODERATOR
        user.save(update_fields=["platform_role"])
    return created


def _shop_ensure(seed: SellerSeed) -> tuple[_Shop, bool]:
    owner, _ = User.objects.get_or_create(phone=normalize_phone(seed.phone), defaults={"full_name": seed.owner})
    seller = Seller.objects.filter(slug=seed.slug).first()
    if seller is not None:
        return _Shop(seller, owner), False
    ward = Ward.objects.get(province__short_name=seed.province, short_name=seed.commune)
    seller = seller_register(
        owner=owner, kind=seed.kind, name=seed.name, ward_code=ward.code, street=seed.village, story=seed.story
    )
    return _Shop(seller, owner), True


def _english_names_add(seeds: list[ProductSeed], existing: dict[tuple[str, str], int], shops: dict[str, _Shop]) -> int:
    """Give the English name of its seed to each demo product that has none (loaded before demo
    products had one), as its owner would; the rest of an existing product is left as it is."""
    by_id = {
        existing[(seed.seller_slug, seed.name)]: seed for seed in seeds if (seed.seller_slug, seed.name) in existing
    }
    unnamed = Product.objects.filter(id__in=list(by_id), name_en="").select_related(
        "seller", "category", "province", "origin_ward"
    )
    added = 0
    for product in unnamed:
        seed = by_id[product.id]
        if seed.name_en:
            services.product_update(product=product, by=shops[seed.seller_slug].owner, name_en=seed.name_en)
            added += 1
    return added


def _product_add(seed: ProductSeed, shop: _Shop, category: Category, with_photos: bool) -> int:
    """List one product as its owner would, then write its thumbnails; return how many photos it got."""
    first = seed.variants[0]
    product = services.product_create(
        seller=shop.seller,
        by=shop.owner,
        name=seed.name,
        name_en=seed.name_en,
        price=first.price,
        stock=first.stock,
        unit=seed.unit,
        description=seed.description,
        category=category,
        photos=_pictures(seed) if with_photos else (),
        variants=[services.VariantInput(v.label, v.price, v.stock) for v in seed.variants]
        if len(seed.variants) > 1
        else (),
        ocop_stars=seed.ocop_stars,
        ocop_year=seed.ocop_year,
        certification_codes=seed.certifications,
    )
    if seed.is_featured:
        # No service sets this: it is the platform's choice for its home page, not the seller's.
        Product.objects.filter(pk=product.pk).update(is_featured=True)
    photo_ids = list(product.photos.values_list("pk", flat=True))
    # Thumbnails now rather than by the worker, so the first page opened after loading has its pictures.
    for photo_id in photo_ids:
        resize_photo.call(photo_id=photo_id)
    return len(photo_ids)


def _pictures(seed: ProductSeed) -> list[SimpleUploadedFile]:
    motif = seed.picture or CATEGORY_MOTIFS[seed.category]
    return [
        SimpleUploadedFile(
            f"demo-{i}.jpg",
            product_picture(motif=motif, seed=f"{seed.seller_slug}/{seed.name}/{i}", hue=seed.hue),
            content_type="image/jpeg",
        )
        for i in range(seed.photo_count)
    ]
