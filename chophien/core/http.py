"""Who is calling (the one place that reads a client's address: per-address limits key on it), and the
policy headers every answer carries."""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Sequence

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@functools.cache
def _networks(trusted: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in trusted if entry.strip())


def trusted_proxies() -> tuple[IPNetwork, ...]:
    """``settings.TRUSTED_PROXIES`` (addresses or CIDRs) as networks; checked at start-up by
    ``core.checks``, so a typo is an error then, not a 500 at the first request."""
    return _networks(tuple(settings.TRUSTED_PROXIES))


def _is_trusted(address: str, trusted: Sequence[IPNetwork]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted)


def client_address(*, remote_addr: str, forwarded_for: str, trusted: Sequence[IPNetwork]) -> str:
    """The caller's address from the peer's address and the ``X-Forwarded-For`` chain.

    Only a trusted proxy's word is taken: starting from the peer, each trusted hop hands over to the
    address it says it received the request from (the entry right of the rest), until a hop we do not
    trust; that one is the client. So ``X-Forwarded-For`` sent by anyone else, or written by the
    client before our proxy appended to it, is never believed. No trusted proxies: the peer's address.
    """
    hops = [hop.strip() for hop in forwarded_for.split(",")] if forwarded_for else []
    address = remote_addr.strip()
    while hops and _is_trusted(address, trusted):
        address = hops.pop()
    return address[:64] or "unknown"


def client_ip(request: HttpRequest) -> str:
    """The caller's address, for every per-address limit (pages, API, and the label scan app, which
    builds a Django request from its ASGI scope). Behind the proxies of ``TRUSTED_PROXIES`` only."""
    return client_address(
        remote_addr=str(request.META.get("REMOTE_ADDR") or ""),
        forwarded_for=str(request.META.get("HTTP_X_FORWARDED_FOR") or ""),
        trusted=trusted_proxies(),
    )


def policy_headers_set(response: HttpResponseBase) -> None:
    """Give ``response`` the Content-Security-Policy (only reported with DEBUG on: Django's debug pages
    are inline) and the Permissions-Policy of the settings, unless the view set its own. Used by
    ``core.middleware.SecurityHeadersMiddleware`` for Django's answers and by the label-scan app for
    the scans it answers beside Django, so both answer with the same headers."""
    policy_header = "Content-Security-Policy-Report-Only" if settings.DEBUG else "Content-Security-Policy"
    if settings.CONTENT_SECURITY_POLICY and policy_header not in response:
        response[policy_header] = settings.CONTENT_SECURITY_POLICY
    if settings.PERMISSIONS_POLICY and "Permissions-Policy" not in response:
        response["Permissions-Policy"] = settings.PERMISSIONS_POLICY
