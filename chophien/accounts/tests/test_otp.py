import re
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from chophien.accounts import services
from chophien.accounts.models import OneTimeCode, User
from chophien.core.errors import RateLimited, ValidationError
from chophien.messaging.backends import MemoryBackend

pytestmark = pytest.mark.django_db

PHONE = "0912345678"
WRONG_CODE_MESSAGE = "Mã không đúng hoặc đã hết hạn. Vui lòng thử lại."


def verify_fails(phone: str, code: str) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        services.otp_verify(phone=phone, code=code)
    return error.value


def test_the_code_leaves_only_after_the_transaction_commits(django_capture_on_commit_callbacks, codes):
    # given
    codes.append(42)

    # when
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        national = services.otp_request(phone="+84 912 345 678")

    # then: nothing sent before commit
    assert national == PHONE
    assert MemoryBackend.outbox == []
    assert len(callbacks) == 1

    # when the transaction commits
    callbacks[0]()

    # then
    assert len(MemoryBackend.outbox) == 1
    message = MemoryBackend.outbox[0]
    assert (message.phone, message.template, message.params) == (PHONE, "otp", {"otp": "000042"})
    assert message.text == "Mã đăng nhập Chợ Phiên của bạn là 000042. Mã dùng được trong 5 phút. Đừng đưa mã cho ai."
    assert re.fullmatch(r"[0-9a-f]{16}", message.tracking_id)


def test_no_code_leaves_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    # when
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.otp_request(phone=PHONE)
        raise RuntimeError("the caller failed")

    # then
    assert callbacks == []
    assert MemoryBackend.outbox == []
    assert OneTimeCode.objects.count() == 0


def test_only_a_hash_of_the_code_is_kept_and_it_lives_five_minutes(send_code):
    # when
    code = send_code(PHONE)

    # then
    stored = OneTimeCode.objects.get()
    assert re.fullmatch(r"[0-9]{6}", code)
    assert stored.phone == PHONE
    assert re.fullmatch(r"[0-9a-f]{64}", stored.code_hash)
    assert code not in stored.code_hash
    assert (stored.attempts, stored.used_at) == (0, None)
    assert timedelta(minutes=4, seconds=59) < stored.expires_at - stored.created_at <= timedelta(minutes=5)


def test_a_wrong_phone_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as error:
        services.otp_request(phone="12345")
    assert (error.value.code, error.value.field) == ("invalid_phone", "phone")
    assert MemoryBackend.outbox == []
    assert OneTimeCode.objects.count() == 0


def test_first_login_creates_the_user_with_no_usable_password(send_code):
    # given
    code = send_code(PHONE)

    # when
    user = services.otp_verify(phone="+84912345678", code=code, full_name="  Lò Thị Hoa ")

    # then
    assert (user.phone, user.full_name, user.has_usable_password()) == (PHONE, "Lò Thị Hoa", False)
    assert User.objects.count() == 1
    assert OneTimeCode.objects.get().used_at is not None


def test_a_later_login_returns_the_same_user_and_keeps_their_name(send_code):
    # given
    first = services.otp_verify(phone=PHONE, code=send_code(PHONE), full_name="Lò Thị Hoa")

    # when
    again = services.otp_verify(phone=PHONE, code=send_code(PHONE), full_name="Tên Khác")

    # then
    assert again.pk == first.pk
    assert User.objects.get().full_name == "Lò Thị Hoa"


def test_the_code_may_be_typed_with_spaces(send_code, codes):
    codes.append(123456)
    send_code(PHONE)
    assert services.otp_verify(phone=PHONE, code=" 123 456 ").phone == PHONE


def test_a_wrong_code_counts_one_attempt(send_code, codes):
    # given
    codes.append(123456)
    send_code(PHONE)

    # when
    error = verify_fails(PHONE, "654321")

    # then
    assert (error.code, error.field, error.message, error.status) == ("wrong_code", "code", WRONG_CODE_MESSAGE, 422)
    assert OneTimeCode.objects.get().attempts == 1
    assert not User.objects.exists()


def test_the_right_code_still_works_after_four_wrong_attempts(send_code, codes):
    codes.append(123456)
    send_code(PHONE)
    for _ in range(4):
        verify_fails(PHONE, "000000")

    assert services.otp_verify(phone=PHONE, code="123456").phone == PHONE


def test_five_wrong_attempts_burn_the_code(send_code, codes):
    # given
    codes.append(123456)
    send_code(PHONE)
    for _ in range(5):
        verify_fails(PHONE, "000000")

    # when
    error = verify_fails(PHONE, "123456")

    # then
    assert error.code == "wrong_code"
    assert OneTimeCode.objects.get().attempts == 5
    assert not User.objects.exists()


def test_an_expired_code_fails(send_code):
    # given
    code = send_code(PHONE)
    OneTimeCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    # when
    error = verify_fails(PHONE, code)

    # then
    assert error.code == "wrong_code"
    assert not User.objects.exists()


def test_a_code_works_once(send_code):
    # given
    code = send_code(PHONE)
    services.otp_verify(phone=PHONE, code=code)

    # when
    error = verify_fails(PHONE, code)

    # then
    assert error.code == "wrong_code"


def test_a_new_code_replaces_the_one_before(send_code, codes):
    # given
    codes.extend([111111, 222222])
    send_code(PHONE)
    send_code(PHONE)

    # then
    assert verify_fails(PHONE, "111111").code == "wrong_code"
    assert services.otp_verify(phone=PHONE, code="222222").phone == PHONE


def test_a_code_is_for_its_own_phone_only(send_code, codes):
    codes.append(123456)
    send_code(PHONE)
    assert verify_fails("0987654321", "123456").code == "wrong_code"


def test_a_phone_without_a_code_gets_the_same_answer_as_a_wrong_code():
    assert verify_fails(PHONE, "123456").code == "wrong_code"


def test_more_than_five_codes_an_hour_are_refused(send_code):
    # given
    for _ in range(5):
        send_code(PHONE)

    # when
    with pytest.raises(RateLimited) as error:
        services.otp_request(phone="+84 912 345 678")

    # then
    assert (error.value.code, error.value.status) == ("rate_limited", 429)
    assert error.value.message == "Bạn đã xin mã quá nhiều lần. Vui lòng đợi một giờ rồi thử lại."
    assert (OneTimeCode.objects.count(), len(MemoryBackend.outbox)) == (5, 5)
    assert len(send_code("0987654321")) == 6  # another phone is not held back


def test_more_than_ten_wrong_codes_an_hour_are_refused_and_a_login_starts_the_count_again(send_code, codes):
    # given: nine wrong codes, then a right one
    codes.extend([111111, 222222, 333333, 444444])
    send_code(PHONE)
    for _ in range(5):
        verify_fails(PHONE, "000000")
    send_code(PHONE)
    for _ in range(4):
        verify_fails(PHONE, "000000")
    services.otp_verify(phone=PHONE, code="222222")

    # when: ten more wrong codes after the login
    send_code(PHONE)
    for _ in range(5):
        verify_fails(PHONE, "000000")
    send_code(PHONE)
    for _ in range(5):
        verify_fails(PHONE, "000000")

    # then: the eleventh is refused as too many
    with pytest.raises(RateLimited) as error:
        services.otp_verify(phone=PHONE, code="000000")
    assert error.value.message == "Nhập sai mã quá nhiều lần. Vui lòng đợi một giờ rồi thử lại."


def test_api_tokens_are_kept_as_hashes_and_find_their_user(send_code):
    # given
    user = services.otp_verify(phone=PHONE, code=send_code(PHONE))

    # when
    key = services.api_token_issue(user=user, name="điện thoại")

    # then
    token = user.api_tokens.get()
    assert token.name == "điện thoại"
    assert len(key) == 43 and key not in token.key_hash
    assert re.fullmatch(r"[0-9a-f]{64}", token.key_hash)


def test_once_blocked_even_the_right_code_waits(send_code, codes):
    # given: ten wrong codes in the hour, then a fresh code
    codes.extend([111111, 222222, 333333])
    for _ in range(2):
        send_code(PHONE)
        for _ in range(5):
            verify_fails(PHONE, "000000")
    send_code(PHONE)

    # when / then: the right code is refused too, or guessing could go on past the limit
    with pytest.raises(RateLimited):
        services.otp_verify(phone=PHONE, code="333333")
    assert not User.objects.filter(phone=PHONE).exists()


def test_a_deactivated_account_is_told_why_it_cannot_log_in(send_code):
    from chophien.core.errors import PermissionDenied

    User.objects.create_user(phone=PHONE, is_active=False)
    code = send_code(PHONE)
    with pytest.raises(PermissionDenied) as error:
        services.otp_verify(phone=PHONE, code=code)
    assert error.value.code == "account_disabled"
    assert "bị khoá" in error.value.message


def test_the_login_code_never_reaches_the_task_table(send_code, django_capture_on_commit_callbacks, monkeypatch):
    from types import SimpleNamespace

    from chophien.messaging import services as messaging_services

    queued: list[dict] = []
    monkeypatch.setattr(messaging_services, "deliver_message", SimpleNamespace(enqueue=lambda **kw: queued.append(kw)))
    code = send_code(PHONE)
    assert queued == []
    assert code == MemoryBackend.outbox[-1].params["otp"]
