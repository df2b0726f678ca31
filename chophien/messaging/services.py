"""Sending messages: always after the transaction that caused them has committed."""

from __future__ import annotations

import secrets
from functools import partial

from django.db import transaction

from .tasks import deliver_message


def message_send(*, phone: str, text: str, template: str, params: dict[str, str] | None = None) -> None:
    """Queue a message to ``phone`` once the current transaction commits (at once outside one)."""
    tracking_id = secrets.token_hex(8)
    transaction.on_commit(
        partial(
            deliver_message.enqueue,
            phone=phone,
            text=text,
            template=template,
            params=params or {},
            tracking_id=tracking_id,
        )
    )
