"""Shops, products and checkouts for order tests, made through the same services the app uses."""

from __future__ import annotations

import itertools
from typing import Any

from chophien.catalog.models import Product
from chophien.catalog.tests.factories import product_listed
from chophien.orders.lines import LineRequest
from chophien.orders.services import AddressInput, BuyerInput, CheckoutPlaced, checkout_place
from chophien.sellers.tests.factories import seller_with_owner

BUYER = BuyerInput(name="Nguyễn Thị Lan", phone="0912 345 678")
HANOI_WARD_CODE = 4  # Phường Ba Đình, Hà Nội
ADDRESS = AddressInput(ward_code=HANOI_WARD_CODE, street="12 Phan Đình Phùng")
_keys = itertools.count(1)


def shop_with_product(*, stock: int = 20, price: int = 45000, name: str = "Khoai sâm Sìn Hồ", **kwargs: Any):
    seller, owner = seller_with_owner()
    product = product_listed(seller, owner, name=name, price=price, stock=stock, **kwargs)
    return seller, owner, product


def buy(*products_and_quantities: tuple[Product, int], key: str | None = None, **kwargs: Any) -> CheckoutPlaced:
    lines = [LineRequest(product_id=product.pk, quantity=quantity) for product, quantity in products_and_quantities]
    return checkout_place(
        lines=lines,
        buyer=kwargs.pop("buyer", BUYER),
        address=kwargs.pop("address", ADDRESS),
        idempotency_key=key or f"test-key-{next(_keys):06d}",
        **kwargs,
    )
