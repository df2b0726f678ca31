"""One JSON call to a provider, with a timeout, every transport fault turned into one exception."""

from __future__ import annotations

import json
import urllib.request
from typing import Any, Protocol

TIMEOUT_SECONDS = 10


class Opener(Protocol):
    def open(self, fullurl: urllib.request.Request, *, timeout: float) -> Any: ...


class ProviderUnreachable(Exception):
    """No answer, an HTTP error, or an answer that is not JSON: worth trying again later."""


def default_opener() -> Opener:
    return urllib.request.build_opener()


def fetch_json(opener: Opener, request: urllib.request.Request) -> object:
    """Send ``request`` and return its JSON answer. Raises ProviderUnreachable."""
    try:
        with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            return json.loads(response.read().decode())
    except (OSError, ValueError) as exc:  # URLError, HTTPError, timeouts; not JSON or not UTF-8
        raise ProviderUnreachable(str(exc) or type(exc).__name__) from exc
