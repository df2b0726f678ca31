"""Live sessions, pins and claims: units held in arrival order, never beyond what was set aside."""

from datetime import timedelta

import pytest
from django.utils import timezone

from chophien.catalog.models import ProductVariant
from chophien.core.errors import Conflict, NotFound, ValidationError
from chophien.live import claims, ingest, services, sessions
from chophien.live.models import Claim, ClaimStatus, Pin
from chophien.live.tests.factories import live_with_pins
from chophien.sellers.tests.factories import seller_with_owner

pytestmark = pytest.mark.django_db


def say(session, who, text, at=None):
    return ingest.comment_ingest(
        session=session, platform="tiktok", platform_user_id=who, display_name=who, text=text, received_at=at
    )


def available(pin) -> int:
    return Pin.objects.get(pk=pin.pk).available


def test_pinning_sets_units_aside_and_ending_gives_back_what_no_one_claimed():
    session, (pin,), owner = live_with_pins(units=(30,), stock=100)
    variant = ProductVariant.objects.get(pk=pin.variant_id)
    assert variant.stock == 70
    say(session, "lan", "chốt A1 x4")

    sessions.live_session_end(session=session, by=owner)

    assert ProductVariant.objects.get(pk=pin.variant_id).stock == 96  # 4 still held for lan
    assert (available(pin), Pin.objects.get(pk=pin.pk).set_aside) == (0, 4)


def test_pin_add_refuses_bad_codes_stock_and_other_shops():
    session, (pin,), owner = live_with_pins(units=(10,), stock=20)
    with pytest.raises(Conflict) as taken:
        sessions.pin_add(session=session, by=owner, variant_id=pin.variant_id, code="a1", live_price=1000, quantity=1)
    with pytest.raises(Conflict) as short:
        sessions.pin_add(session=session, by=owner, variant_id=pin.variant_id, code="A9", live_price=1000, quantity=11)
    with pytest.raises(ValidationError):
        sessions.pin_add(
            session=session, by=owner, variant_id=pin.variant_id, code="A 1 !", live_price=1000, quantity=1
        )
    _other_session, (other_pin,), _ = live_with_pins()
    with pytest.raises(NotFound):
        sessions.pin_add(
            session=session, by=owner, variant_id=other_pin.variant_id, code="B1", live_price=1, quantity=1
        )
    assert (taken.value.code, short.value.code) == ("code_taken", "not_enough_stock")
    assert sessions.pin_code_suggest(session=session) == "A2"


def test_comments_become_claims_in_order_until_units_run_out_then_a_waitlist():
    session, (pin,), _ = live_with_pins(units=(5,))
    first = say(session, "lan", "chốt A1 x3")
    second = say(session, "minh", "A1 2")
    third = say(session, "ha", "chot a1")

    assert [c.status for c in first.claims + second.claims + third.claims] == ["held", "held", "waitlisted"]
    assert available(pin) == 0


def test_a_cancel_gives_the_units_to_the_waitlist_first_oldest_first():
    session, (pin,), _ = live_with_pins(units=(3,))
    say(session, "lan", "chốt A1 x3")
    ha = say(session, "ha", "chốt A1 x2").claims[0]
    bao = say(session, "bao", "chốt A1").claims[0]
    late = say(session, "tu", "chốt A1")  # queues behind the waitlist, though nothing is free yet

    say(session, "lan", "huỷ A1")

    ha.refresh_from_db()
    bao.refresh_from_db()
    assert (ha.status, bao.status, late.claims[0].status) == ("held", "held", "waitlisted")
    assert available(pin) == 0


def test_the_same_comment_repeated_within_a_minute_claims_once():
    session, (pin,), _ = live_with_pins(units=(10,))
    now = timezone.now()
    first = say(session, "lan", "chốt A1 x2", at=now)
    again = say(session, "lan", "Chốt A1 x2", at=now + timedelta(seconds=20))
    later = say(session, "lan", "chốt A1 x2", at=now + timedelta(minutes=5))
    assert first.claims[0].pk == again.claims[0].pk != later.claims[0].pk
    assert available(pin) == 6


def test_refusals_are_reasons_not_errors():
    session, (pin,), owner = live_with_pins(units=(10,), stock=100)
    Pin.objects.filter(pk=pin.pk).update(per_buyer_limit=3)
    zero = say(session, "lan", "chốt A1 x0")
    too_many = say(session, "lan", "chốt A1 9999")
    over = say(session, "lan", "chốt A1 x4")
    unknown = say(session, "lan", "chốt B7")
    sessions.pin_set_paused(pin=pin, by=owner, paused=True)
    paused = say(session, "minh", "chốt A1")
    sessions.live_session_end(session=session, by=owner)
    ended = say(session, "minh", "chốt A1")

    assert "không hợp lệ" in zero.refusals[0]
    assert too_many.refusals  # 9999 is within range but over the buyer limit of 3
    assert "tối đa 3" in over.refusals[0]
    assert "B7" in unknown.refusals[0]
    assert "tạm dừng" in paused.refusals[0]
    assert "không đang diễn ra" in ended.refusals[0]
    assert Claim.objects.count() == 0


def test_a_blocked_viewer_claims_nothing():
    session, (pin,), _ = live_with_pins(units=(10,))
    say(session, "spam", "chào")
    from chophien.live.models import Viewer

    Viewer.objects.filter(platform_user_id="spam").update(is_blocked=True)
    assert say(session, "spam", "chốt A1").refusals
    assert available(pin) == 10


def test_holds_expire_and_the_waitlist_takes_the_units():
    session, (_pin,), _ = live_with_pins(units=(2,), hold_minutes=15)
    lan = say(session, "lan", "chốt A1 x2").claims[0]
    minh = say(session, "minh", "chốt A1 x2").claims[0]

    assert claims.claims_expire(now=timezone.now() + timedelta(minutes=16)) == 1

    lan.refresh_from_db()
    minh.refresh_from_db()
    assert (lan.status, minh.status) == (ClaimStatus.EXPIRED, ClaimStatus.HELD)
    assert claims.claim_release(claim_id=lan.pk, to_status="cancelled").status == "expired"  # once


def test_a_phone_in_a_comment_is_kept_for_the_viewer():
    session, _, _ = live_with_pins(units=(5,))
    outcome = say(session, "lan", "chốt A1 0912 345 678")
    assert outcome.claims[0].viewer.platform_user_id == "lan"
    from chophien.live.models import Viewer

    assert Viewer.objects.get(platform_user_id="lan").phone == "0912345678"


def test_only_the_shop_runs_its_session():
    session, (pin,), _ = live_with_pins(units=(5,))
    _, stranger = seller_with_owner()
    from chophien.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        sessions.pin_set_paused(pin=pin, by=stranger, paused=True)
    with pytest.raises(PermissionDenied):
        sessions.live_session_end(session=session, by=stranger)


def test_a_viewer_who_gives_phone_and_address_gets_orders_at_the_live_price():
    from chophien.live.models import Viewer
    from chophien.orders.models import Actor, Order, OrderStatus
    from chophien.orders.status import order_transition

    session, (pin,), owner = live_with_pins(units=(10,), stock=100)
    held = say(session, "lan", "chốt A1 x2").claims[0]
    stock_after_pinning = ProductVariant.objects.get(pk=pin.variant_id).stock

    viewer = services.viewer_set_delivery(
        viewer=Viewer.objects.get(platform_user_id="lan"),
        name="Nguyễn Thị Lan",
        phone="0912 345 678",
        ward_code=4,
        street="12 Phan Đình Phùng",
    )
    later = say(session, "lan", "chốt A1 x1").claims[0]  # a known viewer's claim is an order at once

    held.refresh_from_db()
    assert (held.status, later.status) == (ClaimStatus.ORDERED, ClaimStatus.ORDERED)
    orders = list(Order.objects.order_by("id"))
    assert [(o.subtotal, o.lines.get().unit_price) for o in orders] == [(90000, 45000), (45000, 45000)]
    assert ProductVariant.objects.get(pk=pin.variant_id).stock == stock_after_pinning  # units came from the pin
    assert (available(pin), Pin.objects.get(pk=pin.pk).set_aside) == (7, 7)
    assert claims.claim_to_order(claim_id=held.pk).order_id == held.order_id  # twice is once
    assert viewer.can_order_at_once

    # a cancelled live order puts its units back into the product's stock
    order_transition(order_id=orders[0].pk, to_status="cancelled_by_seller", actor=Actor.SELLER, user=owner, reason="x")
    assert ProductVariant.objects.get(pk=pin.variant_id).stock == stock_after_pinning + 2
    assert Order.objects.get(pk=orders[0].pk).status == OrderStatus.CANCELLED_BY_SELLER


def test_an_unknown_viewer_keeps_a_hold_and_bad_details_are_refused():
    from chophien.live.models import Viewer

    session, (_pin,), _ = live_with_pins(units=(10,))
    claim = say(session, "minh", "chốt A1").claims[0]
    with pytest.raises(ValidationError) as no_details:
        claims.claim_to_order(claim_id=claim.pk)
    with pytest.raises(ValidationError) as bad_phone:
        services.viewer_set_delivery(
            viewer=Viewer.objects.get(platform_user_id="minh"), name="Minh", phone="123", ward_code=4, street="x"
        )
    assert (no_details.value.code, bad_phone.value.code) == ("no_delivery_details", "invalid_phone")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.HELD


def test_a_hold_that_expires_after_the_live_gives_its_units_back_to_the_stock():
    session, (pin,), owner = live_with_pins(units=(10,), stock=100, hold_minutes=15)
    say(session, "lan", "chốt A1 x4")
    sessions.live_session_end(session=session, by=owner)
    assert ProductVariant.objects.get(pk=pin.variant_id).stock == 96

    claims.claims_expire(now=timezone.now() + timedelta(minutes=20))

    assert ProductVariant.objects.get(pk=pin.variant_id).stock == 100
    assert (available(pin), Pin.objects.get(pk=pin.pk).set_aside) == (0, 0)


def test_the_seller_undoes_a_claim_blocks_a_spammer_and_reads_the_report():
    from chophien.live import selectors
    from chophien.live.models import Viewer

    session, (_pin,), owner = live_with_pins(units=(3,))
    mistaken = say(session, "lan", "chốt A1 x2").claims[0]
    spam = say(session, "spam", "chốt A1").claims[0]
    waiting = say(session, "minh", "chốt A1 x2").claims[0]

    services.claim_undo(session=session, by=owner, claim_id=mistaken.pk)
    services.viewer_block(session=session, by=owner, viewer_id=spam.viewer_id)

    waiting.refresh_from_db()
    assert waiting.status == ClaimStatus.HELD  # the waitlist got the units back
    assert Viewer.objects.get(pk=spam.viewer_id).is_blocked
    assert say(session, "spam", "chốt A1 lần nữa").refusals

    services.viewer_set_delivery(
        viewer=Viewer.objects.get(platform_user_id="minh"),
        name="Minh",
        phone="0987654321",
        ward_code=4,
        street="1 Hàng Bạc",
    )
    report = selectors.session_report(session_id=session.pk)
    assert (report.orders, report.units_sold, report.revenue) == (1, 2, 90000)
    assert (report.claims, report.viewers_who_claimed, report.viewers_who_ordered) == (3, 3, 1)
    assert (report.comments, report.order_comments, report.questions) == (4, 4, 0)
    assert (report.busiest_minute_comments, report.conversion_percent) == (4, 25.0)


def test_a_pin_added_during_a_flood_is_read_at_once_despite_the_pins_cache(
    settings, django_capture_on_commit_callbacks
):
    settings.LIVE_PINS_CACHE_SECONDS = 60
    session, (pin,), owner = live_with_pins(units=(5,), stock=100)
    assert say(session, "lan", "chốt A1").claims  # the pins are cached now
    with django_capture_on_commit_callbacks(execute=True):
        sessions.pin_add(session=session, by=owner, variant_id=pin.variant_id, code="B2", live_price=40000, quantity=3)
    assert [c.pin.code for c in say(session, "minh", "chốt B2").claims] == ["B2"]


def test_a_viewer_blocked_elsewhere_claims_nothing_even_while_cached(settings):
    from chophien.live.models import Viewer

    settings.LIVE_PINS_CACHE_SECONDS = 60
    settings.LIVE_VIEWERS_CACHE_SECONDS = 60
    session, (pin,), _ = live_with_pins(units=(5,))
    say(session, "spam", "chào shop")  # cached now
    Viewer.objects.filter(platform_user_id="spam").update(is_blocked=True)  # as another process would

    outcome = say(session, "spam", "chốt A1")

    assert outcome.claims == [] and "chặn" in outcome.refusals[0]
    assert available(pin) == 5
