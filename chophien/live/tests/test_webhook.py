"""The signed comment webhook: a seller's relay posts comments; forged or replayed ones are refused."""

import json
import time

import pytest
from django.test import Client

from chophien.live.models import Claim
from chophien.live.tests.factories import live_with_pins
from chophien.live.webhooks import signature_make

pytestmark = pytest.mark.django_db


def push(client: Client, session, comments, *, secret=None, timestamp=None, header=None):
    body = json.dumps({"comments": comments}).encode()
    signature = header or signature_make(
        secret=secret or session.webhook_secret, body=body, timestamp=timestamp or int(time.time())
    )
    return client.post(
        f"/api/live/{session.pk}/comments", body, content_type="application/json", HTTP_X_CHOPHIEN_SIGNATURE=signature
    )


def test_signed_comments_become_claims_and_each_outcome_is_answered(client: Client):
    session, _, _ = live_with_pins(units=(5,))
    answer = push(
        client,
        session,
        [
            {"platform": "tiktok", "user_id": "u1", "name": "Lan", "text": "chốt A1 x2"},
            {"platform": "tiktok", "user_id": "u2", "text": "A1 còn không?"},
            {"platform": "facebook", "user_id": "u3", "text": "chốt B9"},
            {"platform": "myspace", "user_id": "u4", "text": "chốt A1"},
        ],
    )
    assert answer.status_code == 200
    outcomes = answer.json()["outcomes"]
    assert [o["intent"] for o in outcomes] == ["order", "question", "unknown_code", "invalid"]
    assert outcomes[0]["claims"] == [{"code": "A1", "quantity": 2, "status": "held"}]
    assert "B9" in outcomes[2]["refusals"][0]
    assert Claim.objects.count() == 1


def test_a_wrong_signature_an_old_request_and_a_replay_are_refused(client: Client):
    session, _, _ = live_with_pins(units=(5,))
    comments = [{"platform": "tiktok", "user_id": "u1", "text": "chốt A1"}]
    forged = push(client, session, comments, secret="not-the-secret")
    garbage = push(client, session, comments, header="t=abc,v1=zz")
    old = push(client, session, comments, timestamp=int(time.time()) - 600)
    body = json.dumps({"comments": comments}).encode()
    header = signature_make(secret=session.webhook_secret, body=body, timestamp=int(time.time()))
    first = push(client, session, comments, header=header)
    replay = push(client, session, comments, header=header)

    assert [r.status_code for r in (forged, garbage, old, first, replay)] == [403, 403, 403, 200, 403]
    assert (forged.json()["code"], old.json()["code"], replay.json()["code"]) == (
        "bad_signature",
        "replayed",
        "replayed",
    )
    assert Claim.objects.count() == 1


def test_a_10000_character_comment_and_an_unknown_session(client: Client):
    session, _, _ = live_with_pins(units=(5,))
    long = push(client, session, [{"platform": "tiktok", "user_id": "u1", "text": "chốt A1 " + "😍" * 9000}])
    assert long.status_code == 200
    assert client.post("/api/live/999999/comments", "{}", content_type="application/json").status_code in (404, 422)


def test_a_relay_clock_far_off_cannot_jump_the_queue(client: Client):
    from datetime import timedelta

    from django.utils import timezone

    # given a relay whose clock says three days ago for one comment, three days ahead for another,
    # and a minute ago (a clock that is right, a comment read a minute before the batch) for a third
    session, _, _ = live_with_pins(units=(5,))
    before = timezone.now()
    long_ago, future = before - timedelta(days=3), before + timedelta(days=3)
    a_minute_ago = before - timedelta(minutes=1)

    # when
    answer = push(client, session, [
        {"platform": "tiktok", "user_id": "u1", "text": "chốt A1", "at": long_ago.isoformat()},
        {"platform": "tiktok", "user_id": "u2", "text": "chốt A1", "at": future.isoformat()},
        {"platform": "tiktok", "user_id": "u3", "text": "chốt A1", "at": a_minute_ago.isoformat()},
    ])  # fmt: skip
    after = timezone.now()

    # then: the past is kept to ten minutes before arrival, the future to arrival, a right clock as it is
    assert answer.status_code == 200
    received = dict(Claim.objects.values_list("viewer__platform_user_id", "received_at"))
    assert set(received) == {"u1", "u2", "u3"}
    assert before - timedelta(minutes=10) <= received["u1"] <= after - timedelta(minutes=10)
    assert before <= received["u2"] <= after
    assert received["u3"] == a_minute_ago
