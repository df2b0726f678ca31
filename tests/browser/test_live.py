"""A live session in the browser: two viewers watch units left fall as comments arrive; one taps Chốt."""

import pytest

from chophien.catalog.tests.factories import product_listed
from chophien.live import ingest, sessions
from chophien.live.models import Claim
from tests.browser.conftest import PHONE, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_two_viewers_see_units_fall_in_real_time_and_one_taps_chot(browser, asgi_server):
    from django.utils import timezone

    from chophien.sellers.tests.factories import seller_with_owner

    # given: the seller pins two products and goes live
    seller, owner = seller_with_owner(name="Hộ Lò Thị Hoa")
    khoai = product_listed(seller, owner, name="Khoai sâm Sìn Hồ", price=50000, stock=100)
    che = product_listed(seller, owner, name="Chè Shan tuyết", price=120000, stock=100)
    session = sessions.live_session_create(
        seller=seller, by=owner, title="Chợ phiên tối nay", platforms=["tiktok"], starts_at=timezone.now()
    )
    for code, product in (("A1", khoai), ("A2", che)):
        sessions.pin_add(
            session=session, by=owner, variant_id=product.variants.get().pk, code=code, live_price=45000, quantity=20
        )
    session = sessions.live_session_start(session=session, by=owner)

    viewers = []
    for _ in range(2):
        context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, locale="vi-VN")
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{asgi_server}/live/{session.pk}/")
        viewers.append(page)
    for page in viewers:
        assert page.locator(".live-pin").first.locator(".left").inner_text() == "20"
    console = _seller_console(browser, asgi_server, owner, session)
    viewers[0].wait_for_timeout(300)  # both streams connected

    # when: comments arrive on the platform
    ingest.comments_import(session=session, by=owner, text="Lan: chốt A1 x3\nMinh: A1 2\nHà: chốt A2")

    # then: both pages show units left falling, without a reload
    for page in viewers:
        page.locator(".live-pin").first.locator(".left").filter(has_text="15").wait_for()
        page.locator(".live-pin").nth(1).locator(".left").filter(has_text="19").wait_for()
    screenshot(viewers[0], "live-viewer-after-comments")

    # and a viewer taps "Chốt": the other page sees it, the console shows the claim
    viewers[1].locator(".live-pin").first.get_by_role("button", name="Chốt").click()
    viewers[1].wait_for_load_state()
    viewers[0].locator(".live-pin").first.locator(".left").filter(has_text="14").wait_for()
    assert Claim.objects.filter(viewer__platform="chophien").count() == 1
    console.get_by_text("A1 × 1").wait_for()  # the console updates itself (htmx), no reload
    assert "Lan" in console.locator("#live-now").inner_text()
    screenshot(console, "live-console")
    for page in [*viewers, console]:
        page.context.close()


def _seller_console(browser, base: str, owner, session):
    """The seller's console on a phone, signed in (the session cookie of a signed-in client)."""
    from urllib.parse import urlsplit

    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(owner)
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, locale="vi-VN")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "domain": urlsplit(base).hostname, "path": "/"}]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base}/ban-hang/live/{session.pk}/")
    return page
