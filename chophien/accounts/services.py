"""Signing up and logging in with a phone number and a one-time code."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chophien.core.errors import PermissionDenied, ValidationError, text_limit_check
from chophien.core.phone import normalize_phone
from chophien.core.ratelimit import rate_limit_check, rate_limit_hit, rate_limit_reset
from chophien.messaging.services import message_send

from .models import ApiToken, OneTimeCode, User

OTP_LIFETIME = timedelta(minutes=5)
OTP_MAX_ATTEMPTS = 5
OTP_SENDS_PER_HOUR = 5
VERIFY_FAILURES_PER_HOUR = 10


def _hash_code(phone: str, code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"{phone}:{code}".encode(), hashlib.sha256).hexdigest()


def otp_request(*, phone: str) -> str:
    """Send a 6-digit login code to ``phone`` (after commit). Returns the normalised phone.

    Raises ValidationError ``invalid_phone`` and RateLimited after OTP_SENDS_PER_HOUR codes an hour.
    """
    national = normalize_phone(phone)
    rate_limit_hit(
        key=f"otp-send:{national}",
        limit=OTP_SENDS_PER_HOUR,
        window_seconds=3600,
        message=_("Bạn đã xin mã quá nhiều lần. Vui lòng đợi một giờ rồi thử lại."),
    )
    code = f"{secrets.randbelow(1_000_000):06d}"
    now = timezone.now()
    with transaction.atomic():
        OneTimeCode.objects.filter(phone=national, used_at__isnull=True).update(used_at=now)
        OneTimeCode.objects.create(phone=national, code_hash=_hash_code(national, code), expires_at=now + OTP_LIFETIME)
        message_send(
            phone=national,
            template="otp",
            params={"otp": code},
            text=f"Mã đăng nhập Chợ Phiên của bạn là {code}. Mã dùng được trong 5 phút. Đừng đưa mã cho ai.",
            is_secret=True,
        )
    return national


def otp_confirm_phone(*, phone: str, code: str) -> str:
    """Check a code sent by ``otp_request`` and use it up; return the normalised phone it proves.

    For a guest who proves a phone without an account (their last address at checkout), and the
    first half of ``otp_verify``. Each code allows OTP_MAX_ATTEMPTS tries and is used once. Raises
    ValidationError ``wrong_code``, RateLimited after VERIFY_FAILURES_PER_HOUR wrong codes for one
    phone (even for a right code).
    """
    national = normalize_phone(phone)
    typed = "".join(ch for ch in (code or "") if ch.isdigit())
    limit_key = f"otp-verify:{national}"
    too_many_message = _("Nhập sai mã quá nhiều lần. Vui lòng đợi một giờ rồi thử lại.")
    # Checked before the code: once blocked, even the right code waits, or guessing would go on.
    rate_limit_check(key=limit_key, limit=VERIFY_FAILURES_PER_HOUR, message=too_many_message)
    with transaction.atomic():
        pending = (
            OneTimeCode.objects.select_for_update()
            .filter(phone=national, used_at__isnull=True, expires_at__gt=timezone.now())
            .order_by("-created_at")
            .first()
        )
        if pending is None or pending.attempts >= OTP_MAX_ATTEMPTS:
            wrong = True
        else:
            wrong = not hmac.compare_digest(pending.code_hash, _hash_code(national, typed))
            if wrong:
                pending.attempts += 1
                pending.save(update_fields=["attempts"])
            else:
                pending.used_at = timezone.now()
                pending.save(update_fields=["used_at"])
    if wrong:
        rate_limit_hit(
            key=limit_key,
            limit=VERIFY_FAILURES_PER_HOUR,
            window_seconds=3600,
            message=too_many_message,
        )
        # A new error each time: one shared instance would carry the traceback of another request.
        raise ValidationError("wrong_code", _("Mã không đúng hoặc đã hết hạn. Vui lòng thử lại."), field="code")
    rate_limit_reset(key=limit_key)
    return national


def otp_verify(*, phone: str, code: str, full_name: str = "") -> User:
    """Check a code sent by ``otp_request``; return the user of that phone, created on first login.

    Raises what ``otp_confirm_phone`` raises, and PermissionDenied ``account_disabled`` for a
    deactivated account.
    """
    name = text_limit_check(
        text=" ".join((full_name or "").split()), limit=120, code="name_too_long", field="full_name", what=_("Họ tên")
    )
    national = otp_confirm_phone(phone=phone, code=code)
    user, created = User.objects.get_or_create(phone=national, defaults={"full_name": name})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    if not user.is_active:
        raise PermissionDenied(
            "account_disabled", _("Tài khoản này đã bị khoá. Vui lòng gọi tổng đài Chợ Phiên để được giúp.")
        )
    return user


def api_token_issue(*, user: User, name: str = "ứng dụng") -> str:
    """Create a bearer token for ``user``; the returned key is shown once and never stored."""
    label = text_limit_check(text=name.strip(), limit=80, code="name_too_long", field="name", what=_("Tên khoá"))
    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, key_hash=hashlib.sha256(key.encode()).hexdigest(), name=label)
    return key
