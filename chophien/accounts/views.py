"""Log in with a phone number and a one-time code."""

from __future__ import annotations

from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chophien.core.errors import DomainError
from chophien.core.http import client_ip
from chophien.core.ratelimit import rate_limit_hit

from . import services

SESSION_PHONE = "login_phone"


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return ""


def login_phone(request: HttpRequest) -> HttpResponse:
    error, status, phone = None, 200, ""
    if request.method == "POST":
        phone = request.POST.get("phone", "")[:32]
        try:
            rate_limit_hit(
                key=f"login-ip:{client_ip(request)}",
                limit=30,
                window_seconds=3600,
                message=_("Quá nhiều lần đăng nhập từ máy này. Vui lòng thử lại sau một giờ."),
            )
            request.session[SESSION_PHONE] = services.otp_request(phone=phone)
            next_url = _safe_next(request)
            return redirect(reverse("accounts:code") + (f"?{urlencode({'next': next_url})}" if next_url else ""))
        except DomainError as exc:
            error, status = exc.message, exc.status
    return render(
        request, "accounts/login.html", {"error": error, "phone": phone, "next": _safe_next(request)}, status=status
    )


def login_code(request: HttpRequest) -> HttpResponse:
    phone = request.session.get(SESSION_PHONE)
    if not phone:
        return redirect("accounts:login")
    error, status = None, 200
    if request.method == "POST":
        try:
            rate_limit_hit(
                key=f"code-ip:{client_ip(request)}",
                limit=60,
                window_seconds=3600,
                message=_("Quá nhiều lần thử từ máy này. Vui lòng thử lại sau một giờ."),
            )
            user = services.otp_verify(phone=phone, code=request.POST.get("code", "")[:12])
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            request.session.pop(SESSION_PHONE, None)
            return redirect(_safe_next(request) or "catalog:dashboard")
        except DomainError as exc:
            error, status = exc.message, exc.status
    return render(
        request, "accounts/code.html", {"error": error, "phone": phone, "next": _safe_next(request)}, status=status
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("catalog:home")
