"""Answering holds under the viewer's comment on YouTube and Facebook, against documented-shape
samples of their answers, and what the console shows once a reply is posted."""

import io
import json
import urllib.error
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

from chophien.live import ingest, platforms, replies
from chophien.live.models import Claim
from chophien.live.platforms import FacebookLiveComments, PlatformError, YouTubeLiveChat
from chophien.live.tests.factories import live_with_pins
from chophien.live.tests.samples import Answer, sample


def test_youtube_reply_is_a_live_chat_message_insert():
    request = YouTubeLiveChat(live_chat_id="Cg0KC2FiY2RlZmdoaWpr", access_token="ya29.x").reply_request(
        "LCC.msg1", "@Lan Nguyễn Shop giữ A1 x2"
    )
    url = urlsplit(request.full_url)
    assert request.get_method() == "POST"
    assert (url.netloc, url.path, parse_qs(url.query)) == (
        "www.googleapis.com", "/youtube/v3/liveChat/messages", {"part": ["snippet"]},
    )  # fmt: skip
    assert json.loads(request.data) == {
        "snippet": {
            "liveChatId": "Cg0KC2FiY2RlZmdoaWpr",
            "type": "textMessageEvent",
            "textMessageDetails": {"messageText": "@Lan Nguyễn Shop giữ A1 x2"},
        }
    }
    assert request.get_header("Authorization") == "Bearer ya29.x"
    assert request.get_header("Content-type") == "application/json; charset=utf-8"
    source = YouTubeLiveChat(live_chat_id="c", access_token="t")
    assert source.reply_parse(sample("youtube_message_insert.json")) == "LCC.reply7"
    with pytest.raises(PlatformError, match="no longer live"):
        source.reply_parse(sample("youtube_error.json"))


def test_facebook_reply_is_a_comment_under_the_comment():
    source = FacebookLiveComments(live_video_id="5678", access_token="EAAB")
    request = source.reply_request("1234_5678", "@Bảo Phạm Shop giữ A2 x2")
    assert request.get_method() == "POST"
    assert urlsplit(request.full_url).path == "/v19.0/1234_5678/comments"
    assert parse_qs(request.data.decode()) == {"message": ["@Bảo Phạm Shop giữ A2 x2"]}
    assert request.get_header("Authorization") == "Bearer EAAB"
    assert source.reply_parse(sample("facebook_comment_reply.json")) == "5678_90123"
    with pytest.raises(PlatformError, match=r"\(#200\)"):
        source.reply_parse(sample("facebook_reply_error.json"))


def test_a_platform_error_answered_with_an_http_status_is_read(monkeypatch):
    def refuse(request, timeout):
        raise urllib.error.HTTPError(
            request.full_url, 403, "Forbidden", {}, Answer(json.dumps(sample("youtube_error.json")).encode())
        )

    monkeypatch.setattr(platforms.urllib.request, "urlopen", refuse)
    with pytest.raises(PlatformError, match="YouTube error 403: The live chat is no longer live"):
        platforms.reply_post(YouTubeLiveChat(live_chat_id="c", access_token="t"), "LCC.msg1", "hi")


@pytest.mark.django_db
def test_the_reply_fits_youtubes_200_characters_and_keeps_the_link_whole():
    session, _pins, _ = live_with_pins(units=(5, 5, 5))
    texts = [
        ingest.IncomingComment("youtube", "UC1", "chốt A1 x2 A2 x1 A3 x4", "Nguyễn Thị Hoa Ban Mường Tè Lai Châu " * 3)
    ]
    outcome = ingest.comments_ingest(session=session, incoming=texts)[0]
    claims = list(Claim.objects.select_related("pin__session", "viewer").filter(pk__in=[c.pk for c in outcome.claims]))
    link = "https://chophien.vn/live/giu-hang/" + "x" * 60 + "/"

    text = replies.hold_reply_text(claims=claims, link=link, limit=YouTubeLiveChat.reply_limit)

    assert len(text) <= 200 and text.endswith(link)
    assert "A1 x2, A2 x1, A3 x4" in text
    full = replies.hold_reply_text(claims=claims, link=link)
    assert "Điền địa chỉ để đặt hàng (trả tiền khi nhận)" in full


@pytest.mark.django_db
def test_holds_are_answered_once_and_a_failed_post_is_left_to_paste(client: Client):
    session, _pins, owner = live_with_pins(units=(5, 5))
    page = FacebookLiveComments(live_video_id="5678", access_token="EAAB").parse(sample("facebook_live_comments.json"))
    extra = platforms.PlatformComment("1234_5680", "1003", "Minh", "chốt A1", None)
    comments = [*page.comments, extra]
    outcomes = ingest.comments_ingest(
        session=session, incoming=[ingest.IncomingComment("facebook", c.user_id, c.text, c.name) for c in comments]
    )
    posted: list[tuple[str, str]] = []

    def post(source, comment_id, text):
        if comment_id == "1234_5680":
            raise PlatformError("Facebook error 200: (#200) not authorized")
        posted.append((comment_id, text))
        return "reply-1"

    answered = [(c.comment_id, o.claims) for c, o in zip(comments, outcomes, strict=True)]
    replier = replies.HoldReplier(FacebookLiveComments(live_video_id="5678", access_token="EAAB"), post=post)
    results = replier.answer(answered)

    assert [(r.comment_id, r.reply_id, bool(r.error)) for r in results] == [
        ("1234_5678", "reply-1", False),
        ("1234_5680", "", True),
    ]  # fmt: skip ("đẹp quá" claimed nothing: no reply)
    assert posted[0][1].startswith("@Bảo Phạm Shop giữ A2 x2 cho bạn 15 phút.")
    assert "/live/" in posted[0][1]
    answered_claim = Claim.objects.get(pin__code="A2")
    assert answered_claim.reply_posted_at is not None
    assert Claim.objects.get(pin__code="A1").reply_posted_at is None

    # Asked again (the next page repeats nothing new): the answered comment is not answered twice.
    assert replier.answer(answered[:1]) == []

    client.force_login(owner)
    console = client.get(f"/ban-hang/live/{session.pk}/").content.decode()
    assert "Đã trả lời dưới bình luận trên Facebook" in console
    assert console.count('class="reply" readonly') == 1  # only Minh's, whose reply failed, is to paste


@pytest.mark.django_db
def test_live_follow_answers_holds_on_the_platform(monkeypatch):
    session, _, _ = live_with_pins(units=(5,))
    sent = []

    def urlopen(request, timeout):
        if request.get_method() == "GET":
            return Answer(json.dumps(sample("youtube_live_chat_messages.json")).encode())
        sent.append(json.loads(request.data))
        return Answer(json.dumps(sample("youtube_message_insert.json")).encode())

    monkeypatch.setattr(platforms.urllib.request, "urlopen", urlopen)
    out = io.StringIO()
    call_command(
        "live_follow", "--session", str(session.pk), "--platform", "youtube", "--id", "Cg0KC2FiY2RlZmdoaWpr",
        "--token", "t", "--once", stdout=out,
    )  # fmt: skip

    assert "Đã trả lời bình luận LCC.msg1" in out.getvalue()
    assert len(sent) == 1  # Lan's hold; Hà only asked
    message = sent[0]["snippet"]["textMessageDetails"]["messageText"]
    assert message.startswith("@Lan Nguyễn") and len(message) <= 200
    assert Claim.objects.get().reply_posted_at is not None


@pytest.mark.django_db
def test_live_follow_stops_replying_after_the_platform_refuses_three_times(monkeypatch):
    session, _, _ = live_with_pins(units=(50,))
    items = [
        {
            "id": f"LCC.m{i}",
            "snippet": {"type": "textMessageEvent", "displayMessage": "chốt A1", "publishedAt": "2026-11-23T12:00:00Z"},
            "authorDetails": {"channelId": f"UC{i}", "displayName": f"Khách {i}"},
        }
        for i in range(5)
    ]
    posts = []

    def urlopen(request, timeout):
        if request.get_method() == "GET":
            return Answer(json.dumps({"items": items, "pollingIntervalMillis": 1}).encode())
        posts.append(request)
        raise urllib.error.HTTPError(
            request.full_url, 403, "Forbidden", {}, Answer(json.dumps(sample("youtube_error.json")).encode())
        )

    monkeypatch.setattr(platforms.urllib.request, "urlopen", urlopen)
    err = io.StringIO()
    call_command(
        "live_follow", "--session", str(session.pk), "--platform", "youtube", "--id", "c", "--token", "t", "--once",
        stdout=io.StringIO(), stderr=err,
    )  # fmt: skip

    assert len(posts) == 3  # then it stops asking
    assert "hãy dán trả lời từ bàn điều khiển" in err.getvalue()
    assert Claim.objects.filter(reply_posted_at__isnull=True).count() == 5


@pytest.mark.django_db
def test_the_hold_link_shows_every_hold_of_the_viewer_at_the_price_they_claimed(client: Client):
    import re

    from chophien.live import sessions

    session, (a1, _a2), owner = live_with_pins(units=(5, 5))
    outcome = ingest.comment_ingest(session=session, platform="youtube", platform_user_id="UC1", text="chốt A1 x2 A2")
    sessions.pin_reprice(pin=a1, by=owner, live_price=99000)  # later: the claim keeps 45,000 ₫
    claim = Claim.objects.select_related("pin__session", "viewer").get(pk=outcome.claims[0].pk)
    link = re.search(r"/live/\S+", replies.hold_reply_text(claims=[claim], link=replies.claim_link(claim=claim)))

    page = client.get(link.group(0)).content.decode()
    assert "Khoai sâm loại 1" in page and "Khoai sâm loại 2" in page
    assert "45.000" in page and "99.000" not in page
    client.post(link.group(0), {"name": "Lan", "phone": "0912345678", "ward_code": "4", "street": "1 Hàng Bạc"})
    assert set(Claim.objects.values_list("status", flat=True)) == {"ordered"}
