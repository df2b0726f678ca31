"""The viewers' live page (units left in real time, one-tap "Chốt") and its event stream."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chophien.core.errors import DomainError, NotFound
from chophien.orders.lines import digits_to_int
from chophien.places.selectors import ward_list

from . import events, links, selectors, services, viewers
from .models import ClaimStatus, Pin, Platform, Viewer

HEARTBEAT_SECONDS = 15


def _session_or_404(session_id: int):  # type: ignore[no-untyped-def]
    try:
        return selectors.session_get(session_id=session_id)
    except NotFound:
        raise Http404 from None


def _viewer(request: HttpRequest, session) -> Viewer | None:  # type: ignore[no-untyped-def]
    key = request.session.session_key
    if not key:
        return None
    return Viewer.objects.filter(session=session, platform=Platform.OWN, platform_user_id=key).first()


def _viewer_ensure(request: HttpRequest, session) -> Viewer:  # type: ignore[no-untyped-def]
    if not request.session.session_key:
        request.session.save()
    return viewers.viewer_get(session=session, platform=Platform.OWN, platform_user_id=str(request.session.session_key))


def viewer_page(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session_or_404(session_id)
    viewer = _viewer(request, session)
    province = digits_to_int(request.GET.get("province"))
    return render(
        request,
        "live/viewer.html",
        {
            "tap": secrets.token_urlsafe(12),  # one per page: a double tap claims once, a new tap again
            "session": session,
            "pins": selectors.session_pins(session_id=session.pk),
            "viewer": viewer,
            "wards": ward_list(province_code=province) if province else [],
        },
    )


@require_POST
def viewer_details(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session_or_404(session_id)
    try:
        services.viewer_set_delivery(
            viewer=_viewer_ensure(request, session),
            name=request.POST.get("name", ""),
            phone=request.POST.get("phone", ""),
            ward_code=request.POST.get("ward_code", ""),
            street=request.POST.get("street", ""),
        )
        messages.success(request, _("Đã lưu. Từ giờ bấm “Chốt” là đặt hàng ngay."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("live:viewer", session_id=session.pk)


@require_POST
def viewer_claim(request: HttpRequest, session_id: int, pin_id: int) -> HttpResponse:
    session = _session_or_404(session_id)
    pin = Pin.objects.filter(pk=pin_id, session=session).first()
    if pin is None:
        raise Http404
    try:
        claim, refusals = services.claim_tap(
            pin=pin,
            viewer=_viewer_ensure(request, session),
            quantity=request.POST.get("quantity", "1"),
            tap=request.POST.get("tap", "")[:40],
        )
        if claim.status == "ordered" and claim.order is not None:
            messages.success(
                request, _("Đã đặt %(code)s. Mã đơn: %(order)s") % {"code": pin.code, "order": claim.order.code}
            )
        elif claim.status == "held":
            messages.success(
                request, _("Đã giữ hàng cho bạn. Điền số điện thoại và địa chỉ bên dưới để đặt hàng trong 15 phút.")
            )
        else:
            messages.info(request, _("Hết hàng tạm thời: bạn đang trong danh sách chờ."))
        for refusal in refusals:
            messages.error(request, refusal)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("live:viewer", session_id=session.pk)


async def events_stream(request: HttpRequest, session_id: int) -> StreamingHttpResponse:
    """Server-Sent Events: the pins' state at once, then every change, and a heartbeat comment.

    The subscription starts before the snapshot is read, so no change falls between the two.
    """
    subscription = await events.broker().subscribe(session_id)
    snapshot = await events.pins_snapshot(session_id)

    async def stream() -> AsyncIterator[str]:
        try:
            yield events.sse_data(snapshot)
            while True:
                try:
                    event = await asyncio.wait_for(subscription.get(), timeout=HEARTBEAT_SECONDS)
                except TimeoutError:
                    yield ": keep-alive\n\n"
                    continue
                except ConnectionError:
                    return  # the broker dropped: the page's EventSource reconnects and reads afresh
                yield events.sse_data(event)
        finally:
            await subscription.close()

    response = StreamingHttpResponse(stream(), content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # nginx must not hold the stream back
    return response


def claim_finish(request: HttpRequest, token: str) -> HttpResponse:
    """The link under a viewer's comment: their hold, and the form that turns it into an order."""
    try:
        claim = links.claim_from_link(token=token)
    except NotFound:
        raise Http404 from None
    if request.method == "POST":
        try:
            services.viewer_set_delivery(
                viewer=claim.viewer,
                name=request.POST.get("name", ""),
                phone=request.POST.get("phone", ""),
                ward_code=request.POST.get("ward_code", ""),
                street=request.POST.get("street", ""),
            )
            claim.refresh_from_db()
            if claim.order is not None:
                messages.success(request, _("Đã đặt hàng. Mã đơn: %(order)s") % {"order": claim.order.code})
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("live:claim_finish", token=token)
    holds = selectors.viewer_holds(viewer_id=claim.viewer_id)
    return render(
        request,
        "live/claim.html",
        {
            "claim": claim,
            "holds": holds,
            "can_finish": any(hold.status == ClaimStatus.HELD for hold in holds),
            "wards": [],
        },
    )
