"""The viewer's live page, one-tap "Chốt", the event stream, and the seller's console."""

import asyncio
import json
import re

import pytest
from asgiref.sync import sync_to_async
from django.db import connections
from django.test import AsyncClient, Client

from chophien.live import events
from chophien.live.models import Claim, LiveSession, Pin
from chophien.live.tests.factories import live_with_pins
from chophien.orders.models import Order

pytestmark = pytest.mark.django_db


def test_a_viewer_taps_chot_then_gives_an_address_and_the_hold_becomes_an_order(client: Client):
    session, (pin,), _ = live_with_pins(units=(5,))
    page = client.get(f"/live/{session.pk}/").content.decode()
    assert "A1" in page and "Chốt" in page

    client.post(f"/live/{session.pk}/chot/{pin.pk}/", {"tap": "page-1"})
    client.post(f"/live/{session.pk}/chot/{pin.pk}/", {"tap": "page-1"})  # a double tap
    assert Claim.objects.get().status == "held"
    client.post(
        f"/live/{session.pk}/dia-chi/",
        {"name": "Lan", "phone": "0912345678", "ward_code": "4", "street": "12 Phan Đình Phùng"},
    )
    assert Claim.objects.get().status == "ordered"

    tapped = client.post(f"/live/{session.pk}/chot/{pin.pk}/", {"tap": "page-2"}, follow=True).content.decode()
    assert "Mã đơn" in tapped
    assert Order.objects.count() == 2
    assert Pin.objects.get(pk=pin.pk).available == 3


def test_a_bad_address_is_a_message_not_an_error(client: Client):
    session, _, _ = live_with_pins(units=(5,))
    answer = client.post(f"/live/{session.pk}/dia-chi/", {"name": "Lan", "phone": "abc"}, follow=True)
    assert answer.status_code == 200
    assert "Số điện thoại không đúng" in answer.content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_event_stream_sends_the_pins_then_each_change():
    session, (pin,), _ = live_with_pins(units=(5,))

    async def read_two_events() -> list[dict]:
        response = await AsyncClient().get(f"/live/{session.pk}/su-kien/")
        assert response["Content-Type"] == "text/event-stream"
        chunks = response.streaming_content.__aiter__()
        first = await chunks.__anext__()
        await asyncio.sleep(0.05)  # subscribed by now
        await sync_to_async(events.publish_pins_state)(session.pk)
        second = await asyncio.wait_for(chunks.__anext__(), timeout=5)
        await sync_to_async(lambda: connections.close_all())()  # the worker thread's, or the test DB stays in use
        return [json.loads(chunk.decode().removeprefix("data: ")) for chunk in (first, second)]

    Pin.objects.filter(pk=pin.pk).update(available=3)
    first, second = asyncio.run(read_two_events())
    assert first["pins"][0]["available"] == 3
    assert second["type"] == "pins"


def test_the_seller_runs_a_session_from_the_console(client: Client):
    session, (_pin,), owner = live_with_pins(units=(5,), start=False)
    client.force_login(owner)
    assert client.get(f"/ban-hang/live/{session.pk}/").status_code == 200
    client.post(f"/ban-hang/live/{session.pk}/lam/", {"action": "start"})
    client.post(
        f"/ban-hang/live/{session.pk}/lam/", {"action": "comments", "comments": "Lan: chốt A1 x2\nMinh: A1 còn không?"}
    )
    console = client.get(f"/ban-hang/live/{session.pk}/").content.decode()
    assert "A1 × 2" in console
    client.post(f"/ban-hang/live/{session.pk}/lam/", {"action": "end"})
    assert LiveSession.objects.get(pk=session.pk).status == "ended"


def test_another_shop_cannot_open_the_console(client: Client):
    session, _, _ = live_with_pins(units=(5,))
    _, _, stranger = live_with_pins(units=(1,))
    client.force_login(stranger)
    assert client.get(f"/ban-hang/live/{session.pk}/").status_code == 404


def test_the_console_undoes_a_claim_and_shows_the_report(client: Client):
    session, (pin,), owner = live_with_pins(units=(5,))
    client.force_login(owner)
    client.post(f"/ban-hang/live/{session.pk}/lam/", {"action": "comments", "comments": "Lan: chốt A1 x2"})
    claim = Claim.objects.get()
    page = client.get(f"/ban-hang/live/{session.pk}/").content.decode()
    assert "Huỷ lượt chốt" in page and "1 lượt chốt từ 1 người" in page
    client.post(f"/ban-hang/live/{session.pk}/lam/", {"action": "undo", "claim": str(claim.pk)})
    client.post(f"/ban-hang/live/{session.pk}/lam/", {"action": "block", "viewer": "²"})  # odd input: a message
    claim.refresh_from_db()
    assert claim.status == "cancelled"
    assert Pin.objects.get(pk=pin.pk).available == 5


def test_an_unknown_viewer_finishes_the_order_from_the_link_in_the_reply(client: Client, settings):
    import re

    settings.SITE_URL = "https://cho.example.vn"  # the reply links to the public address, not the seller's
    session, (_pin,), owner = live_with_pins(units=(5,))
    client.force_login(owner)
    client.post(f"/ban-hang/live/{session.pk}/lam/", {"action": "comments", "comments": "Lan: chốt A1 x2"})
    console = client.get(f"/ban-hang/live/{session.pk}/").content.decode()
    reply = re.search(r'class="reply" readonly value="([^"]+)"', console).group(1)
    assert reply.startswith("@Lan Shop giữ A1 x2 cho bạn 15 phút.")
    link = re.search(r"https?://\S+", reply).group(0)
    assert link.startswith("https://cho.example.vn/live/giu/")
    link = link.removeprefix("https://cho.example.vn")

    buyer = Client()
    assert "Hàng đang giữ cho bạn" in buyer.get(link).content.decode()
    buyer.post(link, {"name": "Lan", "phone": "0912345678", "ward_code": "4", "street": "12 Phan Đình Phùng"})

    assert Claim.objects.get().status == "ordered"
    assert "Mã đơn" in buyer.get(link).content.decode()
    assert buyer.get("/live/giu/forged-token/").status_code == 404


def test_the_console_shows_questions_reprices_removes_and_confirms_the_sessions_orders(client: Client):
    from chophien.live.models import Viewer
    from chophien.orders.models import OrderStatus

    session, (a1, a2), owner = live_with_pins(units=(5, 5))
    client.force_login(owner)
    act = f"/ban-hang/live/{session.pk}/lam/"
    client.post(act, {"action": "comments", "comments": "Lan: A1 còn không shop?\nLan: chốt A1 x2\nMinh: chốt A2"})
    Viewer.objects.filter(platform_user_id__in=["Lan", "Minh"]).update(
        buyer_name="Lan", phone="0912345678", ward_id=4, street="1 Hàng Bạc"
    )
    client.post(act, {"action": "comments", "comments": "Lan: chốt A1\nMinh: chốt A2 x2"})  # orders at once now

    live_now = client.get(f"/ban-hang/live/{session.pk}/ngay-luc-nay/").content.decode()
    assert "A1 còn không shop?" in live_now and 'hx-trigger="every 2s' in live_now
    page = client.get(f"/ban-hang/live/{session.pk}/").content.decode()
    assert "2 đơn mới chờ xác nhận" in page and "order=" in page

    client.post(act, {"action": "reprice", "pin": str(a1.pk), "live_price": "39000"})
    client.post(act, {"action": "reprice", "pin": str(a1.pk), "live_price": "abc"})  # a message, not an error
    client.post(act, {"action": "remove", "pin": str(a2.pk)})
    client.post(act, {"action": "confirm_orders"})

    assert Pin.objects.get(pk=a1.pk).live_price == 39000
    assert Pin.objects.get(pk=a2.pk).status == "removed"
    assert set(Order.objects.values_list("status", flat=True)) == {OrderStatus.CONFIRMED}
    packing_link = re.search(r'href="(/ban-hang/don-hang/in/\?[^"]+)"', page).group(1).replace("&amp;", "&")
    packing = client.get(packing_link).content.decode()
    assert packing.count("Hàng Bạc") >= 2  # both orders' slips


def test_the_console_tells_the_waitlist_after_the_live(client: Client):
    session, (_pin,), owner = live_with_pins(units=(1,))
    client.force_login(owner)
    act = f"/ban-hang/live/{session.pk}/lam/"
    client.post(act, {"action": "comments", "comments": "Lan: chốt A1\nMinh: chốt A1 0987654321"})
    refused = client.post(act, {"action": "tell_waitlist"}, follow=True).content.decode()
    assert "chưa kết thúc" in refused
    client.post(act, {"action": "end"})
    told = client.post(act, {"action": "tell_waitlist"}, follow=True).content.decode()
    assert "Đã nhắn 1 người đang chờ" in told
