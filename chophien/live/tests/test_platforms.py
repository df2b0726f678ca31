"""The YouTube and Facebook comment adapters against documented-shape samples of their answers."""

from urllib.parse import parse_qs, urlsplit

import pytest

from chophien.live.platforms import FacebookLiveComments, PlatformError, YouTubeLiveChat
from chophien.live.tests.samples import sample


def test_youtube_request_follows_live_chat_messages_list():
    request = YouTubeLiveChat(live_chat_id="Cg0KC2FiY2RlZmdoaWpr", access_token="ya29.x").request("GO2s5c")
    url = urlsplit(request.full_url)
    assert (url.scheme, url.netloc, url.path) == ("https", "www.googleapis.com", "/youtube/v3/liveChat/messages")
    assert parse_qs(url.query) == {
        "liveChatId": ["Cg0KC2FiY2RlZmdoaWpr"], "part": ["snippet,authorDetails"], "maxResults": ["2000"],
        "pageToken": ["GO2s5c"],
    }  # fmt: skip
    assert request.get_header("Authorization") == "Bearer ya29.x"


def test_youtube_answer_gives_text_comments_the_next_token_and_the_wait():
    page = YouTubeLiveChat(live_chat_id="c", access_token="t").parse(sample("youtube_live_chat_messages.json"))
    assert [(c.user_id, c.name, c.text) for c in page.comments] == [
        ("UCabc123", "Lan Nguyễn", "chốt A1 x2"),
        ("UCghi789", "Hà", "A1 còn không shop?"),
    ]  # the super chat is not a comment to read
    assert page.comments[0].at.isoformat() == "2026-11-23T12:01:05.123000+00:00"
    assert (page.cursor, page.wait_seconds) == ("GO2s5c2WqP0CGIfwq8H9uv0C", 3.157)


def test_youtube_error_is_a_platform_error():
    with pytest.raises(PlatformError, match="no longer live"):
        YouTubeLiveChat(live_chat_id="c", access_token="t").parse(sample("youtube_error.json"))


def test_facebook_request_and_answer_follow_live_video_comments():
    source = FacebookLiveComments(live_video_id="5678", access_token="EAAB")
    url = urlsplit(source.request("QVFIUmx1").full_url)
    assert (url.netloc, url.path) == ("graph.facebook.com", "/v19.0/5678/comments")
    assert parse_qs(url.query)["after"] == ["QVFIUmx1"]
    assert parse_qs(url.query)["order"] == ["chronological"]

    page = source.parse(sample("facebook_live_comments.json"))
    assert [(c.user_id, c.text) for c in page.comments] == [
        ("1001", "Chốt A2 hai gói nhé 0987 654 321"),
        ("1002", "đẹp quá"),
    ]
    assert page.comments[0].at.isoformat() == "2026-11-23T12:02:01+00:00"
    assert page.cursor == "QVFIUkZA"


@pytest.mark.django_db
def test_platform_comments_become_claims_through_the_same_door():
    from chophien.live import ingest
    from chophien.live.tests.factories import live_with_pins

    session, _, _ = live_with_pins(units=(5, 5))
    page = FacebookLiveComments(live_video_id="5678", access_token="EAAB").parse(sample("facebook_live_comments.json"))
    outcomes = [
        ingest.comment_ingest(
            session=session,
            platform="facebook",
            platform_user_id=c.user_id,
            display_name=c.name,
            text=c.text,
            received_at=c.at,
        )
        for c in page.comments
    ]
    assert [o.reading.intent for o in outcomes] == ["order", "other"]
    assert [(c.pin.code, c.quantity, c.status) for c in outcomes[0].claims] == [("A2", 2, "held")]
    assert outcomes[0].reading.phone == "0987654321"


@pytest.mark.django_db
def test_live_follow_reads_a_page_and_claims(monkeypatch):
    import io

    from django.core.management import call_command

    from chophien.live import platforms
    from chophien.live.models import Claim
    from chophien.live.tests.factories import live_with_pins

    session, _, _ = live_with_pins(units=(5,))
    page = YouTubeLiveChat(live_chat_id="c", access_token="t").parse(sample("youtube_live_chat_messages.json"))
    monkeypatch.setattr(platforms, "comments_read", lambda source, cursor="": page)
    out = io.StringIO()

    call_command(
        "live_follow", "--session", str(session.pk), "--platform", "youtube", "--id", "c", "--token", "t", "--once",
        stdout=out,
    )  # fmt: skip

    assert "Lan Nguyễn: chốt A1 x2 → order A1×2 held" in out.getvalue()
    assert Claim.objects.get().quantity == 2
