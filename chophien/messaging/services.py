"""Sending messages: always after the transaction that caused them has committed."""

from __future__ import annotations

import logging
import secrets
from functools import partial

from django.db import transaction

from .backends import DeliveryFailed, OutgoingMessage, get_backend
from .tasks import deliver_message

logger = logging.getLogger("chophien.messaging")


def message_send(
    *, phone: str, text: str, template: str, params: dict[str, str] | None = None, is_secret: bool = False
) -> None:
    """Deliver a message to ``phone`` once the current transaction commits (at once outside one).

    Ordinary messages go through the task queue, which retries a failed delivery. A message that
    carries a secret (a login code) is delivered in-process instead, so that the secret is never
    written to the task table; if that delivery fails the person simply asks for a new code.
    """
    message = OutgoingMessage(
        phone=phone, text=text, template=template, params=params or {}, tracking_id=secrets.token_hex(8)
    )
    if is_secret:
        transaction.on_commit(partial(_deliver_secret, message))
        return
    transaction.on_commit(
        partial(
            deliver_message.enqueue,
            phone=message.phone,
            text=message.text,
            template=message.template,
            params=message.params,
            tracking_id=message.tracking_id,
        )
    )


def _deliver_secret(message: OutgoingMessage) -> None:
    try:
        get_backend().send(message)
    except DeliveryFailed:
        logger.exception("could not deliver %s message %s", message.template, message.tracking_id)
