"""The address picker's two small pages: the communes a typed text finds, and a province's communes."""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from . import selectors
from .search import MAX_QUERY_LENGTH

_PREFIX = re.compile(r"[a-z][a-z0-9_-]{0,19}")


def _province_code(raw: str | None) -> int | None:
    text = (raw or "").strip()
    return int(text) if text.isdigit() and len(text) <= 6 else None


@require_GET
@cache_control(max_age=300)
def ward_search(request: HttpRequest) -> HttpResponse:
    """``?q=dich vong hau&province=1``: the suggestions under the search box (an htmx fragment).
    A query over the limit is a 400 with the message in the fragment; a short or empty one finds nothing."""
    query = request.GET.get("q", request.GET.get("ward_q", ""))
    prefix = request.GET.get("for", "id")
    prefix = prefix if _PREFIX.fullmatch(prefix) else "id"
    if len(query) > MAX_QUERY_LENGTH:
        message = _("Tên quá dài (tối đa %(limit)s ký tự).") % {"limit": MAX_QUERY_LENGTH}
        return render(request, "places/_ward_search_error.html", {"message": message}, status=400)
    # The province chosen ranks first but does not hide the rest: a person who moved, or whose
    # province was filled by an earlier pick, still finds the commune they type.
    matches = selectors.ward_search(query=query, prefer_province_code=_province_code(request.GET.get("province")))
    return render(request, "places/_ward_suggestions.html", {"matches": matches, "for": prefix, "query": query})


@require_GET
@cache_control(max_age=300)
def ward_options(request: HttpRequest) -> HttpResponse:
    """``?province=12``: the <option>s of a province's communes, swapped in when the province changes
    (``&selected=3478`` marks one chosen)."""
    code = _province_code(request.GET.get("province"))
    wards = selectors.ward_list(province_code=code) if code else []
    selected = _province_code(request.GET.get("selected"))
    return render(
        request,
        "places/_ward_options.html",
        {"options": [(ward.code, ward.name) for ward in wards], "selected": selected, "has_province": bool(code)},
    )
