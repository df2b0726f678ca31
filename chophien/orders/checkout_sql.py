"""Checkout's two statements on PostgreSQL: the hot path of a livestream sale.

The ORM reads the variants and writes a checkout in six round trips, each with its SQL compiled in
Python and planned by PostgreSQL every time; at hundreds of orders a second on two cores that is
most of the cost. Here one statement reads the variants (with product, seller and COD rule) and one
statement with data-modifying CTEs inserts every row and takes the stock, guarded on stock and
price exactly as ``services.stock_take``. They run on a server-binding psycopg cursor of Django's
own connection, so inside the same transaction. The rows are the same as the ORM path's (the test
suite runs on both databases); SQLite keeps the ORM path.

Prepared only when the connection prepares (``DATABASE_PREPARED``, config/settings/base.py, which
sets the connection's ``prepare_threshold``): then both are prepared at their first run on a
connection and PostgreSQL keeps their plans. Without it (a PgBouncer in transaction mode before
1.21 loses prepared statements between transactions) they are sent unprepared. This module never
changes the connection's threshold: the connection is shared with every other query of the process.

Django's query log does not see these two: tests count them on the wire (libpq's trace,
``orders/tests/test_checkout.py``).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import psycopg
from django.db import connection

from .models import Checkout, Order, OrderLine, OrderStatus

READ_SQL = """
SELECT v.id, v.product_id, v.label, v.price, v.stock, p.name, p.unit, p.status, p.seller_id, s.name, s.slug,
       s.is_active, s.ward_id, c.rule, c.refusal_threshold, c.deposit_percent
FROM catalog_productvariant v
JOIN catalog_product p ON p.id = v.product_id
JOIN sellers_seller s ON s.id = p.seller_id
LEFT JOIN orders_codpolicy c ON c.seller_id = s.id
WHERE v.id = ANY(%(ids)s::bigint[])
"""

SQL = """
WITH new_checkout AS (
    INSERT INTO orders_checkout (reference, idempotency_key, request_hash, user_id, buyer_name, buyer_phone,
                                 ward_id, street, note, payment_method, total, created_at)
    VALUES (%(reference)s, %(key)s, %(hash)s, %(user_id)s, %(name)s, %(phone)s,
            %(ward_id)s, %(street)s, %(note)s, %(method)s, %(total)s, %(now)s)
    RETURNING id
), draft_orders AS (
    SELECT * FROM jsonb_to_recordset(%(orders)s::jsonb)
        AS o(position int, code text, seller_id bigint, subtotal bigint, fee bigint, deposit bigint)
), new_orders AS (
    INSERT INTO orders_order (code, checkout_id, seller_id, status, buyer_name, buyer_phone, ward_id, province_id,
                              street, note, payment_method, subtotal, shipping_fee, total, deposit_required,
                              created_at, updated_at)
    SELECT o.code, c.id, o.seller_id, %(placed)s, %(name)s, %(phone)s, %(ward_id)s, %(province_id)s,
           %(street)s, %(note)s, %(method)s, o.subtotal, o.fee, o.subtotal + o.fee, o.deposit, %(now)s, %(now)s
    FROM new_checkout c CROSS JOIN draft_orders o
    RETURNING id, code
), new_lines AS (
    INSERT INTO orders_orderline (order_id, product_id, variant_id, product_name, variant_label, unit, unit_price,
                                  quantity, line_total)
    SELECT n.id, l.product_id, l.variant_id, l.name, l.label, l.unit, l.price, l.quantity, l.price * l.quantity
    FROM jsonb_to_recordset(%(lines)s::jsonb)
        AS l(code text, product_id bigint, variant_id bigint, name text, label text, unit text, price bigint,
             quantity int)
    JOIN new_orders n ON n.code = l.code
    RETURNING 1
), new_events AS (
    INSERT INTO orders_orderevent (order_id, from_status, to_status, actor, user_id, reason, created_at)
    SELECT id, '', %(placed)s, 'buyer', %(user_id)s, '', %(now)s FROM new_orders
    RETURNING 1
), taken AS (
    UPDATE catalog_productvariant v SET stock = v.stock - w.quantity
    FROM jsonb_to_recordset(%(stock)s::jsonb) AS w(id bigint, quantity int, price bigint)
    WHERE v.id = w.id AND v.stock >= w.quantity AND v.price = w.price
    RETURNING v.id
)
SELECT (SELECT id FROM new_checkout),
       (SELECT jsonb_agg(jsonb_build_array(id, code)) FROM new_orders),
       (SELECT count(*) FROM new_lines),
       (SELECT count(*) FROM new_events),
       (SELECT count(*) FROM taken)
"""


def checkout_write(
    *,
    checkout: Checkout,
    orders: list[Order],
    lines: list[OrderLine],
    wanted: dict[int, int],
    prices: dict[int, int],
    now: datetime,
) -> bool:
    """Insert ``checkout``, ``orders`` (unsaved; each line's ``order`` is one of them) with a
    "placed" event each, and take the stock. Sets the primary keys. Returns False when the stock
    guard refused a variant: the caller must roll back (the inserts happened)."""
    params = {
        "reference": checkout.reference,
        "key": checkout.idempotency_key,
        "hash": checkout.request_hash,
        "user_id": checkout.user_id,
        "name": checkout.buyer_name,
        "phone": checkout.buyer_phone,
        "ward_id": checkout.ward_id,
        "province_id": orders[0].province_id,
        "street": checkout.street,
        "note": checkout.note,
        "method": checkout.payment_method,
        "total": checkout.total,
        "now": now,
        "placed": OrderStatus.PLACED.value,
        "orders": json.dumps(
            [
                {
                    "position": i,
                    "code": o.code,
                    "seller_id": o.seller_id,
                    "subtotal": o.subtotal,
                    "fee": o.shipping_fee,
                    "deposit": o.deposit_required,
                }
                for i, o in enumerate(orders)
            ]
        ),
        "lines": json.dumps(
            [
                {
                    "code": line.order.code,
                    "product_id": line.product_id,
                    "variant_id": line.variant_id,
                    "name": line.product_name,
                    "label": line.variant_label,
                    "unit": line.unit,
                    "price": line.unit_price,
                    "quantity": line.quantity,
                }
                for line in lines
            ]
        ),
        "stock": json.dumps([{"id": vid, "quantity": q, "price": prices[vid]} for vid, q in wanted.items()]),
    }
    with connection.wrap_database_errors, _server_cursor() as cursor:
        cursor.execute(SQL, params, prepare=_is_preparing())
        row = cursor.fetchone()
    assert row is not None
    checkout_id, order_rows, line_count, event_count, taken = row
    checkout.pk = checkout_id
    ids = {code: order_id for order_id, code in (json.loads(order_rows) if isinstance(order_rows, str) else order_rows)}
    for order in orders:
        order.pk = ids[order.code]
        order.checkout_id = checkout_id
        order.created_at = order.updated_at = now
        order._state.adding = False
    for line in lines:
        line.order_id = line.order.pk
    checkout.created_at = now
    checkout._state.adding = False
    if line_count != len(lines) or event_count != len(orders):
        raise RuntimeError("checkout rows were not all written")  # a schema change this SQL missed
    return bool(taken == len(wanted))


def _server_cursor() -> psycopg.Cursor[Any]:
    """A server-binding cursor on Django's connection (Django's own cursors bind on the client
    unless DATABASE_PREPARED; the jsonb parameters are sent as they are, not quoted into the SQL)."""
    connection.ensure_connection()
    return psycopg.Cursor(connection.connection)


def _is_preparing() -> bool:
    """Whether this connection prepares statements: Django leaves ``prepare_threshold`` at None
    (never) unless DATABASE_PREPARED sets it. When it does, these two are prepared at once rather
    than at their fifth run: they are the hottest statements there are."""
    return connection.connection.prepare_threshold is not None


def variant_rows_read(variant_ids: list[int]) -> list[tuple[Any, ...]]:
    """The rows ``services.VariantRow`` is made of, for these variants."""
    with connection.wrap_database_errors, _server_cursor() as cursor:
        cursor.execute(READ_SQL, {"ids": variant_ids}, prepare=_is_preparing())
        return cursor.fetchall()
