"""The seller's live console: create a session, pin products, go live, paste comments, see numbers."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chophien.accounts.http import signed_in_user
from chophien.catalog.models import ProductVariant
from chophien.core.errors import DomainError
from chophien.core.links import site_url
from chophien.orders.lines import digits_to_int
from chophien.orders.models import OrderStatus
from chophien.orders.status import orders_transition_many
from chophien.sellers.http import seller_of_request

from . import ingest, links, replies, selectors, services, zalo
from . import sessions as live_sessions
from .models import Claim, LiveSession, Pin, Platform, ZaloAccount

PACKING_LIST_MAX = 300  # the order desk prints at most this many slips at once


def _own_session(request: HttpRequest, session_id: int) -> LiveSession:
    session = (
        LiveSession.objects.select_related("seller").filter(pk=session_id, seller=seller_of_request(request)).first()
    )
    if session is None:
        raise Http404
    return session


@login_required
def sessions(request: HttpRequest) -> HttpResponse:
    seller = seller_of_request(request)
    if request.method == "POST" and request.POST.get("action") == "zalo":
        try:
            zalo.zalo_account_set(
                seller=seller,
                by=signed_in_user(request),
                app_id=request.POST.get("app_id", ""),
                secret_key=request.POST.get("secret_key", ""),
                access_token=request.POST.get("access_token", ""),
            )
            messages.success(request, _("Đã kết nối Zalo OA."))
            return redirect("live:sessions")
        except DomainError as error:
            messages.error(request, error.message)
    elif request.method == "POST":
        try:
            session = live_sessions.live_session_create(
                seller=seller,
                by=signed_in_user(request),
                title=request.POST.get("title", ""),
                platforms=request.POST.getlist("platforms"),
                starts_at=timezone.now() + timedelta(minutes=digits_to_int(request.POST.get("in_minutes"), default=0)),
            )
            return redirect("live:console", session_id=session.pk)
        except DomainError as error:
            messages.error(request, error.message)
    return render(
        request,
        "live/sessions.html",
        {
            "sessions": LiveSession.objects.filter(seller=seller)[:20],
            "platforms": Platform.choices[:4],
            "zalo_account": ZaloAccount.objects.filter(seller=seller).first(),
            "zalo_webhook": site_url("/api/live/zalo"),  # Zalo calls the public address
        },
    )


def _live_now(request: HttpRequest, session: LiveSession) -> dict[str, object]:
    """What the console shows as it happens: numbers, pins, questions, claims."""
    return {
        "session": session,
        "numbers": selectors.session_numbers(session_id=session.pk),
        "claims": [
            (claim, _reply(claim) if replies.needs_reply(claim) else "")
            for claim in selectors.recent_claims(session_id=session.pk)
        ],
        "questions": selectors.recent_questions(session_id=session.pk),
        "report": selectors.session_report(session_id=session.pk),
    }


@login_required
def console(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _own_session(request, session_id)
    variants = ProductVariant.objects.filter(product__seller=session.seller, product__status="active").select_related(
        "product"
    )
    order_ids = selectors.session_order_ids(session_id=session.pk)
    return render(
        request,
        "live/console.html",
        {
            **_live_now(request, session),
            "variants": variants,
            "next_code": live_sessions.pin_code_suggest(session=session),
            "order_ids": order_ids,
            "orders_new": len(selectors.session_order_ids(session_id=session.pk, status=OrderStatus.PLACED)),
            "packing_query": urlencode([("order", i) for i in order_ids[:PACKING_LIST_MAX]]),
        },
    )


@login_required
def console_live(request: HttpRequest, session_id: int) -> HttpResponse:
    """The console's live part alone, fetched every few seconds while the session is live (htmx)."""
    session = _own_session(request, session_id)
    return render(request, "live/_console_live.html", _live_now(request, session))


def _reply(claim: Claim) -> str:
    # Sent to the viewer: on the address the site is served at, not the one the seller's phone used.
    return replies.hold_reply_text(claims=[claim], link=links.claim_link(claim=claim))


@login_required
@require_POST
def console_action(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _own_session(request, session_id)
    user = signed_in_user(request)
    action = request.POST.get("action")
    try:
        if action == "pin":
            live_sessions.pin_add(
                session=session,
                by=user,
                variant_id=digits_to_int(request.POST.get("variant")),
                code=request.POST.get("code", ""),
                live_price=request.POST.get("live_price", ""),
                quantity=request.POST.get("quantity", ""),
                per_buyer_limit=request.POST.get("per_buyer_limit", "0"),
            )
        elif action == "start":
            live_sessions.live_session_start(session=session, by=user)
        elif action == "end":
            live_sessions.live_session_end(session=session, by=user)
        elif action == "pause" or action == "resume":
            pin = Pin.objects.filter(pk=digits_to_int(request.POST.get("pin")), session=session).first()
            if pin is not None:
                live_sessions.pin_set_paused(pin=pin, by=user, paused=action == "pause")
        elif action in ("reprice", "remove"):
            pin = (
                Pin.objects.select_related("session__seller")
                .filter(pk=digits_to_int(request.POST.get("pin")), session=session)
                .first()
            )
            if pin is not None and action == "reprice":
                live_sessions.pin_reprice(pin=pin, by=user, live_price=request.POST.get("live_price", ""))
            elif pin is not None:
                live_sessions.pin_remove(pin=pin, by=user)
        elif action == "confirm_orders":
            ids = selectors.session_order_ids(session_id=session.pk, status=OrderStatus.PLACED)
            result = orders_transition_many(
                seller=session.seller, by=user, order_ids=ids[:1000], to_status=OrderStatus.CONFIRMED
            )
            messages.success(request, _("Đã xác nhận %(n)s đơn.") % {"n": len(result.changed)})
        elif action == "tell_waitlist":
            told = services.waitlist_tell_back(session=session, by=user)
            messages.success(request, _("Đã nhắn %(n)s người đang chờ.") % {"n": told})
        elif action == "undo":
            services.claim_undo(session=session, by=user, claim_id=digits_to_int(request.POST.get("claim")))
        elif action == "block":
            services.viewer_block(session=session, by=user, viewer_id=digits_to_int(request.POST.get("viewer")))
        elif action == "comments":
            outcomes = ingest.comments_import(session=session, by=user, text=request.POST.get("comments", ""))
            claimed = sum(len(o.claims) for o in outcomes)
            messages.success(
                request, _("Đã đọc %(n)s bình luận, %(c)s lượt chốt.") % {"n": len(outcomes), "c": claimed}
            )
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("live:console", session_id=session.pk)
