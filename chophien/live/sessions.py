"""Live sessions and their pins: units set aside from a product's stock under a short code.

Units move from the variant's stock to a pin by a conditional update when the seller pins a
product, and back (what no one claimed) when the pin is removed or the session ends. Claims on
those units are ``services``'s.
"""

from __future__ import annotations

import functools
import re
import time
from datetime import datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from chophien.accounts.models import User
from chophien.catalog.models import ProductStatus, ProductVariant
from chophien.core.errors import Conflict, NotFound, ValidationError
from chophien.core.money import parse_price
from chophien.orders.lines import quantity_parse
from chophien.sellers.models import Seller
from chophien.sellers.services import seller_check

from . import comments, events
from .models import LiveSession, Pin, PinStatus, Platform, SessionStatus

PIN_CODE = re.compile(r"^[A-Z0-9]{1,8}$")
MAX_PIN_UNITS = 100_000  # five tonnes of longan in one live is 5,000 kg


def live_session_create(
    *, seller: Seller, by: User, title: str, platforms: list[str], starts_at: datetime, hold_minutes: int = 15
) -> LiveSession:
    seller_check(seller=seller, by=by)
    name = " ".join((title or "").split())[:150]
    if not name:
        raise ValidationError("empty_title", _("Vui lòng đặt tên cho phiên live."), field="title")
    unknown = [p for p in platforms if p not in Platform.values]
    if unknown or not platforms:
        raise ValidationError("invalid_platform", _("Vui lòng chọn nền tảng: TikTok, Facebook, YouTube, Zalo."))
    if not 1 <= hold_minutes <= 24 * 60:
        raise ValidationError("invalid_hold", _("Thời gian giữ hàng từ 1 phút đến 24 giờ."), field="hold_minutes")
    return LiveSession.objects.create(
        seller=seller, title=name, platforms=sorted(set(platforms)), starts_at=starts_at, hold_minutes=hold_minutes
    )


@transaction.atomic
def live_session_start(*, session: LiveSession, by: User) -> LiveSession:
    seller_check(seller=session.seller, by=by)
    updated = LiveSession.objects.filter(pk=session.pk, status=SessionStatus.SCHEDULED).update(
        status=SessionStatus.LIVE, started_at=timezone.now()
    )
    if not updated:
        raise Conflict("session_not_scheduled", _("Phiên live này đã bắt đầu hoặc đã kết thúc."))
    session.refresh_from_db()
    return session


@transaction.atomic
def live_session_end(*, session: LiveSession, by: User) -> LiveSession:
    """End the live: what no one claimed goes back to each product's stock. Held claims keep their
    units until they become orders or expire (buyers may still be finishing)."""
    seller_check(seller=session.seller, by=by)
    updated = LiveSession.objects.filter(pk=session.pk, status=SessionStatus.LIVE).update(
        status=SessionStatus.ENDED, ended_at=timezone.now()
    )
    if not updated:
        raise Conflict("session_not_live", _("Phiên live này chưa bắt đầu hoặc đã kết thúc."))
    for pin in Pin.objects.select_for_update(no_key=True).filter(session=session).order_by("pk"):
        _pin_return_available(pin)
    session.refresh_from_db()
    return session


def publish_after_commit(session_id: int) -> None:
    """Tell the session's pages the new units left, once this transaction is committed (robust:
    a broker that is down must not undo a claim). In a flood, one message per LIVE_PUBLISH_SECONDS
    carries every change of that moment (``events.publish_soon``)."""
    transaction.on_commit(partial(events.publish_soon, session_id), robust=True)


def _pin_return_available(pin: Pin) -> None:
    """Give a locked pin's unclaimed units back to its variant's stock."""
    if pin.available:
        ProductVariant.objects.filter(pk=pin.variant_id).update(stock=F("stock") + pin.available)
        Pin.objects.filter(pk=pin.pk).update(set_aside=F("set_aside") - pin.available, available=0)


def pin_code_clean(raw: str) -> str:
    code = "".join((raw or "").split()).upper()
    if not PIN_CODE.match(code):
        raise ValidationError("invalid_pin_code", _("Mã ghim gồm chữ và số, ví dụ A1 hoặc 5."), field="code")
    return code


@transaction.atomic
def pin_add(
    *,
    session: LiveSession,
    by: User,
    variant_id: int,
    code: str,
    live_price: Any,
    quantity: Any,
    per_buyer_limit: Any = 0,
) -> Pin:
    """Pin a variant of the seller's under ``code``, setting ``quantity`` units aside from its stock.

    Raises ValidationError for a bad code, price or quantity; NotFound for a variant of another shop
    or one not on sale; Conflict ``code_taken``, ``not_enough_stock``, ``session_ended``.
    """
    seller_check(seller=session.seller, by=by)
    if session.status == SessionStatus.ENDED:
        raise Conflict("session_ended", _("Phiên live đã kết thúc."))
    pin_code = pin_code_clean(code)
    price = parse_price(live_price)
    units = quantity_parse(
        quantity,
        limit=MAX_PIN_UNITS,
        too_large=_("Số lượng tối đa %(limit)s.") % {"limit": f"{MAX_PIN_UNITS:,}".replace(",", ".")},
    )
    limit = 0 if per_buyer_limit in (None, "", 0, "0") else quantity_parse(per_buyer_limit)
    variant = ProductVariant.objects.select_related("product").filter(pk=variant_id).first()
    if variant is None or variant.product.seller_id != session.seller_id:
        raise NotFound("unknown_product", _("Không tìm thấy sản phẩm này trong cửa hàng của bạn."))
    if variant.product.status != ProductStatus.ACTIVE:
        raise Conflict("product_unavailable", _("Sản phẩm này đang không bán."))
    if Pin.objects.filter(session=session, code=pin_code).exclude(status=PinStatus.REMOVED).exists():
        raise Conflict("code_taken", _("Mã %(code)s đã dùng trong phiên này.") % {"code": pin_code}, field="code")
    taken = ProductVariant.objects.filter(pk=variant.pk, stock__gte=units).update(stock=F("stock") - units)
    if not taken:
        raise Conflict(
            "not_enough_stock",
            _("Trong kho chỉ còn %(stock)s, không đủ để ghim %(units)s.") % {"stock": variant.stock, "units": units},
            field="quantity",
        )
    transaction.on_commit(partial(_pins_changed, session.pk))
    publish_after_commit(session.pk)
    return Pin.objects.create(
        session=session,
        variant=variant,
        code=pin_code,
        live_price=price,
        set_aside=units,
        available=units,
        per_buyer_limit=limit,
    )


def pin_code_suggest(*, session: LiveSession) -> str:
    """The next free code of the A1, A2 ... kind."""
    used = set(Pin.objects.filter(session=session).exclude(status=PinStatus.REMOVED).values_list("code", flat=True))
    n = 1
    while f"A{n}" in used:
        n += 1
    return f"A{n}"


@transaction.atomic
def pin_set_paused(*, pin: Pin, by: User, paused: bool) -> Pin:
    seller_check(seller=pin.session.seller, by=by)
    Pin.objects.filter(pk=pin.pk).exclude(status=PinStatus.REMOVED).update(
        status=PinStatus.PAUSED if paused else PinStatus.ACTIVE
    )
    publish_after_commit(pin.session_id)
    transaction.on_commit(partial(_pins_changed, pin.session_id))
    pin.refresh_from_db()
    return pin


@transaction.atomic
def pin_reprice(*, pin: Pin, by: User, live_price: Any) -> Pin:
    """A new live price for later claims; those already made keep the price they were made at."""
    seller_check(seller=pin.session.seller, by=by)
    price = parse_price(live_price)
    Pin.objects.filter(pk=pin.pk).exclude(status=PinStatus.REMOVED).update(live_price=price)
    publish_after_commit(pin.session_id)
    pin.refresh_from_db()
    return pin


@transaction.atomic
def pin_remove(*, pin: Pin, by: User) -> Pin:
    """Unpin: unclaimed units back to stock; held claims keep theirs until they end."""
    seller_check(seller=pin.session.seller, by=by)
    locked = Pin.objects.select_for_update(no_key=True).get(pk=pin.pk)
    _pin_return_available(locked)
    Pin.objects.filter(pk=pin.pk).update(status=PinStatus.REMOVED)
    transaction.on_commit(partial(_pins_changed, pin.session_id))
    publish_after_commit(pin.session_id)
    pin.refresh_from_db()
    return pin


# -- claims ------------------------------------------------------------------------------------------


_pins_cache: dict[int, tuple[float, dict[str, Pin], comments.CommentReader]] = {}


def pins_with_reader(session: LiveSession) -> tuple[dict[str, Pin], comments.CommentReader]:
    """The session's pins by code, and a reader for them. A flood reads thousands of comments against
    the same pins, so a process keeps them LIVE_PINS_CACHE_SECONDS (a pin's state is checked again
    when a claim is made; this only says which pins have which codes) and forgets them at once when
    this process changes a pin."""
    ttl = float(getattr(settings, "LIVE_PINS_CACHE_SECONDS", 1.0))
    cached = _pins_cache.get(session.pk) if ttl > 0 else None
    if cached is not None and cached[0] > time.monotonic():
        return cached[1], cached[2]
    pins = list(
        Pin.objects.filter(session=session).exclude(status=PinStatus.REMOVED).select_related("variant__product")
    )
    key = tuple((pin.code, pin.variant.product.name, pin.variant.product.unit) for pin in pins)
    by_code, reader = {pin.code: pin for pin in pins}, _reader_for(key)
    if ttl > 0:
        _pins_cache[session.pk] = (time.monotonic() + ttl, by_code, reader)
    return by_code, reader


def _pins_changed(session_id: int) -> None:
    _pins_cache.pop(session_id, None)


@functools.lru_cache(maxsize=256)
def _reader_for(pins: tuple[tuple[str, str, str], ...]) -> comments.CommentReader:
    return comments.CommentReader([comments.Pin(code, name, unit) for code, name, unit in pins])
