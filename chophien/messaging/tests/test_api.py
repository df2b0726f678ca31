"""eSMS's delivery reports: recorded once, refused with a 4xx and {"code", "message"} when wrong."""

import pytest

from chophien.messaging.models import MessageDelivery
from chophien.messaging.sms import receipt_path

pytestmark = pytest.mark.django_db

TRACKING_ID = "0123456789abcdef"
SMSID = "849fe08c19294b02857cf91687021a50250"
DELIVERED = f"SMSID={SMSID}&SendFailed=0&SendStatus=5&SendSuccess=1&TotalPrice=470.0000&TotalReceiver=1&TotalSent=1"
FAILED = f"SMSID={SMSID}&SendFailed=1&SendStatus=5&SendSuccess=0&TotalPrice=0.0000&TotalReceiver=1&TotalSent=1"


@pytest.fixture
def sms_sent(providers):
    return MessageDelivery.objects.create(
        tracking_id=TRACKING_ID, template="order_confirmed", phone_hash="h", phone_masked="091****678",
        seller_id=7, channel="sms", provider_message_id=SMSID, status="sent", cost=800,
    )  # fmt: skip


def report(client, query, *, path=None):
    return client.get(f"{path or receipt_path(TRACKING_ID)}?{query}")


def test_a_delivered_report_records_the_status_and_the_real_price(client, sms_sent):
    answer = report(client, DELIVERED)
    assert (answer.status_code, answer.json()) == (200, {"status": "delivered"})
    sms_sent.refresh_from_db()
    assert (sms_sent.status, sms_sent.cost) == ("delivered", 470)
    assert sms_sent.reported_at is not None


def test_a_report_sent_again_changes_nothing(client, sms_sent):
    first = report(client, DELIVERED)
    again = report(client, DELIVERED)
    late_waiting = report(client, f"SMSID={SMSID}&SendStatus=7")
    assert [a.status_code for a in (first, again, late_waiting)] == [200, 200, 200]
    assert [a.json()["status"] for a in (first, again, late_waiting)] == ["delivered"] * 3
    sms_sent.refresh_from_db()
    assert (sms_sent.status, sms_sent.cost) == ("delivered", 470)


def test_a_failed_report_marks_the_message_failed(client, sms_sent):
    assert report(client, FAILED).json() == {"status": "failed"}
    sms_sent.refresh_from_db()
    assert (sms_sent.status, sms_sent.cost) == ("failed", 0)


def test_a_report_for_a_message_eSMS_already_had_takes_its_smsid(client, sms_sent):
    MessageDelivery.objects.filter(pk=sms_sent.pk).update(provider_message_id="")
    assert report(client, DELIVERED).status_code == 200
    sms_sent.refresh_from_db()
    assert sms_sent.provider_message_id == SMSID


@pytest.mark.parametrize(
    ("path", "query", "status", "code"),
    [
        (f"/api/messages/esms/{TRACKING_ID}/{'0' * 32}", DELIVERED, 403, "bad_signature"),
        (f"/api/messages/esms/{TRACKING_ID}/short", DELIVERED, 403, "bad_signature"),
        (f"/api/messages/esms/{TRACKING_ID}/%C3%A9{'0' * 31}", DELIVERED, 403, "bad_signature"),
        ("/api/messages/esms/NOT-HEX-0000000/" + "0" * 32, DELIVERED, 403, "bad_signature"),
        (None, "SMSID=another&SendStatus=5&SendSuccess=1", 404, "message_not_found"),
        (None, "SMSID=&SendStatus=5", 422, "bad_report"),
        (None, f"SMSID={SMSID}&SendStatus=3", 422, "bad_report"),
        (None, f"SMSID={SMSID}&SendStatus=5&SendSuccess={'9' * 4000}", 422, "invalid_input"),  # the schema's limit
        (None, f"SMSID={SMSID}&SendStatus=5&TotalPrice=1e999999", 422, "bad_report"),
        (None, f"SMSID={SMSID}&SendStatus=5&TotalPrice=%00", 400, "invalid_text"),  # core.middleware's answer
        (None, "SMSID=%ED%A0%80&SendStatus=5", 404, "message_not_found"),  # read as U+FFFD
        (None, "", 422, "bad_report"),
    ],
    ids=[
        "wrong-signature", "short-signature", "non-ascii-signature", "bad-tracking-id", "other-smsid",
        "no-smsid", "undocumented-status", "huge-count", "huge-price", "nul", "surrogate-bytes", "empty",
    ],
)  # fmt: skip
def test_bad_reports_are_refused_with_a_4xx_never_a_500(client, sms_sent, path, query, status, code):
    answer = report(client, query, path=path)
    assert answer.status_code == status
    assert answer.json()["code"] == code and answer.json()["message"]
    sms_sent.refresh_from_db()
    assert (sms_sent.status, sms_sent.cost) == ("sent", 800)


def test_a_report_for_a_message_sent_by_zns_is_not_found(client, sms_sent):
    MessageDelivery.objects.filter(pk=sms_sent.pk).update(channel="zns")
    assert report(client, DELIVERED).status_code == 404


def test_without_a_webhook_secret_no_report_is_taken(client, sms_sent, settings):
    # An empty key would let anyone sign a report: with no secret no callback address was given out.
    path = receipt_path(TRACKING_ID)
    settings.MESSAGING_WEBHOOK_SECRET = ""
    answer = report(client, FAILED, path=path)
    assert (answer.status_code, answer.json()["code"]) == (404, "reports_off")
    sms_sent.refresh_from_db()
    assert sms_sent.status == "sent"


def test_a_final_status_already_in_the_database_is_not_undone_by_a_report_read_before_it(sms_sent):
    # Two reports at once: the second read the row while it was still "sent", then the first wrote
    # "delivered" before the second wrote.
    from chophien.messaging import services
    from chophien.messaging.sms import parse_esms_report

    failed = parse_esms_report(dict(pair.split("=") for pair in FAILED.split("&")))
    real_filter = MessageDelivery.objects.filter

    def filter_after_the_other_report(*args, **kwargs):
        rows = real_filter(*args, **kwargs)
        if kwargs.get("tracking_id") == TRACKING_ID:
            stale = list(rows)  # read as "sent"
            real_filter(pk=sms_sent.pk).update(status="delivered")
            return stale_queryset(stale)
        return rows

    class stale_queryset(list):
        def first(self):
            return self[0] if self else None

    MessageDelivery.objects.filter = filter_after_the_other_report
    try:
        services.message_report_record(tracking_id=TRACKING_ID, report=failed)
    finally:
        del MessageDelivery.objects.filter
    sms_sent.refresh_from_db()
    assert sms_sent.status == "delivered"
