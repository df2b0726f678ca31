"""Claims: units of a pin held for viewers in order of arrival, never beyond what was set aside.

Units move twice, both times by conditional updates: from the variant's stock to a pin when the
seller pins a product (``Pin.set_aside``), and from the pin's ``available`` to a viewer's claim. A
claim beyond what is left waits in the pin's waitlist; units released by a cancelled or expired
claim go to the waitlist first, oldest claim first.

Locks are always taken in one order, so that a flood of concurrent batches never deadlocks:
viewers (by id), then pins (by id), then claims. Viewers and pins are locked FOR NO KEY UPDATE,
which the foreign-key checks of rows inserted meanwhile (comments, claims) do not wait for.
``claims_place`` makes every claim of a webhook batch with a fixed handful of statements,
whatever the batch's size.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from chophien.catalog.models import ProductVariant
from chophien.core.errors import Conflict, DomainError, NotFound, ValidationError
from chophien.core.text import fold
from chophien.messaging.services import message_send
from chophien.orders.reserved import ReservedLine, order_place_reserved
from chophien.orders.services import AddressInput, BuyerInput

from .links import claim_link
from .models import Claim, ClaimStatus, Pin, PinStatus, SessionStatus, Viewer
from .sessions import publish_after_commit

DEDUP_WINDOW = timedelta(seconds=60)
MAX_LIVE_QUANTITY = 9999  # per claim; a larger "chốt" is a typo, not an order
DEFAULT_HOLD_MINUTES = 15
COUNTED = (ClaimStatus.HELD, ClaimStatus.ORDERED, ClaimStatus.WAITLISTED)  # towards a buyer's limit


@dataclass(frozen=True)
class ClaimRequest:
    """One "chốt" to place: ``quantity`` units of a pin for a viewer, as of ``received_at``."""

    pin_id: int
    viewer_id: int
    quantity: int | None
    text: str
    received_at: datetime


@dataclass
class _PinState:
    status: str
    limit: int
    available: int
    taken: int
    queued: bool
    session_id: int
    hold_minutes: int
    code: str
    price: int


def dedup_key(*, viewer_id: int, pin_id: int, text: str) -> str:
    return hashlib.sha256(f"{viewer_id}:{pin_id}:{fold(text)}".encode()).hexdigest()


@dataclass(frozen=True)
class Placement:
    results: list[Claim | DomainError]  # one per request, in order
    can_order: frozenset[int]  # viewers with phone and address, read under the lock: holds become orders


def claims_place(requests: Sequence[ClaimRequest]) -> Placement:
    """Place claims in the order given (their arrival order): each one held if its units are left
    and no earlier claim waits for that pin, else waitlisted; or refused with a reason.

    Call inside a transaction. The viewers' and pins' rows are locked (in that order, by id) for the
    rest of it, so the checks below and the pins' conditional updates see one consistent state.
    The same comment of a viewer again within DEDUP_WINDOW returns the first claim.
    """
    if not requests:
        return Placement([], frozenset())
    blocked, can_order = _viewers_lock(sorted({r.viewer_id for r in requests}))
    pins = _pins_lock(sorted({r.pin_id for r in requests}))
    keys = [dedup_key(viewer_id=r.viewer_id, pin_id=r.pin_id, text=r.text) for r in requests]
    earlier = _recent_claims_by_key(keys, since=min(r.received_at for r in requests) - DEDUP_WINDOW)
    used = _units_counted(pins, {r.viewer_id for r in requests})

    results: list[Claim | DomainError] = []
    made: dict[int, Claim] = {}  # new claims by id(): a repeat within the batch returns the same one
    for request, key in zip(requests, keys, strict=True):
        outcome = _claim_decide(request, key, pins=pins, blocked=blocked, earlier=earlier, used=used)
        if isinstance(outcome, Claim) and outcome.pk is None and id(outcome) not in made:
            made[id(outcome)] = outcome
            earlier[key] = outcome
        results.append(outcome)

    for pin_id, pin in pins.items():
        if pin.taken and not Pin.objects.filter(pk=pin_id, status=PinStatus.ACTIVE, available__gte=pin.taken).update(
            available=F("available") - pin.taken
        ):
            # Impossible while the row is locked; if it ever happens, nothing of this batch is kept.
            raise RuntimeError(f"pin {pin_id} changed under its lock")
    Claim.objects.bulk_create(list(made.values()))
    for session_id in {pin.session_id for pin in pins.values()}:
        publish_after_commit(session_id)
    return Placement(results, frozenset(can_order))


def rows_lock(*, viewer_ids: Sequence[int], pin_ids: Sequence[int]) -> None:
    """Lock these viewers, then these pins, by id: for a transaction that places claims more than
    once (a batch with a cancel in it), so every lock it will take is taken in the one order."""
    _viewers_lock(sorted(set(viewer_ids)))
    _pins_lock(sorted(set(pin_ids)))


def _viewers_lock(viewer_ids: list[int]) -> tuple[set[int], set[int]]:
    """Lock the viewers' rows (their limit and repeats hold); return those blocked and those who
    can order at once, read fresh here: a viewer blocked a moment ago in any process claims nothing,
    and one who just gave an address gets an order."""
    rows = (
        Viewer.objects.select_for_update(no_key=True)
        .filter(pk__in=viewer_ids)
        .order_by("pk")
        .values_list("pk", "is_blocked", "phone", "ward_id", "street", "buyer_name")
    )
    blocked, can_order = set(), set()
    for pk, is_blocked, *delivery in rows:
        if is_blocked:
            blocked.add(pk)
        elif all(delivery):
            can_order.add(pk)
    return blocked, can_order


def _pins_lock(pin_ids: list[int]) -> dict[int, _PinState]:
    rows = (
        Pin.objects.select_for_update(of=("self",), no_key=True)
        .filter(pk__in=pin_ids)
        .order_by("pk")
        # Units released to a waitlist are the waitlist's: a new claim queues behind it.
        .annotate(queued=Exists(Claim.objects.filter(pin_id=OuterRef("pk"), status=ClaimStatus.WAITLISTED)))
        .values_list(
            "pk",
            "status",
            "per_buyer_limit",
            "available",
            "queued",
            "session_id",
            "session__hold_minutes",
            "code",
            "live_price",
        )
    )
    return {
        pk: _PinState(status, limit, available, 0, queued, session_id, hold or DEFAULT_HOLD_MINUTES, code, price)
        for pk, status, limit, available, queued, session_id, hold, code, price in rows
    }


def _recent_claims_by_key(keys: list[str], *, since: datetime) -> dict[str, Claim]:
    found: dict[str, Claim] = {}
    for claim in Claim.objects.filter(dedup_key__in=set(keys), received_at__gte=since).order_by("received_at", "id"):
        found.setdefault(claim.dedup_key, claim)
    return found


def _units_counted(pins: dict[int, _PinState], viewer_ids: set[int]) -> dict[tuple[int, int], int]:
    """Units each viewer already has on each pin that limits them."""
    limited = [pin_id for pin_id, pin in pins.items() if pin.limit]
    if not limited:
        return {}
    rows = (
        Claim.objects.filter(pin_id__in=limited, viewer_id__in=viewer_ids, status__in=COUNTED)
        .values("pin_id", "viewer_id")
        .annotate(units=Sum("quantity"))
    )
    return {(row["pin_id"], row["viewer_id"]): row["units"] for row in rows}


def _claim_decide(
    request: ClaimRequest,
    key: str,
    *,
    pins: dict[int, _PinState],
    blocked: set[int],
    earlier: dict[str, Claim],
    used: dict[tuple[int, int], int],
) -> Claim | DomainError:
    quantity = request.quantity
    if quantity is None or not 1 <= quantity <= MAX_LIVE_QUANTITY:
        return ValidationError(
            "invalid_quantity",
            _("Số lượng %(quantity)s không hợp lệ (từ 1 đến %(limit)s).")
            % {"quantity": quantity, "limit": MAX_LIVE_QUANTITY},
        )
    if request.viewer_id in blocked:
        return Conflict("viewer_blocked", _("Người xem này đã bị chặn."))
    repeat = earlier.get(key)
    if repeat is not None and repeat.received_at >= request.received_at - DEDUP_WINDOW:
        return repeat
    pin = pins.get(request.pin_id)
    if pin is None or pin.status != PinStatus.ACTIVE:
        code = pin.code if pin else "?"
        return Conflict("pin_paused", _("Mã %(code)s đang tạm dừng bán.") % {"code": code})
    if pin.limit:
        already = used.get((request.pin_id, request.viewer_id), 0)
        if already + quantity > pin.limit:
            return Conflict(
                "over_buyer_limit",
                _("Mỗi người mua tối đa %(limit)s %(code)s.") % {"limit": pin.limit, "code": pin.code},
            )
        used[(request.pin_id, request.viewer_id)] = already + quantity
    held = not pin.queued and pin.available - pin.taken >= quantity
    if held:
        pin.taken += quantity
    else:
        pin.queued = True  # later claims of this batch queue behind this one
    return Claim(
        pin_id=request.pin_id,
        viewer_id=request.viewer_id,
        quantity=quantity,
        unit_price=pin.price,
        status=ClaimStatus.HELD if held else ClaimStatus.WAITLISTED,
        comment_text=(request.text or "")[:500],
        received_at=request.received_at,
        hold_until=request.received_at + timedelta(minutes=pin.hold_minutes) if held else None,
        dedup_key=key,
    )


@transaction.atomic
def claim_make(*, pin: Pin, viewer: Viewer, quantity: int | None, text: str = "", received_at: datetime) -> Claim:
    """One claim (a tap on our live page, a single comment): held, waitlisted, or the first claim
    of the same comment. Raises ValidationError ``invalid_quantity``, Conflict ``viewer_blocked``,
    ``pin_paused`` and ``over_buyer_limit``."""
    (outcome,) = claims_place([ClaimRequest(pin.pk, viewer.pk, quantity, text, received_at)]).results
    if isinstance(outcome, DomainError):
        raise outcome
    return outcome


@transaction.atomic
def claim_release(*, claim_id: int, to_status: str) -> Claim:
    """End a held or waiting claim (cancelled, expired): held units go back to the pin and the
    waitlist takes them first. Ending a claim twice changes nothing."""
    if to_status not in (ClaimStatus.CANCELLED, ClaimStatus.EXPIRED):
        raise ValidationError("invalid_status", _("Trạng thái không đúng."))
    pin = _pin_of_claim_locked(claim_id)
    claim = Claim.objects.select_for_update(no_key=True).get(pk=claim_id)
    if claim.status not in (ClaimStatus.HELD, ClaimStatus.WAITLISTED):
        return claim
    was_held = claim.status == ClaimStatus.HELD
    claim.status = to_status
    claim.save(update_fields=["status"])
    if was_held:
        if pin.status == PinStatus.REMOVED or pin.session.status == SessionStatus.ENDED:
            # Nothing sells on this pin any more: the units go back to the product's stock.
            ProductVariant.objects.filter(pk=pin.variant_id).update(stock=F("stock") + claim.quantity)
            Pin.objects.filter(pk=pin.pk).update(set_aside=F("set_aside") - claim.quantity)
        else:
            Pin.objects.filter(pk=pin.pk).update(available=F("available") + claim.quantity)
            for served in waitlist_serve(pin_id=pin.pk, hold_minutes=pin.session.hold_minutes):
                _served_tell(served)
            publish_after_commit(pin.session_id)
    return claim


def _pin_of_claim_locked(claim_id: int) -> Pin:
    """Lock the pin of a claim, before the claim itself (pins before claims, as everywhere).
    Raises NotFound ``claim_not_found``."""
    pin_id = Claim.objects.filter(pk=claim_id).values_list("pin_id", flat=True).first()
    if pin_id is None:
        raise NotFound("claim_not_found", _("Không tìm thấy lượt chốt này."))
    return Pin.objects.select_for_update(of=("self",), no_key=True).select_related("session").get(pk=pin_id)


def claims_cancel_by_viewer(*, pin: Pin, viewer: Viewer) -> list[Claim]:
    """ "huỷ A1": the viewer's held and waiting claims on this pin end."""
    ids = list(
        Claim.objects.filter(pin=pin, viewer=viewer, status__in=(ClaimStatus.HELD, ClaimStatus.WAITLISTED)).values_list(
            "pk", flat=True
        )
    )
    return [claim_release(claim_id=claim_id, to_status=ClaimStatus.CANCELLED) for claim_id in ids]


def waitlist_serve(*, pin_id: int, hold_minutes: int) -> list[Claim]:
    """Give released units to waiting claims, oldest first; stop at the first that does not fit, so
    that a later, smaller claim never passes an earlier one. Call inside a transaction, with the
    pin locked.

    The queue is read one claim at a time: a release serves one or two claims, and locking a
    waitlist of thousands each time would be work thrown away.
    """
    served: list[Claim] = []
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
        claim.hold_until = timezone.now() + timedelta(minutes=hold_minutes or DEFAULT_HOLD_MINUTES)
        claim.save(update_fields=["status", "hold_until"])
        served.append(claim)
    return served


def _served_tell(claim: Claim) -> None:
    """A waiting claim just got its units: a viewer with an address gets the order at once; one
    with only a phone is sent the link to finish it before the hold runs out."""
    viewer = Viewer.objects.select_related("session").get(pk=claim.viewer_id)
    if viewer.can_order_at_once:
        # The seller's COD rule may refuse this phone: then the hold stays and the console shows it.
        with contextlib.suppress(ValidationError, Conflict):
            claim_to_order(claim_id=claim.pk)
        return
    if viewer.phone and claim.hold_until is not None:
        link, until = claim_link(claim=claim), f"{timezone.localtime(claim.hold_until):%H:%M}"
        message_send(
            phone=viewer.phone,
            template="live_waitlist_served",
            params={"quantity": str(claim.quantity), "until": until, "link": link},
            text=f"Chợ Phiên: đã có hàng cho bạn! Shop giữ {claim.quantity} phần đến {until}. Điền địa chỉ để đặt: {link}",
            seller_id=viewer.session.seller_id,
        )


def claims_expire(*, now: datetime | None = None) -> int:
    """Release every held claim whose hold has run out; returns how many."""
    moment = now or timezone.now()
    ids = list(Claim.objects.filter(status=ClaimStatus.HELD, hold_until__lt=moment).values_list("pk", flat=True))
    for claim_id in ids:
        claim_release(claim_id=claim_id, to_status=ClaimStatus.EXPIRED)
    return len(ids)


@transaction.atomic
def claim_to_order(*, claim_id: int) -> Claim:
    """Turn a held claim of a viewer with delivery details into a COD order at the price it was
    claimed at (a pin re-priced since does not change it).

    The units are the claim's already: no stock moves, the pin keeps fewer units set aside. Twice
    is once (the order's idempotency key is the claim's). Raises Conflict ``claim_not_held``,
    ValidationError ``no_delivery_details``, and what the order's COD rule raises.
    """
    _pin_of_claim_locked(claim_id)
    claim = Claim.objects.select_for_update(of=("self",), no_key=True).select_related("pin", "viewer").get(pk=claim_id)
    if claim.status == ClaimStatus.ORDERED:
        return claim
    if claim.status != ClaimStatus.HELD:
        raise Conflict("claim_not_held", _("Lượt chốt này đã hết hạn hoặc đã huỷ."))
    viewer = claim.viewer
    if not viewer.can_order_at_once:
        raise ValidationError("no_delivery_details", _("Người xem chưa có số điện thoại và địa chỉ giao hàng."))
    order = order_place_reserved(
        line=ReservedLine(
            variant_id=claim.pin.variant_id,
            quantity=claim.quantity,
            unit_price=claim.unit_price,
        ),
        buyer=BuyerInput(name=viewer.buyer_name, phone=viewer.phone),
        address=AddressInput(ward_code=viewer.ward_id, street=viewer.street),
        idempotency_key=f"live-claim-{claim.pk}",
        note=_("Chốt trong phiên live: %(comment)s") % {"comment": claim.comment_text[:200]},
    )
    claim.status, claim.order = ClaimStatus.ORDERED, order
    claim.save(update_fields=["status", "order"])
    Pin.objects.filter(pk=claim.pin_id).update(set_aside=F("set_aside") - claim.quantity)
    return claim


def order_if_possible(claim: Claim, refusals: list[str]) -> Claim:
    """A held claim of a viewer who gave phone and address becomes their order at once."""
    if claim.status != ClaimStatus.HELD:
        return claim
    try:
        return claim_to_order(claim_id=claim.pk)
    except (ValidationError, Conflict) as refusal:
        refusals.append(refusal.message)  # e.g. the seller refuses COD for this phone: the hold stays
        return claim
