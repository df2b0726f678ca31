"""Where text messages leave the platform: SMS/Zalo adapters behind one small interface.

We cannot reach Zalo from our build machines; ``ZaloZnsBackend`` builds the request that Zalo's
ZNS API documents (POST /message/template with an ``access_token`` header) and is tested against
recorded responses. ``LogBackend`` writes the message to the log for development.
"""

from __future__ import annotations

import json
import logging
import urllib.request
from dataclasses import dataclass, field
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from chophien.core.phone import to_e164

logger = logging.getLogger("chophien.messaging")

ZNS_TEMPLATE_URL = "https://business.openapi.zalo.me/message/template"


@dataclass(frozen=True)
class OutgoingMessage:
    phone: str  # national form, 0912345678
    text: str  # the plain text, used by SMS and the log
    template: str  # our name for it: "otp", "order_placed" ...
    params: dict[str, str] = field(default_factory=dict)
    tracking_id: str = ""


class DeliveryFailed(Exception):
    pass


class MessageBackend(Protocol):
    def send(self, message: OutgoingMessage) -> str:
        """Deliver the message; return the provider's message id. Raises DeliveryFailed."""
        ...


class LogBackend:
    def send(self, message: OutgoingMessage) -> str:
        logger.warning("[tin nhắn tới %s] %s", message.phone, message.text)
        return f"log-{message.tracking_id}"


class MemoryBackend:
    """Keeps sent messages in memory, for tests."""

    outbox: list[OutgoingMessage] = []

    def send(self, message: OutgoingMessage) -> str:
        MemoryBackend.outbox.append(message)
        return f"mem-{len(MemoryBackend.outbox)}"


class ZaloZnsBackend:
    """Zalo Notification Service: a template message to a phone number that uses Zalo."""

    def __init__(
        self,
        *,
        access_token: str | None = None,
        template_ids: dict[str, str] | None = None,
        opener: urllib.request.OpenerDirector | None = None,
    ) -> None:
        self.access_token = access_token if access_token is not None else settings.ZALO_ZNS_ACCESS_TOKEN
        self.template_ids = template_ids or {"otp": settings.ZALO_ZNS_OTP_TEMPLATE_ID}
        self.opener = opener or urllib.request.build_opener()

    def build_request(self, message: OutgoingMessage) -> urllib.request.Request:
        """The documented ZNS request for ``message``. Raises DeliveryFailed when its template has no ZNS id."""
        template_id = self.template_ids.get(message.template)
        if not template_id:
            raise DeliveryFailed(f"Zalo ZNS has no template id for {message.template!r}")
        body = {
            # ZNS wants the number in international form without the plus: 84912345678.
            "phone": to_e164(message.phone)[1:],
            "template_id": template_id,
            "template_data": message.params,
            "tracking_id": message.tracking_id,
        }
        return urllib.request.Request(
            ZNS_TEMPLATE_URL,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json", "access_token": self.access_token},
            method="POST",
        )

    def send(self, message: OutgoingMessage) -> str:
        request = self.build_request(message)
        try:
            with self.opener.open(request, timeout=10) as response:
                answer = json.loads(response.read().decode())
        except (OSError, ValueError) as exc:
            raise DeliveryFailed(f"Zalo ZNS unreachable: {exc}") from exc
        return parse_zns_answer(answer)


def parse_zns_answer(answer: object) -> str:
    """ZNS answers ``{"error": 0, "data": {"msg_id": ...}}`` on success and a negative error otherwise."""
    if not isinstance(answer, dict):
        raise DeliveryFailed(f"Zalo ZNS answered {type(answer).__name__}, not an object")
    if answer.get("error") != 0:
        raise DeliveryFailed(f"Zalo ZNS error {answer.get('error')}: {answer.get('message')}")
    data = answer.get("data")
    if not isinstance(data, dict):
        raise DeliveryFailed("Zalo ZNS answered without data")
    return str(data.get("msg_id", ""))


def get_backend() -> MessageBackend:
    backend: MessageBackend = import_string(settings.MESSAGING_BACKEND)()
    return backend
