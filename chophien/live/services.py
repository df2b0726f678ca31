"""Live selling: claims made from comments, in order of arrival, never beyond the pinned units.

Units move twice, both times by conditional updates: from the variant's stock to a pin when the
seller pins a product (``set_aside``), and from the pin's ``available`` to a viewer's claim. A claim
beyond what is left waits in the pin's waitlist; units released by a cancelled or expired claim go
to the waitlist first, oldest claim first. Everything a claim touches is one transaction.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from chophien.accounts.models import User
from chophien.catalog.models import ProductVariant
from chophien.core.errors import Conflict, NotFound, ValidationError
from chophien.core.phone import normalize_phone
from chophien.core.text import fold
from chophien.orders.lines import quantity_parse
from chophien.orders.reserved import ReservedLine, order_place_reserved
from chophien.orders.services import AddressInput, BuyerInput
from chophien.places.selectors import address_build
from chophien.sellers.services import clean_name

from . import comments
from .models import Claim, ClaimStatus, LiveSession, Pin, PinStatus, Platform, SessionStatus, Viewer
from .sessions import pins_with_reader, publish_after_commit, seller_check

DEDUP_WINDOW = timedelta(seconds=60)
MAX_LIVE_QUANTITY = 9999  # per claim; a larger "chốt" is a typo, not an order


@dataclass(frozen=True)
class CommentOutcome:
    """What one comment did: how it was read, the claims it made or ended, and why not, if not."""

    reading: comments.ReadComment
    claims: tuple[Claim, ...] = ()
    refusals: tuple[str, ...] = ()  # Vietnamese reasons for the console


def viewer_get(*, session: LiveSession, platform: str, platform_user_id: str, display_name: str = "") -> Viewer:
    if platform not in Platform.values:
        raise ValidationError("invalid_platform", _("Nền tảng không đúng."), field="platform")
    user_id = (platform_user_id or "").strip()[:120]
    if not user_id:
        raise ValidationError("unknown_viewer", _("Thiếu mã người xem."), field="platform_user_id")
    viewer, _created = Viewer.objects.get_or_create(
        session=session,
        platform=platform,
        platform_user_id=user_id,
        defaults={"display_name": (display_name or "").strip()[:120]},
    )
    return viewer


def comment_ingest(
    *,
    session: LiveSession,
    platform: str,
    platform_user_id: str,
    display_name: str = "",
    text: str,
    received_at: datetime | None = None,
) -> CommentOutcome:
    """Read one comment and act on it: claims for an order, releases for a cancel, nothing else.

    Never raises for what a viewer wrote: refusals (a paused pin, a quantity of 0, over the limit,
    a blocked viewer, an ended session) come back as reasons for the console.
    """
    pins, reader = pins_with_reader(session)
    reading = reader.read(text)
    if session.status != SessionStatus.LIVE:
        return CommentOutcome(reading, refusals=(_("Phiên live không đang diễn ra."),))
    viewer = _viewer_cached(
        session=session, platform=platform, platform_user_id=platform_user_id, display_name=display_name
    )
    if viewer.is_blocked:
        return CommentOutcome(reading, refusals=(_("Người xem này đã bị chặn."),))
    if reading.phone and not viewer.phone:
        Viewer.objects.filter(pk=viewer.pk).update(phone=reading.phone)
        viewer.phone = reading.phone
    at = received_at or timezone.now()
    made: list[Claim] = []
    refusals: list[str] = []
    if reading.intent == comments.ORDER:
        for item in reading.items:
            try:
                made.append(
                    claim_make(pin=pins[item.code], viewer=viewer, quantity=item.quantity, text=text, received_at=at)
                )
            except (ValidationError, Conflict) as refusal:
                refusals.append(refusal.message)
        if viewer.can_order_at_once:
            made = [_order_if_possible(claim, refusals) for claim in made]
    elif reading.intent == comments.CANCEL:
        for item in reading.items:
            made.extend(claims_cancel_by_viewer(pin=pins[item.code], viewer=viewer))
    elif reading.intent == comments.UNKNOWN_CODE:
        refusals.append(
            _("Mã %(codes)s không có trong phiên này.") % {"codes": ", ".join(i.code for i in reading.items)}
        )
    return CommentOutcome(reading, tuple(made), tuple(refusals))


def _order_if_possible(claim: Claim, refusals: list[str]) -> Claim:
    """A held claim of a viewer who gave phone and address becomes their order at once."""
    if claim.status != ClaimStatus.HELD:
        return claim
    try:
        return claim_to_order(claim_id=claim.pk)
    except (ValidationError, Conflict) as refusal:
        refusals.append(refusal.message)  # e.g. the seller refuses COD for this phone: the hold stays
        return claim


_viewers_cache: dict[tuple[int, str, str], tuple[float, Viewer]] = {}


def _viewer_cached(*, session: LiveSession, platform: str, platform_user_id: str, display_name: str) -> Viewer:
    """``viewer_get``, kept by the process as long as the pins (the same viewers comment again and
    again in a flood). Whether they are blocked is read again under the lock when they claim."""
    ttl = float(getattr(settings, "LIVE_PINS_CACHE_SECONDS", 1.0))
    key = (session.pk, platform, (platform_user_id or "").strip()[:120])
    cached = _viewers_cache.get(key)
    if cached is not None and cached[0] > time.monotonic():
        return cached[1]
    viewer = viewer_get(
        session=session, platform=platform, platform_user_id=platform_user_id, display_name=display_name
    )
    if ttl > 0:
        if len(_viewers_cache) > 50_000:
            _viewers_cache.clear()
        _viewers_cache[key] = (time.monotonic() + ttl, viewer)
    return viewer


def _dedup_key(viewer: Viewer, pin: Pin, text: str) -> str:
    return hashlib.sha256(f"{viewer.pk}:{pin.pk}:{fold(text)}".encode()).hexdigest()


@transaction.atomic
def claim_make(*, pin: Pin, viewer: Viewer, quantity: int | None, text: str = "", received_at: datetime) -> Claim:
    """Hold ``quantity`` units of ``pin`` for ``viewer`` if they are left, else put the claim on the
    waitlist. The same comment again within DEDUP_WINDOW returns the first claim.

    Raises ValidationError ``invalid_quantity``, Conflict ``pin_paused`` and ``over_buyer_limit``.
    """
    if quantity is None or not 1 <= quantity <= MAX_LIVE_QUANTITY:
        raise ValidationError(
            "invalid_quantity",
            _("Số lượng %(quantity)s không hợp lệ (từ 1 đến %(limit)s).")
            % {"quantity": quantity, "limit": MAX_LIVE_QUANTITY},
        )
    # The viewer's row is the lock for their own claims: the limit and the repeat check hold; and it
    # is read fresh here, so a viewer blocked a moment ago (in any process) claims nothing.
    is_blocked = Viewer.objects.select_for_update().filter(pk=viewer.pk).values_list("is_blocked", flat=True).first()
    if is_blocked:
        raise Conflict("viewer_blocked", _("Người xem này đã bị chặn."))
    key = _dedup_key(viewer, pin, text)
    repeat = Claim.objects.filter(dedup_key=key, received_at__gte=received_at - DEDUP_WINDOW).first()
    if repeat is not None:
        return repeat
    current = Pin.objects.filter(pk=pin.pk).values_list("status", "per_buyer_limit", "session__hold_minutes").first()
    if current is None or current[0] != PinStatus.ACTIVE:
        raise Conflict("pin_paused", _("Mã %(code)s đang tạm dừng bán.") % {"code": pin.code})
    limit = current[1]
    if limit:
        already = (
            Claim.objects.filter(
                pin=pin, viewer=viewer, status__in=(ClaimStatus.HELD, ClaimStatus.ORDERED, ClaimStatus.WAITLISTED)
            ).aggregate(n=Sum("quantity"))["n"]
            or 0
        )
        if already + quantity > limit:
            raise Conflict(
                "over_buyer_limit",
                _("Mỗi người mua tối đa %(limit)s %(code)s.") % {"limit": limit, "code": pin.code},
            )
    # Units released to a waitlist are the waitlist's: a new claim queues behind it.
    queue_ahead = Claim.objects.filter(pin=pin, status=ClaimStatus.WAITLISTED).exists()
    held = not queue_ahead and Pin.objects.filter(pk=pin.pk, status=PinStatus.ACTIVE, available__gte=quantity).update(
        available=F("available") - quantity
    )
    hold_minutes = current[2] or 15
    publish_after_commit(pin.session_id)
    return Claim.objects.create(
        pin=pin,
        viewer=viewer,
        quantity=quantity,
        status=ClaimStatus.HELD if held else ClaimStatus.WAITLISTED,
        comment_text=(text or "")[:500],
        received_at=received_at,
        hold_until=received_at + timedelta(minutes=hold_minutes) if held else None,
        dedup_key=key,
    )


@transaction.atomic
def claim_release(*, claim_id: int, to_status: str) -> Claim:
    """End a held or waiting claim (cancelled, expired): held units go back to the pin and the
    waitlist takes them first. Ending a claim twice changes nothing."""
    if to_status not in (ClaimStatus.CANCELLED, ClaimStatus.EXPIRED):
        raise ValidationError("invalid_status", _("Trạng thái không đúng."))
    claim = Claim.objects.select_for_update().filter(pk=claim_id).first()
    if claim is None:
        raise NotFound("claim_not_found", _("Không tìm thấy lượt chốt này."))
    if claim.status not in (ClaimStatus.HELD, ClaimStatus.WAITLISTED):
        return claim
    was_held = claim.status == ClaimStatus.HELD
    claim.status = to_status
    claim.save(update_fields=["status"])
    if was_held:
        pin = Pin.objects.select_for_update().select_related("session").get(pk=claim.pin_id)
        if pin.status == PinStatus.REMOVED or pin.session.status == SessionStatus.ENDED:
            # Nothing sells on this pin any more: the units go back to the product's stock.
            ProductVariant.objects.filter(pk=pin.variant_id).update(stock=F("stock") + claim.quantity)
            Pin.objects.filter(pk=pin.pk).update(set_aside=F("set_aside") - claim.quantity)
        else:
            Pin.objects.filter(pk=pin.pk).update(available=F("available") + claim.quantity)
            waitlist_serve(pin_id=pin.pk)
            publish_after_commit(pin.session_id)
    return claim


def claims_cancel_by_viewer(*, pin: Pin, viewer: Viewer) -> list[Claim]:
    """ "huỷ A1": the viewer's held and waiting claims on this pin end."""
    ids = list(
        Claim.objects.filter(pin=pin, viewer=viewer, status__in=(ClaimStatus.HELD, ClaimStatus.WAITLISTED)).values_list(
            "pk", flat=True
        )
    )
    return [claim_release(claim_id=claim_id, to_status=ClaimStatus.CANCELLED) for claim_id in ids]


def waitlist_serve(*, pin_id: int) -> list[Claim]:
    """Give released units to waiting claims, oldest first; stop at the first that does not fit, so
    that a later, smaller claim never passes an earlier one. Call inside a transaction.

    The queue is read one claim at a time: a release serves one or two claims, and locking a
    waitlist of thousands each time would be work thrown away.
    """
    served: list[Claim] = []
    hold_minutes = LiveSession.objects.filter(pins__pk=pin_id).values_list("hold_minutes", flat=True).first() or 15
    waiting = (
        Claim.objects.select_for_update()
        .filter(pin_id=pin_id, status=ClaimStatus.WAITLISTED)
        .order_by("received_at", "id")
    )
    while (claim := waiting.first()) is not None:
        taken = Pin.objects.filter(pk=pin_id, status=PinStatus.ACTIVE, available__gte=claim.quantity).update(
            available=F("available") - claim.quantity
        )
        if not taken:
            break
        claim.status = ClaimStatus.HELD
        claim.hold_until = timezone.now() + timedelta(minutes=hold_minutes)
        claim.save(update_fields=["status", "hold_until"])
        served.append(claim)
    return served


def claims_expire(*, now: datetime | None = None) -> int:
    """Release every held claim whose hold has run out; returns how many."""
    moment = now or timezone.now()
    ids = list(Claim.objects.filter(status=ClaimStatus.HELD, hold_until__lt=moment).values_list("pk", flat=True))
    for claim_id in ids:
        claim_release(claim_id=claim_id, to_status=ClaimStatus.EXPIRED)
    return len(ids)


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
    for claim_id in Claim.objects.filter(viewer=viewer, status=ClaimStatus.HELD).values_list("pk", flat=True):
        claim_to_order(claim_id=claim_id)
    return viewer


@transaction.atomic
def claim_to_order(*, claim_id: int) -> Claim:
    """Turn a held claim of a viewer with delivery details into a COD order at the live price.

    The units are the claim's already: no stock moves, the pin keeps fewer units set aside. Twice
    is once (the order's idempotency key is the claim's). Raises Conflict ``claim_not_held``,
    ValidationError ``no_delivery_details``, and what the order's COD rule raises.
    """
    claim = Claim.objects.select_for_update(of=("self",)).select_related("pin", "viewer").filter(pk=claim_id).first()
    if claim is None:
        raise NotFound("claim_not_found", _("Không tìm thấy lượt chốt này."))
    if claim.status == ClaimStatus.ORDERED:
        return claim
    if claim.status != ClaimStatus.HELD:
        raise Conflict("claim_not_held", _("Lượt chốt này đã hết hạn hoặc đã huỷ."))
    viewer = claim.viewer
    if not viewer.can_order_at_once:
        raise ValidationError("no_delivery_details", _("Người xem chưa có số điện thoại và địa chỉ giao hàng."))
    order = order_place_reserved(
        line=ReservedLine(variant_id=claim.pin.variant_id, quantity=claim.quantity, unit_price=claim.pin.live_price),
        buyer=BuyerInput(name=viewer.buyer_name, phone=viewer.phone),
        address=AddressInput(ward_code=viewer.ward_id, street=viewer.street),
        idempotency_key=f"live-claim-{claim.pk}",
        note=_("Chốt trong phiên live: %(comment)s") % {"comment": claim.comment_text[:200]},
    )
    claim.status, claim.order = ClaimStatus.ORDERED, order
    claim.save(update_fields=["status", "order"])
    Pin.objects.filter(pk=claim.pin_id).update(set_aside=F("set_aside") - claim.quantity)
    return claim


def claim_tap(*, pin: Pin, viewer: Viewer, quantity: Any = 1, tap: str = "") -> tuple[Claim, list[str]]:
    """ "Chốt" tapped on our own live page: a claim, and at once an order when the viewer gave phone
    and address. Returns the claim and the reasons it did not become an order, if any."""
    session = LiveSession.objects.filter(pk=pin.session_id).values_list("status", flat=True).first()
    if session != SessionStatus.LIVE:
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
        claim = _order_if_possible(claim, refusals)
    return claim, refusals


def comments_import(
    *, session: LiveSession, by: User, text: str, platform: str = Platform.TIKTOK
) -> list[CommentOutcome]:
    """A pasted or uploaded comment export, one comment a line: "name: comment" or just the comment.

    For a seller whose platform cannot reach us; lines are taken in order, as they arrived.
    """
    seller_check(seller=session.seller, by=by)
    outcomes = []
    for number, line in enumerate((text or "").splitlines()[:5000], start=1):
        if not line.strip():
            continue
        name, _sep, comment = line.partition(":") if ":" in line[:60] else ("", "", line)
        who = name.strip() or f"dong-{number}"
        outcomes.append(
            comment_ingest(
                session=session, platform=platform, platform_user_id=who, display_name=who, text=comment.strip()
            )
        )
    return outcomes


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
    _viewers_cache.pop((viewer.session_id, viewer.platform, viewer.platform_user_id), None)
    for claim_id in Claim.objects.filter(
        viewer=viewer, status__in=(ClaimStatus.HELD, ClaimStatus.WAITLISTED)
    ).values_list("pk", flat=True):
        claim_release(claim_id=claim_id, to_status=ClaimStatus.CANCELLED)
    viewer.refresh_from_db()
    return viewer


CLAIM_LINK_SALT = "chophien.live.claim"


def claim_link_token(*, claim: Claim) -> str:
    """A token for the link that lets a viewer known only by a platform name finish their order."""
    return signing.dumps(claim.pk, salt=CLAIM_LINK_SALT, compress=True)


def claim_from_link(*, token: str) -> Claim:
    """The claim a link names. Raises NotFound ``claim_link_invalid`` for a forged or mangled token."""
    try:
        claim_id = signing.loads(token, salt=CLAIM_LINK_SALT)
    except signing.BadSignature:
        raise NotFound("claim_link_invalid", _("Đường dẫn giữ hàng không đúng.")) from None
    claim = (
        Claim.objects.select_related("pin__variant__product", "pin__session__seller", "viewer")
        .filter(pk=claim_id)
        .first()
    )
    if claim is None:
        raise NotFound("claim_link_invalid", _("Đường dẫn giữ hàng không đúng."))
    return claim


def claim_reply_text(*, claim: Claim, link: str) -> str:
    """What the seller pastes under the viewer's comment, in Vietnamese, the buyers' language."""
    minutes = claim.pin.session.hold_minutes
    return (
        f"@{claim.viewer.display_name or claim.viewer.platform_user_id} Shop giữ {claim.pin.code} x{claim.quantity} "
        f"cho bạn {minutes} phút. Điền địa chỉ để đặt hàng (trả tiền khi nhận): {link}"
    )
