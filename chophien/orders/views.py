"""The buyer's pages: cart, checkout, the order page, and finding an order by code + phone."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from chophien.accounts.services import otp_confirm_phone, otp_request
from chophien.core.errors import DomainError, NotFound
from chophien.core.http import client_ip
from chophien.core.phone import display_phone
from chophien.core.ratelimit import rate_limit_hit

from . import cart as carts
from . import selectors, services
from .context_processors import CART_COUNT_SESSION_KEY
from .forms import CheckoutForm, OrderLookupForm
from .lines import digits_to_int
from .models import Checkout
from .status import order_cancel_by_buyer

ORDERS_SEEN_SESSION_KEY = "orders_seen"  # order codes this browser placed or looked up with the phone
LAST_BUYER_SESSION_KEY = "last_buyer"  # what this browser typed at its last checkout
LAST_ADDRESS_PHONE_SESSION_KEY = "last_address_phone"  # a code was sent to it, to fill its last address
PROVEN_PHONE_SESSION_KEY = "proven_phone"  # the code sent to it came back: its last address may be shown


def _cart_token(request: HttpRequest) -> str | None:
    return request.session.get(carts.CART_SESSION_KEY)


def _remember_cart(request: HttpRequest, token: str | None) -> carts.CartView:
    view = carts.cart_view(token=token)
    if token:
        request.session[carts.CART_SESSION_KEY] = token
    request.session[CART_COUNT_SESSION_KEY] = view.count
    return view


def _remember_seen(request: HttpRequest, codes: list[str]) -> None:
    """Order codes this browser may open without the phone, oldest dropped after 50."""
    seen = [code for code in request.session.get(ORDERS_SEEN_SESSION_KEY, []) if code not in codes]
    request.session[ORDERS_SEEN_SESSION_KEY] = (seen + codes)[-50:]


@dataclass(frozen=True)
class CartRow:
    """A line as the cart form shows it: the box holds what was typed when it was refused."""

    item: carts.CartItem
    typed: str
    problem: str


def _cart_rows(view: carts.CartView, typed: dict[int, str], problems: dict[int, str]) -> list[dict[str, Any]]:
    return [
        {
            "group": group,
            "rows": [
                CartRow(
                    item=item,
                    typed=typed.get(item.variant_id, "") if item.variant_id in problems else str(item.quantity),
                    problem=problems.get(item.variant_id, ""),
                )
                for item in group.items
            ],
        }
        for group in view.groups
    ]


def _render_cart(
    request: HttpRequest,
    view: carts.CartView,
    *,
    typed: dict[int, str] | None = None,
    problems: dict[int, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {"cart": view, "sections": _cart_rows(view, typed or {}, problems or {})}
    if request.headers.get("HX-Request"):
        # htmx swaps 2xx answers only: the refused lines carry their messages inside the fragment.
        return render(request, "orders/_cart.html", context)
    return render(request, "orders/cart.html", context, status=status)


@never_cache  # back to the cart from checkout must show the quantities saved since, not an old copy
def cart_page(request: HttpRequest) -> HttpResponse:
    return _render_cart(request, _remember_cart(request, _cart_token(request)))


@require_POST
def cart_add(request: HttpRequest) -> HttpResponse:
    try:
        token = carts.cart_add(
            token=_cart_token(request),
            variant_id=digits_to_int(request.POST.get("variant")),
            quantity=request.POST.get("quantity", "1"),
            user=request.user if request.user.is_authenticated else None,  # type: ignore[arg-type]
        )
        _remember_cart(request, token)
        if request.POST.get("buy_now"):
            return redirect("orders:checkout")
        messages.success(request, _("Đã thêm vào giỏ hàng."))
    except DomainError as error:
        messages.error(request, error.message)
        back = request.POST.get("back", "")
        if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            return redirect(back)  # the product page, where the message is shown
    return redirect("orders:cart")


QUANTITY_FIELD = re.compile(r"q-([0-9]{1,18})")


def _stepped(typed: str, step: int) -> str:
    """The − / + buttons without JavaScript: one less or more than what the box holds now."""
    return str(int(typed) + step) if typed.isascii() and typed.isdigit() and len(typed) < 7 else typed


@require_POST
def cart_update(request: HttpRequest) -> HttpResponse:
    """The cart form, sent whole: every line's box (``q-<variant id>``) and the button pressed.

    Enter in a box presses the form's first button, "Cập nhật giỏ", which only saves the boxes: the
    remove button used to be the first, so Enter emptied the cart. ``less`` / ``more`` step one line
    (cart.js steps the box itself and sends no button), ``remove`` is the only way a line goes, and
    ``then=checkout`` saves the boxes and goes on, so a number typed just before "Đặt hàng" counts.
    A refused line keeps its quantity and shows its message, with what was typed left in its box.
    """
    token = _cart_token(request)
    typed = {}
    for name in request.POST:
        match = QUANTITY_FIELD.fullmatch(name)
        if match:
            typed[int(match[1])] = request.POST.get(name, "").strip()[:12]
    removed = digits_to_int(request.POST.get("remove"))
    if removed:
        carts.cart_remove_line(token=token, variant_id=removed)
        typed.pop(removed, None)
    for button, step in (("more", 1), ("less", -1)):
        stepped = digits_to_int(request.POST.get(button))
        if stepped in typed:
            typed[stepped] = _stepped(typed[stepped], step)
    problems = carts.cart_set_quantities(token=token, typed=typed)
    view = _remember_cart(request, token)
    if not problems and request.POST.get("then") == "checkout" and view.items:
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = reverse("orders:checkout")
            return response
        return redirect("orders:checkout")
    if problems:
        return _render_cart(request, view, typed=typed, problems=problems, status=422)
    if request.headers.get("HX-Request"):
        return _render_cart(request, view)
    return redirect("orders:cart")


def _last_buyer(request: HttpRequest) -> dict[str, str]:
    """The name, phone and address offered again: what this browser typed last, else the last
    address of a phone this browser proved (by its account or by a code sent to it).

    Typing someone's phone never shows their address.
    """
    remembered = request.session.get(LAST_BUYER_SESSION_KEY)
    if remembered:
        return dict(remembered)
    proven = request.session.get(PROVEN_PHONE_SESSION_KEY) or (
        request.user.phone if request.user.is_authenticated else None  # type: ignore[union-attr]
    )
    if proven:
        return selectors.last_delivery_address(phone=proven) or {"phone": proven}
    return {}


@require_POST
def last_address(request: HttpRequest) -> HttpResponse:
    """A returning buyer on a new phone or browser: a code sent to their number fills the last address."""
    error, status = None, 200
    phone = request.session.get(LAST_ADDRESS_PHONE_SESSION_KEY, "")
    try:
        if request.POST.get("code") is None:
            rate_limit_hit(
                key=f"login-ip:{client_ip(request)}",
                limit=30,
                window_seconds=3600,
                message=_("Quá nhiều lần xin mã từ máy này. Vui lòng thử lại sau một giờ."),
            )
            phone = otp_request(phone=request.POST.get("phone", "")[:32])
            request.session[LAST_ADDRESS_PHONE_SESSION_KEY] = phone
        elif phone:
            request.session[PROVEN_PHONE_SESSION_KEY] = otp_confirm_phone(
                phone=phone, code=request.POST.get("code", "")[:12]
            )
            request.session.pop(LAST_BUYER_SESSION_KEY, None)
            response = HttpResponse(status=204)
            response["HX-Redirect"] = reverse("orders:checkout")
            return response if request.headers.get("HX-Request") else redirect("orders:checkout")
    except DomainError as exc:
        error, status = exc.message, exc.status
    return render(request, "orders/_last_address.html", {"phone": phone, "error": error}, status=status)


def checkout_page(request: HttpRequest) -> HttpResponse:
    token = _cart_token(request)
    view = _remember_cart(request, token)
    if not view.items:
        # A late second press or a refresh after success: show what that press placed.
        earlier = Checkout.objects.filter(idempotency_key=request.POST.get("idempotency_key", "")[:80]).first()
        if request.method == "POST" and earlier is not None:
            codes = set(earlier.orders.values_list("code", flat=True))
            if codes <= set(request.session.get(ORDERS_SEEN_SESSION_KEY, [])):
                return redirect("orders:placed", reference=earlier.reference)
        return redirect("orders:cart")
    status, price_changes = 200, None
    if request.method == "POST":
        form = CheckoutForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                placed = services.checkout_place(
                    lines=view.line_requests(),
                    buyer=services.BuyerInput(name=data["name"], phone=data["phone"]),
                    address=services.AddressInput(ward_code=data["ward_code"], street=data["street"]),
                    idempotency_key=data["idempotency_key"],
                    note=data["note"],
                    user=request.user if request.user.is_authenticated else None,  # type: ignore[arg-type]
                )
            except services.PriceChanged as exc:
                carts.cart_accept_prices(token=token)  # shown now; the next press confirms them
                price_changes, status = exc.changes, 409
                form.add_error(None, exc.message)
                view = _remember_cart(request, token)
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                status = exc.status
            else:
                carts.cart_remove_variants(token=token, variant_ids=[i.variant_id for i in view.items])
                _remember_cart(request, token)
                _remember_seen(request, [o.code for o in placed.orders])
                request.session[LAST_BUYER_SESSION_KEY] = {
                    "name": data["name"],
                    "phone": placed.checkout.buyer_phone,
                    "province": str(data["province"].pk),
                    "ward_code": str(data["ward_code"]),
                    "street": data["street"],
                }
                return redirect("orders:placed", reference=placed.checkout.reference)
        else:
            status = 422
        # A new key only after a success: a retry of this same form must reuse the key it carries.
    else:
        form = CheckoutForm(initial={**_last_buyer(request), "idempotency_key": secrets.token_urlsafe(24)})
        # This page shows today's prices (and marks those that changed since they were added):
        # they are the prices the buyer now agrees to. A change after this page is caught at checkout.
        carts.cart_accept_prices(token=token)
    # The address picker draws itself from the form (form.picker reads the province's communes).
    return render(
        request,
        "orders/checkout.html",
        {"form": form, "cart": view, "price_changes": price_changes},
        status=status,
    )


def placed_page(request: HttpRequest, reference: str) -> HttpResponse:
    try:
        checkout, orders = selectors.checkout_orders(reference=reference)
    except NotFound:
        return redirect("orders:lookup")
    seen = set(request.session.get(ORDERS_SEEN_SESSION_KEY, []))
    if not {o.code for o in orders} <= seen:
        # only the browser that placed it (or proved the phone) sees it; the form comes prefilled
        return redirect(f"{reverse('orders:lookup')}?{urlencode({'ma': checkout.reference})}")
    is_lookup = request.GET.get("xem") == "1"  # found again later, not just placed
    return render(request, "orders/placed.html", {"checkout": checkout, "orders": orders, "is_lookup": is_lookup})


def _lookup_initial(request: HttpRequest) -> dict[str, str]:
    """The lookup form as the order page's links open it (``?ma=<code or CP reference>``): the code,
    and the phone when this browser already saw those orders, else the phone it typed at checkout."""
    typed = request.GET.get("ma", "")[:40]
    if not typed:
        return {}
    phone = (request.session.get(LAST_BUYER_SESSION_KEY) or {}).get("phone", "")
    found = selectors.buyer_phone_for_code(code=typed)
    if found is not None and set(found[1]) <= set(request.session.get(ORDERS_SEEN_SESSION_KEY, [])):
        phone = found[0]
    return {"code": typed, "phone": display_phone(phone) if phone else ""}


def lookup_page(request: HttpRequest) -> HttpResponse:
    """An order code or a checkout reference, with the buyer's phone: one order, or the whole checkout."""
    form = OrderLookupForm(request.POST or None, initial=_lookup_initial(request) if request.method == "GET" else {})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.order_lookup_count(client_ip=client_ip(request))
            found = selectors.order_lookup_for_buyer(code=form.cleaned_data["code"], phone=form.cleaned_data["phone"])
        except DomainError as exc:
            form.add_error(None, exc.message)
            status = exc.status
        else:
            _remember_seen(request, [order.code for order in found.orders])
            if found.reference:
                return redirect(f"{reverse('orders:placed', args=[found.reference])}?{urlencode({'xem': 1})}")
            return redirect("orders:order", code=found.orders[0].code)
    elif request.method == "POST":
        status = 422
    return render(request, "orders/lookup.html", {"form": form}, status=status)


def order_page(request: HttpRequest, code: str) -> HttpResponse:
    if code not in request.session.get(ORDERS_SEEN_SESSION_KEY, []):
        return redirect(f"{reverse('orders:lookup')}?{urlencode({'ma': code})}")
    order = selectors.order_for_code(code=code)
    return render(
        request, "orders/order.html", {"order": order, "can_cancel": order.status in ("placed", "confirmed", "packing")}
    )


@require_POST
def order_cancel(request: HttpRequest, code: str) -> HttpResponse:
    if code not in request.session.get(ORDERS_SEEN_SESSION_KEY, []):
        return redirect("orders:lookup")
    order = selectors.order_for_code(code=code)
    try:
        order_cancel_by_buyer(code=order.code, phone=order.buyer_phone, reason=request.POST.get("reason", ""))
        messages.success(request, _("Đã huỷ đơn %(code)s.") % {"code": order.code})
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("orders:order", code=order.code)
