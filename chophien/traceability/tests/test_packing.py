"""Orders and batches: packing lines from batches (oldest first), shipping and receiving events
that follow the order, and buyers told when a batch they received is recalled."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from chophien.core.errors import ValidationError
from chophien.messaging.backends import MemoryBackend
from chophien.orders.models import Actor, OrderStatus
from chophien.orders.status import order_transition
from chophien.orders.tests.factories import buy
from chophien.sellers.tests.factories import SIN_HO_WARD_CODE
from chophien.traceability import epcis, packing, services
from chophien.traceability.models import PackedLine, Serial, TraceEvent
from chophien.traceability.tests.factories import epcis_errors, shop_with_batch

pytestmark = pytest.mark.django_db


def second_batch(batch, owner, *, days_ago: int, lot: str):
    return services.batch_record(
        seller=batch.seller, by=owner, product_id=batch.product_id, quantity=50, ward_code=SIN_HO_WARD_CODE,
        harvested_on=timezone.localdate() - timedelta(days=days_ago), lot=lot,
    )  # fmt: skip


def confirmed_order(product, owner, quantity=2):
    order = buy((product, quantity)).orders[0]
    return order_transition(order_id=order.pk, to_status=OrderStatus.CONFIRMED, actor=Actor.SELLER, user=owner)


def test_oldest_batch_first_and_a_recalled_or_expired_one_never(django_capture_on_commit_callbacks):
    newer, owner = shop_with_batch(lot="NEW", harvested_on=timezone.localdate() - timedelta(days=2))
    second_batch(newer, owner, days_ago=20, lot="OLD")
    oldest = second_batch(newer, owner, days_ago=40, lot="OLDEST")
    services.batch_recall(batch_id=oldest.pk, by=owner, reason="Hỏng do ẩm")
    expired = second_batch(newer, owner, days_ago=60, lot="EXP")
    type(expired).objects.filter(pk=expired.pk).update(best_before=timezone.localdate() - timedelta(days=1))
    assert [b.lot for b in packing.batches_fifo(seller_id=newer.seller_id, product_id=newer.product_id)] == [
        "OLD",
        "NEW",
    ]

    order = confirmed_order(newer.product, owner)
    assert packing.order_pack_fifo(order_id=order.pk, by=owner) == 1
    assert [(p.batch.lot, p.quantity) for p in PackedLine.objects.all()] == [("OLD", 2)]
    assert packing.order_pack_fifo(order_id=order.pk, by=owner) == 0  # done already


def test_a_line_is_packed_from_batches_adding_up_to_its_quantity():
    batch, owner = shop_with_batch(lot="A")
    other = second_batch(batch, owner, days_ago=30, lot="B")
    order = confirmed_order(batch.product, owner, quantity=3)
    line = order.lines.get()
    with pytest.raises(ValidationError, match="phải bằng 3"):
        packing.order_line_pack(line_id=line.pk, by=owner, picks=[(batch.pk, 2)])
    packing.order_line_pack(line_id=line.pk, by=owner, picks=[(batch.pk, 2), (other.pk, 1)])
    assert sorted((p.batch.lot, p.quantity) for p in PackedLine.objects.filter(order_line=line)) == [("A", 2), ("B", 1)]
    stranger_batch, _ = shop_with_batch(lot="X")
    with pytest.raises(ValidationError, match="không phải lô đang bán"):
        packing.order_line_pack(line_id=line.pk, by=owner, picks=[(stranger_batch.pk, 3)])


def test_shipping_and_receiving_become_epcis_events_naming_the_batch_and_the_units(django_capture_on_commit_callbacks):
    batch, owner = shop_with_batch(lot="L1")
    serials = services.serials_issue(batch_id=batch.pk, seller=batch.seller, by=owner, count=3)
    order = confirmed_order(batch.product, owner, quantity=2)
    packing.order_line_pack(
        line_id=order.lines.get().pk, by=owner, picks=[(batch.pk, 2)], serials=[serials[0].serial, serials[1].serial]
    )
    with django_capture_on_commit_callbacks(execute=True):
        order_transition(order_id=order.pk, to_status=OrderStatus.PACKING, actor=Actor.SELLER, user=owner)
        order_transition(order_id=order.pk, to_status=OrderStatus.SHIPPED, actor=Actor.SELLER, user=owner)
    with django_capture_on_commit_callbacks(execute=True):
        order_transition(order_id=order.pk, to_status=OrderStatus.DELIVERED, actor=Actor.SELLER, user=owner)
    shipping = TraceEvent.objects.get(batch=batch, biz_step="shipping").document
    assert shipping["quantityList"] == [{"epcClass": services.batch_epc_class(batch), "quantity": 2, "uom": "KGM"}]
    assert len(shipping["epcList"]) == 2 and shipping["cp:destinationProvince"] == order.province.name
    assert "buyer" not in str(shipping).lower() and order.buyer_phone not in str(shipping)  # no personal data
    receiving = TraceEvent.objects.get(batch=batch, biz_step="receiving").document
    assert receiving["disposition"] == "active"
    assert epcis_errors(epcis.document([shipping, receiving], created=timezone.now())) == []
    assert Serial.objects.filter(order_line__order=order).count() == 2


def test_buyers_of_a_recalled_batch_are_told_once_each(django_capture_on_commit_callbacks):
    batch, owner = shop_with_batch(lot="L1")
    first, second = confirmed_order(batch.product, owner), confirmed_order(batch.product, owner)  # the same buyer
    for order in (first, second):
        packing.order_line_pack(line_id=order.lines.get().pk, by=owner, picks=[(batch.pk, 2)])
    MemoryBackend.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.batch_recall(batch_id=batch.pk, by=owner, reason="Phát hiện lên men")
    assert [m.phone for m in MemoryBackend.outbox] == [first.buyer_phone]
    assert "Phát hiện lên men" in MemoryBackend.outbox[0].text and "lô L1" in MemoryBackend.outbox[0].text


def test_the_seller_packs_from_the_order_page(client: Client):
    batch, owner = shop_with_batch(lot="L1")
    order = confirmed_order(batch.product, owner)
    client.force_login(owner)
    page = client.get(f"/ban-hang/truy-xuat/don/{order.pk}/").content.decode()
    assert "L1" in page and "Ghi lô cũ nhất" in page
    client.post(f"/ban-hang/truy-xuat/don/{order.pk}/", {"action": "fifo"})
    assert PackedLine.objects.get().batch == batch
    assert "Ghi lô hàng (truy xuất)" in client.get(f"/ban-hang/don-hang/{order.pk}/").content.decode()


def test_packing_a_line_again_frees_the_serials_it_no_longer_holds():
    batch, owner = shop_with_batch(lot="L1")
    first, second = services.serials_issue(batch_id=batch.pk, seller=batch.seller, by=owner, count=2)
    order = confirmed_order(batch.product, owner, quantity=1)
    line_id = order.lines.get().pk
    packing.order_line_pack(line_id=line_id, by=owner, picks=[(batch.pk, 1)], serials=[first.serial])
    packing.order_line_pack(line_id=line_id, by=owner, picks=[(batch.pk, 1)], serials=[second.serial])
    assert list(Serial.objects.filter(order_line_id=line_id).values_list("serial", flat=True)) == [second.serial]


def test_the_batch_list_counts_serials_and_alerts_each_once():
    from chophien.traceability import selectors
    from chophien.traceability.models import AlertKind, CounterfeitAlert

    batch, owner = shop_with_batch()
    services.serials_issue(batch_id=batch.pk, seller=batch.seller, by=owner, count=3)
    for key in ("a", "b"):
        CounterfeitAlert.objects.create(seller=batch.seller, batch=batch, kind=AlertKind.FAR_APART, key=key)
    (row,) = selectors.seller_batches(seller_id=batch.seller_id)
    assert (row.serial_count, row.open_alerts) == (3, 2)


def test_ids_typed_as_superscripts_are_refused_not_a_500():
    batch, owner = shop_with_batch(lot="L1")
    order = confirmed_order(batch.product, owner, quantity=1)
    with pytest.raises(ValidationError, match="Chọn lô"):
        packing.order_line_pack(line_id=order.lines.get().pk, by=owner, picks=[("²", "1")])
    assert services.pk_of("²") == -1 and services.pk_of(" 12 ") == 12
