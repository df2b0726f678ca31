import logging
import threading
import time
import urllib.parse
from datetime import timedelta

import pytest
from django.contrib.admin.sites import site
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from chophien.messaging import zalo_tokens
from chophien.messaging.admin import ZaloTokenAdmin
from chophien.messaging.backends import DeliveryFailed
from chophien.messaging.models import ZaloToken
from chophien.messaging.zalo_tokens import (
    ALERT_MARKER,
    ZALO_TOKEN_URL,
    zalo_access_token,
    zalo_token_refresh,
)

from .openers import FailingOpener, SampleOpener

pytestmark = pytest.mark.django_db


def expiring_in(token: ZaloToken, delta: timedelta) -> ZaloToken:
    ZaloToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() + delta)
    token.refresh_from_db()
    return token


def test_the_refresh_request_follows_zalo_documented_format(zalo_token):
    request = zalo_tokens.build_refresh_request(refresh_token="stored-refresh-token")
    assert ZALO_TOKEN_URL == "https://oauth.zaloapp.com/v4/oa/access_token"
    assert (request.full_url, request.get_method()) == (ZALO_TOKEN_URL, "POST")
    assert request.get_header("Secret_key") == "app-secret"
    assert request.get_header("Content-type") == "application/x-www-form-urlencoded"
    assert dict(urllib.parse.parse_qsl(request.data.decode())) == {
        "refresh_token": "stored-refresh-token",
        "app_id": "4291763606161179100",
        "grant_type": "refresh_token",
    }


def test_a_token_with_more_than_an_hour_left_is_used_as_it_is(zalo_token, monkeypatch):
    oauth = SampleOpener.of("zalo_refresh_success.json")
    monkeypatch.setattr(zalo_tokens, "default_opener", lambda: oauth)
    expiring_in(zalo_token, timedelta(minutes=61))
    assert (zalo_access_token(), len(oauth.calls)) == ("stored-access-token", 0)


def test_a_token_with_less_than_an_hour_left_is_refreshed_and_the_new_pair_kept(zalo_token, monkeypatch):
    # given
    oauth = SampleOpener.of("zalo_refresh_success.json")
    monkeypatch.setattr(zalo_tokens, "default_opener", lambda: oauth)
    expiring_in(zalo_token, timedelta(minutes=59))
    before = timezone.now()

    # when
    token = zalo_access_token()

    # then: the new access token, the new refresh token stored, 25 hours ahead
    assert (token, len(oauth.calls)) == ("new-access-token", 1)
    zalo_token.refresh_from_db()
    assert zalo_token.refresh_token == "new-refresh-token"
    assert before + timedelta(seconds=90000) <= zalo_token.expires_at <= timezone.now() + timedelta(seconds=90000)
    assert (zalo_token.refreshing_until, zalo_token.refresh_failed_at, zalo_token.last_error) == (None, None, "")


def test_a_worker_that_finds_the_lease_taken_does_not_spend_the_refresh_token(zalo_token):
    # given: another worker holds the lease
    expiring_in(zalo_token, timedelta(minutes=30))
    ZaloToken.objects.filter(pk=zalo_token.pk).update(refreshing_until=timezone.now() + timedelta(seconds=60))
    oauth = SampleOpener.of("zalo_refresh_success.json")

    # when
    token = zalo_token_refresh(opener=oauth)

    # then: no call to Zalo, the current (still valid) token is used meanwhile
    assert (len(oauth.calls), token.access_token) == (0, "stored-access-token")


def test_a_lease_left_by_a_crashed_worker_runs_out(zalo_token):
    expiring_in(zalo_token, timedelta(minutes=30))
    ZaloToken.objects.filter(pk=zalo_token.pk).update(refreshing_until=timezone.now() - timedelta(seconds=1))
    oauth = SampleOpener.of("zalo_refresh_success.json")
    assert zalo_token_refresh(opener=oauth).access_token == "new-access-token"
    assert len(oauth.calls) == 1


@pytest.mark.parametrize(
    ("opener", "error"),
    [
        (SampleOpener.of("zalo_refresh_invalid.json"), "Zalo error -14014: Invalid refresh token"),
        (SampleOpener(b'{"access_token": "a", "refresh_token": "r", "expires_in": "soon"}'), "expires_in of 'soon'"),
        (FailingOpener(TimeoutError("read timed out")), "read timed out"),
        (SampleOpener(b"<html>"), "Expecting value"),
    ],
    ids=["refused", "garbled-lifetime", "timeout", "not-json"],
)
def test_a_failed_refresh_is_an_alert_logged_recorded_and_shown(zalo_token, opener, error, caplog, rf):
    # given
    expiring_in(zalo_token, timedelta(minutes=30))

    # when
    with caplog.at_level(logging.ERROR, logger="chophien.messaging"):
        token = zalo_token_refresh(opener=opener)

    # then: logged at ERROR with the marker, kept on the row, the old pair untouched
    [record] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert record.getMessage().startswith(f"{ALERT_MARKER} app 4291763606161179100: ")
    assert error in record.getMessage()
    assert (token.access_token, token.refresh_token, token.refresh_failures) == (
        "stored-access-token",
        "stored-refresh-token",
        1,
    )
    assert error in token.last_error and token.refresh_failed_at is not None and token.refreshing_until is None
    # and the moderator sees it in the admin
    assert ZaloTokenAdmin(ZaloToken, site).health(token).startswith("LÀM MỚI THẤT BẠI")


def test_a_failed_refresh_is_not_retried_at_every_message(zalo_token):
    expiring_in(zalo_token, timedelta(minutes=30))
    zalo_token_refresh(opener=FailingOpener(TimeoutError("read timed out")))
    again = SampleOpener.of("zalo_refresh_success.json")
    zalo_token_refresh(opener=again)
    assert len(again.calls) == 0
    ZaloToken.objects.filter(pk=zalo_token.pk).update(refresh_failed_at=timezone.now() - timedelta(minutes=6))
    assert zalo_token_refresh(opener=again).access_token == "new-access-token"


def test_an_expired_token_that_cannot_be_refreshed_sends_messages_by_sms(zalo_token, monkeypatch):
    expiring_in(zalo_token, timedelta(seconds=-1))
    monkeypatch.setattr(zalo_tokens, "default_opener", lambda: SampleOpener.of("zalo_refresh_invalid.json"))
    with pytest.raises(DeliveryFailed, match="not usable") as error:
        zalo_access_token()
    assert error.value.is_retryable is False
    assert ZaloTokenAdmin(ZaloToken, site).health(ZaloToken.objects.get()).startswith("HẾT HẠN")


def test_the_management_commands_set_the_first_tokens_and_refresh(providers, monkeypatch):
    # when
    call_command("messaging_zalo_tokens", access_token="first-a", refresh_token="first-r", expires_in=3000)

    # then
    token = ZaloToken.objects.get()
    assert (token.app_id, token.access_token, token.refresh_token) == ("4291763606161179100", "first-a", "first-r")

    # when the scheduled refresh runs with 50 minutes left
    monkeypatch.setattr(zalo_tokens, "default_opener", lambda: SampleOpener.of("zalo_refresh_success.json"))
    call_command("messaging_zalo_refresh")
    assert ZaloToken.objects.get().access_token == "new-access-token"

    # and a failed refresh makes the command fail, for cron to mail it
    ZaloToken.objects.update(expires_at=timezone.now() + timedelta(minutes=10))
    monkeypatch.setattr(zalo_tokens, "default_opener", lambda: SampleOpener.of("zalo_refresh_invalid.json"))
    with pytest.raises(CommandError, match=ALERT_MARKER):
        call_command("messaging_zalo_refresh")


def test_the_command_refuses_empty_tokens(providers):
    with pytest.raises(CommandError, match="both tokens"):
        call_command("messaging_zalo_tokens", access_token=" ", refresh_token="r")


class SlowOpener(SampleOpener):
    """Zalo answering in 0.3 s, long enough for the other worker to arrive meanwhile."""

    def open(self, request, timeout):
        time.sleep(0.3)
        return super().open(request, timeout)


@pytest.mark.postgres  # each thread needs its own connection to one shared database
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_refreshing_at_once_spend_the_refresh_token_once(providers):
    # given
    ZaloToken.objects.create(
        app_id=providers.ZALO_APP_ID,
        access_token="stored-access-token",
        refresh_token="stored-refresh-token",
        expires_at=timezone.now() + timedelta(minutes=20),
    )
    oauth = SlowOpener.of("zalo_refresh_success.json")
    barrier = threading.Barrier(4)
    tokens: list[str] = []

    def worker() -> None:
        barrier.wait()
        try:
            tokens.append(zalo_token_refresh(opener=oauth).access_token)
        finally:
            connection.close()

    # when: four workers see less than an hour left at the same moment
    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then: one call to Zalo; the others used the current token meanwhile
    assert len(oauth.calls) == 1
    assert sorted(tokens).count("new-access-token") >= 1 and len(tokens) == 4
    assert ZaloToken.objects.get().refresh_token == "new-refresh-token"
