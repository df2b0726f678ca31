"""Per-address limits count the client's real address behind a trusted proxy, and X-Forwarded-For
from anyone else changes nothing (a script rotating it is still one address)."""

import json

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from chophien.orders.services import LOOKUPS_PER_HOUR

pytestmark = pytest.mark.django_db


def lookup(client: Client, *, remote: str, forwarded: str | None = None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return client.post(
        "/api/orders/K7MQ4XT9", json.dumps({"phone": "0912345678"}), content_type="application/json",
        REMOTE_ADDR=remote, **headers,
    )  # fmt: skip


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()
    yield
    cache.clear()


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_two_buyers_behind_the_proxy_are_limited_each_on_their_own(client: Client):
    first = [lookup(client, remote="127.0.0.1", forwarded="198.51.100.7") for _ in range(LOOKUPS_PER_HOUR + 1)]
    other = lookup(client, remote="127.0.0.1", forwarded="198.51.100.8")
    assert [a.status_code for a in first[-2:]] == [404, 429]
    assert other.status_code == 404


def test_x_forwarded_for_from_an_untrusted_peer_does_not_escape_the_limit(client: Client):
    answers = [
        lookup(client, remote="203.0.113.9", forwarded=f"198.51.100.{n % 250}") for n in range(LOOKUPS_PER_HOUR + 1)
    ]
    assert (answers[-1].status_code, answers[-1].json()["code"]) == (429, "rate_limited")
