from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from chophien.core.views import media_serve

from .api import api

# The API answers its errors as {"code", "message"} even when Django answers them (chophien.core.views).
handler400 = "chophien.core.views.bad_request"
handler404 = "chophien.core.views.page_not_found"
handler500 = "chophien.core.views.server_error"

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("quan-tri/", admin.site.urls),
    path("", include("chophien.traceability.resolver_urls")),
]
urlpatterns += i18n_patterns(
    path("", include("chophien.catalog.urls")),
    path("tai-khoan/", include("chophien.accounts.urls")),
    path("", include("chophien.places.urls")),
    path("", include("chophien.sellers.urls")),
    path("", include("chophien.orders.urls")),
    path("", include("chophien.live.urls")),
    path("", include("chophien.traceability.urls")),
    prefix_default_language=False,
)
if settings.SERVE_MEDIA:
    # Uploaded photos. Production lets the reverse proxy serve /media/ (SERVE_MEDIA=false).
    urlpatterns += [path("media/<path:path>", media_serve)]
