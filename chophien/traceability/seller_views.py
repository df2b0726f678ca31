"""The seller's traceability pages, phone first: batches recorded in a few taps, a batch's labels
(PDF), serials and recall, and the counterfeit alerts; the moderators' list of alerts."""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from chophien.accounts.http import signed_in_user
from chophien.catalog.models import Certification, Product
from chophien.core.errors import DomainError, ValidationError
from chophien.core.links import site_url
from chophien.orders.models import Order
from chophien.places.forms import WardPickerForm
from chophien.sellers.http import seller_of_request

from . import gs1, labels, packing, scans, selectors, services
from .models import Batch

LOT_LABELS_MAX = labels.MAX_LABELS


def _own_batch(request: HttpRequest, batch_id: int) -> Batch:
    batch = (
        Batch.objects.select_related("product", "seller", "ward__province")
        .filter(pk=batch_id, seller=seller_of_request(request))
        .first()
    )
    if batch is None:
        raise Http404
    return batch


@login_required
def batches(request: HttpRequest) -> HttpResponse:
    seller = seller_of_request(request)
    return render(
        request,
        "traceability/batches.html",
        {
            "batches": selectors.seller_batches(seller_id=seller.pk),
            "alerts": selectors.alerts_open_count(seller_id=seller.pk),
        },
    )


def _households(text: str) -> list[services.HouseholdIn]:
    return [services.HouseholdIn(line.strip()) for line in (text or "").splitlines() if line.strip()]


@login_required
def batch_new(request: HttpRequest) -> HttpResponse:
    seller = seller_of_request(request)
    products = Product.objects.filter(seller=seller).order_by("name")
    # Where the batch was made: the address picker every form shares, opened on the shop's commune.
    place = (
        WardPickerForm(request.POST)
        if request.method == "POST"
        else WardPickerForm(initial={"province": seller.province_id, "ward_code": seller.ward_id})
    )
    status = 200
    if request.method == "POST" and request.POST.get("ward_search"):
        # The picker's search button on a phone without JavaScript: the form's check lists the
        # communes the text finds; nothing is written.
        place.is_valid()
    elif request.method == "POST":
        try:
            product_id = request.POST.get("product", "")
            gtin = request.POST.get("gtin", "").strip()
            product = products.filter(pk=services.pk_of(product_id)).first()
            place_is_valid = place.is_valid()  # else the picker says what is missing, next to it
            if gtin:
                gs1.gtin_normalize(gtin)  # a wrong check digit is said at once, beside a missing commune
            if place_is_valid:
                # The product's GTIN and the batch together: a batch refused leaves the GTIN as it was.
                with transaction.atomic():
                    if product is not None and gtin and gtin != product.gtin:
                        services.product_gtin_set(product=product, by=signed_in_user(request), gtin=gtin)
                    batch = services.batch_record(
                        seller=seller,
                        by=signed_in_user(request),
                        product_id=product_id,
                        harvested_on=request.POST.get("harvested_on", ""),
                        quantity=request.POST.get("quantity", ""),
                        ward_code=place.cleaned_data["ward_code"],
                        households=_households(request.POST.get("households", "")),
                        lot=request.POST.get("lot", ""),
                        best_before=request.POST.get("best_before", ""),
                        certifications=request.POST.getlist("certifications"),
                        note=request.POST.get("note", ""),
                        photos=request.FILES.getlist("photos"),
                    )
                messages.success(request, _("Đã ghi lô %(lot)s.") % {"lot": batch.lot})
                return redirect("traceability:batch", batch_id=batch.pk)
            status = 422
        except DomainError as error:
            messages.error(request, error.message)
            status = 422
    return render(
        request,
        "traceability/batch_form.html",
        {
            "products": products,
            "place": place,
            "certifications": Certification.objects.all(),
            "today": timezone.localdate().isoformat(),
            "form": request.POST,
        },
        status=status,
    )


@login_required
def batch_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = _own_batch(request, batch_id)
    user = signed_in_user(request)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "serials":
                issued = services.serials_issue(
                    batch_id=batch.pk, seller=batch.seller, by=user, count=request.POST.get("count")
                )
                messages.success(request, _("Đã cấp %(n)s số sê-ri. Tải tem để in.") % {"n": len(issued)})
            elif action == "recall":
                services.batch_recall(batch_id=batch.pk, by=user, reason=request.POST.get("reason", ""))
                messages.success(request, _("Đã thu hồi lô. Người mua đã được báo tin."))
            elif action == "transform":
                made = services.batch_transform(
                    seller=batch.seller, by=user, inputs=[(batch.pk, request.POST.get("used", ""))],
                    product_id=request.POST.get("product", ""), quantity=request.POST.get("quantity", ""),
                    process=request.POST.get("process", ""),
                )  # fmt: skip
                return redirect("traceability:batch", batch_id=made.pk)
            elif action == "carton":
                code, _event = services.carton_pack(
                    batch_id=batch.pk, seller=batch.seller, by=user,
                    serials=request.POST.get("serials", "").replace(",", " ").split(),
                    quantity=request.POST.get("quantity", ""),
                )  # fmt: skip
                messages.success(request, _("Đã ghi thùng %(code)s. Ghi mã này lên thùng.") % {"code": code})
            elif action == "resolve":
                scans.alert_resolve(alert_id=request.POST.get("alert"), by=user, note=request.POST.get("note", ""))
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("traceability:batch", batch_id=batch.pk)
    trace_uri = site_url(
        gs1.digital_link_path(gtin=batch.product.gtin, lot=batch.lot)
        if batch.product.gtin
        else gs1.platform_path(public_code=batch.public_code)
    )
    return render(
        request,
        "traceability/batch.html",
        {
            "batch": batch,
            "trace_uri": trace_uri,
            "serial_count": batch.serials.count(),
            "steps": selectors.batch_steps(batch_id=batch.pk),
            "alerts": selectors.alerts_open(seller_id=batch.seller_id, batch_id=batch.pk),
            "products": Product.objects.filter(seller=batch.seller).order_by("name"),
            "epc_class": services.batch_epc_class(batch),
            "max_labels": LOT_LABELS_MAX,
        },
    )


@login_required
@require_GET
def batch_labels(request: HttpRequest, batch_id: int) -> HttpResponse:
    """The batch's labels as a PDF: one per serial (serialized), or ``so`` lot labels."""
    batch = _own_batch(request, batch_id)
    layout = labels.LabelLayout.ROLL if request.GET.get("kho") == "cuon" else labels.LabelLayout.A4
    try:
        wanted = _label_count(request.GET.get("so", ""), batch)
    except ValidationError as error:
        messages.error(request, error.message)
        return redirect("traceability:batch", batch_id=batch.pk)
    items = labels_for(batch, wanted, serialized=request.GET.get("loai") == "seri")
    if not items:
        messages.error(request, _("Lô này chưa có số sê-ri. Hãy cấp số sê-ri trước khi in tem sê-ri."))
        return redirect("traceability:batch", batch_id=batch.pk)
    response = HttpResponse(labels.labels_pdf(items, layout=layout), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="tem-{batch.public_code}-{layout}.pdf"'
    return response


def _label_count(raw: str, batch: Batch) -> int:
    text = (raw or "").strip() or "24"
    if not text.isdigit() or not 1 <= int(text) <= LOT_LABELS_MAX:
        raise ValidationError(
            "label_count_invalid",
            _("Số tem mỗi lần in từ 1 đến %(max)s.") % {"max": f"{LOT_LABELS_MAX:,}".replace(",", ".")},
            field="so",
        )
    return int(text)


def labels_for(batch: Batch, count: int, *, serialized: bool) -> list[labels.Label]:
    """Lot labels (all the same QR) or one label per serial, newest serials last, at most ``count``."""
    gtin = batch.product.gtin
    path = gs1.digital_link_path(gtin=gtin, lot=batch.lot) if gtin else gs1.platform_path(public_code=batch.public_code)
    lot_label = labels.Label(
        uri=site_url(path),
        product_name=batch.product.name,
        batch_code=batch.lot,
        seller_name=batch.seller.name,
        short_code=batch.public_code,
        ocop_stars=batch.product.ocop_stars,
        best_before=batch.best_before,
    )
    if not serialized:
        return [lot_label] * count
    serials = batch.serials.order_by("issued_at", "id").values_list("serial", flat=True)[:count]
    return [
        replace(
            lot_label,
            uri=site_url(
                gs1.digital_link_path(gtin=gtin, serial=serial)
                if gtin
                else gs1.platform_path(public_code=batch.public_code, serial=serial)
            ),
            short_code=f"{batch.public_code}-{serial}",
        )
        for serial in serials
    ]


@login_required
def order_batches(request: HttpRequest, order_id: int) -> HttpResponse:
    """Which batch each line of an order is packed from: the oldest batch is offered first."""
    seller = seller_of_request(request)
    order = Order.objects.filter(pk=order_id, seller=seller).first()
    if order is None:
        raise Http404
    user = signed_in_user(request)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "fifo":
                done = packing.order_pack_fifo(order_id=order.pk, by=user)
                messages.success(request, _("Đã ghi lô cho %(n)s dòng hàng.") % {"n": done})
            else:
                packing.order_line_pack(
                    line_id=request.POST.get("line"),
                    by=user,
                    picks=[(request.POST.get("batch"), request.POST.get("quantity"))],
                    serials=request.POST.get("serials", "").replace(",", " ").split(),
                )
                messages.success(request, _("Đã ghi lô."))
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("traceability:order_batches", order_id=order.pk)
    return render(
        request, "traceability/order_batches.html", {"order": order, "lines": packing.order_lines_packed(order=order)}
    )


@login_required
def alerts(request: HttpRequest) -> HttpResponse:
    seller = seller_of_request(request)
    if request.method == "POST":
        try:
            scans.alert_resolve(
                alert_id=request.POST.get("alert"), by=signed_in_user(request), note=request.POST.get("note", "")
            )
            messages.success(request, _("Đã đóng cảnh báo."))
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("traceability:alerts")
    return render(request, "traceability/alerts.html", {"alerts": selectors.alerts_open(seller_id=seller.pk)})


@login_required
def moderator_alerts(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not user.is_moderator:
        raise Http404
    if request.method == "POST":
        try:
            if request.POST.get("action") == "recall":
                services.batch_recall(
                    batch_id=request.POST.get("batch"), by=user, reason=request.POST.get("reason", "")
                )
            else:
                scans.alert_resolve(alert_id=request.POST.get("alert"), by=user, note=request.POST.get("note", ""))
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("traceability:moderator_alerts")
    return render(request, "traceability/alerts.html", {"alerts": selectors.alerts_open(), "moderator": True})
