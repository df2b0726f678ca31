"""The seller's order desk, phone first: new orders on top, bulk confirm, packing list, export, COD rule."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from chophien.accounts.http import signed_in_user
from chophien.core.errors import DomainError, NotFound
from chophien.sellers.http import seller_of_request
from chophien.sellers.selectors import seller_of_user

from . import selectors
from .export import orders_csv, orders_xlsx
from .forms import CodPolicyForm
from .lines import digits_to_int
from .models import NEEDS_REASON, TRANSITIONS, Actor, CodPolicy, OrderStatus
from .risk import phone_histories
from .services import cod_policy_set
from .status import order_deposit_received, order_transition, orders_transition_many

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

# What the desk offers as buttons, in this order; the transition table decides which apply.
SELLER_ACTIONS = (
    (OrderStatus.CONFIRMED, gettext_lazy("Xác nhận")),
    (OrderStatus.PACKING, gettext_lazy("Đóng gói")),
    (OrderStatus.SHIPPED, gettext_lazy("Đã giao vận chuyển")),
    (OrderStatus.DELIVERED, gettext_lazy("Đã giao tới người mua")),
    (OrderStatus.COMPLETED, gettext_lazy("Hoàn tất")),
    (OrderStatus.CANCELLED_BY_SELLER, gettext_lazy("Huỷ đơn")),
    (OrderStatus.REFUSED, gettext_lazy("Người nhận từ chối")),
    (OrderStatus.RETURNED, gettext_lazy("Hàng đã hoàn về")),
)


def _ids(request: HttpRequest) -> list[int]:
    ids = (digits_to_int(v) for v in request.POST.getlist("order") + request.GET.getlist("order"))
    return [i for i in ids if i]


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    seller = seller_of_user(user=signed_in_user(request))
    if seller is None:
        return redirect("sellers:register")
    status = request.GET.get("trang-thai") or None
    page_number = digits_to_int(request.GET.get("trang"), default=1)
    page = selectors.seller_orders(seller_id=seller.pk, status=status, page=page_number)
    histories = phone_histories(phones=sorted({order.buyer_phone for order in page.orders}))
    policy = CodPolicy.objects.filter(seller=seller).first()
    return render(
        request,
        "orders/desk.html",
        {
            "seller": seller,
            "page": page,
            "status": status,
            "statuses": [(s, OrderStatus(s).label, page.counts_by_status.get(s, 0)) for s in OrderStatus.values],
            "rows": [(order, histories[order.buyer_phone]) for order in page.orders],
            "policy_form": CodPolicyForm(
                initial={
                    "rule": policy.rule if policy else "allow",
                    "refusal_threshold": policy.refusal_threshold if policy else 2,
                    "deposit_percent": policy.deposit_percent if policy else 30,
                }
            ),
        },
    )


# The question each move that needs a reason asks, next to its own box and button.
REASON_PROMPTS: dict[str, StrPromise] = {
    OrderStatus.CANCELLED_BY_SELLER: gettext_lazy("Vì sao huỷ đơn? Người mua sẽ đọc lý do này."),
    OrderStatus.REFUSED: gettext_lazy("Người nhận từ chối vì sao?"),
    OrderStatus.RETURNED: gettext_lazy("Hàng hoàn về thế nào?"),
}


def actions_for(status: str) -> list[tuple[str, str]]:
    return [(to, str(label)) for to, label in SELLER_ACTIONS if Actor.SELLER in TRANSITIONS.get((status, to), ())]


def _desk_actions(status: str) -> tuple[list[tuple[str, str]], list[tuple[str, str, str]]]:
    """The moves without a reason (buttons side by side: confirming asks nothing), and those that
    need one, each with its own question, box and button (cancelling asks why)."""
    moves = actions_for(status)
    plain = [(to, label) for to, label in moves if to not in NEEDS_REASON]
    with_reason = [(to, label, str(REASON_PROMPTS.get(to, _("Lý do")))) for to, label in moves if to in NEEDS_REASON]
    return plain, with_reason


@login_required
def desk_order(request: HttpRequest, order_id: int) -> HttpResponse:
    seller = seller_of_request(request)
    try:
        order = selectors.seller_order(seller_id=seller.pk, order_id=order_id)
    except NotFound:
        raise Http404 from None
    status_code = 200
    failed: dict[str, str] = {}
    if request.method == "POST" and request.POST.get("deposit_received"):
        try:
            order_deposit_received(order_id=order.pk, by=signed_in_user(request))
            messages.success(request, _("Đã ghi nhận tiền cọc."))
            return redirect("orders:desk_order", order_id=order.pk)
        except DomainError as exc:
            messages.error(request, exc.message)
            status_code = exc.status
    elif request.method == "POST":
        to_status = request.POST.get("to_status", "")
        # A reason is read only with the move that asks for it: a confirm never carries one.
        reason = request.POST.get("reason", "") if to_status in NEEDS_REASON else ""
        try:
            order_transition(
                order_id=order.pk,
                to_status=to_status,
                actor=Actor.SELLER,
                user=signed_in_user(request),
                reason=reason,
            )
            messages.success(request, _("Đã cập nhật đơn %(code)s.") % {"code": order.code})
            return redirect("orders:desk_order", order_id=order.pk)
        except DomainError as exc:
            if exc.field == "reason":  # shown beside its box, with what was typed kept
                failed = {"to_status": to_status, "reason": reason, "message": exc.message}
            else:
                messages.error(request, exc.message)
            status_code = exc.status
    history = phone_histories(phones=[order.buyer_phone])[order.buyer_phone]
    plain, with_reason = _desk_actions(order.status)
    return render(
        request,
        "orders/desk_order.html",
        {"order": order, "actions": plain, "reason_actions": with_reason, "failed": failed, "history": history},
        status=status_code,
    )


@login_required
@require_POST
def desk_bulk(request: HttpRequest) -> HttpResponse:
    seller = seller_of_request(request)
    to_status = request.POST.get("to_status", "")
    ids = _ids(request)
    if not ids:
        messages.error(request, _("Vui lòng chọn ít nhất một đơn."))
        return redirect("orders:desk")
    if to_status == "print":
        query = "&".join(f"order={i}" for i in ids)
        return redirect(f"{reverse('orders:packing_list')}?{query}")
    try:
        result = orders_transition_many(
            seller=seller,
            by=signed_in_user(request),
            order_ids=ids,
            to_status=to_status,
            reason=request.POST.get("reason", ""),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("orders:desk")
    messages.success(request, _("Đã cập nhật %(n)s đơn.") % {"n": len(result.changed)})
    if result.skipped:
        messages.info(
            request,
            _("%(n)s đơn không đổi được vì đang ở trạng thái khác: %(codes)s")
            % {"n": len(result.skipped), "codes": ", ".join(result.skipped[:20])},
        )
    back = request.POST.get("back", "")
    return redirect(back if back.startswith("/ban-hang/don-hang/") else "orders:desk")


@login_required
def packing_list(request: HttpRequest) -> HttpResponse:
    """A page to print: one block per order with the address and what to put in the parcel."""
    seller = seller_of_request(request)
    ids = _ids(request)[:300]
    orders = list(selectors.seller_orders_for_export(seller_id=seller.pk, order_ids=ids)) if ids else []
    return render(
        request, "orders/packing_list.html", {"seller": seller, "orders": orders, "printed_at": timezone.now()}
    )


@login_required
def export(request: HttpRequest, file_format: str) -> HttpResponse:
    seller = seller_of_request(request)
    orders = selectors.seller_orders_for_export(seller_id=seller.pk, status=request.GET.get("trang-thai"))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if file_format == "csv":
        response = HttpResponse(orders_csv(orders), content_type="text/csv; charset=utf-8")
    elif file_format == "xlsx":
        response = HttpResponse(
            orders_xlsx(orders), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="don-hang-{seller.slug}-{stamp}.{file_format}"'
    return response


@login_required
@require_POST
def cod_policy(request: HttpRequest) -> HttpResponse:
    seller = seller_of_request(request)
    form = CodPolicyForm(request.POST)
    if form.is_valid():
        try:
            cod_policy_set(seller=seller, by=signed_in_user(request), **form.cleaned_data)
            messages.success(request, _("Đã lưu quy định COD."))
        except DomainError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("orders:desk")
