"""Every control a thumb must hit is at least 48 × 48 CSS px, on every page a buyer, a seller and a
moderator reach, on a 390 × 844 phone.

What is measured (getBoundingClientRect, after every <details> is opened, as a person would):
links with an address, buttons, inputs but hidden ones, selects, text areas, summaries, and
elements with a control's ARIA role (option, button, link, tab...). A radio or checkbox is measured
with its label: the label is where the thumb lands, so the larger of the box and its labels counts.

Two targets must not overlap (one inside the other, as a label around its checkbox, is one target):
the thumb would get less than either box says.

What is not measured:
- Elements clipped to 1 px or less, or inside a box of 1 px or less that hides its overflow (the
  screen-reader-only texts, the cart's hidden "Enter" button): no thumb can see them. An element
  placed off the screen (the skip link) is focused and measured where it then shows.
- The inline exception of WCAG 2.5.8 (Target Size, "Inline: the target is in a sentence or its size
  is otherwise constrained by the line-height of non-target text"), applied narrowly: a link (<a>)
  laid out `display: inline` whose nearest block ancestor is a paragraph (<p>) holding at least
  four words outside any link or control, and whose sentence runs into it: the text just before it
  ends in a letter, a digit or a comma, or the text just after it starts with a letter or a digit.
  A link alone in a list item, a table cell, a nav or a paragraph of its own, or set off by "·" or
  ":" in a line of facts (the desk's order links, the exports, "Xem trang cửa hàng", the footer) is
  not in a sentence, and must be 48 × 48.

The pages come from the URL configuration: every named route is either visited here (and the page
reached is checked to be that route) or listed in NOT_PAGES with the reason a thumb never lands on it.
"""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from tests.browser.conftest import PHONE, screenshot

MIN_SIDE = 48  # CSS px; Material's and Apple's touch target, twice WCAG 2.5.8's 24
TOLERANCE = 0.1  # sub-pixel layout rounding

# Routes a thumb never lands on as a page, and why. Their forms and fragments are measured on the
# pages that hold them.
NOT_PAGES: dict[str, str] = {
    "set_language": "POST only: the language button in every page's footer",
    "digital_link": "a label's GS1 link: redirects to the trace page",
    "platform_link": "a label's short link: redirects to the trace page",
    "platform_serial_link": "a serialised label's short link: redirects to the trace page",
    "epcis_root": "EPCIS JSON for machines",
    "epcis_capture": "EPCIS JSON for machines",
    "epcis_capture_job": "EPCIS JSON for machines",
    "epcis_events": "EPCIS JSON for machines",
    "epcis_event": "EPCIS JSON for machines",
    "catalog:moderate_hide": "POST only: the moderator's form on the product page",
    "catalog:product_pause": "POST only: a button on the seller's dashboard",
    "catalog:photo_upload": "POST only: the product form sends each photo chosen (a JSON answer)",
    "catalog:photo_remove": "POST only: the remove button of a photo on the product form",
    "accounts:logout": "POST only: a button on the seller's dashboard",
    "orders:cart_add": "POST only: the product page's form",
    "orders:cart_update": "POST only: the cart's form",
    "orders:last_address": "POST only: the checkout's 'last address' form",
    "orders:order_cancel": "POST only: the order page's cancel form",
    "orders:desk_bulk": "POST only: the desk's bulk form",
    "orders:cod_policy": "POST only: the desk's COD form",
    "orders:export": "a CSV/XLSX download",
    "live:events": "a Server-Sent Events stream",
    "live:viewer_details": "POST only: the viewer page's address form",
    "live:viewer_claim": "POST only: the viewer page's 'Chốt' button",
    "live:console_action": "POST only: the console's forms",
    "live:console_live": "a fragment the console swaps in (measured in the console)",
    "places:ward_search": "the commune picker's suggestions (measured on the checkout, typing a name)",
    "places:ward_options": "a fragment of <option>s for a select",
    "traceability:scan_place": "POST only: the trace page's 'where did you scan' form",
    "traceability:batch_labels": "a PDF of labels",
    "media/<path:path>": "uploaded photos",
}
NOT_PAGE_NAMESPACES = {
    "admin": "Django's own admin, its own styles, used by staff at a computer",
    "api": "the JSON API",
}

MEASURE = r"""
([minSide, tolerance]) => {
  const controls = 'a[href], button, input:not([type=hidden]), select, textarea, summary, '
    + '[role=button], [role=link], [role=option], [role=tab], [role=checkbox], [role=radio], [role=switch], [role=menuitem]';
  const words = (text) => text.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;
  const inSentence = (el) => {
    if (el.tagName !== 'A' || getComputedStyle(el).display !== 'inline') return false;
    let block = el.parentElement;
    while (block && getComputedStyle(block).display.startsWith('inline')) block = block.parentElement;
    if (!block || block.tagName !== 'P') return false;
    const prose = block.cloneNode(true);
    prose.querySelectorAll(controls + ', label').forEach((c) => c.remove());
    if (words(prose.textContent) < 4) return false;
    const before = document.createRange(), after = document.createRange();
    before.setStart(block, 0); before.setEndBefore(el);
    after.setStartAfter(el); after.setEnd(block, block.childNodes.length);
    return /[\p{L}\p{N},]\s*$/u.test(before.toString()) || /^\s*[\p{L}\p{N}]/u.test(after.toString());
  };
  const describe = (el) => {
    const text = (el.type === 'checkbox' || el.type === 'radio' ? `${el.name}=${el.value}`
      : el.innerText || el.value || el.getAttribute('aria-label') || el.name || el.id || '').trim();
    const cls = el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '';
    const type = el.tagName === 'INPUT' ? `[type=${el.type}]` : '';
    return `<${el.tagName.toLowerCase()}${type}${cls}> "${text.replace(/\s+/g, ' ').slice(0, 40)}"`;
  };
  const box = (el) => {
    let r = el.getBoundingClientRect(), onFocus = false;
    if (r.right <= 0 || r.bottom + window.scrollY <= 0) {  // off the screen until focused (skip link)
      el.focus();
      r = el.getBoundingClientRect();
      el.blur();
      onFocus = true;
    }
    return [r, onFocus];
  };
  const clippedAway = (el) => {  // inside a box of 1 px or less that hides what overflows it
    for (let a = el.parentElement; a; a = a.parentElement) {
      const r = a.getBoundingClientRect();
      if ((r.width <= 1 || r.height <= 1) && getComputedStyle(a).overflow !== 'visible') return true;
    }
    return false;
  };
  const small = [], targets = [];
  for (const el of document.querySelectorAll(controls)) {
    if (!el.checkVisibility({ visibilityProperty: true })) continue;
    let [r, onFocus] = box(el);
    if (r.width <= 1 || r.height <= 1 || clippedAway(el)) continue;
    if (r.right <= 0 || r.bottom + window.scrollY <= 0) continue;
    if (inSentence(el)) continue;
    let target = el;
    if (el.type === 'checkbox' || el.type === 'radio') {
      for (const label of el.labels || []) {
        const l = label.getBoundingClientRect();
        if (l.width * l.height > r.width * r.height) { r = l; target = label; }
      }
    }
    const w = r.width, h = r.height;
    if (w + tolerance < minSide || h + tolerance < minSide) {
      small.push(`${describe(el)} ${+w.toFixed(1)}×${+h.toFixed(1)}`);
    }
    if (!onFocus) targets.push({ el, target, r });  // shown on focus, over the page by design
  }
  // Two targets over each other leave the thumb a smaller one than either box says.
  for (let i = 0; i < targets.length; i++) {
    for (let j = i + 1; j < targets.length; j++) {
      const a = targets[i], b = targets[j];
      if (a.target.contains(b.target) || b.target.contains(a.target)) continue;
      const x = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
      const y = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
      if (x > tolerance && y > tolerance) {
        small.push(`${describe(a.el)} overlaps ${describe(b.el)} by ${+x.toFixed(1)}×${+y.toFixed(1)}`);
      }
    }
  }
  return small;
}
"""


def _routes(patterns, namespace: str | None = None, prefix: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(n for n in (namespace, pattern.namespace) if n) or None
            yield from _routes(pattern.url_patterns, inner, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name or prefix + str(pattern.pattern), namespace


def routes_to_visit() -> set[str]:
    """Every named route of the site but those a thumb never lands on (NOT_PAGES)."""
    return {
        route
        for route, namespace in _routes(get_resolver().url_patterns)
        if route not in NOT_PAGES and (namespace or "").split(":")[0] not in NOT_PAGE_NAMESPACES
    }


VISITED_ROUTES = {
    "catalog:home", "catalog:search", "catalog:category", "catalog:product", "catalog:shop",
    "catalog:dashboard", "catalog:product_new", "catalog:product_edit",
    "accounts:login", "accounts:code",
    "sellers:register", "sellers:settings",
    "orders:cart", "orders:checkout", "orders:placed", "orders:lookup", "orders:order",
    "orders:desk", "orders:desk_order", "orders:packing_list",
    "live:viewer", "live:claim_finish", "live:sessions", "live:console",
    "traceability:trace", "traceability:trace_serial", "traceability:batches", "traceability:batch_new",
    "traceability:batch", "traceability:order_batches", "traceability:alerts", "traceability:moderator_alerts",
}  # fmt: skip


def test_every_page_of_the_site_is_visited_or_has_a_reason_not_to_be():
    """A page added to a urls.py must be added to the touch-target walk below (or to NOT_PAGES)."""
    assert routes_to_visit() - VISITED_ROUTES == set(), "pages the touch-target test does not visit"
    assert VISITED_ROUTES - routes_to_visit() == set(), "routes visited that no longer exist"
    all_routes = {route for route, _namespace in _routes(get_resolver().url_patterns)}
    assert set(NOT_PAGES) - all_routes == set(), "routes excused that no longer exist"


@pytest.mark.browser
def test_the_measure_finds_small_and_overlapping_controls_and_exempts_only_links_inside_a_sentence(browser):
    page = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    page.set_content(
        """<style>body{font:16px/1.45 sans-serif} .big{display:block;min-height:48px;width:100px}</style>
        <p>Xem lại đơn sau khi đặt: vào <a href="/x">trang tra cứu</a> rồi nhập mã.</p>
        <p>HTX Chè Tả Phìn · <a href="/s">Xem trang cửa hàng</a></p>
        <ul><li><a href="/o">Đơn ABCD-1234</a></li></ul>
        <button style="height:40px;width:120px">Xác nhận</button>
        <label class="big"><input type="checkbox" name="ok"> Chọn</label>
        <input type="checkbox" name="small">
        <a class="big" href="/b">Đủ lớn</a>
        <div style="position:relative;height:60px"><button class="big">Dưới</button>
          <a class="big" href="/t" style="position:absolute;top:10px;left:50px">Đè lên</a></div>
        <span style="position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)"><a href="/h">ẩn</a></span>
        <details><summary style="min-height:48px">Mở</summary><a href="/d">Trong details</a></details>"""
    )
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    small = page.evaluate(MEASURE, [MIN_SIDE, TOLERANCE])
    page.context.close()
    found = [line if " overlaps " in line else re.sub(r" [0-9.]+×[0-9.]+$", "", line) for line in small]
    assert found == [
        '<a> "Xem trang cửa hàng"',
        '<a> "Đơn ABCD-1234"',
        '<button> "Xác nhận"',
        '<input[type=checkbox]> "small=on"',
        '<a> "Trong details"',
        '<button.big> "Dưới" overlaps <a.big> "Đè lên" by 50×38',
    ]


def _signed_in(browser, base: str, user):
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return _context(browser, base, client.cookies[settings.SESSION_COOKIE_NAME].value)


def _context(browser, base: str, session_key: str | None = None):
    from django.conf import settings

    context = browser.new_context(
        viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True, locale="vi-VN", base_url=base
    )
    if session_key:
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": session_key,
                    "domain": urlsplit(base).hostname,
                    "path": "/",
                }
            ]
        )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def _marketplace():
    """One shop with enough of everything that each page shows its controls: products over two
    pages of results, orders in several states, a live session with a claim, batches, an alert."""
    from django.test import Client
    from django.utils import timezone

    from chophien.accounts.models import PlatformRole
    from chophien.accounts.tests.factories import UserFactory
    from chophien.catalog.tests.factories import product_listed
    from chophien.core.testing.images import jpeg_upload
    from chophien.live import ingest, links, sessions
    from chophien.live.models import Claim
    from chophien.orders.models import Actor, OrderStatus
    from chophien.orders.status import order_transition
    from chophien.orders.tests.factories import buy
    from chophien.sellers.tests.factories import SIN_HO_WARD_CODE, seller_with_owner
    from chophien.traceability import services as trace
    from chophien.traceability.tests.factories import GTIN

    seller, owner = seller_with_owner(name="HTX Chè Shan tuyết Tả Phìn")
    tea = product_listed(
        seller, owner, name="Chè Shan tuyết cổ thụ Tả Phìn", price=320000, stock=30, ocop_stars=4,
        photos=[jpeg_upload(width=600, height=600, color=(70, 120, 60))],
    )  # fmt: skip
    for n in range(25):  # more than a page of results: the pager shows
        product_listed(seller, owner, name=f"Khoai sâm Sìn Hồ loại {n}", price=45000 + n, stock=10)

    placed = [buy((tea, 1)) for _ in range(3)]
    confirmed = placed[1].orders[0]
    order_transition(order_id=confirmed.pk, to_status=OrderStatus.CONFIRMED, actor=Actor.SELLER, user=owner)
    shipped = placed[2].orders[0]
    for status in (OrderStatus.CONFIRMED, OrderStatus.PACKING, OrderStatus.SHIPPED):
        order_transition(order_id=shipped.pk, to_status=status, actor=Actor.SELLER, user=owner)

    trace.product_gtin_set(product=tea, by=owner, gtin=GTIN)
    batch = trace.batch_record(
        seller=seller, by=owner, product_id=tea.pk, harvested_on=timezone.localdate() - timedelta(days=10),
        quantity=120, ward_code=SIN_HO_WARD_CODE, lot="L1",
        households=[trace.HouseholdIn("Hộ Vàng Thị Mỷ"), trace.HouseholdIn("Hộ Sùng Mí Chứ")],
    )  # fmt: skip
    serial = trace.serials_issue(batch_id=batch.pk, seller=seller, by=owner, count=1)[0].serial
    Client().get(f"/01/{GTIN}/10/L1/21/FAKE123456")  # a serial never issued: an open alert

    live = sessions.live_session_create(
        seller=seller, by=owner, title="Chợ phiên tối nay", platforms=["tiktok"], starts_at=timezone.now()
    )
    sessions.pin_add(
        session=live, by=owner, variant_id=tea.variants.get().pk, code="A1", live_price=300000, quantity=20
    )
    live = sessions.live_session_start(session=live, by=owner)
    ingest.comments_import(session=live, by=owner, text="Lan: chốt A1 x1")
    claim_token = links.claim_link_token(claim=Claim.objects.get())

    moderator = UserFactory(platform_role=PlatformRole.MODERATOR)
    newcomer = UserFactory()  # signed in, no shop yet: the register page
    return {
        "seller": seller, "owner": owner, "tea": tea, "placed": placed[0], "new_order": placed[0].orders[0],
        "confirmed": confirmed, "shipped": shipped, "batch": batch, "serial": serial, "live": live,
        "claim_token": claim_token, "moderator": moderator, "newcomer": newcomer,
    }  # fmt: skip


def _see_orders(page, codes: list[str]) -> None:
    """The buyer's browser has placed these orders (as the checkout remembers it in the session)."""
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore

    from chophien.orders.views import ORDERS_SEEN_SESSION_KEY

    cookie = next(c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    session = SessionStore(session_key=cookie["value"])
    session[ORDERS_SEEN_SESSION_KEY] = [*session.get(ORDERS_SEEN_SESSION_KEY, []), *codes]
    session.save()


def _route_of(url: str) -> str:
    from django.utils import translation

    path = urlsplit(url).path
    with translation.override(translation.get_language_from_path(path) or "vi"):
        return resolve(path).view_name


def _measure(page, name: str, route: str, reached: set[str], small: list[str]) -> None:
    page.wait_for_load_state("load")
    reached_route = _route_of(page.url)
    assert reached_route == route, f"{name}: reached {page.url} ({reached_route}), not {route}"
    reached.add(route)
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    screenshot(page, f"touch-{name}")
    small.extend(f"{name} {urlsplit(page.url).path}: {what}" for what in page.evaluate(MEASURE, [MIN_SIDE, TOLERANCE]))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_control_on_every_page_is_at_least_48_px(browser, asgi_server):
    shop = _marketplace()
    tea, seller, batch, live = shop["tea"], shop["seller"], shop["batch"], shop["live"]
    reached: set[str] = set()
    small: list[str] = []

    # a buyer, not signed in
    buyer = _context(browser, asgi_server)
    for name, path, route in [
        ("home", "/", "catalog:home"),
        ("search", "/tim-kiem/?q=khoai+sâm&page=2", "catalog:search"),
        ("category", f"/danh-muc/{tea.category.slug}/", "catalog:category"),
        ("product", f"/san-pham/{tea.slug}/", "catalog:product"),
        ("shop", f"/cua-hang/{seller.slug}/", "catalog:shop"),
        ("lookup", "/don-hang/", "orders:lookup"),
        ("trace", f"/t/{batch.public_code}", "traceability:trace"),  # scanned: asks where
        ("trace-unknown", "/t/ZZZZZZ", "platform_link"),  # a label we never printed
        ("not-found", "/san-pham/khong-co-san-pham-nay/", "catalog:product"),  # the 404 page
        ("trace-serial", f"/truy-xuat/{batch.public_code}/{shop['serial']}/", "traceability:trace_serial"),
        ("live-viewer", f"/live/{live.pk}/", "live:viewer"),
        ("live-hold", f"/live/giu/{shop['claim_token']}/", "live:claim_finish"),
        ("login", "/tai-khoan/dang-nhap/", "accounts:login"),
    ]:
        buyer.goto(path)
        _measure(buyer, name, route, reached, small)
    buyer.locator("input[name=phone]").fill("0912 345 678")
    buyer.keyboard.press("Enter")
    buyer.wait_for_url("**/tai-khoan/nhap-ma/**")
    _measure(buyer, "code", "accounts:code", reached, small)

    buyer.goto(f"/san-pham/{tea.slug}/")
    buyer.get_by_role("button", name="Thêm vào giỏ").click()
    buyer.wait_for_url("**/gio-hang/")
    _measure(buyer, "cart", "orders:cart", reached, small)
    buyer.goto("/thanh-toan/")
    _measure(buyer, "checkout", "orders:checkout", reached, small)
    buyer.locator("input[name=ward_q]").first.press_sequentially("dich vong")  # the picker's suggestions
    buyer.locator("[role=option]").first.wait_for()
    _measure(buyer, "checkout-communes", "orders:checkout", reached, small)
    _see_orders(buyer, [o.code for o in shop["placed"].orders])
    buyer.goto(f"/dat-hang-xong/{shop['placed'].checkout.reference}/")
    _measure(buyer, "placed", "orders:placed", reached, small)
    buyer.goto(f"/don-hang/{shop['new_order'].code}/")
    _measure(buyer, "order", "orders:order", reached, small)
    buyer.goto("/don-hang/")  # the lookup finds every order of a checkout by its reference
    buyer.locator("input[name=code]").fill(shop["placed"].checkout.reference)
    buyer.locator("input[name=phone]").fill("0912 345 678")
    with buyer.expect_navigation():
        buyer.keyboard.press("Enter")
    _measure(buyer, "lookup-found", _route_of(buyer.url), reached, small)
    buyer.goto("/en/")
    _measure(buyer, "home-en", "catalog:home", reached, small)
    buyer.context.close()

    # the seller, signed in
    seller_page = _signed_in(browser, asgi_server, shop["owner"])
    for name, path, route in [
        ("dashboard", "/ban-hang/", "catalog:dashboard"),
        ("product-new", "/ban-hang/san-pham/moi/", "catalog:product_new"),
        ("product-edit", f"/ban-hang/san-pham/{tea.pk}/sua/", "catalog:product_edit"),
        ("shop-settings", "/ban-hang/thong-tin-cua-hang/", "sellers:settings"),
        ("desk", "/ban-hang/don-hang/", "orders:desk"),
        ("desk-order-new", f"/ban-hang/don-hang/{shop['new_order'].pk}/", "orders:desk_order"),
        ("desk-order-shipped", f"/ban-hang/don-hang/{shop['shipped'].pk}/", "orders:desk_order"),
        ("packing-list", f"/ban-hang/don-hang/in/?order={shop['confirmed'].pk}", "orders:packing_list"),
        ("live-sessions", "/ban-hang/live/", "live:sessions"),
        ("live-console", f"/ban-hang/live/{live.pk}/", "live:console"),
        ("batches", "/ban-hang/truy-xuat/", "traceability:batches"),
        ("batch-new", "/ban-hang/truy-xuat/lo-moi/", "traceability:batch_new"),
        ("batch", f"/ban-hang/truy-xuat/lo/{batch.pk}/", "traceability:batch"),
        ("order-batches", f"/ban-hang/truy-xuat/don/{shop['confirmed'].pk}/", "traceability:order_batches"),
        ("alerts", "/ban-hang/truy-xuat/canh-bao/", "traceability:alerts"),
    ]:
        seller_page.goto(path)
        _measure(seller_page, name, route, reached, small)
    # a photo chosen on the product form: its preview, status and "Xoá" button
    from chophien.core.testing.images import jpeg_bytes

    seller_page.goto("/ban-hang/san-pham/moi/")
    seller_page.locator("input[type=file][name=photos]").set_input_files(
        files=[{"name": "che.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes(800, 600)}]
    )
    seller_page.locator(".photo-item[data-state=ready]").wait_for()
    _measure(seller_page, "product-new-photo", "catalog:product_new", reached, small)
    seller_page.context.close()

    # a signed-in person without a shop opens one
    newcomer = _signed_in(browser, asgi_server, shop["newcomer"])
    newcomer.goto("/ban-hang/mo-cua-hang/")
    _measure(newcomer, "register", "sellers:register", reached, small)
    newcomer.context.close()

    # the moderator
    moderator = _signed_in(browser, asgi_server, shop["moderator"])
    for name, path, route in [
        ("moderator-alerts", "/kiem-duyet/canh-bao-tem/", "traceability:moderator_alerts"),
        ("moderator-product", f"/san-pham/{tea.slug}/", "catalog:product"),
    ]:
        moderator.goto(path)
        _measure(moderator, name, route, reached, small)
    moderator.context.close()

    assert routes_to_visit() - reached == set(), "pages of the site this walk did not reach"
    assert not small, f"{len(small)} controls under {MIN_SIDE}×{MIN_SIDE} px:\n" + "\n".join(small)
