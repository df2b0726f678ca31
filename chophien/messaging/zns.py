"""Zalo Notification Service: an approved template message to a phone number that uses Zalo.

The request is Zalo's documented one (``POST https://business.openapi.zalo.me/message/template``,
the OA's ``access_token`` header, a JSON body with ``phone`` in the 84… form, ``template_id``,
``template_data`` of strings and our ``tracking_id``); the answer is ``{"error": 0, "data":
{"msg_id": …}}`` or a negative ``error`` with a ``message``. The error codes are those of Zalo
Cloud's "Cách xử lý mã lỗi" (https://zalo.cloud/zns/guidelines/handle-error-code: -100 unknown
error "vui lòng thử lại sau", -101…-105 the app or its OA, -108 phone number invalid, -109 template
ID invalid, -110 Zalo version unsupported, -111/-112 template data empty/invalid) and, past the part
of that table we could read, the names Zalo gives them in its answers (the same table as reproduced
by ZNS resellers: -114 "User is inactive, or reject the message…", quoted in eSMS.vn's documented
ZNS callback; -115 "Out of quota"; -117 "OA or App does not have permission to access this
template"; -118 "Zalo account not existed"; -119 "Account can not receive ZNS message"; -124
"Access token invalid"). The answer's ``message`` is matched too, so that a renumbered code with the
same words is classed alike.
"""

from __future__ import annotations

import json
import logging
import urllib.request

from django.conf import settings

from chophien.core.phone import to_e164

from .backends import DeliveryFailed, OutgoingMessage, Sent
from .catalogue import fit_param
from .http import Opener, ProviderUnreachable, default_opener, fetch_json
from .models import Channel

logger = logging.getLogger("chophien.messaging")

ZNS_TEMPLATE_URL = "https://business.openapi.zalo.me/message/template"

# What a refusal means for the message (see the module docstring for the sources).
ZNS_RETRY_LATER = {-100}  # "Unknown error … vui lòng thử lại sau"
ZNS_TOKEN_INVALID = {-124}
ZNS_NOT_ON_ZALO = {-108, -110, -114, -118, -119}  # the person cannot get it on Zalo: SMS
ZNS_TEMPLATE_REFUSED = {-109, -111, -112, -117}  # our template or its data: SMS, and an operator must look
ZNS_OUT_OF_QUOTA = {-115}  # the OA's balance or quota: SMS until it is topped up
NOT_ON_ZALO_WORDS = ("zalo account not existed", "user is inactive", "can not receive", "version unsupported")


class ZnsRefused(DeliveryFailed):
    """ZNS answered with an error. ``kind``: "retry", "token", "not_on_zalo", "template", "quota", "other"."""

    def __init__(self, message: str, *, code: object, kind: str) -> None:
        super().__init__(message, is_retryable=kind in ("retry", "token"))
        self.code = code
        self.kind = kind


def zns_refusal_kind(code: object, text: str) -> str:
    """Class a ZNS error code (and its message) as one of ZnsRefused's kinds."""
    words = text.lower()
    if code in ZNS_TOKEN_INVALID or "access token" in words:
        return "token"
    if code in ZNS_RETRY_LATER:
        return "retry"
    if code in ZNS_NOT_ON_ZALO or any(phrase in words for phrase in NOT_ON_ZALO_WORDS):
        return "not_on_zalo"
    if code in ZNS_TEMPLATE_REFUSED or "template" in words:
        return "template"
    if code in ZNS_OUT_OF_QUOTA or "quota" in words:
        return "quota"
    return "other"


def parse_zns_answer(answer: object) -> str:
    """The ``msg_id`` of a successful answer. Raises ZnsRefused for an error answer, DeliveryFailed
    (retryable) for an answer of an unknown shape."""
    if not isinstance(answer, dict):
        raise DeliveryFailed(f"Zalo ZNS answered {type(answer).__name__}, not an object")
    error = answer.get("error")
    if error != 0:
        text = str(answer.get("message", ""))[:200]
        kind = zns_refusal_kind(error, text)
        raise ZnsRefused(f"Zalo ZNS error {error}: {text}", code=error, kind=kind)
    data = answer.get("data")
    if not isinstance(data, dict) or not data.get("msg_id"):
        raise DeliveryFailed("Zalo ZNS answered without data")
    return str(data["msg_id"])[:100]


def zns_template_data(message: OutgoingMessage) -> tuple[str, dict[str, str]]:
    """The ZNS template id and data for ``message``, each value within its type's limit.

    Raises DeliveryFailed (not retryable: SMS carries the message instead) when the message has no
    ZNS template, or a value that may not be shortened (a link, a code) is too long.
    """
    template = settings.MESSAGING_TEMPLATES.get(message.template) or {}
    zns_id = str(template.get("zns_id") or "")
    if not zns_id:
        raise DeliveryFailed(f"Zalo ZNS has no template id for {message.template!r}", is_retryable=False)
    types: dict[str, str] = template.get("params", {})
    data: dict[str, str] = {}
    for name, value in message.params.items():
        fitted = fit_param(value=value, zns_type=types.get(name, "label"))
        if fitted is None:
            raise DeliveryFailed(
                f"{message.template}.{name} is longer than ZNS allows for {types.get(name)}", is_retryable=False
            )
        data[name] = fitted
    return zns_id, data


class ZaloZnsBackend:
    def __init__(self, *, access_token: str | None = None, opener: Opener | None = None) -> None:
        self.access_token = access_token
        self.opener = opener or default_opener()

    def _token(self) -> str:
        if self.access_token is not None:
            return self.access_token
        from .zalo_tokens import zalo_access_token

        return zalo_access_token()

    def build_request(self, message: OutgoingMessage, *, access_token: str) -> urllib.request.Request:
        zns_id, data = zns_template_data(message)
        body = {
            "phone": to_e164(message.phone)[1:],  # 84912345678: international form without the plus
            "template_id": zns_id,
            "template_data": data,
            "tracking_id": message.tracking_id,
        }
        return urllib.request.Request(
            ZNS_TEMPLATE_URL,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json", "access_token": access_token},
            method="POST",
        )

    def _post(self, message: OutgoingMessage, *, access_token: str) -> str:
        request = self.build_request(message, access_token=access_token)
        try:
            answer = fetch_json(self.opener, request)
        except ProviderUnreachable as exc:
            raise DeliveryFailed(f"Zalo ZNS unreachable: {exc}") from exc
        return parse_zns_answer(answer)

    def send(self, message: OutgoingMessage) -> Sent:
        """Send by ZNS. An "access token invalid" answer refreshes the stored token (unless another
        worker already has) and tries once more. Raises ZnsRefused or DeliveryFailed."""
        token = self._token()
        try:
            msg_id = self._post(message, access_token=token)
        except ZnsRefused as refusal:
            if refusal.kind == "template":
                logger.error("ZNS_TEMPLATE_REFUSED %s: %s", message.template, refusal)
            elif refusal.kind == "quota":
                logger.error("ZNS_OUT_OF_QUOTA: %s", refusal)
            if refusal.kind != "token" or self.access_token is not None:
                raise
            from .zalo_tokens import zalo_access_token

            msg_id = self._post(message, access_token=zalo_access_token(refused=token))
        return Sent(channel=Channel.ZNS, provider_message_id=msg_id, cost=settings.MESSAGING_ZNS_PRICE)
