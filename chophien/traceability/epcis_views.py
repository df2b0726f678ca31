"""The EPCIS 2.0 REST binding under ``/epcis/``: ``POST /epcis/capture`` (a bearer token of a
seller's account), ``GET /epcis/capture/{id}``, ``GET /epcis/events`` (SimpleEventQuery
parameters), ``GET /epcis/events/{eventID}``. Errors are RFC 7807 problem details with the EPCIS
exception type, plus our ``code`` and a Vietnamese ``message``."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from chophien.accounts.models import User
from chophien.accounts.selectors import user_by_api_token
from chophien.core.errors import DomainError, NotFound, PermissionDenied
from chophien.core.ratelimit import rate_limit_hit
from chophien.core.text import json_unstorable_at

from . import capture, epcis, validation

EPCIS_HEADERS = {"GS1-EPCIS-Version": "2.0.0", "GS1-CBV-Version": "2.0.0"}
JSON_LD = "application/ld+json"
CAPTURES_PER_MINUTE = 60
EXCEPTIONS = {
    400: "epcisException:ValidationException",
    401: "epcisException:SecurityException",
    403: "epcisException:SecurityException",
    404: "epcisException:NoSuchResourceException",
    413: "epcisException:CaptureLimitExceededException",
    422: "epcisException:ValidationException",
    429: "epcisException:CaptureLimitExceededException",
}


def _json(
    body: Any, *, status: int = 200, content_type: str = JSON_LD, headers: dict[str, str] | None = None
) -> HttpResponse:
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=f"{content_type}; charset=utf-8"
    )
    for name, value in {**EPCIS_HEADERS, **(headers or {})}.items():
        response[name] = value
    return response


def _problem(error: DomainError) -> HttpResponse:
    if error.code == "query_parameter_invalid":
        status, kind = 400, "epcisException:QueryParameterException"
    else:
        status = error.status
        kind = EXCEPTIONS.get(status, "epcisException:ImplementationException")
    body = {
        "type": kind,
        "title": error.message,
        "status": status,
        **error.as_dict(),
    }
    return _json(body, status=status, content_type="application/problem+json")


def _bearer_user(request: HttpRequest) -> User:
    scheme, _sep, key = request.headers.get("Authorization", "").partition(" ")
    user = user_by_api_token(key=key.strip()) if scheme.lower() == "bearer" and 0 < len(key) <= 200 else None
    if user is None:
        raise PermissionDenied(
            "not_authenticated", _("Cần khoá API của tài khoản người bán (Authorization: Bearer …).")
        )
    return user


@csrf_exempt  # bearer tokens only: no cookie, nothing to forge
@require_http_methods(["POST"])
def capture_post(request: HttpRequest) -> HttpResponse:
    try:
        user = _bearer_user(request)
        rate_limit_hit(
            key=f"epcis-capture:{user.pk}", limit=CAPTURES_PER_MINUTE, window_seconds=60,
            message=_("Gửi quá nhiều lần trong một phút. Vui lòng đợi rồi gửi lại."),
        )  # fmt: skip
        job = capture.epcis_capture(user=user, document=_document(request))
    except DomainError as error:
        return _problem(error)
    return _json(
        _job_body(job),
        status=202,
        content_type="application/json",
        headers={"Location": f"/epcis/capture/{job.capture_id}"},
    )


def _document(request: HttpRequest) -> Any:
    try:
        document = json.loads(request.body)
    except RequestDataTooBig:
        raise validation.CaptureTooLarge(
            "epcis_document_too_large",
            _("Tài liệu quá lớn (tối đa %(mb)s MB). Hãy gửi làm nhiều lần.")
            % {"mb": settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)},
        ) from None
    except (ValueError, RecursionError):  # RecursionError: arrays nested thousands deep
        raise validation.DocumentInvalid(
            "epcis_document_invalid", _("Nội dung gửi lên không phải JSON hợp lệ.")
        ) from None
    if json_unstorable_at(document) is not None:  # a NUL or a lone surrogate: no database stores it
        raise validation.DocumentInvalid(
            "epcis_document_invalid", _("Nội dung có ký tự không dùng được (ký tự NUL hoặc mã Unicode hỏng).")
        )
    return document


def _job_body(job: Any) -> dict[str, Any]:
    return {
        "captureID": job.capture_id,
        "createdAt": epcis.epcis_time(job.created_at),
        "finishedAt": epcis.epcis_time(job.created_at),
        "running": False,
        "success": True,
        "captureErrorBehaviour": "rollback",
        "errors": [],
        "eventCount": job.event_count,
        "duplicateEventIDs": job.duplicate_event_ids,
    }


@require_GET
def capture_get(request: HttpRequest, capture_id: str) -> HttpResponse:
    try:
        user = _bearer_user(request)
        job = capture.capture_job(capture_id=capture_id)
        if job is None or not user.seller_memberships.filter(seller_id=job.seller_id).exists():
            raise NotFound("capture_not_found", _("Không tìm thấy lần gửi này."))
    except DomainError as error:
        return _problem(error)
    return _json(_job_body(job), content_type="application/json")


@require_GET
def events_get(request: HttpRequest) -> HttpResponse:
    params = {key: request.GET.get(key, "") for key in request.GET}
    try:
        page = capture.events_query(params=params)
    except DomainError as error:
        return _problem(error)
    headers = {}
    if page.next_token:
        following = urlencode({**params, "nextPageToken": page.next_token})
        headers = {"Link": f'</epcis/events?{following}>; rel="next"'}
    return _json(epcis.query_document(page.events, created=timezone.now()), headers=headers)


@require_GET
def event_get(request: HttpRequest, event_id: str) -> HttpResponse:
    event = capture.event_by_id(event_id)
    if event is None:
        return _problem(NotFound("event_not_found", _("Không tìm thấy sự kiện này.")))
    own = event.get("@context")  # the namespaces of a partner's extension fields, kept with the event
    context = epcis.DOCUMENT_CONTEXT + (own if isinstance(own, list) else [own] if own else [])
    return _json({"@context": context, **{key: value for key, value in event.items() if key != "@context"}})


@require_GET
def root(request: HttpRequest) -> HttpResponse:
    return _json(
        {"capture": "/epcis/capture", "events": "/epcis/events", "schemaVersion": "2.0"},
        content_type="application/json",
    )
