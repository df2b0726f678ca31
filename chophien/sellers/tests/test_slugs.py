"""Slugs from Vietnamese names, and two requests racing for the same one."""

import pytest

from chophien.core import slugs
from chophien.core.slugs import create_with_unique_slug, slug_base
from chophien.sellers.models import Seller
from chophien.sellers.tests.factories import SellerFactory

pytestmark = pytest.mark.django_db


def test_a_slug_is_the_folded_name():
    assert slug_base("Chè Shan Tuyết Đồng Văn", fallback="x") == "che-shan-tuyet-dong-van"
    assert slug_base("🍵🍵", fallback="cua-hang") == "cua-hang"


def test_a_taken_slug_gets_the_next_number():
    SellerFactory(slug="ho-a")
    SellerFactory(slug="ho-a-2")
    seller = create_with_unique_slug(
        model=Seller, text="Hộ A", fallback="x", create=lambda slug: SellerFactory(slug=slug)
    )
    assert seller.slug == "ho-a-3"


def test_a_slug_taken_between_the_check_and_the_insert_is_retried(monkeypatch):
    # given: the check sees "ho-a" free, but another request inserts it before ours does
    real_free_slug = slugs._free_slug
    calls = []

    def racing_free_slug(queryset, base):
        slug = real_free_slug(queryset, base)
        if not calls:
            SellerFactory(slug=slug)  # the other request wins the race
        calls.append(slug)
        return slug

    monkeypatch.setattr(slugs, "_free_slug", racing_free_slug)

    # when
    seller = create_with_unique_slug(
        model=Seller, text="Hộ A", fallback="x", create=lambda slug: SellerFactory(slug=slug)
    )

    # then: no error, the next slug
    assert calls == ["ho-a", "ho-a-2"]
    assert seller.slug == "ho-a-2"
