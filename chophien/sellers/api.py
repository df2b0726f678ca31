"""Sellers: the public directory, and opening a shop with a bearer token."""

from typing import Annotated, Any

from django.db.models import Count, Q
from django.http import HttpRequest
from ninja import Field, Router, Status

from chophien.accounts.auth import TokenAuth
from chophien.core.schemas import Id, Slug

from . import selectors, services
from .models import Seller
from .schemas import SellerOut, SellerRegisterIn

router = Router(tags=["sellers"])


def _seller_out(seller: Seller, product_count: int = 0) -> dict[str, Any]:
    return {
        "id": seller.id,
        "slug": seller.slug,
        "name": seller.name,
        "kind": seller.kind,
        "kind_label": seller.get_kind_display(),
        "province": seller.province.short_name,
        "ward": seller.ward.name,
        "story": seller.story,
        "product_count": product_count,
    }


@router.get("/sellers", response=list[SellerOut], summary="Danh sách người bán")
def list_sellers(
    request: HttpRequest, province: Id | None = None, kind: Annotated[str, Field(max_length=20)] | None = None
) -> list[dict[str, Any]]:
    sellers = selectors.seller_list(province_code=province, kind=kind).annotate(
        product_count=Count("products", filter=Q(products__status="active"))
    )
    return [_seller_out(s, s.product_count) for s in sellers]


@router.get("/sellers/{slug}", response=SellerOut, summary="Một người bán")
def get_seller(request: HttpRequest, slug: Slug) -> dict[str, Any]:
    seller = selectors.seller_get_public(slug=slug)
    return _seller_out(seller, seller.products.filter(status="active").count())


@router.post("/seller", response={201: SellerOut}, auth=TokenAuth(), summary="Mở cửa hàng")
def register_seller(request: HttpRequest, payload: SellerRegisterIn) -> Status[dict[str, Any]]:
    user = request.auth  # type: ignore[attr-defined]
    seller = services.seller_register(
        owner=user,
        kind=payload.kind,
        name=payload.name,
        ward_code=payload.ward_code,
        street=payload.street,
        story=payload.story,
    )
    return Status(201, _seller_out(seller))
