"""Traceability in the browser, on a phone: a seller records a batch and packs an order from it,
prints labels; a buyer scans the printed QR (decoded from the PDF) and reads the trace page."""

import pypdfium2
import pytest
import zxingcpp

from chophien.catalog.tests.factories import product_listed
from chophien.orders.models import Actor, OrderStatus
from chophien.orders.status import order_transition
from chophien.orders.tests.factories import buy
from chophien.traceability.models import Batch, PackedLine, Scan
from tests.browser.conftest import PHONE, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _signed_in(browser, base: str, user):
    from urllib.parse import urlsplit

    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, locale="vi-VN", base_url=base)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "domain": urlsplit(base).hostname, "path": "/"}]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def test_record_a_batch_pack_an_order_print_labels_and_scan_one(browser, live_server, settings):
    from chophien.sellers.tests.factories import seller_with_owner

    settings.SITE_URL = live_server.url  # the labels' links point at this server
    seller, owner = seller_with_owner(name="HTX Mật ong Mèo Vạc")
    product = product_listed(seller, owner, name="Mật ong bạc hà Mèo Vạc", price=350000, stock=50, category_slug=None)

    # the seller records a batch from the phone, in a few taps
    seller_page = _signed_in(browser, live_server.url, owner)
    seller_page.goto("/ban-hang/truy-xuat/lo-moi/")
    seller_page.get_by_label("Số lượng").fill("120")
    seller_page.get_by_label("Các hộ góp hàng").fill("Hộ Vàng Thị Mỷ\nHộ Sùng Mí Chứ")
    seller_page.get_by_role("button", name="Ghi lô").click()
    seller_page.get_by_text("Đã ghi lô").wait_for()
    batch = Batch.objects.get()
    screenshot(seller_page, "trace-batch-recorded")

    # a buyer's order is packed from it (oldest batch first) and shipped
    order = buy((product, 2)).orders[0]
    order_transition(order_id=order.pk, to_status=OrderStatus.CONFIRMED, actor=Actor.SELLER, user=owner)
    seller_page.goto(f"/ban-hang/truy-xuat/don/{order.pk}/")
    seller_page.get_by_role("button", name="Ghi lô cũ nhất cho các dòng còn thiếu").click()
    seller_page.get_by_text("Đã ghi lô cho 1 dòng hàng.").wait_for()
    assert PackedLine.objects.get().batch == batch
    for status in (OrderStatus.PACKING, OrderStatus.SHIPPED):
        order_transition(order_id=order.pk, to_status=status, actor=Actor.SELLER, user=owner)

    # the labels print as a PDF whose QR an independent decoder reads
    pdf = seller_page.request.get(f"/ban-hang/truy-xuat/lo/{batch.pk}/tem.pdf?loai=lo&kho=cuon&so=1").body()
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=300 / 72).to_pil()
    (link,) = [result.text for result in zxingcpp.read_barcodes(image)]
    assert link == f"{live_server.url}/t/{batch.public_code}"

    # a buyer scans it with a phone camera: the trace page, then where they are
    buyer = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, locale="vi-VN").new_page()
    buyer.goto(link)
    buyer.get_by_role("heading", name="Mật ong bạc hà Mèo Vạc").wait_for()
    text = buyer.locator("main").inner_text()
    for expected in ("HTX Mật ong Mèo Vạc", "Hộ Vàng Thị Mỷ", "Thu hoạch, làm ra", "Đã gửi tới 1 người mua"):
        assert expected in text
    screenshot(buyer, "trace-page-phone")
    buyer.get_by_label("Bạn đang ở tỉnh nào?").select_option(label="Lai Châu")
    buyer.get_by_role("button", name="Gửi").click()
    buyer.get_by_text("Cảm ơn bạn! Đã ghi nhận: Lai Châu.").wait_for()
    assert Scan.objects.get().province.name == "Lai Châu"
    for page in (seller_page, buyer):
        page.context.close()
