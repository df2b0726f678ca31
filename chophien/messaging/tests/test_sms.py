import json
import urllib.error
import urllib.parse
from email.message import Message

import pytest

from chophien.messaging.backends import DeliveryFailed, OutgoingMessage
from chophien.messaging.sms import (
    ESMS_SEND_URL,
    BadReport,
    EsmsBackend,
    EsmsReport,
    parse_esms_answer,
    parse_esms_report,
    receipt_path,
    receipt_signature,
    sms_text,
)

from .openers import SAMPLES, FailingOpener, SampleOpener, sample

MESSAGE = OutgoingMessage(
    phone="0912345678",
    text="Đơn K7MQ-4XT9 của bạn đã được xác nhận. Tổng 1.250.000 ₫",
    template="order_confirmed",
    params={"order": "K7MQ-4XT9", "link": "https://chophien.vn/don-hang/K7MQ-4XT9/"},
    tracking_id="0123456789abcdef",
)
# eSMS's documented callbacks (https://developers.esms.vn/en/esms-api/callback-url), as query strings.
REPORT_CUSTOMER_CARE_FAILED = (
    "SMSID=dc712784-9c5f-4c69-b9a8-ea69d56adc9a87&SendFailed=2&SendStatus=5&SendSuccess=0&TotalPrice=0.0000"
    "&TotalReceiver=2&TotalSent=2&RequestId=&TypeId=2&telcoid=1&phonenumber=0901888484&switchsmsid="
)
REPORT_DELIVERED = (
    "SMSID=849fe08c19294b02857cf91687021a50250&SendFailed=0&SendStatus=5&SendSuccess=1&TotalPrice=470.0000"
    "&TotalReceiver=1&TotalSent=1&RequestId=&TypeId=23&telcoid=2&phonenumber=0901888484"
)
ESMS_OUTCOMES = {
    "esms_accepted.json": "d533459ee42b2b9525ba9eabf6a8156",
    "esms_duplicate_request.json": "",  # eSMS already has this RequestId: done, nothing sent twice
    "esms_wrong_key.json": ("eSMS error 101: wrong ApiKey or SecretKey", False),
    "esms_balance.json": ("eSMS error 103: balance too low", False),
    "esms_phone_format.json": ("eSMS error 108: phone number not in the right format", False),
    "esms_blocked_phone.json": ("eSMS error 99: the phone number is blocked", False),
}


def query(text: str) -> dict[str, str]:
    return dict(urllib.parse.parse_qsl(text, keep_blank_values=True))


def test_the_request_follows_esms_documented_format(providers):
    # when
    request = EsmsBackend().build_request(MESSAGE)

    # then
    assert ESMS_SEND_URL == "https://rest.esms.vn/MainService.svc/json/SendMultipleMessage_V4_post_json/"
    assert (request.full_url, request.get_method(), request.get_header("Content-type")) == (
        ESMS_SEND_URL,
        "POST",
        "application/json",
    )
    assert json.loads(request.data) == {
        "ApiKey": "esms-api-key",
        "SecretKey": "esms-secret-key",
        "Phone": "0912345678",
        "Content": "Don K7MQ-4XT9 cua ban da duoc xac nhan. Tong 1.250.000 d",
        "Brandname": "CHOPHIEN",
        "SmsType": "2",
        "IsUnicode": "0",
        "Sandbox": "0",
        "RequestId": "0123456789abcdef",
        "CallbackUrl": "https://chophien.vn/api/messages/esms/0123456789abcdef/"
        + receipt_signature("0123456789abcdef"),
    }


def test_a_unicode_contract_sends_the_text_as_written(providers):
    providers.ESMS_UNICODE = True
    body = json.loads(EsmsBackend().build_request(MESSAGE).data)
    assert (body["Content"], body["IsUnicode"]) == (MESSAGE.text, "1")


def test_without_a_webhook_secret_no_callback_is_asked(providers):
    providers.MESSAGING_WEBHOOK_SECRET = ""
    assert "CallbackUrl" not in json.loads(EsmsBackend().build_request(MESSAGE).data)


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("Mã đăng nhập Chợ Phiên của bạn là 000042.", "Ma dang nhap Cho Phien cua ban la 000042."),
        ("ĐƠN HÀNG – 35.000 ₫…", "DON HANG - 35.000 d..."),
        ("Chè “Shan” tuyết", 'Che "Shan" tuyet'),
        ("ngon 😋", "ngon ?"),
    ],
)
def test_brandname_text_goes_without_accents(text, plain):
    assert sms_text(text, unicode=False) == plain


def test_the_receipt_address_is_signed_per_message(providers):
    assert receipt_path("0123456789abcdef").startswith("/api/messages/esms/0123456789abcdef/")
    assert receipt_signature("0123456789abcdef") != receipt_signature("0123456789abcdee")
    providers.MESSAGING_WEBHOOK_SECRET = "another"
    assert receipt_path("0123456789abcdef") != "/api/messages/esms/0123456789abcdef/" + receipt_signature("x")


def test_every_sample_has_an_expected_outcome():
    assert sorted(path.name for path in SAMPLES.glob("esms_*.json")) == sorted(ESMS_OUTCOMES)


@pytest.mark.parametrize(("name", "outcome"), sorted(ESMS_OUTCOMES.items()))
def test_parse_esms_answer_on_the_documented_shape_samples(name, outcome):
    if isinstance(outcome, str):
        assert parse_esms_answer(sample(name)) == outcome
        return
    text, retryable = outcome
    with pytest.raises(DeliveryFailed) as error:
        parse_esms_answer(sample(name))
    assert (str(error.value), error.value.is_retryable) == (text, retryable)


@pytest.mark.parametrize(
    ("answer", "text"),
    [
        ({"CodeResult": "100"}, "eSMS accepted the request without an SMSID"),
        ({"CodeResult": "789", "ErrorMessage": "Server busy"}, "eSMS error 789: Server busy"),
        ({}, "eSMS error : unknown error"),
        ([], "eSMS answered list, not an object"),
    ],
)
def test_an_unknown_answer_is_a_retryable_failure(answer, text):
    with pytest.raises(DeliveryFailed) as error:
        parse_esms_answer(answer)
    assert (str(error.value), error.value.is_retryable) == (text, True)


def test_send_returns_the_smsid_and_the_sms_price(providers):
    opener = SampleOpener.of("esms_accepted.json")
    sent = EsmsBackend(opener=opener).send(MESSAGE)
    assert (sent.channel, sent.provider_message_id, sent.cost) == ("sms", "d533459ee42b2b9525ba9eabf6a8156", 800)
    assert [(request.full_url, timeout) for request, timeout in opener.calls] == [(ESMS_SEND_URL, 10)]


@pytest.mark.parametrize(
    "opener",
    [
        FailingOpener(urllib.error.URLError("timed out")),
        FailingOpener(urllib.error.HTTPError(ESMS_SEND_URL, 503, "Service Unavailable", Message(), None)),
        FailingOpener(TimeoutError("read timed out")),
        SampleOpener(b"<html>error</html>"),
    ],
    ids=["unreachable", "http-503", "timeout", "not-json"],
)
def test_an_unreachable_esms_is_a_retryable_failure(opener, providers):
    with pytest.raises(DeliveryFailed, match=r"^eSMS unreachable: ") as error:
        EsmsBackend(opener=opener).send(MESSAGE)
    assert error.value.is_retryable is True


def test_parse_esms_report_on_the_documented_callbacks():
    assert parse_esms_report(query(REPORT_DELIVERED)) == EsmsReport(
        sms_id="849fe08c19294b02857cf91687021a50250", status="delivered", cost=470
    )
    # eSMS's own sample: "sent" (5) with two failed and none delivered
    assert parse_esms_report(query(REPORT_CUSTOMER_CARE_FAILED)) == EsmsReport(
        sms_id="dc712784-9c5f-4c69-b9a8-ea69d56adc9a87", status="failed", cost=0
    )
    assert parse_esms_report({"SMSID": "a", "SendStatus": "4"}) == EsmsReport(sms_id="a", status="failed", cost=None)
    assert parse_esms_report({"SMSID": "a", "SendStatus": "7"}) == EsmsReport(sms_id="a", status="", cost=None)


@pytest.mark.parametrize(
    "report",
    [
        {"SendStatus": "5"},
        {"SMSID": "a" * 101, "SendStatus": "5"},
        {"SMSID": "a", "SendStatus": "9"},
        {"SMSID": "a", "SendStatus": "5", "SendSuccess": "-1"},
        {"SMSID": "a", "SendStatus": "5", "SendSuccess": "9" * 4000},
        {"SMSID": "a", "SendStatus": "5", "TotalPrice": "NaN"},
        {"SMSID": "a", "SendStatus": "5", "TotalPrice": "1e999999"},
        {"SMSID": "a", "SendStatus": "5", "TotalPrice": "-5"},
        {"SMSID": "a", "SendStatus": "5", "TotalPrice": "abc"},
    ],
)
def test_a_report_of_another_shape_is_refused(report):
    with pytest.raises(BadReport):
        parse_esms_report(report)
