"""The seller's own space and the public shop page: products of one shop."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chophien.accounts.http import signed_in_user
from chophien.core.errors import DomainError, NotFound
from chophien.sellers import selectors as seller_selectors

from . import services as catalog_services
from .forms import ProductForm
from .models import Product
from .selectors import seller_own_products, seller_products


def shop(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        seller = seller_selectors.seller_get_public(slug=slug)
    except NotFound:
        raise Http404 from None
    return render(request, "catalog/shop.html", {"seller": seller, "products": seller_products(seller_id=seller.id)})


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    seller = seller_selectors.seller_of_user(user=signed_in_user(request))
    if seller is None:
        return redirect("sellers:register")
    return render(
        request, "catalog/dashboard.html", {"seller": seller, "products": seller_own_products(seller_id=seller.id)}
    )


@login_required
def product_new(request: HttpRequest) -> HttpResponse:
    seller = seller_selectors.seller_of_user(user=signed_in_user(request))
    if seller is None:
        return redirect("sellers:register")
    form = ProductForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            product = catalog_services.product_create(
                seller=seller,
                by=signed_in_user(request),
                name=data["name"],
                name_en=data["name_en"],
                price=data["price"],
                stock=data["stock"],
                unit=data["unit"],
                description=data["description"],
                category=data["category"],
                photos=data["photos"],
            )
            messages.success(
                request, _("Đã đăng “%(name)s”. Người mua đã thấy sản phẩm của bạn.") % {"name": product.name}
            )
            return redirect("catalog:dashboard")
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    return render(
        request,
        "catalog/product_form.html",
        {"form": form, "seller": seller},
        status=422 if form.is_bound and form.errors else 200,
    )


@login_required
def product_edit(request: HttpRequest, product_id: int) -> HttpResponse:
    seller = seller_selectors.seller_of_user(user=signed_in_user(request))
    product = get_object_or_404(
        Product.objects.select_related("seller", "province", "origin_ward", "category"), pk=product_id, seller=seller
    )
    variant = product.variants.order_by("position", "id").first()
    initial = {
        "name": product.name,
        "name_en": product.name_en,
        "unit": product.unit,
        "price": product.price,
        "category": product.category,
        "description": product.description,
        "stock": variant.stock if variant else 0,
    }
    form = ProductForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            catalog_services.product_update(
                product=product,
                by=signed_in_user(request),
                name=data["name"],
                name_en=data["name_en"],
                description=data["description"],
                unit=data["unit"],
                category=data["category"],
                price=data["price"],
            )
            if variant is not None and str(data["stock"]) != str(initial["stock"]):
                catalog_services.variant_stock_set(
                    variant=variant,
                    by=signed_in_user(request),
                    expected=int(request.POST.get("stock_seen", -1)),
                    stock=data["stock"],
                )
            if data["photos"]:
                catalog_services.product_add_photos(product=product, by=signed_in_user(request), photos=data["photos"])
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("catalog:dashboard")
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    return render(
        request,
        "catalog/product_form.html",
        {"form": form, "seller": seller, "product": product, "stock_seen": initial["stock"]},
        status=422 if form.is_bound and form.errors else 200,
    )


@login_required
@require_POST
def product_pause(request: HttpRequest, product_id: int) -> HttpResponse:
    seller = seller_selectors.seller_of_user(user=signed_in_user(request))
    product = get_object_or_404(
        Product.objects.select_related("seller", "province", "origin_ward", "category"), pk=product_id, seller=seller
    )
    catalog_services.product_update(
        product=product,
        by=signed_in_user(request),
        is_paused=request.POST.get("paused") == "1",
    )
    return redirect("catalog:dashboard")
