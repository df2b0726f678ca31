"""The seller's own space and the public shop page: products of one shop."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chophien.accounts.http import signed_in_user
from chophien.core.errors import DomainError, NotFound
from chophien.sellers import selectors as seller_selectors
from chophien.sellers.models import Seller

from . import services as catalog_services
from .forms import ProductForm
from .models import PendingPhoto, Product
from .selectors import pending_photos_of, seller_own_products, seller_products


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
                photo_tokens=request.POST.getlist("photo_tokens"),
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
        {"form": form, "seller": seller, "pending_photos": _chosen_photos_kept(request, seller, form)},
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
            photo_tokens = request.POST.getlist("photo_tokens")
            if data["photos"] or photo_tokens:
                catalog_services.product_add_photos(
                    product=product, by=signed_in_user(request), photos=data["photos"], photo_tokens=photo_tokens
                )
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("catalog:dashboard")
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    return render(
        request,
        "catalog/product_form.html",
        {
            "form": form,
            "seller": seller,
            "product": product,
            "stock_seen": initial["stock"],
            "pending_photos": _chosen_photos_kept(request, seller, form),
        },
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


def _chosen_photos_kept(request: HttpRequest, seller: Seller | None, form: ProductForm) -> list[PendingPhoto]:
    """The photos chosen in a form shown again after an error, so that none is lost: those the phone
    sent before (named by ``photo_tokens``) and those posted with the form itself (without
    JavaScript), kept now as pending photos that the next post names."""
    if request.method != "POST" or seller is None:
        return []
    kept = pending_photos_of(seller_id=seller.id, tokens=request.POST.getlist("photo_tokens"))
    for upload in request.FILES.getlist("photos"):
        try:
            kept.append(catalog_services.pending_photo_add(seller=seller, by=signed_in_user(request), upload=upload))
        except DomainError as exc:
            form.add_error("photos", exc.message)
    return kept


@login_required
@require_POST
def photo_upload(request: HttpRequest) -> JsonResponse:
    """One photo, sent by the product form's script as soon as it is chosen (already made small on the
    phone): ``201 {"token", "preview_url"}``, or ``{"code", "message"}`` with a 4xx."""
    seller = seller_selectors.seller_of_user(user=signed_in_user(request))
    if seller is None:
        return JsonResponse({"code": "no_shop", "message": _("Bạn cần mở cửa hàng trước khi đăng ảnh.")}, status=403)
    upload = request.FILES.get("photo")
    if upload is None:
        return JsonResponse({"code": "photo_missing", "message": _("Chưa có ảnh nào được gửi.")}, status=422)
    try:
        pending = catalog_services.pending_photo_add(seller=seller, by=signed_in_user(request), upload=upload)
    except DomainError as exc:
        return JsonResponse(exc.as_dict(), status=exc.status)
    return JsonResponse({"token": pending.token, "preview_url": pending.preview.url}, status=201)


@login_required
@require_POST
def photo_remove(request: HttpRequest, token: str) -> HttpResponse:
    """The seller took back a photo sent for a form not yet saved (204; 404 when it is not theirs)."""
    seller = seller_selectors.seller_of_user(user=signed_in_user(request))
    if seller is None or not catalog_services.pending_photo_remove(
        seller=seller, by=signed_in_user(request), token=token
    ):
        return JsonResponse({"code": "photo_not_found", "message": _("Không tìm thấy ảnh này.")}, status=404)
    return HttpResponse(status=204)
