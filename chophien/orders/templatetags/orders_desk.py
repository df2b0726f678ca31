"""Order figures for pages of the apps below orders (the seller's dashboard is catalog's): those
apps may not import orders (the layers contract in pyproject.toml), so their templates ask here."""

from __future__ import annotations

from django import template

from chophien.orders import selectors

register = template.Library()


@register.simple_tag
def new_orders_waiting(seller_id: int) -> int:
    """How many orders of the shop wait for the seller to confirm them (one indexed count)."""
    return selectors.seller_new_orders_count(seller_id=seller_id)
