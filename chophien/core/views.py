from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse
from django.views.static import serve


def media_serve(request: HttpRequest, path: str) -> HttpResponse | FileResponse:
    """Uploaded photos for the embedded default; their names never change, so phones may cache them."""
    response = serve(request, path, document_root=str(settings.MEDIA_ROOT))
    response["Cache-Control"] = "public, max-age=2592000, immutable"
    return response
