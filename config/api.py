"""The JSON API: mounts each app's router and turns domain errors into {"code", "message"} answers."""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from chophien.accounts.api import router as accounts_router
from chophien.catalog.api import router as catalog_router
from chophien.core.errors import DomainError
from chophien.places.api import router as places_router
from chophien.sellers.api import router as sellers_router

api = NinjaAPI(
    title="Chợ Phiên API",
    version="1",
    description='Sản vật vùng cao: sản phẩm, người bán, địa giới hành chính. Lỗi luôn trả về {"code", "message"}.',
    urls_namespace="api",
)


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
    body = {
        "code": "invalid_input",
        "message": "Dữ liệu gửi lên không đúng định dạng: " + ", ".join(f for f in fields if f),
        "errors": exc.errors,
    }
    return api.create_response(request, body, status=422)


@api.exception_handler(AuthenticationError)
def not_authenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    body = {"code": "not_authenticated", "message": "Bạn cần đăng nhập (gửi mã thông báo Bearer) để làm việc này."}
    return api.create_response(request, body, status=401)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"code": "http_error", "message": str(exc)}, status=exc.status_code)


api.add_router("/", places_router)
api.add_router("/", accounts_router)
api.add_router("/", sellers_router)
api.add_router("/", catalog_router)
