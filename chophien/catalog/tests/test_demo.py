import io
from io import StringIO

import pytest
from django.core.management import call_command
from PIL import Image

from chophien.accounts.models import User
from chophien.catalog.demo.data import SELLERS, product_seeds
from chophien.catalog.demo.loader import MODERATOR_PHONE, demo_load
from chophien.catalog.demo.pictures import CATEGORY_MOTIFS, MOTIFS, product_picture
from chophien.catalog.models import Category, OcopLevel, Product, ProductPhoto, ProductVariant
from chophien.core.phone import normalize_phone
from chophien.places.models import Ward
from chophien.sellers.models import Seller, SellerKind

pytestmark = pytest.mark.django_db


def test_every_demo_seller_is_in_a_real_commune_with_its_own_mobile_number():
    phones = [normalize_phone(seller.phone) for seller in SELLERS]

    for seller in SELLERS:
        assert Ward.objects.filter(province__short_name=seller.province, short_name=seller.commune).count() == 1
    assert len(SELLERS) >= 22
    assert len(set(phones)) == len(SELLERS)
    assert all(phone.startswith("09") and len(phone) == 10 for phone in phones)
    assert MODERATOR_PHONE not in phones
    assert len({seller.slug for seller in SELLERS}) == len(SELLERS)
    assert {seller.kind for seller in SELLERS} == set(SellerKind.values)
    assert len({seller.province for seller in SELLERS}) == 9


def test_the_listings_are_the_same_on_every_call_and_never_repeat_a_name_within_a_shop():
    seeds = product_seeds()
    rated = [seed for seed in seeds if seed.ocop_stars]
    variants = [variant for seed in seeds for variant in seed.variants]

    assert seeds == product_seeds()
    assert len(seeds) >= 150
    assert len({(seed.seller_slug, seed.name) for seed in seeds}) == len(seeds)
    assert 0.25 <= len(rated) / len(seeds) <= 0.4
    assert {seed.ocop_stars for seed in rated} == {3, 4, 5}
    assert all(2019 <= (seed.ocop_year or 0) <= 2025 for seed in rated)
    assert {code for seed in seeds for code in seed.certifications} == {"vietgap", "organic", "gi"}
    assert {len(seed.variants) for seed in seeds} == {1, 2}
    assert all(variant.price > 0 and variant.price % 1000 == 0 for variant in variants)
    assert all(0 <= variant.stock <= 500 for variant in variants)
    assert any(variant.stock == 0 for variant in variants)
    assert {seed.photo_count for seed in seeds} == {1, 2}
    assert sum(seed.is_featured for seed in seeds) == 8
    assert {seed.category for seed in seeds} == set(Category.objects.values_list("slug", flat=True))
    assert all((seed.picture or CATEGORY_MOTIFS[seed.category]) in MOTIFS for seed in seeds)


def test_a_full_load_makes_every_seller_and_listing_and_a_second_run_adds_nothing():
    seeds = product_seeds()

    first = demo_load(with_photos=False)
    second = demo_load(with_photos=False)

    assert (first.sellers_added, first.products_added, first.moderator_added) == (len(SELLERS), len(seeds), True)
    assert (first.sellers_total, first.products_total) == (len(SELLERS), len(seeds))
    assert (second.sellers_added, second.products_added, second.photos_added, second.moderator_added) == (
        0,
        0,
        0,
        False,
    )
    assert second.is_unchanged
    assert (Seller.objects.count(), Product.objects.count()) == (len(SELLERS), len(seeds))
    assert ProductVariant.objects.count() == sum(len(seed.variants) for seed in seeds)
    assert set(Seller.objects.values_list("kind", flat=True)) == set(SellerKind.values)
    assert Product.objects.filter(ocop_stars__isnull=False).count() == sum(1 for seed in seeds if seed.ocop_stars)
    assert set(Product.objects.filter(ocop_stars=5).values_list("ocop_level", flat=True)) == {OcopLevel.NATIONAL}
    assert Product.objects.filter(is_featured=True).count() == 8
    assert Product.objects.filter(search_text="").count() == 0
    assert Product.objects.filter(name_en="").count() == 0
    assert User.objects.get(phone=MODERATOR_PHONE).is_moderator


def test_demo_products_loaded_before_english_names_get_them_on_the_next_run():
    seeds = product_seeds()[:3]
    demo_load(with_photos=False, limit=3)
    Product.objects.update(name_en="")  # as a database loaded before this field was

    again = demo_load(with_photos=False, limit=3)
    third = demo_load(with_photos=False, limit=3)

    assert (again.products_added, again.english_names_added, again.is_unchanged) == (0, 3, False)
    assert sorted(Product.objects.values_list("name_en", flat=True)) == sorted(seed.name_en for seed in seeds)
    assert (third.english_names_added, third.is_unchanged) == (0, True)


def test_loaded_products_have_drawn_photos_with_thumbnails_and_a_second_run_adds_no_photo(settings, tmp_path):
    # A media folder of its own: other tests assert the exact names of the files they write.
    settings.MEDIA_ROOT = tmp_path
    seeds = product_seeds()[:5]

    first = demo_load(limit=5)
    second = demo_load(limit=5)

    photos = list(ProductPhoto.objects.all())
    assert (first.products_added, first.photos_added) == (5, sum(seed.photo_count for seed in seeds))
    assert (second.products_added, second.photos_added) == (0, 0)
    assert len(photos) == first.photos_added
    assert all(photo.thumb_small and photo.thumb_large for photo in photos)
    assert {(photo.width, photo.height) for photo in photos} == {(1000, 1000)}
    assert Product.objects.filter(photos__isnull=True).count() == 0


def test_the_command_says_what_it_added_then_that_nothing_was_new():
    first, second = StringIO(), StringIO()

    call_command("load_demo", "--no-photos", "--limit", "3", stdout=first)
    call_command("load_demo", "--no-photos", "--limit", "3", stdout=second)

    assert f"Đã thêm {len(SELLERS)} người bán, 3 sản phẩm, 0 ảnh" in first.getvalue()
    assert f"Không có gì mới: dữ liệu mẫu đã có sẵn ({len(SELLERS)} người bán, 3 sản phẩm)." in second.getvalue()
    assert MODERATOR_PHONE in second.getvalue()


def test_every_category_has_a_motif_and_every_motif_draws_a_square_jpeg():
    assert set(Category.objects.values_list("slug", flat=True)) == set(CATEGORY_MOTIFS)
    for motif in MOTIFS:
        with Image.open(io.BytesIO(product_picture(motif=motif, seed="Khoai sâm Sìn Hồ"))) as image:
            assert (image.format, image.size) == ("JPEG", (1000, 1000))


def test_a_picture_is_the_same_for_the_same_seed_and_differs_for_another():
    assert product_picture(motif="tea", seed="Chè Tân Cương") == product_picture(motif="tea", seed="Chè Tân Cương")
    assert product_picture(motif="tea", seed="Chè Tân Cương") != product_picture(motif="tea", seed="Chè Cao Bồ")
