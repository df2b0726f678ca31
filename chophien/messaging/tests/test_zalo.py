import json
import urllib.error
from email.message import Message
from pathlib import Path

import pytest

from chophien.messaging.backends import (
    ZNS_TEMPLATE_URL,
    DeliveryFailed,
    OutgoingMessage,
    ZaloZnsBackend,
    get_backend,
    parse_zns_answer,
)

RECORDED = Path(__file__).parent / "recorded"
MESSAGE = OutgoingMessage(
    phone="0912345678", text="Mã 123456", template="otp", params={"otp": "123456"}, tracking_id="t1"
)
# What each recorded ZNS answer must give: a message id, or the DeliveryFailed text.
RECORDED_OUTCOMES = {
    "zns_success.json": ("msg_id", "a4c3b2f1e0d9"),
    "zns_invalid_phone.json": ("failed", "Zalo ZNS error -108: Phone number is invalid"),
}


class RecordedOpener:
    """Stands in for urllib's opener: answers every request with the bytes of a recorded answer."""

    def __init__(self, body: bytes) -> None:
        self.body = body
        self.calls: list[tuple[object, float]] = []

    @classmethod
    def replaying(cls, name: str) -> "RecordedOpener":
        return cls((RECORDED / name).read_bytes())

    def open(self, request, timeout):
        self.calls.append((request, timeout))
        body = self.body

        class Answer:
            def __enter__(self):
                return self

            def __exit__(self, *args):
                return False

            def read(self):
                return body

        return Answer()


class FailingOpener:
    def __init__(self, error: Exception) -> None:
        self.error = error

    def open(self, request, timeout):
        raise self.error


def zalo(opener=None) -> ZaloZnsBackend:
    return ZaloZnsBackend(access_token="tok", template_ids={"otp": "250001"}, opener=opener)


def test_the_request_follows_the_documented_zns_format():
    # when
    request = zalo().build_request(MESSAGE)

    # then
    assert ZNS_TEMPLATE_URL == "https://business.openapi.zalo.me/message/template"
    assert (request.full_url, request.get_method()) == (ZNS_TEMPLATE_URL, "POST")
    assert request.get_header("Access_token") == "tok"
    assert request.get_header("Content-type") == "application/json"
    assert json.loads(request.data) == {
        "phone": "84912345678",
        "template_id": "250001",
        "template_data": {"otp": "123456"},
        "tracking_id": "t1",
    }


def test_the_phone_goes_out_in_international_form_without_the_plus():
    message = OutgoingMessage(phone="0869123456", text="", template="otp", params={}, tracking_id="t2")
    assert json.loads(zalo().build_request(message).data)["phone"] == "84869123456"


def test_the_token_and_template_come_from_settings_by_default(settings):
    # given
    settings.ZALO_ZNS_ACCESS_TOKEN = "token-from-settings"
    settings.ZALO_ZNS_OTP_TEMPLATE_ID = "260002"

    # when
    request = ZaloZnsBackend().build_request(MESSAGE)

    # then
    assert request.get_header("Access_token") == "token-from-settings"
    assert json.loads(request.data)["template_id"] == "260002"


def test_a_template_without_a_zns_id_fails_delivery_instead_of_crashing(settings):
    # given: an unknown template, and the OTP template left unset in the environment
    settings.ZALO_ZNS_OTP_TEMPLATE_ID = ""
    order_message = OutgoingMessage(phone="0912345678", text="Đơn mới", template="order_placed", tracking_id="t3")

    # then
    with pytest.raises(DeliveryFailed, match=r"^Zalo ZNS has no template id for 'order_placed'$"):
        zalo().build_request(order_message)
    with pytest.raises(DeliveryFailed, match=r"^Zalo ZNS has no template id for 'otp'$"):
        ZaloZnsBackend(access_token="tok").build_request(MESSAGE)


def test_every_recorded_answer_has_an_expected_outcome():
    assert sorted(path.name for path in RECORDED.glob("*.json")) == sorted(RECORDED_OUTCOMES)


@pytest.mark.parametrize(("name", "outcome"), sorted(RECORDED_OUTCOMES.items()))
def test_parse_zns_answer_on_the_recorded_answers(name, outcome):
    # given
    answer = json.loads((RECORDED / name).read_text())
    kind, expected = outcome

    # when / then
    if kind == "msg_id":
        assert parse_zns_answer(answer) == expected
    else:
        with pytest.raises(DeliveryFailed) as error:
            parse_zns_answer(answer)
        assert str(error.value) == expected


@pytest.mark.parametrize(
    ("answer", "text"),
    [
        ({"error": 0, "message": "Success"}, "Zalo ZNS answered without data"),
        ({"error": 0, "data": "a4c3"}, "Zalo ZNS answered without data"),
        ({"message": "no error field"}, "Zalo ZNS error None: no error field"),
        ({"error": -124, "message": "Access token is invalid"}, "Zalo ZNS error -124: Access token is invalid"),
        ([], "Zalo ZNS answered list, not an object"),
        ("oops", "Zalo ZNS answered str, not an object"),
    ],
)
def test_parse_zns_answer_refuses_anything_but_a_success(answer, text):
    with pytest.raises(DeliveryFailed) as error:
        parse_zns_answer(answer)
    assert str(error.value) == text


def test_send_posts_once_and_returns_the_recorded_message_id():
    # given
    opener = RecordedOpener.replaying("zns_success.json")

    # when
    msg_id = zalo(opener).send(MESSAGE)

    # then
    assert msg_id == "a4c3b2f1e0d9"
    assert len(opener.calls) == 1
    request, timeout = opener.calls[0]
    assert (request.full_url, timeout) == (ZNS_TEMPLATE_URL, 10)
    assert json.loads(request.data)["phone"] == "84912345678"


def test_send_turns_the_recorded_error_into_delivery_failed():
    opener = RecordedOpener.replaying("zns_invalid_phone.json")
    with pytest.raises(DeliveryFailed) as error:
        zalo(opener).send(MESSAGE)
    assert str(error.value) == "Zalo ZNS error -108: Phone number is invalid"


@pytest.mark.parametrize(
    "opener",
    [
        FailingOpener(urllib.error.URLError("timed out")),
        FailingOpener(urllib.error.HTTPError(ZNS_TEMPLATE_URL, 502, "Bad Gateway", Message(), None)),
        FailingOpener(TimeoutError("read timed out")),
        RecordedOpener(b"<html>502 Bad Gateway</html>"),
        RecordedOpener(b"\xff\xfe"),
    ],
    ids=["unreachable", "http-502", "timeout", "not-json", "not-utf8"],
)
def test_send_reports_an_unreachable_or_garbled_zalo_as_delivery_failed(opener):
    with pytest.raises(DeliveryFailed, match=r"^Zalo ZNS unreachable: "):
        zalo(opener).send(MESSAGE)


def test_the_test_settings_use_the_memory_backend_and_zalo_can_be_chosen(settings):
    assert type(get_backend()).__name__ == "MemoryBackend"
    settings.MESSAGING_BACKEND = "chophien.messaging.backends.ZaloZnsBackend"
    assert isinstance(get_backend(), ZaloZnsBackend)
