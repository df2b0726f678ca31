"""Batches recorded through the same services a seller uses, and GS1's published EPCIS 2.0 JSON
schema (read from ../shared/standards, never copied into the project) to check what we produce."""

from __future__ import annotations

import json
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from django.conf import settings
from django.utils import timezone

from chophien.catalog.tests.factories import product_listed
from chophien.sellers.tests.factories import SIN_HO_WARD_CODE, seller_with_owner
from chophien.traceability import services
from chophien.traceability.models import Batch

STANDARDS = Path(settings.BASE_DIR).parent / "shared" / "standards" / "epcis"
GTIN = "08934567890120"  # 893: Vietnam; the check digit is right


@cache
def epcis_validator() -> jsonschema.Draft7Validator:
    schema = json.loads((STANDARDS / "EPCIS-JSON-Schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def epcis_errors(document: dict[str, Any]) -> list[str]:
    """What GS1's schema finds wrong with ``document`` (empty when it is valid)."""
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in epcis_validator().iter_errors(document)]


def shop_with_batch(
    *, name: str = "Mật ong bạc hà Mèo Vạc", gtin: str = "", quantity: int = 120, households=("Hộ Lò Thị Hoa",),
    harvested_on: date | None = None, unit_price: int = 350000, **kwargs: Any,
) -> tuple[Batch, Any]:  # fmt: skip
    seller, owner = seller_with_owner()
    product = product_listed(seller, owner, name=name, price=unit_price, stock=500, category_slug=None)
    if gtin:
        services.product_gtin_set(product=product, by=owner, gtin=gtin)
    batch = services.batch_record(
        seller=seller,
        by=owner,
        product_id=product.pk,
        harvested_on=harvested_on or timezone.localdate() - timedelta(days=10),
        quantity=quantity,
        ward_code=SIN_HO_WARD_CODE,
        households=[services.HouseholdIn(h) for h in households],
        **kwargs,
    )
    return batch, owner
