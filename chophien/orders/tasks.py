"""Work after orders are placed, off the buyer's request: the messages to the buyer and sellers.

Checkouts are an outbox: each row is written with ``notified_at`` empty in the checkout's own
transaction, so no crash between the commit and a queue can lose a message. ``notify_pending``
works through the rows still to tell; placing an order only asks for such a sweep, at most once
per ``ORDERS_NOTIFY_SWEEP_SECONDS`` per process (a livestream places hundreds of orders a second,
and one sweep tells them all).
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from chophien.core.links import site_url
from chophien.core.money import format_vnd
from chophien.messaging.services import message_send

from .models import Checkout

SWEEP_BATCH = 200
_sweep_lock = threading.Lock()
_next_sweep_at = 0.0  # this process asks for an immediate sweep again after this time
_deferred_until = 0.0  # a sweep is already booked to run at this time


def _tell(checkout: Checkout) -> None:
    orders = list(checkout.orders.select_related("seller").order_by("id"))
    if not orders:
        return
    order_codes = ", ".join(order.code for order in orders)
    # One order: its page; several (one per seller): the checkout's page, which shows them all to the
    # browser that placed them and opens the lookup, prefilled, on any other.
    if len(orders) == 1:
        link = site_url(reverse("orders:order", args=[orders[0].code]))
    else:
        link = site_url(reverse("orders:placed", args=[checkout.reference]) + "?xem=1")
    message_send(
        phone=checkout.buyer_phone,
        template="checkout_placed",
        params={
            "reference": checkout.reference,
            "orders": order_codes,
            "total": str(checkout.total),  # digits: ZNS formats an amount itself
            "link": link,
        },
        text=_(
            "Chợ Phiên đã nhận đơn %(reference)s (mã đơn: %(orders)s), tổng %(total)s, trả tiền khi nhận hàng. "
            "Xem đơn: %(link)s"
        )
        % {"reference": checkout.reference, "orders": order_codes, "total": format_vnd(checkout.total), "link": link},
        # A checkout with several shops is the platform's message; with one, that shop's.
        seller_id=orders[0].seller_id if len(orders) == 1 else None,
    )
    for order in orders:
        message_send(
            phone=order.seller.phone,
            template="seller_new_order",
            params={
                "order": order.code,
                "total": str(order.total),
                "link": site_url(reverse("orders:desk_order", args=[order.pk])),
            },
            text=_("Đơn mới %(code)s trên Chợ Phiên: %(total)s. Vào mục Đơn hàng để xác nhận.")
            % {"code": order.code, "total": format_vnd(order.total)},
            seller_id=order.seller_id,
        )


@task()
def notify_pending() -> int:
    """Tell the buyer and sellers of every checkout not yet told; returns how many checkouts.

    Rows are claimed with SKIP LOCKED (PostgreSQL), so several workers sweeping at once share the
    work and never tell anyone twice. Each message is its own delivery task, retried on its own.
    """
    told = 0
    while True:
        with transaction.atomic():
            batch = list(
                Checkout.objects.select_for_update(skip_locked=True)
                .filter(notified_at__isnull=True)
                .order_by("id")[:SWEEP_BATCH]
            )
            for checkout in batch:
                _tell(checkout)
            Checkout.objects.filter(pk__in=[c.pk for c in batch]).update(notified_at=timezone.now())
        told += len(batch)
        if len(batch) < SWEEP_BATCH:
            return told


def notify_soon() -> None:
    """Ask for a sweep after a checkout commits: at once when none was asked for lately, else one
    booked for the end of the interval, so every checkout is swept after its commit."""
    global _next_sweep_at, _deferred_until
    interval = float(getattr(settings, "ORDERS_NOTIFY_SWEEP_SECONDS", 1.0))
    now = time.time()
    with _sweep_lock:
        if now >= _next_sweep_at:
            _next_sweep_at = now + interval
            run_at = None
        elif _deferred_until < _next_sweep_at:
            _deferred_until = run_at = _next_sweep_at
        else:
            return  # the booked sweep runs after this commit
    if run_at is None or not notify_pending.get_backend().supports_defer:
        notify_pending.enqueue()
        return
    notify_pending.using(run_after=timezone.now() + timedelta(seconds=max(0.0, run_at - now))).enqueue()
