"""The client's address behind the proxies we trust, and only them."""

import io

import pytest
from django.core.handlers.asgi import ASGIRequest
from django.test import RequestFactory, override_settings

from chophien.core.http import client_ip


def request(remote: str, forwarded: str | None = None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


def test_without_trusted_proxies_x_forwarded_for_is_ignored():
    assert client_ip(request("203.0.113.9", "1.2.3.4")) == "203.0.113.9"


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_behind_a_trusted_proxy_the_address_it_appended_is_the_clients():
    assert client_ip(request("127.0.0.1", "198.51.100.7")) == "198.51.100.7"


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_what_the_client_wrote_before_the_proxy_appended_is_not_believed():
    # The client sent "X-Forwarded-For: 6.6.6.6"; nginx appended the address it saw.
    assert client_ip(request("127.0.0.1", "6.6.6.6, 198.51.100.7")) == "198.51.100.7"


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_a_peer_we_do_not_trust_is_the_client_whatever_it_forwards():
    assert client_ip(request("203.0.113.9", "198.51.100.7")) == "203.0.113.9"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8", "2001:db8::/32"])
def test_a_chain_of_trusted_proxies_is_walked_to_the_right_most_untrusted_address():
    assert client_ip(request("10.0.0.2", "6.6.6.6, 198.51.100.7, 10.1.2.3")) == "198.51.100.7"
    assert client_ip(request("2001:db8::1", "2001:db8::2, 2400:cb00::7")) == "2400:cb00::7"


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_a_trusted_proxy_without_x_forwarded_for_is_itself_the_client():
    assert client_ip(request("127.0.0.1")) == "127.0.0.1"


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_the_label_scan_app_reads_the_same_address_from_its_asgi_scope():
    scope = {
        "type": "http",
        "method": "GET",
        "path": "/01/08938505974012/10/L1/21/S1",
        "query_string": b"",
        "headers": [(b"host", b"127.0.0.1"), (b"x-forwarded-for", b"6.6.6.6, 198.51.100.7")],
        "client": ("127.0.0.1", 50123),
    }
    assert client_ip(ASGIRequest(scope, io.BytesIO())) == "198.51.100.7"


def test_a_typo_in_trusted_proxies_stops_the_start():
    from django.apps import apps
    from django.core.exceptions import ImproperlyConfigured

    with override_settings(TRUSTED_PROXIES=["127.0.0.300"]), pytest.raises(ImproperlyConfigured):
        apps.get_app_config("core").ready()
