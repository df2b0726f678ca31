"""Opening a shop and managing who works in it."""

from __future__ import annotations

import secrets

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from chophien.accounts.models import User
from chophien.core.errors import Conflict, NotFound, PermissionDenied, ValidationError, text_limit_check
from chophien.core.images import photo_check, portrait_render
from chophien.core.links import site_url
from chophien.core.phone import normalize_phone
from chophien.core.slugs import create_with_unique_slug
from chophien.messaging.services import message_send
from chophien.places.selectors import address_build

from .models import Seller, SellerKind, SellerMember, SellerRole
from .selectors import seller_of_user, seller_role_of

MAX_NAME_LENGTH = 120
MAX_STORY_LENGTH = 4000  # Seller.story


def clean_name(raw: str, *, what: str | None = None) -> str:
    """``raw`` with its spaces collapsed. ``what`` names the field in the error (translated; "Tên" if None)."""
    label = _("Tên") if what is None else what
    name = " ".join((raw or "").split())
    if not name:
        raise ValidationError("empty_name", _("%(what)s không được để trống.") % {"what": label}, field="name")
    if len(name) > MAX_NAME_LENGTH:
        raise ValidationError(
            "name_too_long",
            _("%(what)s quá dài (tối đa %(limit)s ký tự).") % {"what": label, "limit": MAX_NAME_LENGTH},
            field="name",
        )
    return name


@transaction.atomic
def seller_register(
    *, owner: User, kind: str, name: str, ward_code: int | str, street: str = "", story: str = ""
) -> Seller:
    """Open a shop with ``owner`` as its owner. Raises ValidationError for a bad name, kind or ward,
    Conflict ``already_seller`` when ``owner`` already works for an active shop.
    """
    if kind not in SellerKind.values:
        raise ValidationError(
            "invalid_seller_kind", _("Vui lòng chọn: hộ sản xuất, hợp tác xã hoặc doanh nghiệp."), field="kind"
        )
    shop_name = clean_name(name, what=_("Tên cửa hàng"))
    address = address_build(ward_code=ward_code, street=street or "-")
    story_text = _story_check(story)
    # The owner's row is the lock: two simultaneous sign-ups of one person open one shop, not two.
    User.objects.select_for_update().get(pk=owner.pk)
    if seller_of_user(user=owner) is not None:
        raise Conflict("already_seller", _("Tài khoản này đã có cửa hàng."))
    seller = create_with_unique_slug(
        model=Seller,
        text=shop_name,
        fallback="cua-hang",
        create=lambda slug: Seller.objects.create(
            kind=kind,
            name=shop_name,
            slug=slug,
            ward=address.ward,
            province=address.ward.province,
            street=address.street if (street or "").strip() else "",
            story=story_text,
            phone=owner.phone,
        ),
    )
    SellerMember.objects.create(seller=seller, user=owner, role=SellerRole.OWNER)
    return seller


def _story_check(story: str | None) -> str:
    """The shop's story as written (spaces at its ends trimmed); refused over its limit, never cut."""
    return text_limit_check(
        text=(story or "").strip(), limit=MAX_STORY_LENGTH, code="story_too_long", field="story", what=_("Câu chuyện")
    )


def seller_check(*, seller: Seller, by: User) -> None:
    """Raise PermissionDenied ``not_your_shop`` unless ``by`` works for ``seller`` (any role)."""
    if seller_role_of(user=by, seller=seller) is None:
        raise PermissionDenied("not_your_shop", _("Bạn không làm việc cho cửa hàng này."))


def _check_owner(*, seller: Seller, by: User, refusal: str) -> None:
    """Raise PermissionDenied ``not_owner`` with ``refusal`` (a whole sentence, so that it translates
    as one) unless ``by`` owns ``seller``."""
    if seller_role_of(user=by, seller=seller) != SellerRole.OWNER:
        raise PermissionDenied("not_owner", refusal)


def seller_add_staff(*, seller: Seller, by: User, staff: User) -> SellerMember:
    """Let ``staff`` work for ``seller`` (``by`` must own it); adding someone twice changes nothing.

    Raises PermissionDenied ``not_owner``, Conflict ``works_elsewhere`` when ``staff`` already works
    for another active shop (a person works for one shop, so that their dashboard is not ambiguous).
    """
    _check_owner(seller=seller, by=by, refusal=_("Chỉ chủ cửa hàng mới thêm được nhân viên."))
    elsewhere = SellerMember.objects.filter(user=staff, seller__is_active=True).exclude(seller=seller)
    if elsewhere.exists():
        raise Conflict("works_elsewhere", _("Số điện thoại này đã làm việc cho một cửa hàng khác."), field="phone")
    member, _created = SellerMember.objects.get_or_create(
        seller=seller, user=staff, defaults={"role": SellerRole.STAFF}
    )
    return member


@transaction.atomic
def seller_add_staff_by_phone(*, seller: Seller, by: User, phone: str) -> SellerMember:
    """Add the person with this phone as staff, creating their account (they log in with a code).

    They are told by message after commit. Raises ValidationError ``invalid_phone`` and what
    ``seller_add_staff`` raises.
    """
    national = normalize_phone(phone)
    staff, created = User.objects.get_or_create(phone=national)
    if created:
        staff.set_unusable_password()
        staff.save(update_fields=["password"])
    member = seller_add_staff(seller=seller, by=by, staff=staff)
    message_send(
        phone=national,
        template="staff_added",
        params={"shop": seller.name, "link": site_url(reverse("accounts:login"))},
        text=f"Bạn được thêm làm nhân viên cửa hàng {seller.name} trên Chợ Phiên. Đăng nhập bằng số điện thoại này.",
        seller_id=seller.pk,
    )
    return member


def seller_remove_staff(*, seller: Seller, by: User, member_id: int) -> None:
    """Remove a staff member (``by`` must own the shop). The owner cannot be removed."""
    _check_owner(seller=seller, by=by, refusal=_("Chỉ chủ cửa hàng mới bớt được nhân viên."))
    member = SellerMember.objects.filter(pk=member_id, seller=seller).first()
    if member is None:
        raise NotFound("member_not_found", _("Không tìm thấy nhân viên này."))
    if member.role == SellerRole.OWNER:
        raise Conflict("cannot_remove_owner", _("Không thể bớt chủ cửa hàng."))
    member.delete()


def seller_update_profile(
    *,
    seller: Seller,
    by: User,
    story: str,
    street: str,
    photo: UploadedFile | None = None,
    kind: str | None = None,
    ward_code: int | str | None = None,
) -> Seller:
    """Change what the shop page tells about the seller (``by`` must own it); ``kind`` and
    ``ward_code`` (the shop's commune, which also sets its province) change when given.

    A new photo is checked and cut to a small square portrait before anything is saved, so a bad
    file changes nothing. Raises ValidationError for a bad photo, kind or ward, PermissionDenied
    ``not_owner``. Products keep the place of origin they were listed with.
    """
    _check_owner(seller=seller, by=by, refusal=_("Chỉ chủ cửa hàng mới sửa được thông tin cửa hàng."))
    if kind is not None and kind not in SellerKind.values:
        raise ValidationError(
            "invalid_seller_kind", _("Vui lòng chọn: hộ sản xuất, hợp tác xã hoặc doanh nghiệp."), field="kind"
        )
    # The street line is checked (its length too) with or without a new commune: the shop's own
    # commune stands in when none is given.
    address = address_build(
        ward_code=ward_code if ward_code not in (None, "") else seller.ward_id, street=street or "-"
    )
    ward = address.ward if ward_code not in (None, "") else None
    story_text = _story_check(story)
    portrait = None
    if photo is not None:
        photo_check(photo, field="photo")
        portrait = portrait_render(photo)
    seller.story = story_text
    seller.street = address.street if (street or "").strip() else ""
    fields = ["story", "street"]
    if kind is not None:
        seller.kind = kind
        fields.append("kind")
    if ward is not None:
        seller.ward, seller.province = ward, ward.province
        fields += ["ward", "province"]
    if portrait is not None:
        old_photo = seller.photo.name
        seller.photo.save(f"s{seller.pk}-{secrets.token_hex(4)}.webp", ContentFile(portrait), save=False)
        fields.append("photo")
    seller.save(update_fields=fields)
    if portrait is not None and old_photo:
        seller.photo.storage.delete(old_photo)
    return seller
