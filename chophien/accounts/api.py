"""Phone login for the API: ask for a code, trade it for a bearer token."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from chophien.core.http import client_ip
from chophien.core.ratelimit import rate_limit_hit

from . import services
from .schemas import OtpRequestIn, OtpRequestOut, TokenIn, TokenOut

router = Router(tags=["auth"])


@router.post("/auth/otp", response=OtpRequestOut, summary="Gửi mã đăng nhập tới số điện thoại")
def request_code(request: HttpRequest, payload: OtpRequestIn) -> dict[str, Any]:
    rate_limit_hit(
        key=f"otp-ip:{client_ip(request)}",
        limit=30,
        window_seconds=3600,
        message=_("Quá nhiều yêu cầu từ máy này. Vui lòng thử lại sau."),
    )
    phone = services.otp_request(phone=payload.phone)
    return {"phone": phone, "message": _("Đã gửi mã đăng nhập qua tin nhắn.")}


@router.post("/auth/token", response=TokenOut, summary="Đổi mã đăng nhập lấy mã thông báo API")
def issue_token(request: HttpRequest, payload: TokenIn) -> dict[str, Any]:
    rate_limit_hit(
        key=f"verify-ip:{client_ip(request)}",
        limit=60,
        window_seconds=3600,
        message=_("Quá nhiều lần thử từ máy này. Vui lòng thử lại sau."),
    )
    user = services.otp_verify(phone=payload.phone, code=payload.code, full_name=payload.full_name)
    return {"token": services.api_token_issue(user=user), "phone": user.phone}
