"""The background delivery of messages, with retries when the provider fails for a passing reason,
and the refresh of the Zalo access token."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from .backends import DeliveryFailed, OutgoingMessage

logger = logging.getLogger("chophien.messaging")

# A provider outage usually lasts seconds to minutes; after the last delay the message goes by SMS
# if ZNS was the one failing, else the task fails for good and stays in the task table as FAILED
# (and its receipt as "failed") for an operator to see.
RETRY_DELAYS = (timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10))


@task()
def deliver_message(
    *,
    phone: str,
    text: str,
    template: str,
    params: dict[str, str],
    tracking_id: str,
    attempt: int = 0,
    seller_id: int | None = None,
) -> str:
    """One attempt at a message; a retryable failure books the next attempt. Returns the provider's id."""
    from .services import message_deliver

    message = OutgoingMessage(
        phone=phone,
        text=text,
        template=template,
        params=params,
        tracking_id=tracking_id,
        is_last_attempt=attempt >= len(RETRY_DELAYS),
    )
    try:
        return message_deliver(message=message, seller_id=seller_id).provider_message_id
    except DeliveryFailed as exc:
        if not exc.is_retryable or message.is_last_attempt:
            raise
        logger.warning("delivery of %s failed (attempt %d), retrying: %s", tracking_id, attempt + 1, exc)
        retry = deliver_message
        if retry.get_backend().supports_defer:  # the immediate backend of the tests retries at once
            retry = retry.using(run_after=timezone.now() + RETRY_DELAYS[attempt])
        retry.enqueue(
            phone=phone,
            text=text,
            template=template,
            params=params,
            tracking_id=tracking_id,
            attempt=attempt + 1,
            seller_id=seller_id,
        )
        return f"retry-{attempt + 1}"


@task()
def refresh_zalo_token() -> str:
    """Refresh the Zalo access token if less than an hour is left (run it every few minutes)."""
    from .zalo_tokens import zalo_token_refresh

    token = zalo_token_refresh()
    return f"expires {token.expires_at.isoformat()}"
