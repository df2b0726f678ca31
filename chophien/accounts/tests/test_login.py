from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from chophien.accounts import services
from chophien.accounts.models import OneTimeCode, User
from chophien.core.errors import RateLimited, ValidationError
from chophien.messaging.backends import MemoryBackend

pytestmark = pytest.mark.django_db


def send_code(phone: str, capture) -> str:
    with capture(execute=True):
        services.otp_request(phone=phone)
    return MemoryBackend.outbox[-1].params["otp"]


def test_code_is_sent_after_commit_and_first_login_creates_the_user(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert services.otp_request(phone="+84 912 345 678") == "0912345678"
    assert MemoryBackend.outbox == [] and len(callbacks) == 1
    callbacks[0]()
    message = MemoryBackend.outbox[-1]
    assert (message.phone, message.template) == ("0912345678", "otp")
    assert message.params["otp"] in message.text
    user = services.otp_verify(phone="0912345678", code=message.params["otp"], full_name="Lò Thị Hoa")
    assert (user.phone, user.full_name, user.has_usable_password()) == ("0912345678", "Lò Thị Hoa", False)


def test_a_code_works_once(django_capture_on_commit_callbacks):
    code = send_code("0912345678", django_capture_on_commit_callbacks)
    services.otp_verify(phone="0912345678", code=code)
    with pytest.raises(ValidationError) as error:
        services.otp_verify(phone="0912345678", code=code)
    assert error.value.code == "wrong_code"


def test_five_wrong_tries_burn_the_code(django_capture_on_commit_callbacks):
    code = send_code("0912345678", django_capture_on_commit_callbacks)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        with pytest.raises(ValidationError):
            services.otp_verify(phone="0912345678", code=wrong)
    with pytest.raises(ValidationError):
        services.otp_verify(phone="0912345678", code=code)
    assert not User.objects.filter(phone="0912345678").exists()


def test_an_expired_code_fails(django_capture_on_commit_callbacks):
    code = send_code("0912345678", django_capture_on_commit_callbacks)
    OneTimeCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ValidationError):
        services.otp_verify(phone="0912345678", code=code)


def test_more_than_five_codes_an_hour_are_refused():
    for _ in range(5):
        services.otp_request(phone="0912345678")
    with pytest.raises(RateLimited):
        services.otp_request(phone="0912345678")


def test_passwords_are_hashed_with_argon2():
    import importlib

    base = importlib.import_module("config.settings.base")  # the test settings swap in a fast hasher
    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_api_login_gives_a_bearer_token(client: Client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post("/api/auth/otp", {"phone": "0912 345 678"}, content_type="application/json")
    assert sent.status_code == 200
    code = MemoryBackend.outbox[-1].params["otp"]
    token = client.post("/api/auth/token", {"phone": "0912345678", "code": code}, content_type="application/json")
    assert token.status_code == 200
    mine = client.get("/api/seller/products", HTTP_AUTHORIZATION=f"Bearer {token.json()['token']}")
    assert (mine.status_code, mine.json()["code"]) == (403, "no_shop")  # logged in, no shop yet
    assert client.get("/api/seller/products", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401


def test_api_wrong_phone_and_too_many_codes(client: Client):
    bad = client.post("/api/auth/otp", {"phone": "12345"}, content_type="application/json")
    assert (bad.status_code, bad.json()["code"]) == (422, "invalid_phone")
    for _ in range(5):
        client.post("/api/auth/otp", {"phone": "0987654321"}, content_type="application/json")
    limited = client.post("/api/auth/otp", {"phone": "0987654321"}, content_type="application/json")
    assert (limited.status_code, limited.json()["code"]) == (429, "rate_limited")


def test_web_login_with_phone_and_code(client: Client, django_capture_on_commit_callbacks):
    wrong = client.post("/tai-khoan/dang-nhap/", {"phone": "abc"})
    assert wrong.status_code == 422 and "Số điện thoại không đúng" in wrong.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post("/tai-khoan/dang-nhap/", {"phone": "0912345678"})
    assert sent.status_code == 302 and sent["Location"].startswith("/tai-khoan/nhap-ma/")
    bad_code = client.post("/tai-khoan/nhap-ma/", {"code": "abcdef"})
    assert bad_code.status_code == 422 and "Mã không đúng" in bad_code.content.decode()
    logged_in = client.post("/tai-khoan/nhap-ma/", {"code": MemoryBackend.outbox[-1].params["otp"]})
    assert logged_in.status_code == 302
    assert client.get("/ban-hang/").status_code == 302  # no shop yet: sent to open one
    assert client.get("/ban-hang/")["Location"] == "/ban-hang/mo-cua-hang/"
    assert settings.LOGIN_URL == "accounts:login"
