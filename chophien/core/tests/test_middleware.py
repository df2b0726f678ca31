import asyncio
from typing import Any
from unittest import mock

import pytest
from asgiref import sync
from django.http import HttpResponse, StreamingHttpResponse
from django.test import AsyncClient, RequestFactory

from chophien.core.middleware import GZipExceptEventStreamsMiddleware


def test_pages_are_gzipped_but_event_streams_are_not():
    request = RequestFactory().get("/", HTTP_ACCEPT_ENCODING="gzip")
    page = GZipExceptEventStreamsMiddleware(lambda r: HttpResponse("x" * 500))(request)
    stream = GZipExceptEventStreamsMiddleware(
        lambda r: StreamingHttpResponse(iter(["data: 1\n\n"]), content_type="text/event-stream")
    )(request)
    assert page["Content-Encoding"] == "gzip"
    assert not stream.has_header("Content-Encoding")


@pytest.mark.django_db
def test_under_asgi_the_middleware_chain_runs_in_one_thread():
    # SyncChainMiddleware: Django enters a thread once for the whole chain, instead of once for each
    # middleware's process_request and process_response (18 hops a request without it).
    hops: list[str] = []
    original = sync.SyncToAsync.__call__

    async def counting(self: sync.SyncToAsync, *args: Any, **kwargs: Any) -> Any:
        hops.append(getattr(self.func, "__qualname__", repr(self.func)))
        return await original(self, *args, **kwargs)

    with mock.patch.object(sync.SyncToAsync, "__call__", counting):
        response = asyncio.run(AsyncClient().get("/epcis/"))
    assert response.status_code == 200
    assert not [hop for hop in hops if "process_request" in hop or "process_response" in hop]
    assert len(hops) <= 5


def test_pages_carry_the_content_security_policy_and_the_permissions_policy(settings):
    from chophien.core.middleware import SecurityHeadersMiddleware

    request = RequestFactory().get("/")
    response = SecurityHeadersMiddleware(lambda r: HttpResponse("x"))(request)
    assert response["Content-Security-Policy"] == settings.CONTENT_SECURITY_POLICY
    assert "script-src 'self';" in response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert response["Permissions-Policy"].startswith("camera=(), microphone=(), geolocation=()")


def test_with_debug_on_the_policy_is_reported_not_enforced(settings):
    from chophien.core.middleware import SecurityHeadersMiddleware

    settings.DEBUG = True
    response = SecurityHeadersMiddleware(lambda r: HttpResponse("x"))(RequestFactory().get("/"))
    assert "Content-Security-Policy" not in response
    assert response["Content-Security-Policy-Report-Only"] == settings.CONTENT_SECURITY_POLICY
