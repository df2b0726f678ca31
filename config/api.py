"""The JSON API: mounts each app's router; every error answers {"code", "message"} (chophien.core.api)."""

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from chophien.accounts.api import router as accounts_router
from chophien.catalog.api import router as catalog_router
from chophien.core.api import ChoPhienAPI, StrictJsonParser, api_errors_install
from chophien.live.api import router as live_router
from chophien.messaging.api import router as messaging_router
from chophien.orders.api import router as orders_router
from chophien.places.api import router as places_router
from chophien.sellers.api import router as sellers_router

api = ChoPhienAPI(
    title="Chợ Phiên API",
    version="1",
    description='Sản vật vùng cao: sản phẩm, người bán, địa giới hành chính. Lỗi luôn trả về {"code", "message"}.',
    urls_namespace="api",
    parser=StrictJsonParser(),
)


def in_client_language(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer in the language the client asks for: the language cookie, else Accept-Language, else Vietnamese.

    LocaleMiddleware gives every path without a language prefix the default language (the pages use
    i18n_patterns with prefix_default_language=False), and /api/ has no prefix. So the API picks the
    language itself, around everything an operation does: authentication, input checks, the view and
    the error handlers.
    """

    @functools.wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        language = translation.get_language_from_request(request)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = run(request, *args, **kwargs)
        response.headers["Content-Language"] = language
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    return wrapper


api.add_decorator(in_client_language, mode="view")


api_errors_install(api)


api.add_router("/", places_router)
api.add_router("/", accounts_router)
api.add_router("/", sellers_router)
api.add_router("/", catalog_router)
api.add_router("/", orders_router)
api.add_router("/", live_router)
api.add_router("/", messaging_router)
