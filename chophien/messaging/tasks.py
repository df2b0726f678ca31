"""The background delivery of messages, with retries when the provider fails."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from .backends import DeliveryFailed, OutgoingMessage, get_backend

logger = logging.getLogger("chophien.messaging")

# A provider outage usually lasts seconds to minutes; after the last delay the task fails for good
# and stays in the task table as FAILED for an operator to see.
RETRY_DELAYS = (timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10))


@task()
def deliver_message(
    *, phone: str, text: str, template: str, params: dict[str, str], tracking_id: str, attempt: int = 0
) -> str:
    message = OutgoingMessage(phone=phone, text=text, template=template, params=params, tracking_id=tracking_id)
    try:
        return get_backend().send(message)
    except DeliveryFailed:
        if attempt >= len(RETRY_DELAYS):
            raise
        logger.warning("delivery of %s failed (attempt %d), retrying", tracking_id, attempt + 1)
        retry = deliver_message
        if retry.get_backend().supports_defer:  # the immediate backend of the tests retries at once
            retry = retry.using(run_after=timezone.now() + RETRY_DELAYS[attempt])
        retry.enqueue(
            phone=phone, text=text, template=template, params=params, tracking_id=tracking_id, attempt=attempt + 1
        )
        return f"retry-{attempt + 1}"
