from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from chophien.accounts.models import User
from chophien.core.errors import NotFound

from .models import Seller, SellerMember


def seller_get_public(*, slug: str) -> Seller:
    seller = Seller.objects.select_related("province", "ward").filter(slug=slug, is_active=True).first()
    if seller is None:
        raise NotFound("seller_not_found", _("Không tìm thấy cửa hàng này."))
    return seller


def seller_list(*, province_code: int | None = None, kind: str | None = None) -> QuerySet[Seller]:
    sellers = Seller.objects.select_related("province", "ward").filter(is_active=True)
    if province_code:
        sellers = sellers.filter(province_id=province_code)
    if kind:
        sellers = sellers.filter(kind=kind)
    return sellers


def seller_role_of(*, user: User, seller: Seller) -> str | None:
    member = SellerMember.objects.filter(user=user, seller=seller).only("role").first()
    return member.role if member else None


def seller_of_user(*, user: User) -> Seller | None:
    """The shop a logged-in person works for (the first one, owners first)."""
    if not user.is_authenticated:
        return None
    member = (
        SellerMember.objects.select_related("seller", "seller__province", "seller__ward")
        .filter(user=user, seller__is_active=True)
        .order_by("role", "seller_id")
        .first()
    )
    return member.seller if member else None


def seller_members(*, seller: Seller) -> list[SellerMember]:
    """Who works for ``seller``: the owner first, then staff in the order they were added."""
    return list(SellerMember.objects.select_related("user").filter(seller=seller).order_by("role", "pk"))
