from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.static import serve


def media_serve(request: HttpRequest, path: str) -> HttpResponse | FileResponse:
    """Uploaded photos for the embedded default; their names never change, so phones may cache them."""
    response = serve(request, path, document_root=str(settings.MEDIA_ROOT))
    response["Cache-Control"] = "public, max-age=2592000, immutable"
    return response


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def error_answer(request: HttpRequest, *, code: str, message: str, status: int) -> HttpResponse:
    """An error as the caller reads it: ``{"code", "message"}`` for the API, a page for a person."""
    if is_api(request):
        return JsonResponse({"code": code, "message": message}, status=status)
    try:
        return render(request, "core/bad_request.html", {"message": message}, status=status)
    except Exception:  # noqa: BLE001 (the page itself failed, e.g. without a session: say it plainly)
        return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's 400 (``handler400``): a body over DATA_UPLOAD_MAX_MEMORY_SIZE, or too many fields, is
    413 and says so; anything else Django refused (a bad host, a broken cookie) is a plain 400."""
    if isinstance(exception, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent):
        return error_answer(request, code="body_too_large", message=_("Dữ liệu gửi lên quá lớn."), status=413)
    if isinstance(exception, MultiPartParserError):
        return error_answer(request, code="bad_form", message=_("Biểu mẫu gửi lên bị hỏng."), status=400)
    return error_answer(request, code="bad_request", message=_("Yêu cầu không hợp lệ."), status=400)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A page of the site with the way back (home, search, order lookup), not Django's bare "Not Found":
    a buyer who followed an old link or a sold-out product's page should not be stranded."""
    if is_api(request):
        return JsonResponse({"code": "not_found", "message": _("Không tìm thấy.")}, status=404)
    try:
        return render(request, "core/not_found.html", status=404)
    except Exception:  # noqa: BLE001 (the page itself failed: Django's plain answer, never a 500)
        return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api(request):
        message = _("Máy chủ gặp lỗi. Vui lòng thử lại sau.")
        return JsonResponse({"code": "server_error", "message": message}, status=500)
    return defaults.server_error(request)
