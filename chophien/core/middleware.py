"""Middleware of our own."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponseBase
from django.http.multipartparser import MultiPartParserError
from django.middleware.gzip import GZipMiddleware
from django.utils.translation import gettext as _

from .http import policy_headers_set

logger = logging.getLogger("chophien.badinput")


class GZipExceptEventStreamsMiddleware(GZipMiddleware):
    """Django's gzip, except for Server-Sent Events: gzip holds small writes back until it has a
    block to send, and a live viewer would see "units left" change only kilobytes later."""

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if response.get("Content-Type", "").startswith("text/event-stream"):
            return response
        return super().process_response(request, response)


class SyncChainMiddleware:
    """Last in MIDDLEWARE, and synchronous only, so that under ASGI Django runs the whole chain in
    one worker thread per request.

    Django's own middleware can run either way. Under ASGI, left to itself, Django runs the chain
    in async mode and moves each middleware's ``process_request`` and ``process_response`` to a
    thread and back: about 20 thread hops a request. On a 2-core machine that cost a trivial page
    5-9 ms of CPU and capped a worker near 100 requests a second. One synchronous link at the
    bottom turns the chain synchronous: Django then hops into a thread once, at the top (and once
    back to the event loop for an async view: the live event stream still streams from the loop).
    """

    sync_capable = True
    async_capable = False

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)


class BadInputMiddleware:
    """Refuses, for pages and API alike, what no view can store: a NUL in the path, the query, a
    header or a posted form field (PostgreSQL refuses NUL in text, and a person never types one),
    with 400 ``invalid_text``; a body over Django's limit is 413 ``body_too_large``.

    And the last line: a database refusing a value a check should have stopped (a number out of its
    range, text it cannot store) answers 422, logged as an error on ``chophien.badinput`` so that the
    check is added (``make fuzz-api`` fails on that log line).

    After AuthenticationMiddleware, so that its page has the user, the session and the language.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        from .views import bad_request, error_answer, is_api

        try:
            has_nul = _has_nul(request)
        except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent, MultiPartParserError) as refused:
            return bad_request(request, refused)
        if has_nul:
            message = _("Yêu cầu có ký tự không dùng được (ký tự NUL).")
            return error_answer(request, code="invalid_text", message=message, status=400)
        response = self.get_response(request)
        if response.status_code == 405 and is_api(request):  # django-ninja answers it with an empty page
            allowed = response.get("Allow", "")
            response = error_answer(
                request, code="method_not_allowed", message=_("Không dùng được phương thức này."), status=405
            )
            response["Allow"] = allowed
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponseBase | None:
        from .api import bad_input_reached_database, unstorable_value_body
        from .views import error_answer

        if not bad_input_reached_database(exception):
            return None
        logger.error("bad input reached the database", exc_info=exception)
        return error_answer(request, **unstorable_value_body(), status=422)


def _has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path or "\x00" in request.META.get("QUERY_STRING", ""):
        return True
    for key, value in request.META.items():
        if key.startswith("HTTP_") and isinstance(value, str) and "\x00" in value:
            return True
    if any("\x00" in key or "\x00" in value for key, values in request.GET.lists() for value in values):
        return True
    # request.POST parses only a form (urlencoded or multipart); JSON bodies are the API parser's.
    return request.method == "POST" and any(
        "\x00" in key or "\x00" in value for key, values in request.POST.lists() for value in values
    )


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every answer (``settings.CONTENT_SECURITY_POLICY``,
    ``settings.PERMISSIONS_POLICY``).

    The pages have no inline script, style or event handler (htmx is told not to inject its
    indicator style: the ``htmx-config`` meta in base.html), so the policy allows scripts and styles
    from the site alone; tests/browser/test_csp.py fails on any violation. With DEBUG on, the policy
    is only reported (Django's debug pages are inline), so a developer still sees violations in the
    console. A view that needs more (a camera) sets its own header first; it is kept.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        policy_headers_set(response)
        return response
