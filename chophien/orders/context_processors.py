from __future__ import annotations

from django.http import HttpRequest

CART_COUNT_SESSION_KEY = "cart_count"


def cart(request: HttpRequest) -> dict[str, int]:
    """The number of units in the cart, for the header, from the session: no query on every page."""
    session = getattr(request, "session", None)
    return {"cart_count": int(session.get(CART_COUNT_SESSION_KEY, 0)) if session is not None else 0}
