"""A batch of comments acting in order; re-priced pins; questions and conversion; the waitlist told."""

from datetime import timedelta

import pytest
from django.utils import timezone

from chophien.catalog.models import ProductVariant
from chophien.core.errors import Conflict
from chophien.live import claims, ingest, selectors, services, sessions
from chophien.live.models import Claim, ClaimStatus, Comment, Pin, Viewer
from chophien.live.tests.factories import live_with_pins
from chophien.messaging.backends import MemoryBackend

pytestmark = pytest.mark.django_db


def comment(who: str, text: str) -> ingest.IncomingComment:
    return ingest.IncomingComment("tiktok", who, text, who)


def test_a_batch_acts_in_arrival_order_and_stores_every_comment():
    session, (pin,), _ = live_with_pins(units=(3,))
    outcomes = ingest.comments_ingest(
        session=session,
        incoming=[
            comment("lan", "chốt A1 x3"),
            comment("minh", "chốt A1 x2"),  # nothing left: waits
            comment("lan", "huỷ A1"),  # lan's units go to minh, in the same batch
            comment("ha", "chốt A1"),  # one left
            comment("ha", "Chốt A1"),  # the same comment again: the same claim
            comment("tu", "A1 còn không shop?"),
            comment("", "chốt A1"),  # no user id: refused, the rest go on
        ],
    )

    assert [o.reading.intent for o in outcomes] == ["order", "order", "cancel", "order", "order", "question", "invalid"]
    assert [c.status for c in outcomes[1].claims] == ["waitlisted"]
    assert Claim.objects.get(pk=outcomes[1].claims[0].pk).status == ClaimStatus.HELD
    assert outcomes[3].claims[0].pk == outcomes[4].claims[0].pk
    assert outcomes[6].refusals
    assert Pin.objects.get(pk=pin.pk).available == 0
    assert Comment.objects.filter(session=session).count() == 6
    assert [q.text for q in selectors.recent_questions(session_id=session.pk)] == ["A1 còn không shop?"]


def test_a_viewer_who_gave_an_address_elsewhere_gets_an_order_though_this_process_cached_them(settings):
    settings.LIVE_VIEWERS_CACHE_SECONDS = 60
    session, (_pin,), _ = live_with_pins(units=(10,))
    ingest.comment_ingest(session=session, platform="tiktok", platform_user_id="lan", text="chào shop")  # cached
    Viewer.objects.filter(platform_user_id="lan").update(  # as the viewer's page in another process would
        buyer_name="Lan", phone="0912345678", ward_id=4, street="1 Hàng Bạc"
    )
    outcome = ingest.comment_ingest(session=session, platform="tiktok", platform_user_id="lan", text="chốt A1 x2")
    assert outcome.claims[0].status == ClaimStatus.ORDERED


def test_a_repriced_pin_sells_later_claims_at_the_new_price_and_earlier_ones_at_theirs():
    session, (pin,), owner = live_with_pins(units=(10,))
    early = ingest.comment_ingest(session=session, platform="tiktok", platform_user_id="lan", text="chốt A1").claims[0]
    sessions.pin_reprice(pin=pin, by=owner, live_price="39.000")
    late = ingest.comment_ingest(session=session, platform="tiktok", platform_user_id="minh", text="chốt A1").claims[0]
    for who in ("lan", "minh"):
        services.viewer_set_delivery(
            viewer=Viewer.objects.get(platform_user_id=who), name=who, phone="0912345678", ward_code=4, street="1 Bạc"
        )
    early.refresh_from_db()
    late.refresh_from_db()
    assert (early.order.subtotal, late.order.subtotal) == (45000, 39000)


def test_a_waiting_viewer_with_only_a_phone_is_sent_the_link_when_units_come_back(django_capture_on_commit_callbacks):
    MemoryBackend.outbox.clear()
    session, (_pin,), _ = live_with_pins(units=(1,))
    first = ingest.comment_ingest(session=session, platform="tiktok", platform_user_id="lan", text="chốt A1")
    ingest.comment_ingest(session=session, platform="tiktok", platform_user_id="minh", text="chốt A1 0987 654 321")
    with django_capture_on_commit_callbacks(execute=True):
        claims.claim_release(claim_id=first.claims[0].pk, to_status=ClaimStatus.CANCELLED)
    assert [m.phone for m in MemoryBackend.outbox] == ["0987654321"]
    assert "/live/giu/" in MemoryBackend.outbox[0].text


def test_after_the_live_the_waitlist_is_told_once_when_the_product_is_back(django_capture_on_commit_callbacks):
    MemoryBackend.outbox.clear()
    session, (pin,), owner = live_with_pins(units=(1,), stock=1)
    ingest.comment_ingest(session=session, platform="tiktok", platform_user_id="lan", text="chốt A1")
    for who, phone in (("minh", "0987654321"), ("ha", ""), ("tu", "0977000111")):
        ingest.comment_ingest(session=session, platform="tiktok", platform_user_id=who, text=f"chốt A1 {phone}")
    ingest.comment_ingest(session=session, platform="tiktok", platform_user_id="minh", text="chốt A1 x2")
    with pytest.raises(Conflict):
        services.waitlist_tell_back(session=session, by=owner)
    session = sessions.live_session_end(session=session, by=owner)
    assert services.waitlist_tell_back(session=session, by=owner) == 0  # no stock yet: no one is told
    ProductVariant.objects.filter(pk=pin.variant_id).update(stock=20)

    with django_capture_on_commit_callbacks(execute=True):
        told = services.waitlist_tell_back(session=session, by=owner)
    again = services.waitlist_tell_back(session=session, by=owner)

    assert (told, again) == (2, 0)  # minh once for his two claims, tu; ha left no phone
    assert sorted(m.phone for m in MemoryBackend.outbox) == ["0977000111", "0987654321"]
    assert "/san-pham/" in MemoryBackend.outbox[0].text


def test_the_report_counts_comments_and_the_busiest_minute():
    session, (_pin,), _ = live_with_pins(units=(10,))
    now = timezone.now()
    batch = [comment(f"v{i}", "chốt A1") for i in range(3)] + [
        comment("q", "giá A1 bao nhiêu"),
        comment("x", "đẹp quá"),
    ]
    ingest.comments_ingest(session=session, incoming=batch)
    ingest.comments_ingest(
        session=session, incoming=[ingest.IncomingComment("tiktok", "late", "chào", "", now - timedelta(minutes=5))]
    )
    report = selectors.session_report(session_id=session.pk)
    assert (report.comments, report.order_comments, report.questions) == (6, 3, 1)
    assert report.busiest_minute_comments == 5


def test_claims_made_before_claims_kept_their_price_get_their_pins_price():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("chophien.live.migrations.0004_comments_claim_price_waitlist_told")
    session, (pin,), _ = live_with_pins(units=(10,))
    claim = ingest.comment_ingest(session=session, platform="tiktok", platform_user_id="lan", text="chốt A1").claims[0]
    Claim.objects.filter(pk=claim.pk).update(unit_price=0)  # as the column's default left it

    migration.claims_keep_their_pins_price(apps, None)

    assert Claim.objects.get(pk=claim.pk).unit_price == Pin.objects.get(pk=pin.pk).live_price == 45000
