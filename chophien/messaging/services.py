"""Sending messages (always after the transaction that caused them has committed) and keeping a
receipt of each: channel, provider id, status, cost, and the shop whose business caused it."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .backends import DeliveryFailed, MessageBackend, OutgoingMessage, Sent, get_backend
from .catalogue import check_params
from .models import Channel, DeliveryStatus, MessageDelivery
from .sms import EsmsReport
from .tasks import deliver_message

logger = logging.getLogger("chophien.messaging")


def message_send(
    *,
    phone: str,
    text: str,
    template: str,
    params: dict[str, str] | None = None,
    seller_id: int | None = None,
    is_secret: bool = False,
) -> None:
    """Deliver a message to ``phone`` once the current transaction commits (at once outside one).

    ``template`` is one of ``catalogue.PLATFORM_MESSAGES`` and ``params`` exactly its parameters (a
    MessageTemplateError otherwise: a bug of the caller, raised at once). ``seller_id`` is the shop
    whose business caused the message; its cost is counted against it (None: the platform's own).

    Ordinary messages go through the task queue, which retries a failed delivery. A message that
    carries a secret (a login code) is delivered in-process instead, so that the secret is never
    written to the task table; if that delivery fails the person simply asks for a new code.
    """
    params = params or {}
    check_params(template=template, params=params)
    message = OutgoingMessage(
        phone=phone, text=text, template=template, params=params, tracking_id=secrets.token_hex(8)
    )
    if is_secret:
        transaction.on_commit(partial(_deliver_secret, message, seller_id))
        return
    transaction.on_commit(
        partial(
            deliver_message.enqueue,
            phone=message.phone,
            text=message.text,
            template=message.template,
            params=message.params,
            tracking_id=message.tracking_id,
            seller_id=seller_id,
        )
    )


def phone_hash(phone: str) -> str:
    """The same phone always gives the same hash (to count a person's messages), which says nothing
    of the number without the site's secret key."""
    return hmac.new(settings.SECRET_KEY.encode(), f"messaging-phone:{phone}".encode(), hashlib.sha256).hexdigest()


def phone_masked(phone: str) -> str:
    return f"{phone[:3]}****{phone[-3:]}" if len(phone) >= 7 else "****"


def message_delivery_for(*, message: OutgoingMessage, seller_id: int | None) -> MessageDelivery:
    """The receipt row of ``message``, made at its first attempt (a retry finds the same row)."""
    delivery, _created = MessageDelivery.objects.get_or_create(
        tracking_id=message.tracking_id,
        defaults={
            "template": message.template,
            "phone_hash": phone_hash(message.phone),
            "phone_masked": phone_masked(message.phone),
            "seller_id": seller_id,
        },
    )
    return delivery


def message_deliver(
    *, message: OutgoingMessage, seller_id: int | None, backend: MessageBackend | None = None
) -> MessageDelivery:
    """Send ``message`` once through the backend and record the attempt on its receipt.

    A message already accepted by a provider is not sent again (a task run twice). Raises
    DeliveryFailed after recording it; the caller decides whether to retry.
    """
    delivery = message_delivery_for(message=message, seller_id=seller_id)
    if delivery.status != DeliveryStatus.QUEUED:
        return delivery
    MessageDelivery.objects.filter(pk=delivery.pk).update(attempts=F("attempts") + 1)
    try:
        sent = (backend or get_backend()).send(message)
    except DeliveryFailed as exc:
        final = not exc.is_retryable or message.is_last_attempt
        MessageDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.QUEUED).update(
            last_error=str(exc)[:255], status=DeliveryStatus.FAILED if final else DeliveryStatus.QUEUED
        )
        raise
    _record_sent(delivery=delivery, sent=sent)
    delivery.refresh_from_db()
    return delivery


def _record_sent(*, delivery: MessageDelivery, sent: Sent) -> None:
    MessageDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.QUEUED).update(
        status=DeliveryStatus.SENT,
        channel=sent.channel if sent.channel in Channel.values else "",
        provider_message_id=sent.provider_message_id,
        cost=sent.cost,
        fell_back=sent.fell_back,
        sent_at=timezone.now(),
    )


def _deliver_secret(message: OutgoingMessage, seller_id: int | None) -> None:
    try:
        message_deliver(message=message, seller_id=seller_id)
    except DeliveryFailed:
        logger.exception("could not deliver %s message %s", message.template, message.tracking_id)


def message_report_record(*, tracking_id: str, report: EsmsReport) -> MessageDelivery | None:
    """Record eSMS's delivery report on the message's receipt. Idempotent: a report sent again
    changes no status or cost (only ``reported_at``); a final status is never undone by a later
    "waiting" report, nor "delivered" by "failed".

    Returns None when no SMS with this tracking id and SMSID was sent (the caller answers 404).
    """
    delivery = MessageDelivery.objects.filter(tracking_id=tracking_id, channel=Channel.SMS).first()
    if delivery is None or delivery.provider_message_id not in ("", report.sms_id):
        return None
    changes: dict[str, object] = {"reported_at": timezone.now()}
    if not delivery.provider_message_id:  # eSMS had the message already when a retry asked again
        changes["provider_message_id"] = report.sms_id
    if report.cost is not None:
        changes["cost"] = report.cost
    MessageDelivery.objects.filter(pk=delivery.pk).update(**changes)
    if report.status:
        # Conditional in the database: of two reports arriving at once, the first final one stands.
        MessageDelivery.objects.filter(pk=delivery.pk, status__in=(DeliveryStatus.QUEUED, DeliveryStatus.SENT)).update(
            status=report.status
        )
    delivery.refresh_from_db()
    return delivery
