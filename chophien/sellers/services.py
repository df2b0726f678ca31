"""Opening a shop and managing who works in it."""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify

from chophien.accounts.models import User
from chophien.core.errors import Conflict, PermissionDenied, ValidationError
from chophien.core.text import fold
from chophien.places.selectors import address_build

from .models import Seller, SellerKind, SellerMember, SellerRole
from .selectors import seller_of_user, seller_role_of

MAX_NAME_LENGTH = 120


def clean_name(raw: str, *, what: str = "Tên") -> str:
    name = " ".join((raw or "").split())
    if not name:
        raise ValidationError("empty_name", f"{what} không được để trống.", field="name")
    if len(name) > MAX_NAME_LENGTH:
        raise ValidationError("name_too_long", f"{what} quá dài (tối đa {MAX_NAME_LENGTH} ký tự).", field="name")
    return name


def unique_slug(model: type[Seller], text: str) -> str:
    base = slugify(fold(text))[:100] or "cua-hang"
    slug, n = base, 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def seller_register(
    *, owner: User, kind: str, name: str, ward_code: int | str, street: str = "", story: str = ""
) -> Seller:
    """Open a shop with ``owner`` as its owner. Raises ValidationError for a bad name, kind or ward,
    Conflict ``already_seller`` when ``owner`` already works for an active shop.
    """
    if kind not in SellerKind.values:
        raise ValidationError(
            "invalid_seller_kind", "Vui lòng chọn: hộ sản xuất, hợp tác xã hoặc doanh nghiệp.", field="kind"
        )
    shop_name = clean_name(name, what="Tên cửa hàng")
    address = address_build(ward_code=ward_code, street=street or "-")
    # The owner's row is the lock: two simultaneous sign-ups of one person open one shop, not two.
    User.objects.select_for_update().get(pk=owner.pk)
    if seller_of_user(user=owner) is not None:
        raise Conflict("already_seller", "Tài khoản này đã có cửa hàng.")
    seller = Seller.objects.create(
        kind=kind,
        name=shop_name,
        slug=unique_slug(Seller, shop_name),
        ward=address.ward,
        province=address.ward.province,
        street=(street or "").strip()[:200],
        story=(story or "").strip()[:4000],
        phone=owner.phone,
    )
    SellerMember.objects.create(seller=seller, user=owner, role=SellerRole.OWNER)
    return seller


def seller_add_staff(*, seller: Seller, by: User, staff: User) -> SellerMember:
    if seller_role_of(user=by, seller=seller) != SellerRole.OWNER:
        raise PermissionDenied("not_owner", "Chỉ chủ cửa hàng mới thêm được nhân viên.")
    member, _ = SellerMember.objects.get_or_create(seller=seller, user=staff, defaults={"role": SellerRole.STAFF})
    return member
