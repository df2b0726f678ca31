from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory

from chophien.core.middleware import GZipExceptEventStreamsMiddleware


def test_pages_are_gzipped_but_event_streams_are_not():
    request = RequestFactory().get("/", HTTP_ACCEPT_ENCODING="gzip")
    page = GZipExceptEventStreamsMiddleware(lambda r: HttpResponse("x" * 500))(request)
    stream = GZipExceptEventStreamsMiddleware(
        lambda r: StreamingHttpResponse(iter(["data: 1\n\n"]), content_type="text/event-stream")
    )(request)
    assert page["Content-Encoding"] == "gzip"
    assert not stream.has_header("Content-Encoding")
