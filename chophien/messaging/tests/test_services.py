import logging
import re

import pytest

from chophien.messaging.backends import DeliveryFailed, LogBackend, MemoryBackend, OutgoingMessage
from chophien.messaging.services import message_send
from chophien.messaging.tasks import deliver_message

pytestmark = pytest.mark.django_db


class BrokenBackend:
    def send(self, message: OutgoingMessage) -> str:
        raise DeliveryFailed("Zalo ZNS error -108: Phone number is invalid")


def test_a_message_is_sent_once_the_transaction_commits(django_capture_on_commit_callbacks):
    # when
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message_send(phone="0912345678", text="Đơn hàng mới", template="order_placed", params={"order": "42"})

    # then: nothing before commit
    assert (len(callbacks), MemoryBackend.outbox) == (1, [])

    # when the transaction commits
    callbacks[0]()

    # then
    [sent] = MemoryBackend.outbox
    assert (sent.phone, sent.text, sent.template, sent.params) == (
        "0912345678",
        "Đơn hàng mới",
        "order_placed",
        {"order": "42"},
    )
    assert re.fullmatch(r"[0-9a-f]{16}", sent.tracking_id)


def test_each_message_gets_its_own_tracking_id(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message_send(phone="0912345678", text="một", template="otp")
        message_send(phone="0912345678", text="hai", template="otp")

    first, second = MemoryBackend.outbox
    assert first.params == {} and second.params == {}
    assert first.tracking_id != second.tracking_id


def test_the_task_delivers_through_the_configured_backend():
    result = deliver_message.call(phone="0912345678", text="Mã 1", template="otp", params={"otp": "1"}, tracking_id="a")
    assert result == "mem-1"
    assert MemoryBackend.outbox == [
        OutgoingMessage(phone="0912345678", text="Mã 1", template="otp", params={"otp": "1"}, tracking_id="a")
    ]


def test_a_failed_delivery_does_not_break_the_commit_that_caused_it(settings, django_capture_on_commit_callbacks):
    # given
    settings.MESSAGING_BACKEND = f"{__name__}.BrokenBackend"

    # when
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message_send(phone="0912345678", text="Mã 1", template="otp")

    # then: the task ran and failed on its own, the caller carried on
    assert len(callbacks) == 1
    assert MemoryBackend.outbox == []


def test_the_log_backend_writes_the_message_to_the_log(caplog):
    message = OutgoingMessage(phone="0912345678", text="Mã 123456", template="otp", tracking_id="t9")
    with caplog.at_level(logging.WARNING, logger="chophien.messaging"):
        assert LogBackend().send(message) == "log-t9"
    assert caplog.messages == ["[tin nhắn tới 0912345678] Mã 123456"]


def test_the_memory_backend_numbers_what_it_keeps():
    first = OutgoingMessage(phone="0912345678", text="1", template="otp")
    second = OutgoingMessage(phone="0987654321", text="2", template="otp")
    assert (MemoryBackend().send(first), MemoryBackend().send(second)) == ("mem-1", "mem-2")
    assert MemoryBackend.outbox == [first, second]


class FlakyBackend:
    """Fails twice, then delivers: a provider outage of a few seconds."""

    failures_left = 2

    def send(self, message: OutgoingMessage) -> str:
        if FlakyBackend.failures_left:
            FlakyBackend.failures_left -= 1
            raise DeliveryFailed("Zalo ZNS unreachable")
        return MemoryBackend().send(message)


def test_a_failed_delivery_is_retried_until_it_goes_through(settings):
    settings.MESSAGING_BACKEND = f"{__name__}.FlakyBackend"
    FlakyBackend.failures_left = 2

    deliver_message.enqueue(phone="0912345678", text="Đơn mới", template="order", params={}, tracking_id="t")

    assert [m.tracking_id for m in MemoryBackend.outbox] == ["t"]
    assert FlakyBackend.failures_left == 0


def test_a_delivery_that_keeps_failing_stops_after_the_last_retry(settings):
    settings.MESSAGING_BACKEND = f"{__name__}.BrokenBackend"
    result = deliver_message.enqueue(phone="0912345678", text="x", template="order", params={}, tracking_id="t")
    assert MemoryBackend.outbox == []
    assert result.status == "SUCCESSFUL"  # the first attempt handed over to its retry


def test_the_database_queue_schedules_retries_later():
    from chophien.messaging.tasks import RETRY_DELAYS

    assert [int(delay.total_seconds()) for delay in RETRY_DELAYS] == [30, 120, 600]
