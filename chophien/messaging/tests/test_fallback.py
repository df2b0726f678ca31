"""Zalo ZNS first, SMS when the phone has no Zalo or ZNS refuses; receipts say which went."""

import json
import urllib.error

import pytest

from chophien.messaging.backends import DeliveryFailed, OutgoingMessage, ZaloThenSmsBackend
from chophien.messaging.models import MessageDelivery
from chophien.messaging.sms import ESMS_SEND_URL, EsmsBackend
from chophien.messaging.tasks import RETRY_DELAYS, deliver_message
from chophien.messaging.zns import ZNS_TEMPLATE_URL, ZaloZnsBackend

from .openers import FailingOpener, SampleOpener

pytestmark = pytest.mark.django_db

MESSAGE = OutgoingMessage(
    phone="0912345678",
    text="Đơn K7MQ-4XT9 của bạn đã được xác nhận.",
    template="order_confirmed",
    params={"order": "K7MQ-4XT9", "link": "https://chophien.vn/don-hang/K7MQ-4XT9/"},
    tracking_id="0123456789abcdef",
)


def both(zns_opener, sms_opener) -> ZaloThenSmsBackend:
    return ZaloThenSmsBackend(zns=ZaloZnsBackend(opener=zns_opener), sms=EsmsBackend(opener=sms_opener))


def test_a_phone_on_zalo_gets_zns_and_no_sms(zalo_token):
    zns, sms = SampleOpener.of("zns_success.json"), SampleOpener.of("esms_accepted.json")
    sent = both(zns, sms).send(MESSAGE)
    assert (sent.channel, sent.fell_back, len(zns.calls), len(sms.calls)) == ("zns", False, 1, 0)


@pytest.mark.parametrize(
    "zns_answer",
    [
        "zns_not_on_zalo.json",
        "zns_user_inactive.json",
        "zns_invalid_phone.json",
        "zns_template_invalid.json",
        "zns_out_of_quota.json",
    ],
)
def test_a_refusal_by_zns_sends_the_text_by_sms_at_once(zalo_token, zns_answer):
    # when
    zns, sms = SampleOpener.of(zns_answer), SampleOpener.of("esms_accepted.json")
    sent = both(zns, sms).send(MESSAGE)

    # then
    assert (sent.channel, sent.provider_message_id, sent.cost, sent.fell_back) == (
        "sms",
        "d533459ee42b2b9525ba9eabf6a8156",
        800,
        True,
    )
    [(request, _timeout)] = sms.calls
    assert request.full_url == ESMS_SEND_URL
    assert json.loads(request.data)["Content"] == "Don K7MQ-4XT9 cua ban da duoc xac nhan."


def test_a_passing_zns_failure_waits_for_the_retry_and_falls_back_on_the_last_attempt(zalo_token):
    zns = FailingOpener(urllib.error.URLError("timed out"))
    sms = SampleOpener.of("esms_accepted.json")

    with pytest.raises(DeliveryFailed) as error:
        both(zns, sms).send(OutgoingMessage(**{**MESSAGE.__dict__, "is_last_attempt": False}))
    assert (error.value.is_retryable, len(sms.calls)) == (True, 0)

    sent = both(zns, sms).send(MESSAGE)  # is_last_attempt defaults to True
    assert (sent.channel, len(sms.calls)) == ("sms", 1)


def test_a_login_code_without_zns_tokens_goes_by_sms(providers):
    # given: no Zalo tokens stored yet
    sms = SampleOpener.of("esms_accepted.json")
    otp = OutgoingMessage(phone="0912345678", text="Mã 000042", template="otp", params={"otp": "000042"})
    sent = both(SampleOpener.of("zns_success.json"), sms).send(otp)
    assert (sent.channel, sent.fell_back) == ("sms", True)


def test_the_task_records_the_fallback_its_channel_and_cost(zalo_token, settings, monkeypatch):
    # given: production's backend; Zalo says the phone has no Zalo, eSMS takes the SMS
    settings.MESSAGING_BACKEND = "chophien.messaging.backends.ZaloThenSmsBackend"
    zns, sms = SampleOpener.of("zns_not_on_zalo.json"), SampleOpener.of("esms_accepted.json")
    monkeypatch.setattr("chophien.messaging.services.get_backend", lambda: both(zns, sms))

    # when
    deliver_message.enqueue(
        phone=MESSAGE.phone, text=MESSAGE.text, template=MESSAGE.template, params=MESSAGE.params,
        tracking_id=MESSAGE.tracking_id, seller_id=7,
    )  # fmt: skip

    # then
    receipt = MessageDelivery.objects.get()
    assert (receipt.channel, receipt.fell_back, receipt.provider_message_id, receipt.cost, receipt.status) == (
        "sms",
        True,
        "d533459ee42b2b9525ba9eabf6a8156",
        800,
        "sent",
    )
    assert [request.full_url for request, _ in zns.calls] == [ZNS_TEMPLATE_URL]


def test_zns_down_for_every_attempt_is_retried_then_sent_by_sms_once(zalo_token, monkeypatch):
    # given: ZNS unreachable throughout
    zns, sms = FailingOpener(TimeoutError("read timed out")), SampleOpener.of("esms_accepted.json")
    monkeypatch.setattr("chophien.messaging.services.get_backend", lambda: both(zns, sms))

    # when
    deliver_message.enqueue(
        phone=MESSAGE.phone, text=MESSAGE.text, template=MESSAGE.template, params=MESSAGE.params,
        tracking_id=MESSAGE.tracking_id,
    )  # fmt: skip

    # then: ZNS tried at each attempt, SMS only at the last
    assert (zns.calls, len(sms.calls)) == (1 + len(RETRY_DELAYS), 1)
    receipt = MessageDelivery.objects.get()
    assert (receipt.channel, receipt.attempts, receipt.status) == ("sms", 4, "sent")


def test_an_sms_refused_for_good_fails_the_message(zalo_token, monkeypatch):
    zns, sms = SampleOpener.of("zns_not_on_zalo.json"), SampleOpener.of("esms_blocked_phone.json")
    monkeypatch.setattr("chophien.messaging.services.get_backend", lambda: both(zns, sms))

    result = deliver_message.enqueue(
        phone=MESSAGE.phone, text=MESSAGE.text, template=MESSAGE.template, params=MESSAGE.params,
        tracking_id=MESSAGE.tracking_id,
    )  # fmt: skip

    assert (result.status, len(sms.calls)) == ("FAILED", 1)
    receipt = MessageDelivery.objects.get()
    assert (receipt.status, receipt.last_error) == ("failed", "eSMS error 99: the phone number is blocked")
