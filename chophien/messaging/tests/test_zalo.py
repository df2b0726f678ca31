import json
from pathlib import Path

import pytest

from chophien.messaging.backends import DeliveryFailed, OutgoingMessage, ZaloZnsBackend, parse_zns_answer

RECORDED = Path(__file__).parent / "recorded"
MESSAGE = OutgoingMessage(
    phone="0912345678", text="Mã 123456", template="otp", params={"otp": "123456"}, tracking_id="t1"
)


class RecordedOpener:
    def __init__(self, name: str) -> None:
        self.body = (RECORDED / name).read_bytes()
        self.requests = []

    def open(self, request, timeout):
        self.requests.append(request)
        opener = self

        class Answer:
            def __enter__(self):
                return self

            def __exit__(self, *args):
                return False

            def read(self):
                return opener.body

        return Answer()


def test_zns_request_follows_the_documented_format():
    backend = ZaloZnsBackend(access_token="tok", template_ids={"otp": "250001"})
    request = backend.build_request(MESSAGE)
    assert (request.full_url, request.get_method()) == ("https://business.openapi.zalo.me/message/template", "POST")
    assert request.get_header("Access_token") == "tok"
    assert json.loads(request.data) == {
        "phone": "84912345678",
        "template_id": "250001",
        "template_data": {"otp": "123456"},
        "tracking_id": "t1",
    }


def test_zns_send_reads_the_recorded_success():
    opener = RecordedOpener("zns_success.json")
    backend = ZaloZnsBackend(access_token="tok", template_ids={"otp": "250001"}, opener=opener)
    assert backend.send(MESSAGE) == "a4c3b2f1e0d9"
    assert len(opener.requests) == 1


def test_zns_error_answer_is_a_delivery_failure():
    with pytest.raises(DeliveryFailed, match="-108"):
        parse_zns_answer(json.loads((RECORDED / "zns_invalid_phone.json").read_text()))
