"""Platforms that push to us: TikTok LIVE chat events from a relay, and a shop's Zalo Official
Account webhook, with holds answered by an OA message. Documented-shape samples of the events."""

import hashlib
import json
import time

import pytest
from django.test import Client

from chophien.live import platforms, pushed, zalo
from chophien.live.models import Claim, Viewer, ZaloAccount
from chophien.live.platforms import PlatformError
from chophien.live.tests.factories import live_with_pins
from chophien.live.tests.samples import Answer, sample
from chophien.live.webhooks import signature_make

pytestmark = pytest.mark.django_db
APP_ID, SECRET = "360846524940903967", "oa-secret-Kx9"


# -- TikTok LIVE through a relay --------------------------------------------------------------------


def test_both_shapes_of_the_connectors_chat_event_are_read():
    flat, nested, gift = sample("tiktok_chat_events.json")["events"]
    one, two = pushed.tiktok_chat_comment(flat), pushed.tiktok_chat_comment(nested)
    assert (one.user_id, one.name, one.text, one.comment_id) == (
        "6506646277295882242", "Hoa Ban", "chốt A1 x2", "7301234567890123457",
    )  # fmt: skip
    assert one.at.isoformat() == "2026-11-23T12:00:05.123000+00:00"
    assert (two.user_id, two.name, two.text) == ("7012345678901234567", "Minh Sa Pa", "A1 còn không shop?")
    assert pushed.tiktok_chat_comment(gift) is None
    assert pushed.tiktok_chat_comment("chốt A1") is None


def test_a_relay_forwards_tiktok_chat_events_signed_with_the_sessions_secret(client: Client):
    session, _, _ = live_with_pins(units=(5,))
    body = json.dumps(sample("tiktok_chat_events.json")).encode()
    signature = signature_make(secret=session.webhook_secret, body=body, timestamp=int(time.time()))
    answer = client.post(
        f"/api/live/{session.pk}/tiktok", body, content_type="application/json", HTTP_X_CHOPHIEN_SIGNATURE=signature
    )
    assert answer.status_code == 200
    outcomes = answer.json()["outcomes"]
    assert [o["intent"] for o in outcomes] == ["order", "question", "invalid"]
    assert outcomes[0]["claims"] == [{"code": "A1", "quantity": 2, "status": "held"}]
    assert outcomes[2]["refusals"] == ["Không phải bình luận (sự kiện khác của TikTok)."]
    assert Viewer.objects.get(platform="tiktok", platform_user_id="6506646277295882242").display_name == "Hoa Ban"

    again = client.post(
        f"/api/live/{session.pk}/tiktok", body, content_type="application/json", HTTP_X_CHOPHIEN_SIGNATURE=signature
    )
    assert (again.status_code, again.json()["code"]) == (403, "replayed")
    assert Claim.objects.count() == 1


def test_too_many_tiktok_events_in_one_call_are_refused_whole(client: Client):
    session, _, _ = live_with_pins(units=(5,))
    body = json.dumps({"events": [{"comment": "chốt A1", "userId": str(i)} for i in range(501)]}).encode()
    signature = signature_make(secret=session.webhook_secret, body=body, timestamp=int(time.time()))
    answer = client.post(
        f"/api/live/{session.pk}/tiktok", body, content_type="application/json", HTTP_X_CHOPHIEN_SIGNATURE=signature
    )
    assert answer.status_code == 422 and Claim.objects.count() == 0


# -- Zalo Official Account --------------------------------------------------------------------------


def zalo_event(text="Chốt A1 2 túi nhé shop", msg_id="96d3cdf3af150460909", **changes):
    event = sample("zalo_user_send_text.json")
    event["timestamp"] = str(int(time.time() * 1000))
    event["message"] = {"text": text, "msg_id": msg_id}
    event.update(changes)
    return json.dumps(event, ensure_ascii=False).encode()


def zalo_mac(body: bytes, *, secret=SECRET) -> str:
    event = json.loads(body)
    return (
        "mac="
        + hashlib.sha256(event["app_id"].encode() + body + event["timestamp"].encode() + secret.encode()).hexdigest()
    )


def zalo_post(client: Client, body: bytes, mac: str | None = None):
    return client.post(
        "/api/live/zalo", body, content_type="application/json", HTTP_X_ZEVENT_SIGNATURE=mac or zalo_mac(body)
    )


@pytest.fixture
def shop_on_zalo():
    session, pins, owner = live_with_pins(units=(5,))
    zalo.zalo_account_set(seller=session.seller, by=owner, app_id=APP_ID, secret_key=SECRET, access_token="oa-token")
    return session, pins, owner


def test_zalo_signature_follows_the_documented_mac():
    body = zalo_event()
    event = json.loads(body)
    mac = zalo_mac(body)
    assert pushed.zalo_signature_valid(
        body=body, header=mac, app_id=APP_ID, timestamp=event["timestamp"], secret=SECRET
    )
    assert pushed.zalo_signature_valid(
        body=body, header=mac.removeprefix("mac="), app_id=APP_ID, timestamp=event["timestamp"], secret=SECRET
    )
    assert not pushed.zalo_signature_valid(
        body=body + b" ", header=mac, app_id=APP_ID, timestamp=event["timestamp"], secret=SECRET
    )


def test_a_zalo_message_during_the_live_claims_and_is_answered_with_an_oa_message(
    client: Client, shop_on_zalo, monkeypatch, django_capture_on_commit_callbacks
):
    _session, _pins, _owner = shop_on_zalo
    sent = []

    def urlopen(request, timeout):
        sent.append((request.full_url, request.get_header("Access_token"), json.loads(request.data)))
        return Answer(json.dumps(sample("zalo_cs_message.json")).encode())

    monkeypatch.setattr(platforms.urllib.request, "urlopen", urlopen)
    with django_capture_on_commit_callbacks(execute=True):
        answer = zalo_post(client, zalo_event())

    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "read"
    assert answer.json()["outcome"]["claims"] == [{"code": "A1", "quantity": 2, "status": "held"}]
    url, token, body = sent[0]
    assert (url, token) == ("https://openapi.zalo.me/v3.0/oa/message/cs", "oa-token")
    assert body["recipient"] == {"user_id": "246845883529197922"}
    assert body["message"]["text"].startswith("Shop giữ A1 x2 cho bạn 15 phút.")  # a message to one person: no @name
    assert Claim.objects.get().reply_posted_at is not None

    # Zalo delivers the same event again: it claims once.
    assert zalo_post(client, zalo_event()).json()["status"] == "duplicate"
    assert Claim.objects.count() == 1 and len(sent) == 1


def test_zalo_refusing_the_message_leaves_the_reply_to_paste(
    client: Client, shop_on_zalo, monkeypatch, django_capture_on_commit_callbacks
):
    calls = []

    def urlopen(request, timeout):
        calls.append(request)
        return Answer(json.dumps(sample("zalo_cs_error.json")).encode())

    monkeypatch.setattr(platforms.urllib.request, "urlopen", urlopen)
    with django_capture_on_commit_callbacks(execute=True):
        assert zalo_post(client, zalo_event()).json()["status"] == "read"
    assert len(calls) == 1
    assert Claim.objects.get().reply_posted_at is None
    with pytest.raises(PlatformError, match="-216: Access token is invalid"):
        pushed.ZaloOAReplies(access_token="x").reply_parse(sample("zalo_cs_error.json"))


def test_zalo_webhook_refuses_forged_old_unknown_and_broken_calls(client: Client, shop_on_zalo):
    forged = zalo_post(client, zalo_event(), mac=zalo_mac(zalo_event(), secret="guess"))
    assert (forged.status_code, forged.json()["code"]) == (403, "bad_signature")
    old = zalo_event(timestamp=str(int((time.time() - 3600) * 1000)))
    assert zalo_post(client, old).json()["code"] == "replayed"
    stranger = zalo_event(app_id="999")
    assert (zalo_post(client, stranger).status_code, zalo_post(client, stranger).json()["code"]) == (
        404, "zalo_app_unknown",
    )  # fmt: skip
    broken = client.post("/api/live/zalo", b"{not json", content_type="application/json")
    assert (broken.status_code, broken.json()["code"]) == (422, "bad_json")
    assert Claim.objects.count() == 0


def test_other_zalo_events_and_messages_outside_a_live_claim_nothing(client: Client, shop_on_zalo):
    session, _pins, owner = shop_on_zalo
    follow = zalo_event(event_name="follow", msg_id="m2")
    assert zalo_post(client, follow).json()["status"] == "ignored"
    from chophien.live import sessions

    sessions.live_session_end(session=session, by=owner)
    assert zalo_post(client, zalo_event(msg_id="m3")).json()["status"] == "no_live"
    assert Claim.objects.count() == 0


def test_the_seller_connects_zalo_from_the_live_page(client: Client, settings):
    settings.SITE_URL = "https://cho.example.vn"  # Zalo calls the public address
    session, _pins, owner = live_with_pins(units=(5,))
    client.force_login(owner)
    page = client.get("/ban-hang/live/").content.decode()
    assert "https://cho.example.vn/api/live/zalo" in page

    bad = client.post("/ban-hang/live/", {"action": "zalo", "app_id": "abc", "secret_key": "s"}, follow=True)
    assert "App ID của Zalo là một dãy số" in bad.content.decode()
    client.post("/ban-hang/live/", {"action": "zalo", "app_id": APP_ID, "secret_key": "s1", "access_token": "t1"})
    client.post("/ban-hang/live/", {"action": "zalo", "app_id": APP_ID, "secret_key": "s2", "access_token": ""})
    account = ZaloAccount.objects.get()
    assert (account.seller, account.secret_key, account.access_token) == (session.seller, "s2", "t1")
    assert f"App ID {APP_ID}" in client.get("/ban-hang/live/").content.decode()


def test_a_signature_with_letters_outside_ascii_is_refused_not_a_500(client: Client, shop_on_zalo):
    answer = zalo_post(client, zalo_event(), mac="mac=" + "é" * 64)
    assert (answer.status_code, answer.json()["code"]) == (403, "bad_signature")
    session, _pins, _owner = shop_on_zalo
    relay = client.post(
        f"/api/live/{session.pk}/comments", b'{"comments": []}', content_type="application/json",
        HTTP_X_CHOPHIEN_SIGNATURE="t=1,v1=" + "é" * 64,
    )  # fmt: skip
    assert relay.status_code == 403
