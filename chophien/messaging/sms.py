"""Brandname SMS through eSMS.vn: the fallback when a phone has no Zalo or ZNS refuses the message.

Built from eSMS's published API (https://developers.esms.vn/en/esms-api/send-sms-api/send-otp-customer-care-message,
its source in github.com/devesms/gitbook_esms_for_develop_v2_en, esms-api/send-sms-api/send-otp-customer-care-message.md):
``POST https://rest.esms.vn/MainService.svc/json/SendMultipleMessage_V4_post_json/`` with a JSON body
of strings: ``ApiKey``, ``SecretKey``, ``Phone``, ``Content``, ``Brandname`` (registered beforehand),
``SmsType`` "2" (customer care), ``IsUnicode`` "0"/"1", ``Sandbox`` "0"/"1", ``RequestId`` (blocks a
duplicate for 24 hours, at most 50 characters) and ``CallbackUrl``. The answer is
``{"CodeResult": "100", "SMSID": …}`` when eSMS took the request, else another ``CodeResult`` with
``ErrorMessage`` (https://developers.esms.vn/en/esms-api/table-of-error-codes). "100" is not a
delivery: the delivery report comes later to ``CallbackUrl`` by HTTP GET
(https://developers.esms.vn/en/esms-api/callback-url), read by ``parse_esms_report``.

Customer-care brandname messages are sent without accents unless the contract says otherwise
(``ESMS_UNICODE``): a Unicode SMS holds 70 characters a part instead of 160 and costs more.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import unicodedata
import urllib.request
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings

from chophien.core.links import site_url

from .backends import DeliveryFailed, OutgoingMessage, Sent
from .http import Opener, ProviderUnreachable, default_opener, fetch_json
from .models import Channel, DeliveryStatus

ESMS_SEND_URL = "https://rest.esms.vn/MainService.svc/json/SendMultipleMessage_V4_post_json/"
ESMS_ACCEPTED = "100"
# "Duplicate RequestId": our RequestId is the message's tracking id, so eSMS already has this message.
ESMS_ALREADY_SENT = "124"
# Codes after which the same request can never succeed: the number, or our account and brandname.
ESMS_REFUSED_FOR_GOOD = {
    "99": "the phone number is blocked",
    "101": "wrong ApiKey or SecretKey",
    "102": "no price list",
    "103": "balance too low",
    "104": "brandname does not exist",
    "108": "phone number not in the right format",
    "118": "unsupported message type",
    "140": "this server's IP is not whitelisted",
    "146": "the text matches no registered customer-care template",
    "177": "the phone's network is not registered for the brandname",
}
ESMS_OPERATOR_MUST_ACT = {"101", "102", "103", "104", "118", "140", "146", "177"}

_ASCII = str.maketrans({"đ": "d", "Đ": "D", "₫": "d", "…": "...", "–": "-", "—": "-", "“": '"', "”": '"', "’": "'"})


def sms_text(text: str, *, unicode: bool) -> str:
    """The text as the brandname sends it: as written, or without accents (đ -> d, ₫ -> d)."""
    if unicode:
        return text
    decomposed = unicodedata.normalize("NFD", text.translate(_ASCII))
    plain = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return plain.encode("ascii", "replace").decode()


def receipt_signature(tracking_id: str) -> str:
    key = settings.MESSAGING_WEBHOOK_SECRET.encode()
    return hmac.new(key, f"esms-receipt:{tracking_id}".encode(), hashlib.sha256).hexdigest()[:32]


def receipt_path(tracking_id: str) -> str:
    """Where eSMS reports on this message: signed per message, since eSMS signs nothing itself."""
    return f"/api/messages/esms/{tracking_id}/{receipt_signature(tracking_id)}"


def parse_esms_answer(answer: object) -> str:
    """eSMS's SMSID for an accepted request ("" for one it already had). Raises DeliveryFailed."""
    if not isinstance(answer, dict):
        raise DeliveryFailed(f"eSMS answered {type(answer).__name__}, not an object")
    code = str(answer.get("CodeResult", ""))[:10]
    if code == ESMS_ACCEPTED:
        sms_id = str(answer.get("SMSID") or "")[:100]
        if not sms_id:
            raise DeliveryFailed("eSMS accepted the request without an SMSID")
        return sms_id
    if code == ESMS_ALREADY_SENT:
        return ""
    reason = ESMS_REFUSED_FOR_GOOD.get(code) or str(answer.get("ErrorMessage") or "unknown error")[:150]
    raise DeliveryFailed(f"eSMS error {code}: {reason}", is_retryable=code not in ESMS_REFUSED_FOR_GOOD)


class EsmsBackend:
    def __init__(self, *, opener: Opener | None = None) -> None:
        self.opener = opener or default_opener()

    def build_request(self, message: OutgoingMessage) -> urllib.request.Request:
        body = {
            "ApiKey": settings.ESMS_API_KEY,
            "SecretKey": settings.ESMS_SECRET_KEY,
            "Phone": message.phone,
            "Content": sms_text(message.text, unicode=settings.ESMS_UNICODE),
            "Brandname": settings.ESMS_BRANDNAME,
            "SmsType": "2",
            "IsUnicode": "1" if settings.ESMS_UNICODE else "0",
            "Sandbox": "1" if settings.ESMS_SANDBOX else "0",
            "RequestId": message.tracking_id[:50],
        }
        if settings.MESSAGING_WEBHOOK_SECRET and message.tracking_id:
            body["CallbackUrl"] = site_url(receipt_path(message.tracking_id))
        return urllib.request.Request(
            ESMS_SEND_URL,
            data=json.dumps(body, ensure_ascii=False).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )

    def send(self, message: OutgoingMessage) -> Sent:
        """Hand the message to eSMS. Raises DeliveryFailed (retryable unless eSMS refused it for good)."""
        try:
            answer = fetch_json(self.opener, self.build_request(message))
        except ProviderUnreachable as exc:
            raise DeliveryFailed(f"eSMS unreachable: {exc}") from exc
        sms_id = parse_esms_answer(answer)
        return Sent(channel=Channel.SMS, provider_message_id=sms_id, cost=settings.MESSAGING_SMS_PRICE)


@dataclass(frozen=True)
class EsmsReport:
    sms_id: str
    status: str  # DeliveryStatus, or "" while eSMS is still waiting on the network
    cost: int | None  # đồng, when eSMS says


class BadReport(ValueError):
    pass


def _count(query: dict[str, str], name: str) -> int:
    raw = query.get(name, "0") or "0"
    if len(raw) > 9 or not raw.isdigit():
        raise BadReport(f"{name} is not a count")
    return int(raw)


def parse_esms_report(query: dict[str, str]) -> EsmsReport:
    """A delivery report as eSMS sends it (query parameters ``SMSID``, ``SendStatus`` 1 waiting for
    approval, 2 waiting to send, 4 rejected, 5 sent, 7 with the network awaiting its report;
    ``SendSuccess``/``SendFailed`` counts, ``TotalPrice`` like "470.0000"). Raises BadReport."""
    sms_id = query.get("SMSID", "")
    if not sms_id or len(sms_id) > 100:
        raise BadReport("SMSID is missing or too long")
    send_status = query.get("SendStatus", "")
    if send_status not in {"1", "2", "4", "5", "7"}:
        raise BadReport("SendStatus is not one eSMS documents")
    succeeded, failed = _count(query, "SendSuccess"), _count(query, "SendFailed")
    status = ""
    if send_status == "4":
        status = DeliveryStatus.FAILED
    elif send_status == "5":
        status = DeliveryStatus.DELIVERED if succeeded else DeliveryStatus.FAILED if failed else ""
    raw_price = query.get("TotalPrice", "")
    cost: int | None = None
    if raw_price:
        try:
            price = Decimal(raw_price[:20])
        except InvalidOperation:
            raise BadReport("TotalPrice is not a number") from None
        if not price.is_finite() or price < 0 or price > 10_000_000:
            raise BadReport("TotalPrice is out of range")
        cost = int(price.to_integral_value())
    return EsmsReport(sms_id=sms_id, status=status, cost=cost)
