"""The seller's traceability pages: a batch in a few taps from a phone, labels as PDF, serials,
processing, recall, alerts; the moderators' alerts."""

import io
from urllib.parse import unquote

import pypdfium2
import pytest
import zxingcpp
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from PIL import Image

from chophien.accounts.models import PlatformRole
from chophien.accounts.tests.factories import UserFactory
from chophien.catalog.tests.factories import product_listed
from chophien.sellers.tests.factories import SIN_HO_WARD_CODE, seller_with_owner
from chophien.traceability.models import AlertKind, Batch, BatchStatus, CounterfeitAlert, Serial
from chophien.traceability.tests.factories import GTIN, shop_with_batch

pytestmark = pytest.mark.django_db


def photo_upload():
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (40, 120, 60)).save(buffer, format="JPEG")
    buffer.seek(0)
    buffer.name = "lo.jpg"
    return buffer


def decoded_qr_texts(pdf: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(pdf)
    texts = []
    for page in document:
        image = page.render(scale=300 / 72).to_pil()
        texts += [result.text for result in zxingcpp.read_barcodes(image)]
    return texts


def test_a_seller_records_a_batch_from_the_phone_form(client: Client):
    seller, owner = seller_with_owner()
    product = product_listed(seller, owner, name="Mật ong bạc hà", price=350000, stock=10, category_slug=None)
    client.force_login(owner)
    form = client.get("/ban-hang/truy-xuat/lo-moi/").content.decode()
    assert "Mật ong bạc hà" in form and 'capture="environment"' in form
    answer = client.post(
        "/ban-hang/truy-xuat/lo-moi/",
        {
            "product": product.pk, "harvested_on": timezone.localdate().isoformat(), "quantity": "80",
            "ward_code": SIN_HO_WARD_CODE, "households": "Hộ Lò Thị Hoa\nHộ Tẩn Láo Lở\n", "gtin": "8934567890120",
            "photos": photo_upload(),
        },
    )  # fmt: skip
    batch = Batch.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/ban-hang/truy-xuat/lo/{batch.pk}/"
    assert batch.households.count() == 2 and batch.photos.count() == 1 and batch.product.gtin == GTIN
    detail = client.get(answer["Location"]).content.decode()
    assert f"/01/{GTIN}/10/{batch.lot}" in detail
    bad = client.post("/ban-hang/truy-xuat/lo-moi/", {"product": product.pk, "harvested_on": "hôm qua", "quantity": "5",
                                                       "ward_code": SIN_HO_WARD_CODE})  # fmt: skip
    assert "Ngày thu hoạch không đúng" in bad.content.decode() and Batch.objects.count() == 1
    wrong_gtin = client.post("/ban-hang/truy-xuat/lo-moi/", {"product": product.pk, "gtin": "8934567890125"})
    assert "sai số kiểm tra" in wrong_gtin.content.decode()


def test_a_batch_refused_leaves_the_product_gtin_as_it_was(client: Client):
    seller, owner = seller_with_owner()
    product = product_listed(seller, owner, name="Mật ong bạc hà", price=350000, stock=10, category_slug=None)
    client.force_login(owner)
    refused = client.post(
        "/ban-hang/truy-xuat/lo-moi/",
        {"product": product.pk, "harvested_on": "hôm qua", "quantity": "5", "ward_code": SIN_HO_WARD_CODE,
         "gtin": GTIN},
    )  # fmt: skip
    assert refused.status_code == 422 and "Ngày thu hoạch không đúng" in refused.content.decode()
    product.refresh_from_db()
    assert (product.gtin, Batch.objects.count()) == ("", 0)


def test_lot_labels_and_serial_labels_print_as_pdf_whose_qr_codes_decode_to_the_label_links(client: Client):
    batch, owner = shop_with_batch(gtin=GTIN, lot="LO-2611A")
    client.force_login(owner)
    lot_pdf = client.get(f"/ban-hang/truy-xuat/lo/{batch.pk}/tem.pdf?loai=lo&kho=a4&so=3")
    assert lot_pdf["Content-Type"] == "application/pdf"
    assert decoded_qr_texts(lot_pdf.content) == [f"http://127.0.0.1:8000/01/{GTIN}/10/LO-2611A"] * 3

    client.post(f"/ban-hang/truy-xuat/lo/{batch.pk}/", {"action": "serials", "count": "4"})
    serials = list(Serial.objects.order_by("issued_at", "id").values_list("serial", flat=True))
    roll = client.get(f"/ban-hang/truy-xuat/lo/{batch.pk}/tem.pdf?loai=seri&kho=cuon&so=4").content
    assert decoded_qr_texts(roll) == [f"http://127.0.0.1:8000/01/{GTIN}/21/{s}" for s in serials]

    cache.clear()
    scanner = Client()  # the decoded link, opened on a phone, is a scan
    first = scanner.get(f"/01/{GTIN}/21/{serials[0]}")
    assert first.status_code == 307 and unquote(first["Location"]).startswith(
        f"/truy-xuat/{batch.public_code}/{serials[0]}/"
    )


def test_label_requests_are_bounded(client: Client):
    batch, owner = shop_with_batch()
    client.force_login(owner)
    answer = client.get(f"/ban-hang/truy-xuat/lo/{batch.pk}/tem.pdf?so=100000", follow=True)
    assert "Số tem mỗi lần in từ 1 đến 5.000" in answer.content.decode()
    answer = client.get(f"/ban-hang/truy-xuat/lo/{batch.pk}/tem.pdf?loai=seri", follow=True)
    assert "chưa có số sê-ri" in answer.content.decode()
    big = client.post(f"/ban-hang/truy-xuat/lo/{batch.pk}/", {"action": "serials", "count": "100000"}, follow=True)
    assert "tối đa 5.000 tem" in big.content.decode() and Serial.objects.count() == 0
    _stranger_seller, stranger = seller_with_owner()
    client.force_login(stranger)
    assert client.get(f"/ban-hang/truy-xuat/lo/{batch.pk}/tem.pdf").status_code == 404


def test_the_seller_processes_recalls_and_sees_alerts(client: Client):
    batch, owner = shop_with_batch(quantity=100)
    client.force_login(owner)
    answer = client.post(
        f"/ban-hang/truy-xuat/lo/{batch.pk}/",
        {"action": "transform", "process": "sấy khô", "used": "100", "product": batch.product_id, "quantity": "30"},
    )
    dried = Batch.objects.exclude(pk=batch.pk).get()
    assert answer["Location"] == f"/ban-hang/truy-xuat/lo/{dried.pk}/"
    trace = Client().get(f"/truy-xuat/{dried.public_code}/").content.decode()
    assert "Chế biến: sấy khô" in trace and batch.lot in trace and "Hộ Lò Thị Hoa" in trace

    client.post(f"/ban-hang/truy-xuat/lo/{batch.pk}/", {"action": "recall", "reason": "Ẩm mốc"})
    assert Batch.objects.get(pk=batch.pk).status == BatchStatus.RECALLED
    CounterfeitAlert.objects.create(seller=batch.seller, batch=batch, kind=AlertKind.OVER_QUANTITY, key="k1",
                                    evidence={"scans": 101, "quantity": 100})  # fmt: skip
    assert "vượt số lượng" in client.get("/ban-hang/truy-xuat/canh-bao/").content.decode()
    assert "1 cảnh báo tem giả" in client.get("/ban-hang/truy-xuat/").content.decode()
    alert = CounterfeitAlert.objects.get()
    client.post("/ban-hang/truy-xuat/canh-bao/", {"alert": alert.pk, "note": "đã kiểm tra"})
    assert CounterfeitAlert.objects.get().resolved_at is not None


def test_moderators_see_every_alert_and_can_recall(client: Client):
    batch, _owner = shop_with_batch()
    CounterfeitAlert.objects.create(seller=batch.seller, batch=batch, kind=AlertKind.FAR_APART, key="k2",
                                    evidence={"km": 1481})  # fmt: skip
    moderator = UserFactory(platform_role=PlatformRole.MODERATOR)
    client.force_login(UserFactory())
    assert client.get("/kiem-duyet/canh-bao-tem/").status_code == 404
    client.force_login(moderator)
    page = client.get("/kiem-duyet/canh-bao-tem/").content.decode()
    assert batch.seller.name in page and "1481" in page
    client.post("/kiem-duyet/canh-bao-tem/", {"action": "recall", "batch": batch.pk, "reason": "Tem giả tràn lan"})
    assert Batch.objects.get(pk=batch.pk).recall_reason == "Tem giả tràn lan"


def _batch_post(product, **fields):
    return {
        "product": product.pk, "harvested_on": timezone.localdate().isoformat(), "quantity": "40",
        "households": "Hộ Lò Thị Hoa", **fields,
    }  # fmt: skip


def test_the_batch_form_picks_where_it_was_made_with_the_address_picker(client: Client):
    from chophien.places.models import Ward

    seller, owner = seller_with_owner()
    product = product_listed(seller, owner, name="Mật ong bạc hà", price=350000, stock=10, category_slug=None)
    client.force_login(owner)
    meo_vac = Ward.objects.get(name="Xã Mèo Vạc")

    # it opens on the shop's commune, in the picker every address form shares
    form = client.get("/ban-hang/truy-xuat/lo-moi/").content.decode()
    assert f'<option value="{SIN_HO_WARD_CODE}" selected>' in form
    assert 'name="ward_q"' in form and 'hx-get="/dia-chi/xa-phuong-cua-tinh/"' in form

    # a phone without JavaScript presses "Tìm": communes are listed, nothing is recorded, nothing typed is lost
    searched = client.post("/ban-hang/truy-xuat/lo-moi/", _batch_post(product, ward_q="meo vac", ward_search="1"))
    html = searched.content.decode()
    assert searched.status_code == 200 and Batch.objects.count() == 0
    assert (
        "Xã Mèo Vạc" in html
        and "Hộ Lò Thị Hoa</textarea>" in html
        and 'name="quantity" inputmode="numeric" required value="40"' in html
    )

    # no commune at all: said next to the picker, the rest kept
    missing = client.post("/ban-hang/truy-xuat/lo-moi/", _batch_post(product, province="", ward_code=""))
    assert missing.status_code == 422 and Batch.objects.count() == 0
    assert "Vui lòng chọn xã/phường." in missing.content.decode()
    assert 'name="quantity" inputmode="numeric" required value="40"' in missing.content.decode()

    # a commune named by what was typed (its province taken from it) is where the batch was made
    typed = client.post(
        "/ban-hang/truy-xuat/lo-moi/", _batch_post(product, province="", ward_code="", ward_q="Mèo Vạc")
    )
    assert typed.status_code == 302 and Batch.objects.get().ward_id == meo_vac.code
