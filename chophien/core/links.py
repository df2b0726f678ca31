"""Absolute links on the address the site is served at (``settings.SITE_URL``): what a label prints,
a message carries, a partner or a provider is told to call back. ``scripts/serve`` sets it from the
host and port served on; production refuses one its hosts would not answer."""

from __future__ import annotations

from django.conf import settings


def site_url(path: str) -> str:
    """``path`` ("/t/K7MQ4XT9") as an absolute link on SITE_URL."""
    return settings.SITE_URL.rstrip("/") + path
