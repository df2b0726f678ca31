"""Text over its limit is refused with the limit, never silently cut, in every service that stores
words people wrote: a shop's story and street, a live order's note, a batch's note, a variant's
label, a moderator's reason, a name given at login, an API token's name."""

from __future__ import annotations

import pytest

from chophien.accounts import services as accounts
from chophien.accounts.models import ApiToken, PlatformRole, User
from chophien.accounts.tests.factories import UserFactory
from chophien.catalog import services as catalog
from chophien.catalog.models import Product, ProductStatus
from chophien.catalog.tests.factories import product_listed
from chophien.core.errors import ValidationError
from chophien.orders.models import Checkout
from chophien.orders.reserved import ReservedLine, order_place_reserved
from chophien.orders.services import AddressInput, BuyerInput
from chophien.sellers import services as sellers
from chophien.sellers.models import Seller
from chophien.sellers.tests.factories import SIN_HO_WARD_CODE, seller_with_owner
from chophien.traceability.models import Batch
from chophien.traceability.tests.factories import shop_with_batch

pytestmark = pytest.mark.django_db


def test_a_shop_story_over_4000_characters_is_refused_at_opening_and_in_settings():
    owner = UserFactory()
    with pytest.raises(ValidationError) as error:
        sellers.seller_register(
            owner=owner, kind="household", name="Hộ A", ward_code=SIN_HO_WARD_CODE, story="a" * 4001
        )
    assert (error.value.code, error.value.field) == ("story_too_long", "story")
    assert "4001" in error.value.message and "4000" in error.value.message
    assert not Seller.objects.filter(name="Hộ A").exists()

    seller, owner = seller_with_owner()
    seller.story = "Chè Shan tuyết cổ thụ"
    seller.save(update_fields=["story"])
    with pytest.raises(ValidationError) as error:
        sellers.seller_update_profile(seller=seller, by=owner, story="b" * 4001, street="Bản Nậm Cuổi")
    assert error.value.code == "story_too_long"
    seller.refresh_from_db()
    assert seller.story == "Chè Shan tuyết cổ thụ"
    sellers.seller_update_profile(seller=seller, by=owner, story="b" * 4000, street="Bản Nậm Cuổi")
    seller.refresh_from_db()
    assert (len(seller.story), seller.street) == (4000, "Bản Nậm Cuổi")


def test_a_shop_street_over_200_characters_is_refused_not_cut():
    seller, owner = seller_with_owner()
    with pytest.raises(ValidationError) as error:
        sellers.seller_update_profile(seller=seller, by=owner, story="", street="x" * 201)
    assert (error.value.code, error.value.field) == ("street_too_long", "street")
    with pytest.raises(ValidationError) as error:
        sellers.seller_register(
            owner=UserFactory(), kind="household", name="Hộ B", ward_code=SIN_HO_WARD_CODE, street="y" * 201
        )
    assert error.value.code == "street_too_long"


def test_a_live_order_note_over_500_characters_is_refused_and_nothing_is_written():
    seller, owner = seller_with_owner()
    variant = product_listed(seller, owner, stock=10).variants.get()
    with pytest.raises(ValidationError) as error:
        order_place_reserved(
            line=ReservedLine(variant_id=variant.pk, quantity=1, unit_price=45000),
            buyer=BuyerInput(name="Chị Mai", phone="0912345678"),
            address=AddressInput(ward_code=SIN_HO_WARD_CODE, street="Bản Sìn Hồ"),
            idempotency_key="live-note-too-long-0001",
            note="n" * 501,
        )
    assert (error.value.code, error.value.field) == ("note_too_long", "note")
    assert not Checkout.objects.exists()


def test_a_batch_note_over_500_characters_is_refused():
    with pytest.raises(ValidationError) as error:
        shop_with_batch(note="trồng trên núi " * 40)
    assert (error.value.code, error.value.field) == ("note_too_long", "note")
    assert not Batch.objects.exists()


def test_a_variant_label_over_60_characters_is_refused():
    seller, owner = seller_with_owner()
    with pytest.raises(ValidationError) as error:
        catalog.product_create(
            seller=seller,
            by=owner,
            name="Mật ong bạc hà",
            price=0,
            stock=0,
            variants=[catalog.VariantInput(label="l" * 61, price="350k", stock="5")],
        )
    assert error.value.code == "variant_label_too_long"
    assert not Product.objects.exists()


def test_a_moderator_reason_over_300_characters_is_refused_and_the_product_stays_visible():
    seller, owner = seller_with_owner()
    product = product_listed(seller, owner)
    moderator = UserFactory(platform_role=PlatformRole.MODERATOR)
    with pytest.raises(ValidationError) as error:
        catalog.product_hide(product=product, by=moderator, reason="r" * 301)
    assert error.value.code == "reason_too_long"
    product.refresh_from_db()
    assert product.status != ProductStatus.HIDDEN


def test_a_name_at_first_login_and_a_token_name_over_their_limits_are_refused():
    with pytest.raises(ValidationError) as error:
        accounts.otp_verify(phone="0912345678", code="000000", full_name="H" * 121)
    assert (error.value.code, error.value.field) == ("name_too_long", "full_name")
    assert not User.objects.filter(phone="0912345678").exists()
    user = UserFactory()
    with pytest.raises(ValidationError) as error:
        accounts.api_token_issue(user=user, name="k" * 81)
    assert error.value.code == "name_too_long"
    assert not ApiToken.objects.filter(user=user).exists()
