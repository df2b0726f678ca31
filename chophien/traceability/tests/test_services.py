"""Batches, their EPCIS events, processing, serials and recalls, through the services."""

from datetime import timedelta

import pytest
from django.utils import timezone

from chophien.core.errors import Conflict, PermissionDenied, ValidationError
from chophien.sellers.tests.factories import seller_with_owner
from chophien.traceability import epcis, events, gs1, services
from chophien.traceability.models import BatchStatus, EpcRole, ErrorDeclaration, Serial, TraceEvent, TraceEventEpc
from chophien.traceability.tests.factories import GTIN, epcis_errors, shop_with_batch

pytestmark = pytest.mark.django_db


def test_a_batch_is_recorded_with_its_households_and_a_commissioning_event_gs1_accepts():
    batch, _owner = shop_with_batch(households=("Hộ Lò Thị Hoa", "Hộ Tẩn Láo Lở"), best_before="2027-06-30")
    assert batch.lot == batch.harvested_on.strftime("%y%m%d") + "-1"
    assert len(batch.public_code) == 6 and [h.name for h in batch.households.all()] == [
        "Hộ Lò Thị Hoa",
        "Hộ Tẩn Láo Lở",
    ]

    event = TraceEvent.objects.get(batch=batch)
    assert event.event_type == "ObjectEvent" and event.biz_step == "commissioning"
    body = event.document
    assert body["eventTimeZoneOffset"] == "+07:00" and body["eventTime"].endswith("+07:00")
    assert body["eventID"].startswith("ni:///sha-256;") and body["eventID"].endswith("?ver=CBV2.0")
    assert body["quantityList"] == [
        {"epcClass": f"http://127.0.0.1:8000/t/{batch.public_code}", "quantity": 120, "uom": "KGM"}
    ]
    assert body["ilmd"]["cp:households"] == ["Hộ Lò Thị Hoa", "Hộ Tẩn Láo Lở"]
    assert body["ilmd"]["cbvmda:bestBeforeDate"] == "2027-06-30"
    assert epcis_errors(epcis.document([body], created=timezone.now())) == []
    assert [e.epc for e in event.epcs.all()] == [f"http://127.0.0.1:8000/t/{batch.public_code}"]


def test_a_gtin_batch_is_named_by_its_canonical_digital_link():
    batch, _owner = shop_with_batch(gtin="8934567890120", lot="LO-2611A")
    assert batch.product.gtin == GTIN
    quantity = TraceEvent.objects.get(batch=batch).document["quantityList"][0]
    assert quantity["epcClass"] == "https://id.gs1.org/01/08934567890120/10/LO-2611A"


@pytest.mark.parametrize(
    ("gtin", "code"),
    [("8934567890125", "gtin_check_digit"), ("89345", "gtin_invalid"), ("893456789012x", "gtin_invalid")],
)
def test_a_wrong_gtin_is_refused_naming_the_check_digit(gtin, code):
    batch, owner = shop_with_batch()
    with pytest.raises(ValidationError) as error:
        services.product_gtin_set(product=batch.product, by=owner, gtin=gtin)
    assert error.value.code == code
    if code == "gtin_check_digit":
        assert "số cuối phải là 0" in error.value.message


@pytest.mark.parametrize("lot", ["LÔ 1", "lo#1", "a" * 21, "mật-ong"])
def test_a_lot_with_characters_gs1_does_not_allow_is_refused(lot):
    with pytest.raises(ValidationError) as error:
        shop_with_batch(lot=lot)
    assert error.value.code == "gs1_characters" and "không dấu" in error.value.message


def test_bad_batch_input_is_refused_clearly():
    with pytest.raises(ValidationError, match="tương lai"):
        shop_with_batch(harvested_on=timezone.localdate() + timedelta(days=2))
    with pytest.raises(ValidationError, match="Số lượng"):
        shop_with_batch(quantity=0)
    with pytest.raises(ValidationError, match="Hạn dùng phải sau"):
        shop_with_batch(best_before="2000-01-01")
    batch, owner = shop_with_batch(lot="A1")
    with pytest.raises(Conflict, match="A1"):
        services.batch_record(seller=batch.seller, by=owner, product_id=batch.product_id,
                              harvested_on=batch.harvested_on, quantity=5, ward_code=batch.ward_id, lot="A1")  # fmt: skip
    _stranger_seller, stranger = seller_with_owner()
    with pytest.raises(PermissionDenied):
        services.batch_record(seller=batch.seller, by=stranger, product_id=batch.product_id,
                              harvested_on=batch.harvested_on, quantity=5, ward_code=batch.ward_id)  # fmt: skip


def test_fresh_longan_dried_into_a_new_batch_keeps_its_households_and_says_what_went_in():
    fresh, owner = shop_with_batch(name="Nhãn tươi Sông Mã", quantity=500, households=("Hộ Cầm Văn Sơn",))
    dried_product = fresh.product.__class__.objects.create(
        seller=fresh.seller, name="Nhãn sấy Sông Mã", slug="nhan-say", price=180000, province=fresh.product.province
    )
    dried = services.batch_transform(
        seller=fresh.seller, by=owner, inputs=[(fresh.pk, 500)], product_id=dried_product.pk, quantity=100,
        process="sấy khô",
    )  # fmt: skip
    assert [h.name for h in dried.households.all()] == ["Hộ Cầm Văn Sơn"]
    assert [s.source_id for s in dried.sources.all()] == [fresh.pk]
    transformation = TraceEvent.objects.get(batch=dried, event_type="TransformationEvent").document
    assert transformation["inputQuantityList"][0]["epcClass"].endswith(f"/t/{fresh.public_code}")
    assert transformation["outputQuantityList"][0]["quantity"] == 100
    assert transformation["cp:process"] == "sấy khô"
    assert epcis_errors(epcis.document([transformation], created=timezone.now())) == []
    with pytest.raises(ValidationError, match="chỉ có 500"):
        services.batch_transform(seller=fresh.seller, by=owner, inputs=[(fresh.pk, 501)],
                                 product_id=dried_product.pk, quantity=1, process="sấy")  # fmt: skip


def test_serials_are_unguessable_named_by_an_encoding_event_and_bounded():
    batch, owner = shop_with_batch(gtin=GTIN, lot="LO1")
    serials = services.serials_issue(batch_id=batch.pk, seller=batch.seller, by=owner, count=25)
    assert len({s.serial for s in serials}) == 25 and all(len(s.serial) == 10 for s in serials)
    assert all(set(s.serial) <= set(gs1.CODE_ALPHABET) for s in serials)
    encoding = TraceEvent.objects.get(batch=batch, biz_step="encoding").document
    assert len(encoding["epcList"]) == 25
    assert encoding["epcList"][0].startswith("https://id.gs1.org/01/08934567890120/21/")
    assert epcis_errors(epcis.document([encoding], created=timezone.now())) == []
    with pytest.raises(ValidationError, match=r"tối đa 5\.000 tem"):
        services.serials_issue(batch_id=batch.pk, seller=batch.seller, by=owner, count=100_000)
    assert Serial.objects.count() == 25


def test_the_same_event_twice_is_recognised_and_events_are_append_only():
    batch, _owner = shop_with_batch()
    original = TraceEvent.objects.get(batch=batch)
    again = events.events_record(seller=batch.seller, items=[(original.document, batch)])
    assert again[0].is_new is False and again[0].event.pk == original.pk
    assert TraceEvent.objects.count() == 1
    with pytest.raises(RuntimeError, match="append-only"):
        original.save()
    with pytest.raises(RuntimeError, match="append-only"):
        original.delete()


def test_a_mistake_is_declared_not_edited():
    batch, _owner = shop_with_batch()
    wrong = TraceEvent.objects.get(batch=batch)
    fixed = events.event_record(
        seller=batch.seller,
        batch=batch,
        event={**wrong.document, "eventTime": epcis.epcis_time(timezone.now() - timedelta(days=1))},
    )
    declaration = events.event_declare_error(
        seller=batch.seller, event_id=wrong.event_id, reason="incorrect_data", corrective_event_ids=[fixed.event_id]
    )
    assert isinstance(declaration, ErrorDeclaration)
    published = events.event_as_published(TraceEvent.objects.get(pk=wrong.pk))
    assert published["errorDeclaration"]["correctiveEventIDs"] == [fixed.event_id]
    assert TraceEvent.objects.get(pk=wrong.pk).document == wrong.document  # unchanged
    assert epcis_errors(epcis.document([published], created=timezone.now())) == []
    with pytest.raises(ValidationError, match="đã được khai báo"):
        events.event_declare_error(seller=batch.seller, event_id=wrong.event_id, reason="incorrect_data")
    other_seller, _ = seller_with_owner()
    with pytest.raises(PermissionDenied):
        events.event_declare_error(seller=other_seller, event_id=fixed.event_id, reason="did_not_occur")


def test_a_recall_warns_records_an_event_and_is_refused_twice():
    batch, owner = shop_with_batch()
    recalled = services.batch_recall(batch_id=batch.pk, by=owner, reason="Phát hiện mật ong bị lên men")
    assert recalled.status == BatchStatus.RECALLED and recalled.recall_reason == "Phát hiện mật ong bị lên men"
    event = TraceEvent.objects.get(batch=batch, biz_step="holding").document
    assert event["disposition"] == "recalled"
    assert epcis_errors(epcis.document([event], created=timezone.now())) == []
    with pytest.raises(Conflict):
        services.batch_recall(batch_id=batch.pk, by=owner, reason="lần nữa")
    with pytest.raises(ValidationError, match="lý do"):
        services.batch_recall(batch_id=batch.pk, by=owner, reason=" ")


def test_units_packed_into_a_carton_make_an_aggregation_event_gs1_accepts():
    batch, owner = shop_with_batch(gtin=GTIN, lot="L1")
    serials = [s.serial for s in services.serials_issue(batch_id=batch.pk, seller=batch.seller, by=owner, count=3)]
    code, event = services.carton_pack(batch_id=batch.pk, seller=batch.seller, by=owner, serials=serials)
    body = event.document
    assert body["type"] == "AggregationEvent" and body["action"] == "ADD" and body["bizStep"] == "packing"
    assert body["parentID"].endswith(f"/thung/{code}") and code.startswith(batch.public_code)
    assert body["childEPCs"] == [f"https://id.gs1.org/01/{GTIN}/21/{s}" for s in serials]
    assert epcis_errors(epcis.document([body], created=timezone.now())) == []
    _code, by_weight = services.carton_pack(batch_id=batch.pk, seller=batch.seller, by=owner, quantity=20)
    assert by_weight.document["childQuantityList"][0]["quantity"] == 20
    with pytest.raises(ValidationError, match="không thuộc lô"):
        services.carton_pack(batch_id=batch.pk, seller=batch.seller, by=owner, serials=["NOPE"])
    with pytest.raises(ValidationError, match="Nhập số sê-ri"):
        services.carton_pack(batch_id=batch.pk, seller=batch.seller, by=owner)


@pytest.mark.postgres
def test_an_event_naming_twenty_thousand_units_is_stored_whole():
    # Statements bound on the server take at most 65,535 parameters; each EPC row takes 4.
    batch, _owner = shop_with_batch()
    commissioning = TraceEvent.objects.get(batch=batch).document
    units = [f"https://chophien.vn/t/{batch.public_code}/U{n:08d}" for n in range(20_000)]
    observed = {key: value for key, value in commissioning.items() if key != "eventID"}
    observed.update(bizStep="inspecting", epcList=units)
    [recorded] = events.events_record(seller=batch.seller, items=[(observed, batch)])
    assert recorded.is_new
    assert TraceEventEpc.objects.filter(event=recorded.event, role=EpcRole.EPC, is_class=False).count() == 20_000
