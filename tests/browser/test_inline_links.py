"""A link in running text stays a link in the sentence; a link standing on its own gets 48 × 48 px.

The site's CSS gives links on their own a button's size (tests/browser/test_touch_targets.py measures
every page). Inside a sentence that box made its line 48 px tall, kept the link from wrapping and
dropped the spaces inside it; such a link is inline, as WCAG 2.5.8's inline exception lets it be,
and the touch-target measure (its MEASURE, the same function) exempts exactly it."""

from pathlib import Path

import pytest

from tests.browser.conftest import PHONE
from tests.browser.test_touch_targets import MEASURE, MIN_SIDE, TOLERANCE

pytestmark = pytest.mark.browser

SITE_CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "site.css"

PAGE = """<!doctype html><html lang="vi"><head><meta name="viewport" content="width=device-width">
<style>{css}</style></head><body><main class="wrap">
<p id="prose">Cửa hàng đã bán hết sản phẩm này, <a href="/a">xem các sản phẩm khác</a> của cửa hàng hoặc quay lại sau.</p>
<p id="plain">Cửa hàng đã bán hết sản phẩm này, xem các sản phẩm khác của cửa hàng hoặc quay lại sau.</p>
<p id="nested">Gõ <a href="/b"><strong>mã</strong> đặt hàng</a> vào ô tra cứu nhé.</p>
<p class="links" id="own"><a href="/c">Về trang chủ</a></p>
<p class="meta" id="facts">HTX Chè Tả Phìn · <a href="/d">Xem</a></p>
<p class="panel links" id="after">Giỏ hàng đang trống. <a href="/e">Xem sản vật</a></p>
<ul><li><a href="/f">Đơn ABCD-1234</a></li></ul>
</main></body></html>"""


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_content(PAGE.format(css=SITE_CSS.read_text()))
    yield page
    context.close()


def test_a_link_inside_a_sentence_stays_inline_and_keeps_its_spaces(page):
    link = page.locator("#prose a")
    assert link.evaluate("a => getComputedStyle(a).display") == "inline"
    # the sentence is as tall as the same sentence without a link: no 48 px line in it
    assert page.locator("#prose").bounding_box()["height"] == page.locator("#plain").bounding_box()["height"]
    # a long link wraps with the sentence: it spans two lines on a phone
    assert link.evaluate("a => a.getClientRects().length") == 2
    assert page.locator("#nested").inner_text() == "Gõ mã đặt hàng vào ô tra cứu nhé."


def test_links_standing_on_their_own_are_48_px_and_nothing_is_too_small(page):
    for selector in ("#own a", "#facts a", "#after a", "li a"):
        box = page.locator(selector).bounding_box()
        assert box["width"] >= MIN_SIDE - TOLERANCE and box["height"] >= MIN_SIDE - TOLERANCE, (selector, box)
    # the touch-target measure exempts the sentence's links and finds nothing else too small
    assert page.evaluate(MEASURE, [MIN_SIDE, TOLERANCE]) == []
