"""Request helpers for the seller's pages."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from chophien.accounts.http import signed_in_user

from .models import Seller
from .selectors import seller_of_user


def seller_of_request(request: HttpRequest) -> Seller:
    """The shop the signed-in person works for; 404 for someone who works for none."""
    seller = seller_of_user(user=signed_in_user(request))
    if seller is None:
        raise Http404
    return seller
