"""Public pages: the label resolver (GS1 Digital Link and the platform's short links), the trace
page a buyer reads after scanning, and the province a person scanning may choose to give."""

from __future__ import annotations

import functools
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from chophien.core.errors import DomainError, NotFound, RateLimited
from chophien.core.http import client_ip
from chophien.core.ratelimit import rate_limit_hit
from chophien.places.models import Province

from . import epcis, gs1, scans, selectors
from .gs1 import LabelKey

LINKSET = "application/linkset+json"
SCAN_RATE_COUNTED = "chophien.scan_rate_counted"  # set in the ASGI scope by scan_asgi.LabelScanApp


def wants_linkset(request: HttpRequest) -> bool:
    return request.GET.get("linkType") == "all" or LINKSET in request.headers.get("Accept", "")


def trace_path(public_code: str, serial: str, language: str) -> str:
    with translation.override(language):
        if serial:
            return reverse("traceability:trace_serial", args=[public_code, serial])
        return reverse("traceability:trace", args=[public_code])


def language_of(request: HttpRequest) -> str:
    """The buyer's first language among ours (a phone set to English gets the English page)."""
    preferred = translation.get_language_from_request(request)
    return "en" if preferred == "en" else "vi"


def _label_uri(request: HttpRequest) -> str:
    """The label's own URI, as the linkset and the Link header name it."""
    return request.build_absolute_uri(request.path)


def _linkset(request: HttpRequest, resolved: scans.Resolved) -> dict[str, Any]:
    batch = resolved.batch
    assert batch is not None
    serial = resolved.serial.serial if resolved.serial else resolved.unknown_serial
    trace = {lang: request.build_absolute_uri(trace_path(batch.public_code, serial, lang)) for lang in ("vi", "en")}
    epc_class = epcis.batch_class_uri(gtin=batch.product.gtin, lot=batch.lot, public_code=batch.public_code)
    links: dict[str, Any] = {
        "anchor": _label_uri(request),
        "https://gs1.org/voc/defaultLink": [
            {"href": trace["vi"], "title": _("Truy xuất nguồn gốc"), "type": "text/html", "hreflang": ["vi"]}
        ],
        "https://gs1.org/voc/traceability": [
            {"href": trace["vi"], "title": "Truy xuất nguồn gốc", "type": "text/html", "hreflang": ["vi"]},
            {"href": trace["en"], "title": "Traceability", "type": "text/html", "hreflang": ["en"]},
        ],
        "https://gs1.org/voc/pip": [
            {
                "href": request.build_absolute_uri(reverse("catalog:product", args=[batch.product.slug])),
                "title": batch.product.name,
                "type": "text/html",
                "hreflang": ["vi"],
            }
        ],
        "https://gs1.org/voc/epcis": [
            {
                "href": request.build_absolute_uri("/epcis/events?" + urlencode({"MATCH_anyEPCClass": epc_class})),
                "title": "EPCIS events",
                "type": "application/ld+json",
            }
        ],
    }
    if batch.is_recalled:
        links["https://gs1.org/voc/recallStatus"] = [{"href": trace["vi"], "title": _("Lô hàng đã bị thu hồi")}]
    return {"linkset": [links]}


def _resolve(request: HttpRequest, key: LabelKey) -> HttpResponse:
    as_linkset = wants_linkset(request)
    try:
        # The label scan app (scan_asgi.py) may have counted this scan already before handing it over.
        if not as_linkset and not getattr(request, "scope", {}).get(SCAN_RATE_COUNTED):
            rate_limit_hit(
                key=f"trace-scan:{client_ip(request)}", limit=settings.TRACE_SCANS_PER_MINUTE, window_seconds=60,
                message=_("Bạn quét quá nhiều tem trong một phút. Vui lòng đợi một chút rồi quét lại."),
            )  # fmt: skip
        resolved = scans.label_resolve(key=key, record=not as_linkset)
    except RateLimited as error:
        return render(request, "traceability/limited.html", {"message": error.message}, status=429)
    except NotFound:
        return render(request, "traceability/unknown.html", status=404)
    if resolved.batch is None:  # a serial we never issued on a product we know: warn, show nothing else
        return render(request, "traceability/unknown.html", {"never_issued": True}, status=404)
    if as_linkset:
        return JsonResponse(
            _linkset(request, resolved), content_type=LINKSET, json_dumps_params={"ensure_ascii": False}
        )
    return scan_redirect(request, resolved)


def scan_redirect(request: HttpRequest, resolved: scans.Resolved) -> HttpResponse:
    """A person's scan answered: 307 to the trace page in their language, with the token that lets
    them say where they are, and the linkset's address (also used by scan_asgi.LabelScanApp)."""
    assert resolved.batch is not None
    serial = resolved.serial.serial if resolved.serial else resolved.unknown_serial
    target = trace_path(resolved.batch.public_code, serial, language_of(request))
    if resolved.scan_id:
        target += "?" + urlencode({"quet": scans.scan_place_token(resolved.scan_id)})
    response = redirect(target)
    response.status_code = 307  # GS1 Digital Link resolvers redirect with 307
    response["Link"] = f'<{_label_uri(request)}?linkType=all>; rel="linkset"; type="{LINKSET}"'
    return response


@never_cache
@require_GET
def digital_link(request: HttpRequest, path: str) -> HttpResponse:
    try:
        key = gs1.digital_link_parse("/01/" + path, is_decoded=True)
    except DomainError:
        return render(request, "traceability/unknown.html", {"malformed": True}, status=404)
    return _resolve(request, key)


@never_cache
@require_GET
def platform_link(request: HttpRequest, public_code: str, serial: str = "") -> HttpResponse:
    if serial and not gs1.GS1_CHARACTERS.fullmatch(serial):
        return render(request, "traceability/unknown.html", {"malformed": True}, status=404)
    return _resolve(request, LabelKey(public_code=public_code.upper(), serial=serial.upper()))


@functools.cache
def _province_options() -> str:
    """The 34 provinces as the form's options, read and written once per process: they change by
    law, not by request (and writing 34 options was a tenth of the page's time)."""
    return format_html_join(
        "", '<option value="{}">{}</option>', Province.objects.order_by("name").values_list("code", "name")
    )


@require_GET
def trace(request: HttpRequest, public_code: str, serial: str = "") -> HttpResponse:
    page = selectors.trace_page(public_code=public_code, serial=serial)
    if page is None:
        raise Http404
    token = request.GET.get("quet", "")
    return render(
        request,
        "traceability/trace.html",
        {
            "page": page,
            "scan_token": token,
            "province_options": _province_options() if token else "",
            "serial_given": serial.upper(),
        },
    )


@require_POST
def scan_place(request: HttpRequest) -> HttpResponse:
    """The person scanning says which province they are in; the page then thanks them."""
    try:
        scan = scans.scan_place_set(token=request.POST.get("quet", ""), province_code=request.POST.get("province"))
    except DomainError as error:
        return render(request, "traceability/_place.html", {"error": error.message}, status=200)
    return render(request, "traceability/_place.html", {"done": True, "province": scan.province})
