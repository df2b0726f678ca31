"""Public pages of the marketplace: home, search and categories, product page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chophien.accounts.http import signed_in_user
from chophien.core.errors import DomainError, NotFound
from chophien.places.models import Province

from . import selectors, services
from .forms import SearchForm
from .models import Category, Product

# The provinces of the northern highlands, shown as regions on the home page.
HIGHLAND_PROVINCE_CODES = (12, 15, 14, 11, 8, 4, 20, 19)


def home(request: HttpRequest) -> HttpResponse:
    counts = dict(
        selectors.visible_products()
        .filter(province_id__in=HIGHLAND_PROVINCE_CODES)
        .values_list("province_id")
        .annotate(n=Count("id"))
        .values_list("province_id", "n")
    )
    regions = [(p, counts.get(p.code, 0)) for p in Province.objects.filter(code__in=HIGHLAND_PROVINCE_CODES)]
    return render(
        request,
        "catalog/home.html",
        {
            "categories": selectors.category_list(),
            "featured": selectors.product_featured(limit=8),
            "newest": selectors.product_newest(limit=8),
            "regions": sorted(regions, key=lambda pair: -pair[1]),
        },
    )


def search(request: HttpRequest, category_slug: str | None = None) -> HttpResponse:
    category = get_object_or_404(Category, slug=category_slug) if category_slug else None
    form = SearchForm(request.GET or None)
    result, error = None, None
    if form.is_valid() or not request.GET:
        filters = (
            form.filters(category_slug=category_slug)
            if request.GET
            else selectors.SearchFilters(category_slug=category_slug)
        )
        try:
            result = selectors.product_search(filters=filters, page=form.page_number())
        except DomainError as exc:
            error = exc.message
    else:
        error = form.first_error()
    context = {
        "form": form,
        "result": result,
        "error": error,
        "category": category,
        "query": form.data.get("q", ""),
        "categories": selectors.category_list(),
        "provinces": Province.objects.all(),
    }
    template = "catalog/_results.html" if request.headers.get("HX-Request") else "catalog/search.html"
    return render(request, template, context)


def product_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        product = selectors.product_get_public(slug=slug)
    except NotFound:
        raise Http404 from None
    more = [card for card in selectors.seller_products(seller_id=product.seller_id, limit=5) if card.id != product.id][
        :4
    ]
    # A sold-out size cannot be chosen (its radio is disabled, and a disabled radio is not sent), so
    # the size picked for the buyer is the first one in stock; none means the page says sold out.
    chosen_variant = next((variant for variant in product.variants.all() if variant.stock > 0), None)
    return render(
        request,
        "catalog/product.html",
        {"product": product, "more_from_seller": more, "chosen_variant": chosen_variant},
    )


@login_required
@require_POST
def moderate_hide(request: HttpRequest, product_id: int) -> HttpResponse:
    product = get_object_or_404(Product, pk=product_id)
    try:
        services.product_hide(product=product, by=signed_in_user(request), reason=request.POST.get("reason", ""))
        messages.success(request, _("Đã ẩn sản phẩm. Người bán sẽ thấy lý do."))
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("catalog:product", product.slug)
    return redirect("catalog:home")
