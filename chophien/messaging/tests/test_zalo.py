import json
import urllib.error
from email.message import Message

import pytest

from chophien.messaging.backends import DeliveryFailed, OutgoingMessage, get_backend
from chophien.messaging.zns import ZNS_TEMPLATE_URL, ZaloZnsBackend, ZnsRefused, parse_zns_answer, zns_refusal_kind

from .openers import SAMPLES, FailingOpener, SampleOpener, sample

MESSAGE = OutgoingMessage(
    phone="0912345678", text="Mã 123456", template="otp", params={"otp": "123456"}, tracking_id="t1"
)
# What each documented-shape ZNS answer must give: a message id, or (kind of refusal, text, retryable).
ZNS_OUTCOMES = {
    "zns_success.json": "a4c3b2f1e0d9",
    "zns_invalid_phone.json": ("not_on_zalo", "Zalo ZNS error -108: Phone number is invalid", False),
    "zns_not_on_zalo.json": ("not_on_zalo", "Zalo ZNS error -118: Zalo account not existed", False),
    "zns_user_inactive.json": (
        "not_on_zalo",
        "Zalo ZNS error -114: User is inactive, or reject the message, or using an outdated Zalo version, "
        "or other internal errors",
        False,
    ),
    "zns_template_invalid.json": ("template", "Zalo ZNS error -109: Template ID invalid", False),
    "zns_out_of_quota.json": ("quota", "Zalo ZNS error -115: Out of quota", False),
    "zns_token_invalid.json": ("token", "Zalo ZNS error -124: Access token invalid", True),
    "zns_unknown_error.json": ("retry", "Zalo ZNS error -100: Unknown error", True),
}


def zalo(opener=None) -> ZaloZnsBackend:
    return ZaloZnsBackend(access_token="tok", opener=opener)


def test_the_request_follows_the_documented_zns_format(zns_ids):
    # when
    request = zalo().build_request(MESSAGE, access_token="tok")

    # then
    assert ZNS_TEMPLATE_URL == "https://business.openapi.zalo.me/message/template"
    assert (request.full_url, request.get_method()) == (ZNS_TEMPLATE_URL, "POST")
    assert request.get_header("Access_token") == "tok"
    assert request.get_header("Content-type") == "application/json"
    assert json.loads(request.data) == {
        "phone": "84912345678",
        "template_id": zns_ids["otp"],
        "template_data": {"otp": "123456"},
        "tracking_id": "t1",
    }


def test_the_phone_goes_out_in_international_form_without_the_plus(zns_ids):
    message = OutgoingMessage(phone="0869123456", text="", template="otp", params={"otp": "1"}, tracking_id="t2")
    assert json.loads(zalo().build_request(message, access_token="tok").data)["phone"] == "84869123456"


def test_a_long_product_name_is_shortened_to_the_zns_limit_and_a_long_link_is_not_sent_by_zns(zns_ids):
    # given: a product name of 250 characters (ZNS: 200 for a product name) and a link of 201 (200)
    name = "Chè Shan tuyết cổ thụ " * 12
    message = OutgoingMessage(
        phone="0912345678", text="x", template="live_back_in_stock", params={"product": name, "link": "https://a.vn/"}
    )

    # when
    sent = json.loads(zalo().build_request(message, access_token="tok").data)["template_data"]

    # then
    assert len(name) == 264
    assert len(sent["product"]) == 200
    assert sent["product"].endswith("…") and name.startswith(sent["product"][:-1])

    # given a link too long to cut
    long_link = OutgoingMessage(
        phone="0912345678",
        text="x",
        template="live_back_in_stock",
        params={"product": "Chè", "link": "https://chophien.vn/" + "a" * 181},
    )
    with pytest.raises(DeliveryFailed, match="longer than ZNS allows for url") as error:
        zalo().build_request(long_link, access_token="tok")
    assert error.value.is_retryable is False


def test_a_template_without_a_zns_id_fails_delivery_for_good(settings):
    # given the test settings: no ZNS ids
    order_message = OutgoingMessage(phone="0912345678", text="Đơn mới", template="order_confirmed", tracking_id="t3")

    # then
    with pytest.raises(DeliveryFailed, match=r"^Zalo ZNS has no template id for 'order_confirmed'$") as error:
        zalo().build_request(order_message, access_token="tok")
    assert error.value.is_retryable is False


def test_every_sample_has_an_expected_outcome():
    assert sorted(path.name for path in SAMPLES.glob("zns_*.json")) == sorted(ZNS_OUTCOMES)


@pytest.mark.parametrize(("name", "outcome"), sorted(ZNS_OUTCOMES.items()))
def test_parse_zns_answer_on_the_documented_shape_samples(name, outcome):
    if isinstance(outcome, str):
        assert parse_zns_answer(sample(name)) == outcome
        return
    kind, text, retryable = outcome
    with pytest.raises(ZnsRefused) as error:
        parse_zns_answer(sample(name))
    assert (error.value.kind, str(error.value), error.value.is_retryable) == (kind, text, retryable)


@pytest.mark.parametrize(
    ("code", "message", "kind"),
    [
        (-999, "Zalo account not existed", "not_on_zalo"),  # a renumbered code with Zalo's words
        (-999, "Account can not receive ZNS message", "not_on_zalo"),
        (-999, "OA or App does not have permission to access this template", "template"),
        (-999, "OA exceeded daily quota", "quota"),
        (-999, "Something else", "other"),
        (-101, "Application invalid", "other"),
    ],
)
def test_zns_refusals_are_classed_by_code_and_by_words(code, message, kind):
    assert zns_refusal_kind(code, message) == kind


@pytest.mark.parametrize(
    ("answer", "text"),
    [
        ({"error": 0, "message": "Success"}, "Zalo ZNS answered without data"),
        ({"error": 0, "data": "a4c3"}, "Zalo ZNS answered without data"),
        ({"error": 0, "data": {"msg_id": ""}}, "Zalo ZNS answered without data"),
        ([], "Zalo ZNS answered list, not an object"),
        ("oops", "Zalo ZNS answered str, not an object"),
    ],
)
def test_an_answer_of_an_unknown_shape_is_a_retryable_failure(answer, text):
    with pytest.raises(DeliveryFailed) as error:
        parse_zns_answer(answer)
    assert (str(error.value), error.value.is_retryable) == (text, True)


def test_send_posts_once_and_returns_the_message_id_and_the_zns_price(zns_ids, settings):
    # given
    settings.MESSAGING_ZNS_PRICE = 300
    opener = SampleOpener.of("zns_success.json")

    # when
    sent = zalo(opener).send(MESSAGE)

    # then
    assert (sent.channel, sent.provider_message_id, sent.cost, sent.fell_back) == ("zns", "a4c3b2f1e0d9", 300, False)
    assert len(opener.calls) == 1
    request, timeout = opener.calls[0]
    assert (request.full_url, timeout) == (ZNS_TEMPLATE_URL, 10)


@pytest.mark.parametrize(
    "opener",
    [
        FailingOpener(urllib.error.URLError("timed out")),
        FailingOpener(urllib.error.HTTPError(ZNS_TEMPLATE_URL, 502, "Bad Gateway", Message(), None)),
        FailingOpener(TimeoutError("read timed out")),
        SampleOpener(b"<html>502 Bad Gateway</html>"),
        SampleOpener(b"\xff\xfe"),
    ],
    ids=["unreachable", "http-502", "timeout", "not-json", "not-utf8"],
)
def test_an_unreachable_or_garbled_zalo_is_a_retryable_failure(opener, zns_ids):
    with pytest.raises(DeliveryFailed, match=r"^Zalo ZNS unreachable: ") as error:
        zalo(opener).send(MESSAGE)
    assert error.value.is_retryable is True


@pytest.mark.django_db
def test_the_token_comes_from_the_database(zalo_token):
    # given
    opener = SampleOpener.of("zns_success.json")

    # when
    ZaloZnsBackend(opener=opener).send(MESSAGE)

    # then
    assert opener.calls[0][0].get_header("Access_token") == "stored-access-token"


@pytest.mark.django_db
def test_an_invalid_token_is_refreshed_and_the_message_sent_again(zalo_token, monkeypatch):
    # given: ZNS refuses the stored token once; Zalo's token endpoint gives a new pair
    from chophien.messaging import zalo_tokens

    zns = SampleOpener.of("zns_token_invalid.json", "zns_success.json")
    oauth = SampleOpener.of("zalo_refresh_success.json")
    monkeypatch.setattr(zalo_tokens, "default_opener", lambda: oauth)

    # when
    sent = ZaloZnsBackend(opener=zns).send(MESSAGE)

    # then: one refresh, two sends, the second with the new token
    assert sent.provider_message_id == "a4c3b2f1e0d9"
    assert [request.get_header("Access_token") for request, _ in zns.calls] == [
        "stored-access-token",
        "new-access-token",
    ]
    assert len(oauth.calls) == 1
    zalo_token.refresh_from_db()
    assert (zalo_token.access_token, zalo_token.refresh_token) == ("new-access-token", "new-refresh-token")


@pytest.mark.django_db
def test_without_tokens_zns_fails_for_good_so_that_sms_takes_over(providers):
    with pytest.raises(DeliveryFailed, match="no Zalo OA token") as error:
        ZaloZnsBackend(opener=SampleOpener.of("zns_success.json")).send(MESSAGE)
    assert error.value.is_retryable is False


def test_the_test_settings_use_the_memory_backend_and_zalo_can_be_chosen(settings):
    from chophien.messaging.backends import ZaloThenSmsBackend

    assert type(get_backend()).__name__ == "MemoryBackend"
    settings.MESSAGING_BACKEND = "chophien.messaging.backends.ZaloThenSmsBackend"
    assert isinstance(get_backend(), ZaloThenSmsBackend)
