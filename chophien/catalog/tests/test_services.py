import threading

import pytest
from django.db import connection

from chophien.accounts.models import PlatformRole
from chophien.accounts.tests.factories import UserFactory
from chophien.catalog import services
from chophien.catalog.models import Product, ProductStatus, ProductVariant
from chophien.catalog.tests.factories import product_listed
from chophien.core.errors import Conflict, PermissionDenied, ValidationError
from chophien.core.testing.images import jpeg_upload
from chophien.sellers.tests.factories import seller_with_owner

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    return seller_with_owner(name="Hộ bà Lò Thị Mai")


def test_product_create_makes_one_variant_and_folded_search_columns(shop):
    seller, owner = shop
    product = product_listed(seller, owner, name="Chè Shan Tuyết Tả Phìn", price="350.000", stock="20")
    product.refresh_from_db()
    variant = product.variants.get()
    assert (product.price, variant.price, variant.stock, variant.label) == (350000, 350000, 20, "")
    assert product.name_folded == "che shan tuyet ta phin"
    assert "lai chau" in product.search_text and "ho ba lo thi mai" in product.search_text
    assert product.province_id == seller.province_id and product.origin_ward_id == seller.ward_id


def test_product_create_with_variants_takes_the_lowest_price(shop):
    seller, owner = shop
    product = services.product_create(
        seller=seller,
        by=owner,
        name="Mật ong bạc hà",
        price=None,
        stock=None,
        unit="chai",
        variants=[services.VariantInput("1 lít", 900000, 5), services.VariantInput("500 ml", 480000, 8)],
    )
    assert product.price == 480000
    assert list(product.variants.values_list("label", "price", "stock")) == [
        ("1 lít", 900000, 5),
        ("500 ml", 480000, 8),
    ]


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"name": "   "}, "empty_name"),
        ({"name": "x" * 121}, "name_too_long"),
        ({"price": -1}, "invalid_price"),
        ({"price": 0}, "invalid_price"),
        ({"price": "abc"}, "invalid_price"),
        ({"price": 10**12}, "invalid_price"),
        ({"stock": -1}, "invalid_stock"),
        ({"stock": "abc"}, "invalid_stock"),
        ({"unit": "tấn"}, "invalid_unit"),
        ({"ocop_stars": 2}, "invalid_ocop"),
        ({"ocop_stars": 4, "ocop_year": 1990}, "invalid_ocop_year"),
        ({"origin_ward_code": 999999999}, "unknown_ward"),
    ],
)
def test_product_create_refuses_bad_input_and_saves_nothing(shop, fields, code):
    seller, owner = shop
    values = {"name": "Khoai sâm", "price": 45000, "stock": 10} | fields
    with pytest.raises(ValidationError) as error:
        services.product_create(seller=seller, by=owner, **values)
    assert error.value.code == code
    assert error.value.message  # a sentence in Vietnamese for the seller
    assert Product.objects.count() == 0


def test_product_create_by_someone_outside_the_shop_is_refused(shop):
    seller, _ = shop
    with pytest.raises(PermissionDenied):
        services.product_create(seller=seller, by=UserFactory(), name="Khoai sâm", price=45000, stock=1)


def test_product_create_escapes_nothing_but_stores_html_as_text(shop):
    seller, owner = shop
    product = product_listed(seller, owner, description="<script>alert(1)</script>")
    assert product.description == "<script>alert(1)</script>"  # the template escapes it (test_views)


def test_photos_are_resized_to_light_webp_thumbnails_without_exif(shop, django_capture_on_commit_callbacks):
    seller, owner = shop
    with django_capture_on_commit_callbacks(execute=True):
        product = product_listed(seller, owner, photos=[jpeg_upload(width=4000, height=3000)])
    photo = product.photos.get()
    assert photo.thumb_small.name.endswith("-360.webp") and photo.thumb_large.name.endswith("-800.webp")
    assert photo.thumb_small.size < 30_000
    assert (photo.width, photo.height) == (2000, 1500)


def test_a_non_image_upload_is_refused(shop):
    from django.core.files.uploadedfile import SimpleUploadedFile

    seller, owner = shop
    with pytest.raises(ValidationError) as error:
        product_listed(seller, owner, photos=[SimpleUploadedFile("a.jpg", b"not an image", content_type="image/jpeg")])
    assert error.value.code == "not_an_image"


def test_a_photo_over_the_limit_is_refused(shop, settings):
    settings.MAX_PHOTO_UPLOAD_BYTES = 10_000
    seller, owner = shop
    with pytest.raises(ValidationError) as error:
        product_listed(seller, owner, photos=[jpeg_upload(width=2000, height=2000)])
    assert error.value.code == "photo_too_large"


def test_stock_adjust_is_a_conditional_delta(shop):
    seller, owner = shop
    variant = product_listed(seller, owner, stock=5).variants.get()
    assert services.variant_stock_adjust(variant=variant, by=owner, delta=3) == 8
    assert services.variant_stock_adjust(variant=variant, by=owner, delta=-8) == 0
    with pytest.raises(Conflict) as error:
        services.variant_stock_adjust(variant=variant, by=owner, delta=-1)
    assert error.value.code == "not_enough_stock"
    assert ProductVariant.objects.get(pk=variant.pk).stock == 0


def test_stock_overwrite_fails_when_stock_moved_since_the_seller_looked(shop):
    seller, owner = shop
    variant = product_listed(seller, owner, stock=10).variants.get()
    ProductVariant.objects.filter(pk=variant.pk).update(stock=9)  # an order took one meanwhile
    with pytest.raises(Conflict) as error:
        services.variant_stock_set(variant=variant, by=owner, expected=10, stock=50)
    assert error.value.code == "stock_changed"
    assert services.variant_stock_set(variant=variant, by=owner, expected=9, stock=50) == 50


def test_moderator_hides_a_product_with_a_reason_the_seller_sees(shop):
    seller, owner = shop
    product = product_listed(seller, owner)
    moderator = UserFactory(platform_role=PlatformRole.MODERATOR)
    with pytest.raises(ValidationError):
        services.product_hide(product=product, by=moderator, reason="  ")
    with pytest.raises(PermissionDenied):
        services.product_hide(product=product, by=owner, reason="tự ẩn")
    services.product_hide(product=product, by=moderator, reason="Ảnh không đúng sản phẩm")
    product.refresh_from_db()
    assert (product.status, product.hidden_reason) == (ProductStatus.HIDDEN, "Ảnh không đúng sản phẩm")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_stock_removals_never_go_below_zero(shop):
    seller, owner = shop
    variant = product_listed(seller, owner, stock=20).variants.get()
    outcomes: list[str] = []

    def remove_one() -> None:
        try:
            services.variant_stock_adjust(
                variant=ProductVariant.objects.select_related("product__seller").get(pk=variant.pk), by=owner, delta=-1
            )
            outcomes.append("ok")
        except Conflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=remove_one) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert (outcomes.count("ok"), outcomes.count("conflict")) == (20, 30)
    assert ProductVariant.objects.get(pk=variant.pk).stock == 0
