"""Load the demo sellers and products through the same services a seller uses."""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from chophien.accounts.models import PlatformRole, User
from chophien.catalog import services
from chophien.catalog.models import Category, Product, ProductPhoto
from chophien.catalog.tasks import resize_photo
from chophien.places.models import Ward
from chophien.sellers.models import Seller
from chophien.sellers.services import seller_register

from .data import QUALIFIERS, SELLERS, SPECIALITIES
from .pictures import product_picture

MODERATOR_PHONE = "0900000001"


@dataclass
class DemoSummary:
    sellers_added: int = 0
    products_added: int = 0
    sellers_total: int = 0
    products_total: int = 0


def demo_load(*, with_photos: bool = True) -> DemoSummary:
    """Create what is missing of the demo; existing sellers (by phone) and products (by seller and
    name) are left as they are, so a second run adds nothing."""
    summary = DemoSummary()
    User.objects.get_or_create(
        phone=MODERATOR_PHONE,
        defaults={"full_name": "Kiểm duyệt viên Chợ Phiên", "platform_role": PlatformRole.MODERATOR},
    )
    categories = {c.slug: c for c in Category.objects.all()}
    for kind, name, province, commune, phone, story, keys in SELLERS:
        seller, owner, created = _seller(kind, name, province, commune, phone, story)
        summary.sellers_added += created
        for key in keys:
            # Seeded per seller and speciality: every run picks the same listings, so none is added twice.
            for qualifier in random.Random(f"{phone}-{key}").sample(QUALIFIERS, 2):
                summary.products_added += _product(seller, owner, key, qualifier, categories, with_photos)
    summary.sellers_total = Seller.objects.count()
    summary.products_total = Product.objects.count()
    return summary


def _seller(kind: str, name: str, province: str, commune: str, phone: str, story: str) -> tuple[Seller, User, bool]:
    owner, _ = User.objects.get_or_create(phone=phone, defaults={"full_name": name})
    existing = Seller.objects.filter(members__user=owner).first()
    if existing is not None:
        return existing, owner, False
    ward = Ward.objects.get(province__short_name=province, short_name=commune)
    seller = seller_register(owner=owner, kind=kind, name=name, ward_code=ward.code, story=story)
    return seller, owner, True


def _product(
    seller: Seller, owner: User, key: str, qualifier: str, categories: dict[str, Category], with_photos: bool
) -> bool:
    title, category, unit, price, stars, certifications, variants, description = SPECIALITIES[key]
    name = f"{title} {qualifier}".strip()
    if Product.objects.filter(seller=seller, name=name).exists():
        return False
    rng = random.Random(f"{seller.phone}-{name}")
    factor = 1 + (0.15 if qualifier in ("loại 1", "hàng tuyển", "đóng hộp quà") else 0)
    stock = 0 if rng.random() < 0.05 else rng.randint(5, 500)
    photos = []
    if with_photos:
        photos = [
            SimpleUploadedFile(
                f"{key}-{i}.jpg",
                product_picture(category_slug=category, seed=f"{seller.pk}-{name}-{i}"),
                content_type="image/jpeg",
            )
            for i in range(rng.choice((1, 2)))
        ]
    with transaction.atomic():
        product = services.product_create(
            seller=seller,
            by=owner,
            name=name,
            price=_round(price * factor),
            stock=stock,
            unit=unit,
            description=description,
            category=categories[category],
            photos=photos,
            variants=[services.VariantInput(label, _round(p * factor), rng.randint(0, 200)) for label, p in variants],
            ocop_stars=stars,
            ocop_year=rng.randint(2019, 2025) if stars else None,
            certification_codes=certifications,
        )
        if stars == 5 or (stars == 4 and rng.random() < 0.3):
            Product.objects.filter(pk=product.pk).update(is_featured=True)
    # Thumbnails now, not by the worker, so the first page a newcomer opens has its pictures.
    for photo_id in ProductPhoto.objects.filter(product=product).values_list("id", flat=True):
        resize_photo.call(photo_id=photo_id)
    return True


def _round(dong: float) -> int:
    """Prices end in thousands, as sellers write them."""
    return int(round(dong / 1000) * 1000)
