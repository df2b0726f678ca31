import logging
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from chophien.messaging.backends import DeliveryFailed, LogBackend, MemoryBackend, OutgoingMessage, Sent
from chophien.messaging.catalogue import MessageTemplateError
from chophien.messaging.models import MessageDelivery
from chophien.messaging.selectors import SellerMessageCost, message_costs_by_seller
from chophien.messaging.services import message_send, phone_hash
from chophien.messaging.tasks import RETRY_DELAYS, deliver_message

pytestmark = pytest.mark.django_db

ORDER_PARAMS = {"order": "K7MQ-4XT9", "link": "https://chophien.vn/don-hang/K7MQ-4XT9/"}


class CountingBackend:
    """Fails its first ``failures`` attempts (retryable), then delivers; counts every attempt."""

    attempts = 0
    failures = 0
    retryable = True

    def send(self, message: OutgoingMessage) -> Sent:
        CountingBackend.attempts += 1
        if CountingBackend.attempts <= CountingBackend.failures:
            raise DeliveryFailed("Zalo ZNS unreachable", is_retryable=CountingBackend.retryable)
        return MemoryBackend().send(message)


@pytest.fixture
def counting(settings):
    settings.MESSAGING_BACKEND = f"{__name__}.CountingBackend"
    CountingBackend.attempts, CountingBackend.failures, CountingBackend.retryable = 0, 0, True
    return CountingBackend


def enqueue(**overrides):
    arguments = {
        "phone": "0912345678",
        "text": "Đơn mới",
        "template": "order_confirmed",
        "params": ORDER_PARAMS,
        "tracking_id": "0123456789abcdef",
        "seller_id": 7,
    }
    return deliver_message.enqueue(**{**arguments, **overrides})


def test_a_message_is_sent_once_the_transaction_commits(django_capture_on_commit_callbacks):
    # when
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message_send(phone="0912345678", text="Đơn hàng mới", template="order_confirmed", params=ORDER_PARAMS)

    # then: nothing before commit
    assert (len(callbacks), MemoryBackend.outbox, MessageDelivery.objects.count()) == (1, [], 0)

    # when the transaction commits
    callbacks[0]()

    # then
    [sent] = MemoryBackend.outbox
    assert (sent.phone, sent.text, sent.template, sent.params) == (
        "0912345678",
        "Đơn hàng mới",
        "order_confirmed",
        ORDER_PARAMS,
    )
    assert re.fullmatch(r"[0-9a-f]{16}", sent.tracking_id)


def test_each_message_gets_its_own_tracking_id(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message_send(phone="0912345678", text="một", template="otp", params={"otp": "1"})
        message_send(phone="0912345678", text="hai", template="otp", params={"otp": "2"})

    first, second = MemoryBackend.outbox
    assert first.tracking_id != second.tracking_id


@pytest.mark.parametrize(
    ("template", "params", "error"),
    [
        (
            "order_confirmed",
            {"order": "K7MQ-4XT9"},
            r"takes parameters \['link', 'order'\], the caller passed \['order'\]",
        ),
        ("otp", {"otp": "1", "extra": "x"}, r"takes parameters \['otp'\]"),
        ("otp", {"otp": 123456}, r"ZNS parameters are strings; not \['otp'\]"),
        ("order_placed", {}, r"'order_placed' is not one of the platform's messages"),
    ],
)
def test_a_caller_that_passes_other_parameters_is_stopped_at_once(template, params, error):
    with pytest.raises(MessageTemplateError, match=error):
        message_send(phone="0912345678", text="x", template=template, params=params)
    assert MemoryBackend.outbox == []


def test_the_task_delivers_and_records_the_receipt():
    # when
    result = enqueue()

    # then
    assert result.return_value == "mem-1"
    assert MemoryBackend.outbox == [
        OutgoingMessage(
            phone="0912345678",
            text="Đơn mới",
            template="order_confirmed",
            params=ORDER_PARAMS,
            tracking_id="0123456789abcdef",
            is_last_attempt=False,
        )
    ]
    receipt = MessageDelivery.objects.get()
    assert (
        receipt.tracking_id,
        receipt.template,
        receipt.phone_masked,
        receipt.phone_hash,
        receipt.seller_id,
        receipt.channel,
        receipt.provider_message_id,
        receipt.status,
        receipt.attempts,
    ) == ("0123456789abcdef", "order_confirmed", "091****678", phone_hash("0912345678"), 7, "test", "mem-1", "sent", 1)
    assert "0912345678" not in (receipt.phone_masked + receipt.phone_hash)
    assert receipt.sent_at is not None


def test_a_task_run_twice_sends_once():
    enqueue()
    enqueue()
    assert len(MemoryBackend.outbox) == 1
    assert MessageDelivery.objects.get().attempts == 1


def test_a_failed_delivery_does_not_break_the_commit_that_caused_it(counting, django_capture_on_commit_callbacks):
    # given: the provider fails every time
    counting.failures = 99

    # when
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message_send(phone="0912345678", text="Mã 1", template="order_confirmed", params=ORDER_PARAMS)

    # then: the task ran and failed on its own, the caller carried on
    assert len(callbacks) == 1
    assert MemoryBackend.outbox == []


def test_a_failed_delivery_is_retried_until_it_goes_through(counting):
    # given: two failures, then the provider is back
    counting.failures = 2

    # when
    enqueue()

    # then: three attempts, one message, one receipt that counts them
    assert counting.attempts == 3
    assert [m.tracking_id for m in MemoryBackend.outbox] == ["0123456789abcdef"]
    receipt = MessageDelivery.objects.get()
    assert (receipt.status, receipt.attempts) == ("sent", 3)


def test_a_delivery_that_keeps_failing_stops_after_the_last_retry(counting):
    # given: the provider never comes back
    counting.failures = 99

    # when: the first attempt and each retry run (at once with the test task backend)
    result = enqueue()

    # then: exactly one attempt plus one per retry delay, and the receipt says it failed
    assert counting.attempts == 1 + len(RETRY_DELAYS) == 4
    assert result.status == "SUCCESSFUL"  # the first attempt handed over to its retry
    assert MemoryBackend.outbox == []
    receipt = MessageDelivery.objects.get()
    assert (receipt.status, receipt.attempts, receipt.last_error) == ("failed", 4, "Zalo ZNS unreachable")


def test_a_failure_that_retrying_cannot_mend_is_not_retried(counting):
    counting.failures, counting.retryable = 99, False
    result = enqueue()
    assert (counting.attempts, result.status) == (1, "FAILED")
    assert MessageDelivery.objects.get().status == "failed"


def test_the_database_queue_schedules_retries_later():
    assert [int(delay.total_seconds()) for delay in RETRY_DELAYS] == [30, 120, 600]


def test_the_log_backend_writes_the_message_to_the_log(caplog):
    message = OutgoingMessage(phone="0912345678", text="Mã 123456", template="otp", tracking_id="t9")
    with caplog.at_level(logging.WARNING, logger="chophien.messaging"):
        assert LogBackend().send(message) == Sent(channel="log", provider_message_id="log-t9")
    assert caplog.messages == ["[tin nhắn tới 0912345678] Mã 123456"]


def test_a_login_code_is_delivered_in_process_and_recorded_without_the_code(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message_send(phone="0912345678", text="Mã 000042", template="otp", params={"otp": "000042"}, is_secret=True)
    receipt = MessageDelivery.objects.get()
    assert (receipt.template, receipt.status, receipt.seller_id) == ("otp", "sent", None)
    assert "000042" not in " ".join(str(value) for value in MessageDelivery.objects.values().get().values())


def test_costs_are_counted_per_seller_for_a_period():
    # given: messages of shops 7 and 8 and of the platform, one older than the period, one failed
    now = timezone.now()
    rows = [
        ("a", 7, "zns", "sent", 300),
        ("b", 7, "sms", "delivered", 470),
        ("c", 7, "sms", "failed", 0),
        ("d", 8, "zns", "sent", 300),
        ("e", None, "sms", "sent", 800),
        ("f", 7, "zns", "sent", 300),
    ]
    for tracking_id, seller_id, channel, status, cost in rows:
        MessageDelivery.objects.create(
            tracking_id=tracking_id, template="order_confirmed", phone_hash="h", phone_masked="m",
            seller_id=seller_id, channel=channel, status=status, cost=cost,
        )  # fmt: skip
    MessageDelivery.objects.filter(tracking_id="f").update(created_at=now - timedelta(days=40))

    # when
    costs = message_costs_by_seller(since=now - timedelta(days=30), until=now + timedelta(minutes=1))

    # then
    assert {row.seller_id: row for row in costs} == {
        7: SellerMessageCost(seller_id=7, messages=3, by_zns=1, by_sms=2, failed=1, cost=770),
        8: SellerMessageCost(seller_id=8, messages=1, by_zns=1, by_sms=0, failed=0, cost=300),
        None: SellerMessageCost(seller_id=None, messages=1, by_zns=0, by_sms=1, failed=0, cost=800),
    }
