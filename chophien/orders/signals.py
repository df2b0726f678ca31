"""A guest's cart joins the account when they log in."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from .cart import CART_SESSION_KEY, cart_merge_into_user


@receiver(user_logged_in)
def merge_guest_cart(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is None or not hasattr(request, "session"):
        return
    token = request.session.get(CART_SESSION_KEY) or ""
    kept = cart_merge_into_user(token=token, user=user)  # the account's cart on a new phone, too
    if kept:
        request.session[CART_SESSION_KEY] = kept
