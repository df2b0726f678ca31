"""What every API operation shares: the JSON body read strictly, every error as ``{"code", "message"}``
in the client's language, and an OpenAPI document that says so.

``config/api.py`` builds the API with ``ChoPhienAPI`` and calls ``api_errors_install``; the apps'
routers need nothing of this but ``platform_text`` for a webhook that takes platforms' text as it is.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.parser import Parser

from .errors import DomainError
from .text import json_texts_storable, json_unstorable_at

logger = logging.getLogger("chophien.badinput")

# Set on a request by ``platform_text``: its body's text is cleaned, not refused.
PLATFORM_TEXT_ATTRIBUTE = "chophien_platform_text"


class UnstorableText(ValueError):
    """A JSON body holds text no database can store (a NUL, a lone surrogate)."""

    def __init__(self, location: list[str | int], problem: str) -> None:
        super().__init__(problem)
        self.location = location
        self.problem = problem


class StrictJsonParser(Parser):
    """Django-ninja's JSON parser, refusing text no database can store before any code sees it
    (or cleaning it, for a webhook marked with ``platform_text``)."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = json.loads(request.body)
        if getattr(request, PLATFORM_TEXT_ATTRIBUTE, False):
            return json_texts_storable(data)  # type: ignore[return-value]
        location = json_unstorable_at(data)
        if location is not None:
            raise UnstorableText(list(location), "unstorable")
        return data  # type: ignore[no-any-return]


def platform_text(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For ``ninja.decorators.decorate_view`` on an operation whose body carries what a platform's
    users wrote (live comments): a NUL is dropped and a lone surrogate becomes U+FFFD, so that one
    bad comment does not refuse the batch it came in."""

    @functools.wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        setattr(request, PLATFORM_TEXT_ATTRIBUTE, True)
        return run(request, *args, **kwargs)

    return wrapper


def _field_name(location: tuple[object, ...] | list[object]) -> str:
    """("body", "payload", "variants", 0, "price") -> "variants.0.price": the name a client sent."""
    parts = [str(part) for part in location]
    if parts[:1] == ["body"] and len(parts) > 2:
        return ".".join(parts[2:])  # the second part is our Python parameter name, not the client's
    return ".".join(parts[1:])


def _limit_said(error: dict[str, Any]) -> str:
    """The rule a value broke, in words, for the errors whose rule a person can act on; else ""."""
    kind = error.get("type", "")
    context = error.get("ctx") or {}
    if kind == "string_too_long":
        return _("tối đa %(limit)s ký tự") % {"limit": context.get("max_length")}
    if kind == "string_too_short":
        return _("ít nhất %(limit)s ký tự") % {"limit": context.get("min_length")}
    if kind == "too_long":
        return _("tối đa %(limit)s mục") % {"limit": context.get("max_length")}
    if kind in ("less_than_equal", "less_than"):
        return _("tối đa %(limit)s") % {"limit": context.get("le", context.get("lt"))}
    if kind in ("greater_than_equal", "greater_than"):
        return _("ít nhất %(limit)s") % {"limit": context.get("ge", context.get("gt"))}
    return ""


def _invalid_input_body(errors: list[dict[str, Any]]) -> dict[str, Any]:
    named = []
    for error in errors:
        field = _field_name(error.get("loc", ()))
        said = _limit_said(error)
        if field:
            named.append(f"{field} ({said})" if said else field)
    return {
        "code": "invalid_input",
        "message": _("Dữ liệu gửi lên không đúng định dạng: %(fields)s") % {"fields": ", ".join(named)},
        # What pydantic found, without the value sent (it may be large, or the text refused).
        "errors": [{"type": e.get("type", ""), "loc": list(e.get("loc", ())), "msg": e.get("msg", "")} for e in errors],
    }


def _unstorable_text_body(exc: UnstorableText) -> dict[str, Any]:
    field = ".".join(str(part) for part in exc.location)
    return {
        "code": "invalid_text",
        "message": _("Nội dung có ký tự không dùng được (ký tự NUL hoặc mã Unicode hỏng): %(field)s")
        % {"field": field or "body"},
        "field": field,
    }


def bad_input_reached_database(exc: BaseException) -> bool:
    """True for the database's own refusals of a value a check should have stopped before it: a number
    out of the column's range (SQLite: OverflowError; PostgreSQL: DataError), text it cannot store
    (a NUL: DataError; a lone surrogate: UnicodeEncodeError), text over a column's length."""
    return isinstance(exc, OverflowError | DataError | UnicodeEncodeError)


def unstorable_value_body() -> dict[str, str]:
    return {
        "code": "invalid_input",
        "message": _("Dữ liệu gửi lên có giá trị không dùng được (số quá lớn, chữ quá dài hoặc ký tự lạ)."),
    }


def too_large_body() -> dict[str, str]:
    return {"code": "body_too_large", "message": _("Dữ liệu gửi lên quá lớn.")}


def api_errors_install(api: NinjaAPI) -> None:
    """Every error the API can answer, as ``{"code", "message"}`` (4xx), never django-ninja's
    ``{"detail"}`` nor Django's HTML 500."""

    def respond(request: HttpRequest, body: dict[str, Any], status: int) -> HttpResponse:
        return api.create_response(request, body, status=status)

    def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return respond(request, exc.as_dict(), exc.status)

    def invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return respond(request, _invalid_input_body(list(exc.errors)), 422)

    def not_authenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        body = {
            "code": "not_authenticated",
            "message": _("Bạn cần đăng nhập (gửi mã thông báo Bearer) để làm việc này."),
        }
        return respond(request, body, 401)

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        cause = exc.__cause__
        if isinstance(cause, UnstorableText):
            return respond(request, _unstorable_text_body(cause), 422)
        if isinstance(cause, ValueError | RecursionError):  # not JSON, not UTF-8, or nested thousands deep
            return respond(request, {"code": "bad_json", "message": _("Nội dung gửi lên không phải JSON hợp lệ.")}, 400)
        # django-ninja's own (English) refusals; ours are DomainErrors.
        message = _("Không có quyền.") if exc.status_code == 403 else _("Yêu cầu không hợp lệ.")
        return respond(request, {"code": "http_error", "message": message}, exc.status_code)

    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, {"code": "not_found", "message": _("Không tìm thấy.")}, 404)

    def too_large(request: HttpRequest, exc: Exception) -> HttpResponse:
        return respond(request, too_large_body(), 413)

    def bad_form(request: HttpRequest, exc: Exception) -> HttpResponse:
        return respond(request, {"code": "bad_form", "message": _("Biểu mẫu gửi lên bị hỏng.")}, 400)

    def database_refused(request: HttpRequest, exc: Exception) -> HttpResponse:
        # A check is missing somewhere: the client still gets a 4xx, and the log says where.
        logger.error("bad input reached the database", exc_info=exc)
        return respond(request, unstorable_value_body(), 422)

    api.exception_handler(DomainError)(domain_error)
    api.exception_handler(NinjaValidationError)(invalid_input)
    api.exception_handler(AuthenticationError)(not_authenticated)
    api.exception_handler(HttpError)(http_error)
    api.exception_handler(Http404)(not_found)
    api.exception_handler(RequestDataTooBig)(too_large)
    api.exception_handler(TooManyFieldsSent)(too_large)
    api.exception_handler(TooManyFilesSent)(too_large)
    api.exception_handler(MultiPartParserError)(bad_form)
    for refused in (OverflowError, DataError, UnicodeEncodeError):
        api.exception_handler(refused)(database_refused)


ERROR_SCHEMA: dict[str, Any] = {
    "title": "Error",
    "type": "object",
    "required": ["code", "message"],
    "properties": {
        "code": {"type": "string", "description": "Mã lỗi cố định, cho chương trình"},
        "message": {"type": "string", "description": "Lời nhắn cho người dùng, theo ngôn ngữ của họ"},
        "field": {"type": "string", "description": "Trường dữ liệu bị lỗi, nếu có"},
        "errors": {"type": "array", "items": {"type": "object"}, "description": "Chi tiết (invalid_input)"},
        "items": {"type": "array", "items": {"type": "object"}, "description": "Hàng thiếu hoặc đổi giá"},
    },
}

# Every operation may answer these; 401 only those that need a token.
ERROR_ANSWERS = {
    400: "Yêu cầu hỏng (JSON sai, ký tự NUL trong địa chỉ)",
    403: "Không có quyền, hoặc chữ ký sai",
    404: "Không tìm thấy",
    409: "Xung đột với tình trạng hiện tại (hết hàng, đổi giá, chuyển trạng thái sai)",
    413: "Dữ liệu gửi lên quá lớn",
    422: "Dữ liệu không hợp lệ",
    429: "Quá nhiều yêu cầu",
}


class ChoPhienAPI(NinjaAPI):
    """django-ninja's API whose OpenAPI document declares, on every operation, the error answers
    with their ``{"code", "message"}`` schema."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> OpenAPISchema:
        schema = super().get_openapi_schema(*args, **kwargs)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        error_content = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
        for operations in schema["paths"].values():
            for operation in operations.values():
                answers = {**ERROR_ANSWERS}
                if operation.get("security"):
                    answers[401] = "Cần mã thông báo Bearer"
                for status, description in answers.items():
                    operation["responses"].setdefault(status, {"description": description, "content": error_content})
        return schema
