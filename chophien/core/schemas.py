"""Input types for every API operation: numbers that fit the database, and JSON bodies read strictly.

The bounds are part of each operation's OpenAPI document (minimum/maximum, maxLength), so that a
client, and schemathesis, know them; the API answers a value outside them with 422 ``invalid_input``
naming the field and its limit (``core.api``), never with a database error.
"""

from __future__ import annotations

from typing import Annotated

from ninja import Field, Schema
from pydantic import ConfigDict

# A 64-bit signed integer: PostgreSQL's bigint, SQLite's INTEGER. Python's int has no limit, and a
# larger one reaching a query is an OverflowError (SQLite) or "bigint out of range" (PostgreSQL).
BIGINT_MAX = 2**63 - 1
# Pages of a list: far past any list we have, and the offset it makes stays far below BIGINT_MAX.
PAGE_MAX = 100_000

Id = Annotated[int, Field(ge=1, le=BIGINT_MAX, description="Mã số (số nguyên dương)")]
"""A row's id or a place's code, in a path, a query or a body."""

DbInt = Annotated[int, Field(ge=-BIGINT_MAX - 1, le=BIGINT_MAX)]
"""Any whole number the database can hold (a filter whose own rule, e.g. "not negative", the API checks)."""

PageNumber = Annotated[int, Field(ge=1, le=PAGE_MAX, description="Trang, từ 1")]


class InputSchema(Schema):
    """Base of every JSON body: strict, so that ``true`` is not the number 1 and ``"5"`` is not 5
    (a client that sends a boolean for a quantity has a bug we should tell it about, not guess).

    A field that must accept text and numbers alike says so with a union (``int | str``); a date-time
    read from JSON text overrides it with ``Field(strict=False)``.
    """

    model_config = ConfigDict(strict=True)


Slug = Annotated[str, Field(max_length=140, description="Tên trong đường dẫn")]
"""A shop's or a product's name in a path (their slug columns hold 140 characters)."""
