"""What sellers and viewers do around claims: delivery details that turn holds into orders, a tap
on our own live page, the seller's undo and block, and telling the waitlist when a product is
back. Claims themselves are ``claims``'s; comments, ``ingest``'s.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chophien.accounts.models import User
from chophien.core.errors import Conflict, NotFound
from chophien.core.links import site_url
from chophien.core.phone import normalize_phone
from chophien.messaging.services import message_send
from chophien.orders.lines import quantity_parse
from chophien.places.selectors import address_build
from chophien.sellers.services import clean_name, seller_check

from .claims import claim_make, claim_release, claim_to_order, order_if_possible
from .models import Claim, ClaimStatus, LiveSession, Pin, SessionStatus, Viewer
from .viewers import viewer_forget

WAITLIST_TELL_LIMIT = 2000  # messages per press; a second press tells the rest

# -- claims become orders ------------------------------------------------------------------------


@transaction.atomic
def viewer_set_delivery(*, viewer: Viewer, name: str, phone: str, ward_code: Any, street: str) -> Viewer:
    """Remember where a viewer's orders go: their held claims, and every later one, become orders."""
    buyer_name = clean_name(name, what=_("Họ tên người nhận"))
    national = normalize_phone(phone)
    place = address_build(ward_code=ward_code, street=street)
    Viewer.objects.filter(pk=viewer.pk).update(
        buyer_name=buyer_name, phone=national, ward=place.ward, street=place.street
    )
    viewer.refresh_from_db()
    viewer_forget(viewer)
    for claim_id in Claim.objects.filter(viewer=viewer, status=ClaimStatus.HELD).values_list("pk", flat=True):
        claim_to_order(claim_id=claim_id)
    return viewer


def claim_tap(*, pin: Pin, viewer: Viewer, quantity: Any = 1, tap: str = "") -> tuple[Claim, list[str]]:
    """ "Chốt" tapped on our own live page: a claim, and at once an order when the viewer gave phone
    and address. Returns the claim and the reasons it did not become an order, if any."""
    status = LiveSession.objects.filter(pk=pin.session_id).values_list("status", flat=True).first()
    if status != SessionStatus.LIVE:
        raise Conflict("session_not_live", _("Phiên live không đang diễn ra."))
    claim = claim_make(
        pin=pin,
        viewer=viewer,
        quantity=quantity_parse(quantity),
        text=f"chốt {pin.code} {tap}".strip(),  # the page's tap token: a double tap is one claim
        received_at=timezone.now(),
    )
    refusals: list[str] = []
    viewer.refresh_from_db()
    if viewer.can_order_at_once:
        claim = order_if_possible(claim, refusals)
    return claim, refusals


@transaction.atomic
def claim_undo(*, session: LiveSession, by: User, claim_id: int) -> Claim:
    """The seller takes back a claim made by mistake (a misread comment): its units go back, the
    waitlist first. A claim that is already an order is cancelled on the order desk instead."""
    seller_check(seller=session.seller, by=by)
    if not Claim.objects.filter(pk=claim_id, pin__session=session).exists():
        raise NotFound("claim_not_found", _("Không tìm thấy lượt chốt này."))
    return claim_release(claim_id=claim_id, to_status=ClaimStatus.CANCELLED)


@transaction.atomic
def viewer_block(*, session: LiveSession, by: User, viewer_id: int) -> Viewer:
    """Block a spammer: their comments are read but claim nothing; what they hold goes back."""
    seller_check(seller=session.seller, by=by)
    viewer = Viewer.objects.filter(pk=viewer_id, session=session).first()
    if viewer is None:
        raise NotFound("viewer_not_found", _("Không tìm thấy người xem này."))
    Viewer.objects.filter(pk=viewer.pk).update(is_blocked=True)
    viewer_forget(viewer)
    for claim_id in Claim.objects.filter(
        viewer=viewer, status__in=(ClaimStatus.HELD, ClaimStatus.WAITLISTED)
    ).values_list("pk", flat=True):
        claim_release(claim_id=claim_id, to_status=ClaimStatus.CANCELLED)
    viewer.refresh_from_db()
    return viewer


def waitlist_tell_back(*, session: LiveSession, by: User) -> int:
    """After the live: tell each waiting buyer who left a phone that the product they waited for is
    in the shop again (its stock is above zero), once per buyer and product, with a link to it.
    Returns how many were told."""
    seller_check(seller=session.seller, by=by)
    if session.status != SessionStatus.ENDED:
        raise Conflict("session_not_ended", _("Phiên live chưa kết thúc: người chờ đang được giữ hàng tự động."))
    with transaction.atomic():
        waiting = (
            Claim.objects.select_for_update(of=("self",), skip_locked=True)
            .filter(pin__session=session, status=ClaimStatus.WAITLISTED, told_back_at__isnull=True)
            .filter(pin__variant__stock__gt=0)
            .exclude(viewer__phone="")
            .select_related("pin__variant__product", "viewer")
            .order_by("received_at", "id")[:WAITLIST_TELL_LIMIT]
        )
        sent: set[tuple[str, int]] = set()
        claims = list(waiting)
        for claim in claims:
            product = claim.pin.variant.product
            if (claim.viewer.phone, product.pk) in sent:
                continue
            sent.add((claim.viewer.phone, product.pk))
            link = site_url(reverse("catalog:product", args=[product.slug]))
            message_send(
                phone=claim.viewer.phone,
                template="live_back_in_stock",
                params={"product": product.name, "link": link},
                text=f"Chợ Phiên: {product.name} đã có hàng trở lại. Đặt hàng tại: {link}",
                seller_id=session.seller_id,
            )
        Claim.objects.filter(pk__in=[c.pk for c in claims]).update(told_back_at=timezone.now())
    return len(sent)
