import pytest

from chophien.catalog.demo.loader import demo_load
from chophien.catalog.demo.pictures import DRAWERS, product_picture
from chophien.catalog.models import Category, Product
from chophien.sellers.models import Seller, SellerKind

pytestmark = pytest.mark.django_db


def test_demo_has_enough_believable_data_and_a_second_run_adds_nothing():
    first = demo_load(with_photos=False)
    second = demo_load(with_photos=False)
    assert first.sellers_added >= 20 and first.products_added >= 150
    assert (second.sellers_added, second.products_added) == (0, 0)
    assert (second.sellers_total, second.products_total) == (first.sellers_total, first.products_total)
    assert set(Seller.objects.values_list("kind", flat=True)) == set(SellerKind.values)
    assert Product.objects.filter(ocop_stars__isnull=False).count() >= 40
    assert Seller.objects.values("province").distinct().count() >= 8


def test_every_category_has_a_picture_that_is_a_real_jpeg():
    for slug in Category.objects.values_list("slug", flat=True):
        assert slug in DRAWERS
        picture = product_picture(category_slug=slug, seed="x")
        assert picture[:3] == b"\xff\xd8\xff" and len(picture) > 10_000
