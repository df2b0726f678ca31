"""Scanning a label: the GS1 Digital Link resolver and the platform's short links, the trace page,
scans recorded with no more than a province, and the signs of copied labels."""

import re

import pytest
from django.core.cache import cache
from django.test import Client

from chophien.traceability import scans, services
from chophien.traceability.models import AlertKind, CounterfeitAlert, Scan, Serial
from chophien.traceability.tests.factories import GTIN, shop_with_batch

pytestmark = pytest.mark.django_db
LAI_CHAU, CA_MAU, HA_NOI = 12, 96, 1


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def follow_scan(client: Client, path: str, **headers):
    answer = client.get(path, **headers)
    assert answer.status_code == 307, answer.content[:300]
    return answer, client.get(answer["Location"])


def test_a_gtin_lot_label_resolves_to_the_trace_page_for_a_person(client: Client):
    batch, _owner = shop_with_batch(gtin=GTIN, lot="LO-2611A", households=("Hộ Lò Thị Hoa",))
    answer, page = follow_scan(client, f"/01/{GTIN}/10/LO-2611A")
    assert answer["Location"].startswith(f"/truy-xuat/{batch.public_code}/?quet=")
    assert 'rel="linkset"' in answer["Link"] and "no-store" in answer["Cache-Control"]
    html = page.content.decode()
    assert page.status_code == 200
    for text in ("Mật ong bạc hà Mèo Vạc", "Hộ Lò Thị Hoa", "LO-2611A", "Thu hoạch, làm ra", batch.ward.name):
        assert text in html
    assert Scan.objects.filter(batch=batch).count() == 1
    assert len(page.content) < 150_000  # the page before photos


def test_gtin_8_12_13_forms_and_percent_encoded_lots_resolve_too(client: Client):
    batch, _owner = shop_with_batch(gtin=GTIN, lot="LO%26")
    answer = client.get("/01/8934567890120/10/LO%2526")
    assert answer.status_code == 307 and f"/truy-xuat/{batch.public_code}/" in answer["Location"]


def test_linkset_for_machines(client: Client):
    batch, _owner = shop_with_batch(gtin=GTIN, lot="L1")
    for answer in (
        client.get(f"/01/{GTIN}/10/L1?linkType=all"),
        client.get(f"/01/{GTIN}/10/L1", HTTP_ACCEPT="application/linkset+json"),
    ):
        assert answer.status_code == 200 and answer["Content-Type"] == "application/linkset+json"
        links = answer.json()["linkset"][0]
        assert links["anchor"] == f"http://testserver/01/{GTIN}/10/L1"
        assert (
            links["https://gs1.org/voc/defaultLink"][0]["href"] == f"http://testserver/truy-xuat/{batch.public_code}/"
        )
        assert {link["hreflang"][0] for link in links["https://gs1.org/voc/traceability"]} == {"vi", "en"}
        assert "MATCH_anyEPCClass=" in links["https://gs1.org/voc/epcis"][0]["href"]
    assert Scan.objects.count() == 0  # a machine reading links is not a scan


def test_a_phone_in_english_gets_the_english_trace_page(client: Client):
    batch, _owner = shop_with_batch()
    answer, page = follow_scan(client, f"/t/{batch.public_code}", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert answer["Location"].startswith(f"/en/truy-xuat/{batch.public_code}/")
    assert '<html lang="en">' in page.content.decode()


@pytest.mark.parametrize(
    "path",
    ["/01/8934567890125/10/L1", "/01/08934567890120/99/x", "/01/08934567890120/21/a/10/b", "/t/NOPE00", "/01/abc"],
)
def test_wrong_labels_get_a_clear_page_never_a_500(client: Client, path):
    shop_with_batch(gtin=GTIN, lot="L1")
    answer = client.get(path)
    assert answer.status_code == 404
    assert "Không tìm thấy sản phẩm của tem này" in answer.content.decode()


def test_a_serial_never_issued_warns_and_raises_an_alert(client: Client):
    batch, _owner = shop_with_batch(gtin=GTIN, lot="L1")
    answer = client.get(f"/01/{GTIN}/10/L1/21/FAKE123456")
    page = client.get(answer["Location"]).content.decode()
    assert "tem này có thể bị làm giả" in page
    alert = CounterfeitAlert.objects.get(kind=AlertKind.NEVER_ISSUED)
    assert alert.seller_id == batch.seller_id and alert.evidence["serial"] == "FAKE123456"
    client.get(f"/01/{GTIN}/10/L1/21/FAKE123456")
    alert.refresh_from_db()
    assert alert.evidence["scans"] == 2  # one open alert, its evidence growing
    # A serial on a GTIN label with no lot and no such unit: still the seller's alert.
    assert client.get(f"/01/{GTIN}/21/ZZZZ999999").status_code == 404
    assert CounterfeitAlert.objects.filter(kind=AlertKind.NEVER_ISSUED).count() == 2


def test_a_copied_serial_scanned_in_provinces_far_apart_raises_an_alert_with_evidence(client: Client):
    batch, owner = shop_with_batch(gtin=GTIN, lot="L1")
    serial = services.serials_issue(batch_id=batch.pk, seller=batch.seller, by=owner, count=1)[0].serial
    for province in (LAI_CHAU, CA_MAU):
        answer = client.get(f"/01/{GTIN}/21/{serial}")
        token = re.search(r"quet=([^&]+)", answer["Location"]).group(1)
        from urllib.parse import unquote

        place = client.post("/truy-xuat-noi-quet/", {"quet": unquote(token), "province": province})
        assert "Cảm ơn bạn" in place.content.decode()
    alert = CounterfeitAlert.objects.get(kind=AlertKind.FAR_APART)
    assert alert.serial.serial == serial and alert.evidence["km"] > 1000
    assert set(alert.evidence["provinces"]) == {"Lai Châu", "Cà Mau"}
    page = client.get(f"/truy-xuat/{batch.public_code}/{serial}/").content.decode()
    assert "tem này có thể bị làm giả" in page and "tỉnh xa nhau" in page
    assert set(Scan.objects.values_list("province_id", flat=True)) == {LAI_CHAU, CA_MAU}  # a province, nothing more
    assert [f.name for f in Scan._meta.get_fields()] == [
        "id", "batch", "serial", "unknown_serial", "scanned_at", "province",
    ]  # fmt: skip


def test_a_serial_scanned_far_more_often_than_one_unit_would_be(client: Client):
    batch, owner = shop_with_batch()
    serial = services.serials_issue(batch_id=batch.pk, seller=batch.seller, by=owner, count=1)[0]
    from chophien.traceability.gs1 import LabelKey

    for _ in range(scans.SCANS_PER_SERIAL + 1):
        scans.label_resolve(key=LabelKey(public_code=batch.public_code, serial=serial.serial))
    alert = CounterfeitAlert.objects.get(kind=AlertKind.TOO_MANY_SCANS)
    assert alert.evidence["scans"] == scans.SCANS_PER_SERIAL + 1
    assert Serial.objects.get(pk=serial.pk).scan_count == scans.SCANS_PER_SERIAL + 1


def test_a_batch_scanned_more_times_than_it_has_units(client: Client):
    batch, _owner = shop_with_batch(quantity=3)
    for _ in range(4):
        client.get(f"/t/{batch.public_code}")
    assert CounterfeitAlert.objects.get(kind=AlertKind.OVER_QUANTITY).evidence == {
        "scans": 4,
        "quantity": 3,
        "unit": "kg",
    }


def test_a_scan_flood_from_one_address_is_bounded(client: Client):
    batch, _owner = shop_with_batch(quantity=1000)
    answers = [client.get(f"/t/{batch.public_code}").status_code for _ in range(40)]
    assert answers.count(307) == 30 and answers[-1] == 429
    assert Scan.objects.count() == 30


def test_a_recalled_batch_warns_on_its_trace_page(client: Client):
    batch, owner = shop_with_batch()
    services.batch_recall(batch_id=batch.pk, by=owner, reason="Phát hiện lên men")
    page = client.get(f"/truy-xuat/{batch.public_code}/").content.decode()
    assert "Lô hàng này đã bị thu hồi." in page and "Phát hiện lên men" in page
    links = client.get(f"/t/{batch.public_code}?linkType=all").json()["linkset"][0]
    assert "https://gs1.org/voc/recallStatus" in links


def test_the_scan_place_form_refuses_forged_tokens_and_unknown_provinces(client: Client):
    batch, _owner = shop_with_batch()
    assert "hết hạn" in client.post("/truy-xuat-noi-quet/", {"quet": "forged", "province": 1}).content.decode()
    answer = client.get(f"/t/{batch.public_code}")
    from urllib.parse import unquote

    token = unquote(re.search(r"quet=([^&]+)", answer["Location"]).group(1))
    assert (
        "Vui lòng chọn tỉnh" in client.post("/truy-xuat-noi-quet/", {"quet": token, "province": 999}).content.decode()
    )
    client.post("/truy-xuat-noi-quet/", {"quet": token, "province": HA_NOI})
    client.post("/truy-xuat-noi-quet/", {"quet": token, "province": CA_MAU})  # once only
    assert Scan.objects.get().province_id == HA_NOI


def test_a_cached_story_is_made_anew_when_the_batch_records_an_event(client: Client, settings):
    settings.TRACE_CACHE_SECONDS = 60
    cache.clear()
    batch, owner = shop_with_batch()
    assert "Đóng thùng" not in client.get(f"/truy-xuat/{batch.public_code}/").content.decode()
    services.carton_pack(batch_id=batch.pk, seller=batch.seller, by=owner, quantity=5)
    assert "Đóng thùng" in client.get(f"/truy-xuat/{batch.public_code}/").content.decode()
    services.batch_recall(batch_id=batch.pk, by=owner, reason="Ẩm mốc")  # a warning is never cached
    assert "Lô hàng này đã bị thu hồi." in client.get(f"/truy-xuat/{batch.public_code}/").content.decode()


def test_a_scanned_units_page_costs_two_queries_once_its_story_is_cached(
    client: Client, settings, django_assert_num_queries
):
    settings.TRACE_CACHE_SECONDS = 60
    batch, owner = shop_with_batch()
    serial = services.serials_issue(batch_id=batch.pk, seller=batch.seller, by=owner, count=1)[0].serial
    _answer, first = follow_scan(client, f"/t/{batch.public_code}/{serial}")
    assert first.status_code == 200
    # The unit with its batch and the batch's newest event, then the unit's own journey; no alert can
    # exist yet, so none is read.
    with django_assert_num_queries(2):
        page = client.get(f"/truy-xuat/{batch.public_code}/{serial}/")
    assert page.status_code == 200 and "Hành trình" in page.content.decode()
