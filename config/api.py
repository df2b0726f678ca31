"""The JSON API: mounts each app's router and turns domain errors into {"code", "message"} answers."""

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from chophien.accounts.api import router as accounts_router
from chophien.catalog.api import router as catalog_router
from chophien.core.errors import DomainError
from chophien.live.api import router as live_router
from chophien.orders.api import router as orders_router
from chophien.places.api import router as places_router
from chophien.sellers.api import router as sellers_router

api = NinjaAPI(
    title="Chợ Phiên API",
    version="1",
    description='Sản vật vùng cao: sản phẩm, người bán, địa giới hành chính. Lỗi luôn trả về {"code", "message"}.',
    urls_namespace="api",
)


def in_client_language(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer in the language the client asks for: the language cookie, else Accept-Language, else Vietnamese.

    LocaleMiddleware gives every path without a language prefix the default language (the pages use
    i18n_patterns with prefix_default_language=False), and /api/ has no prefix. So the API picks the
    language itself, around everything an operation does: authentication, input checks, the view and
    the error handlers.
    """

    @functools.wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        language = translation.get_language_from_request(request)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = run(request, *args, **kwargs)
        response.headers["Content-Language"] = language
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    return wrapper


api.add_decorator(in_client_language, mode="view")


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=exc.status)


def _field_name(location: tuple[object, ...] | list[object]) -> str:
    """("body", "payload", "variants", 0, "price") -> "variants.0.price": the name a client sent."""
    parts = [str(part) for part in location]
    if parts[:1] == ["body"] and len(parts) > 2:
        return ".".join(parts[2:])  # the second part is our Python parameter name, not the client's
    return ".".join(parts[1:])


@api.exception_handler(NinjaValidationError)
def invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    fields = [_field_name(error.get("loc", ())) for error in exc.errors]
    named = ", ".join(f for f in fields if f)
    body = {
        "code": "invalid_input",
        "message": _("Dữ liệu gửi lên không đúng định dạng: %(fields)s") % {"fields": named},
        "errors": exc.errors,
    }
    return api.create_response(request, body, status=422)


@api.exception_handler(AuthenticationError)
def not_authenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    body = {"code": "not_authenticated", "message": _("Bạn cần đăng nhập (gửi mã thông báo Bearer) để làm việc này.")}
    return api.create_response(request, body, status=401)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"code": "http_error", "message": str(exc)}, status=exc.status_code)


api.add_router("/", places_router)
api.add_router("/", accounts_router)
api.add_router("/", sellers_router)
api.add_router("/", catalog_router)
api.add_router("/", orders_router)
api.add_router("/", live_router)
