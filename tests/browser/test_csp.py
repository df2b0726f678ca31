"""The main pages, used as a buyer and as a seller do, under the Content-Security-Policy that production
sends (DEBUG off): not one violation (no inline script, style or handler; htmx's indicator style off)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import PHONE, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Every violation the page reports, as the browser sees it (the event fires for enforced and
# report-only policies alike), kept across navigations by the init script.
COLLECT = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


def _watched(browser, base: str, *, session_cookie: str | None = None):
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="vi-VN", base_url=base
    )
    if session_cookie:
        from django.conf import settings

        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": session_cookie,
                    "domain": urlsplit(base).hostname,
                    "path": "/",
                }
            ]
        )
    context.add_init_script(COLLECT)
    page = context.new_page()
    page.set_default_timeout(15_000)
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    return page, console


def _visit(page, path: str, seen: dict[str, list[str]], console: list[str]) -> None:
    answer = page.goto(path)
    assert answer is not None and answer.status == 200, path
    assert "default-src 'self'" in answer.headers["content-security-policy"], path
    assert "camera=()" in answer.headers["permissions-policy"], path
    page.wait_for_load_state("networkidle")
    _collect(page, path, seen, console)


def _collect(page, where: str, seen: dict[str, list[str]], console: list[str]) -> None:
    found = page.evaluate("window.__violations") + [text for text in console if "Content Security Policy" in text]
    if found:
        seen[where] = found
    console.clear()


def test_the_main_pages_pass_the_content_security_policy(browser, asgi_server):
    from django.test import Client

    from chophien.live.tests.factories import live_with_pins
    from chophien.orders.tests.factories import buy, shop_with_product
    from chophien.traceability.tests.factories import shop_with_batch

    seller, owner, product = shop_with_product(stock=30, name="Chè Shan tuyết Tà Xùa")
    placed = buy((product, 1))
    session, _pins, live_owner = live_with_pins(units=(5,))
    batch, _batch_owner = shop_with_batch()
    client = Client()
    client.force_login(owner)
    seen: dict[str, list[str]] = {}

    # A buyer: home, search (typed, Enter), a product, the cart, checkout with the commune picker,
    # the order and its lookup, a live session, a trace page, the login page.
    buyer, console = _watched(browser, asgi_server)
    _visit(buyer, "/", seen, console)
    buyer.fill("#q-top", "che shan tuyet")
    buyer.press("#q-top", "Enter")
    buyer.wait_for_load_state("networkidle")
    _collect(buyer, "search", seen, console)
    _visit(buyer, f"/san-pham/{product.slug}/", seen, console)
    buyer.get_by_role("button", name="Thêm vào giỏ").first.click()
    buyer.wait_for_load_state("networkidle")
    _visit(buyer, "/gio-hang/", seen, console)
    _visit(buyer, "/thanh-toan/", seen, console)
    commune = buyer.locator("input[type=search], input[autocomplete=off]").last
    if commune.count():
        commune.fill("dich vong")
        buyer.wait_for_timeout(800)
        _collect(buyer, "checkout: commune picker", seen, console)
    _visit(buyer, f"/don-hang/?ma={placed.orders[0].code}", seen, console)
    _visit(buyer, f"/live/{session.pk}/", seen, console)
    _visit(buyer, f"/truy-xuat/{batch.public_code}/", seen, console)
    _visit(buyer, f"/cua-hang/{seller.slug}/", seen, console)
    _visit(buyer, "/tai-khoan/dang-nhap/", seen, console)
    screenshot(buyer, "csp-buyer-login")

    # A seller: the dashboard, a new product (the photo picker's script), the order desk, the shop's
    # settings, live sessions and traceability.
    shop, console = _watched(browser, asgi_server, session_cookie=client.cookies["sessionid"].value)
    for path in (
        "/ban-hang/",
        "/ban-hang/san-pham/moi/",
        "/ban-hang/don-hang/",
        f"/ban-hang/don-hang/{placed.orders[0].pk}/",
        "/ban-hang/thong-tin-cua-hang/",
        "/ban-hang/live/",
        "/ban-hang/truy-xuat/",
    ):
        _visit(shop, path, seen, console)
    screenshot(shop, "csp-seller-batches")

    # The host of a live session on its console: the "now" panel refreshes itself every 2 s (htmx;
    # a trigger's [filter] would run through Function(), which the policy forbids).
    live_client = Client()
    live_client.force_login(live_owner)
    host, host_console = _watched(browser, asgi_server, session_cookie=live_client.cookies["sessionid"].value)
    _visit(host, f"/ban-hang/live/{session.pk}/", seen, host_console)
    with host.expect_request(lambda request: "/ngay-luc-nay/" in request.url, timeout=5_000):
        pass
    host.wait_for_load_state("networkidle")
    _collect(host, "live console, refreshed", seen, host_console)
    host.context.close()

    assert seen == {}
    # The watcher is not blind: an inline style added now is refused and reported.
    shop.evaluate("document.head.insertAdjacentHTML('beforeend', '<style>body{color:red}</style>')")
    shop.wait_for_function("window.__violations.length > 0")
    assert shop.evaluate("window.__violations")[0].startswith("style-src-elem inline")
    buyer.context.close()
    shop.context.close()
