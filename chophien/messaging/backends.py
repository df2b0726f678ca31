"""Where messages leave the platform: channels behind one small interface.

``ZaloThenSmsBackend`` is production's: Zalo ZNS first (``messaging.zns``), and a brandname SMS
(``messaging.sms``, eSMS.vn) when the phone has no Zalo or ZNS refuses the message. Neither provider
can be reached from our build machines: the adapters build the documented requests and are tested
against documented-shape samples. ``LogBackend`` writes messages to the log for development;
``MemoryBackend`` keeps them for tests.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from .models import Channel

logger = logging.getLogger("chophien.messaging")


@dataclass(frozen=True)
class OutgoingMessage:
    phone: str  # national form, 0912345678
    text: str  # the whole text, sent by SMS and written to the log
    template: str  # our name for it: "otp", "checkout_placed" ... (messaging.catalogue)
    params: dict[str, str] = field(default_factory=dict)
    tracking_id: str = ""
    # False while the task may still retry: a passing ZNS failure then waits for the retry instead
    # of spending an SMS at once. The last attempt (and a login code, sent once) falls back.
    is_last_attempt: bool = True


@dataclass(frozen=True)
class Sent:
    """A message a provider accepted: by which channel, its id there, what it costs (đồng)."""

    channel: str
    provider_message_id: str
    cost: int = 0
    fell_back: bool = False


class DeliveryFailed(Exception):
    """The message did not go out. ``is_retryable``: the same request may succeed later (a timeout,
    a provider's passing error); otherwise retrying cannot help (a refused number, a wrong key)."""

    def __init__(self, message: str, *, is_retryable: bool = True) -> None:
        super().__init__(message)
        self.is_retryable = is_retryable


class MessageBackend(Protocol):
    def send(self, message: OutgoingMessage) -> Sent:
        """Deliver the message. Raises DeliveryFailed."""
        ...


class LogBackend:
    def send(self, message: OutgoingMessage) -> Sent:
        logger.warning("[tin nhắn tới %s] %s", message.phone, message.text)
        return Sent(channel=Channel.LOG, provider_message_id=f"log-{message.tracking_id}")


class MemoryBackend:
    """Keeps sent messages in memory, for tests."""

    outbox: list[OutgoingMessage] = []

    def send(self, message: OutgoingMessage) -> Sent:
        MemoryBackend.outbox.append(message)
        return Sent(channel=Channel.TEST, provider_message_id=f"mem-{len(MemoryBackend.outbox)}")


class ZaloThenSmsBackend:
    """Zalo ZNS first; SMS when ZNS says the person cannot get it there or refuses the message, and
    on the last attempt when ZNS is failing for a passing reason. A passing ZNS failure before the
    last attempt is raised as retryable, so the task tries ZNS again later."""

    def __init__(self, *, zns: MessageBackend | None = None, sms: MessageBackend | None = None) -> None:
        from .sms import EsmsBackend
        from .zns import ZaloZnsBackend

        self.zns: MessageBackend = zns or ZaloZnsBackend()
        self.sms: MessageBackend = sms or EsmsBackend()

    def send(self, message: OutgoingMessage) -> Sent:
        try:
            return self.zns.send(message)
        except DeliveryFailed as zns_failure:
            if zns_failure.is_retryable and not message.is_last_attempt:
                raise
            logger.info("ZNS did not take %s (%s): sending it by SMS", message.tracking_id, zns_failure)
        sent = self.sms.send(message)
        return Sent(channel=sent.channel, provider_message_id=sent.provider_message_id, cost=sent.cost, fell_back=True)


def get_backend() -> MessageBackend:
    backend: MessageBackend = import_string(settings.MESSAGING_BACKEND)()
    return backend


def backend_uses_zalo() -> bool:
    """Whether the configured backend sends by Zalo ZNS (then every message needs a ZNS template)."""
    name = settings.MESSAGING_BACKEND
    return name.endswith((".ZaloThenSmsBackend", ".ZaloZnsBackend"))
