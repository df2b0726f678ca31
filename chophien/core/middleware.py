"""Middleware of our own."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware


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
