"""Middleware of our own."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware


class GZipExceptEventStreamsMiddleware(GZipMiddleware):
    """Django's gzip, except for Server-Sent Events: gzip holds small writes back until it has a
    block to send, and a live viewer would see "units left" change only kilobytes later."""

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if response.get("Content-Type", "").startswith("text/event-stream"):
            return response
        return super().process_response(request, response)
