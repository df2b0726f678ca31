"""Writes of traceability: a product's GTIN, batches recorded from a phone, processing one batch
into another, serialized units, packing units into cartons, and recalls. Each step is also an
EPCIS event (``events``). Scans and alerts are in ``scans``; packing orders in ``packing``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chophien.accounts.models import User
from chophien.catalog.models import Certification, Product
from chophien.core.errors import Conflict, NotFound, PermissionDenied, ValidationError, text_limit_check
from chophien.core.images import as_content, photo_check, render_variants
from chophien.orders.lines import digits_to_int
from chophien.places.selectors import ward_get
from chophien.sellers.models import Seller
from chophien.sellers.selectors import seller_role_of
from chophien.sellers.services import clean_name, seller_check

from . import epcis, gs1
from .events import event_record
from .models import Batch, BatchHousehold, BatchPhoto, BatchSource, BatchStatus, Serial, TraceEvent

MAX_BATCH_QUANTITY = 10_000_000
MAX_SERIALS_AT_ONCE = 5000  # one label sheet run; a bigger need is several runs
MAX_HOUSEHOLDS = 200
MAX_NOTE = 500  # Batch.note: how it was grown or made, in the seller's words
MAX_PHOTOS = 4


def pk_of(raw: Any) -> int:
    """An id from a form or URL; -1 (no row) for anything else."""
    return digits_to_int(raw, default=-1)


def _own_product(seller: Seller, product_id: Any) -> Product:
    product = Product.objects.filter(pk=pk_of(product_id), seller=seller).first()
    if product is None:
        raise NotFound("product_not_found", _("Không tìm thấy sản phẩm này trong cửa hàng."), field="product")
    return product


def product_gtin_set(*, product: Product, by: User, gtin: str) -> Product:
    """Give a product its GTIN (check digit verified), or take it away with an empty one."""
    seller_check(seller=product.seller, by=by)
    value = gs1.gtin_normalize(gtin) if (gtin or "").strip() else ""
    if value and Product.objects.filter(gtin=value).exclude(pk=product.pk).exists():
        raise Conflict("gtin_taken", _("Mã GTIN này đã được dùng cho một sản phẩm khác."), field="gtin")
    Product.objects.filter(pk=product.pk).update(gtin=value)
    product.gtin = value
    return product


@dataclass(frozen=True)
class HouseholdIn:
    name: str
    ward_code: int | str | None = None  # their commune; the batch's when absent
    quantity: int | None = None


def _quantity(raw: Any, *, field: str = "quantity") -> int:
    try:
        value = int(str(raw).strip().replace(".", "").replace(",", ""))
    except (TypeError, ValueError):
        value = 0
    if not 0 < value <= MAX_BATCH_QUANTITY:
        raise ValidationError(
            "quantity_invalid", _("Số lượng phải là số nguyên lớn hơn 0 (tối đa 10 triệu)."), field=field
        )
    return value


def _date(raw: Any, *, field: str, what: str) -> date:
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw).strip())
    except ValueError:
        raise ValidationError(
            "date_invalid", _("%(what)s không đúng (ngày/tháng/năm).") % {"what": what}, field=field
        ) from None


def lot_suggest(*, product: Product, harvested_on: date) -> str:
    """``<yymmdd>-<n>``: the harvest day and the how-manyth batch of that day, in GS1's characters."""
    prefix = harvested_on.strftime("%y%m%d")
    taken = set(Batch.objects.filter(product=product, lot__startswith=prefix).values_list("lot", flat=True))
    number = 1
    while f"{prefix}-{number}" in taken:
        number += 1
    return f"{prefix}-{number}"


def _public_code_new() -> str:
    for _attempt in range(8):
        code = gs1.code_new(gs1.PUBLIC_CODE_LENGTH)
        if not Batch.objects.filter(public_code=code).exists():
            return code
    raise RuntimeError("no free batch code after 8 tries")  # 32^6: would need a billion batches


def _ilmd(batch: Batch, households: Sequence[BatchHousehold], certifications: Sequence[str]) -> dict[str, Any]:
    ilmd: dict[str, Any] = {
        "cbvmda:lotNumber": batch.lot,
        "cbvmda:harvestStartDate": batch.harvested_on.isoformat(),
        "cbvmda:countryOfOrigin": "VN",
        "cp:commune": batch.ward.name,
        "cp:province": batch.ward.province.name,
        "cp:households": [household.name for household in households],
    }
    if batch.best_before:
        ilmd["cbvmda:bestBeforeDate"] = batch.best_before.isoformat()
    if certifications:
        ilmd["cp:certifications"] = list(certifications)
    return ilmd


def batch_epc_class(batch: Batch) -> str:
    return epcis.batch_class_uri(gtin=batch.product.gtin, lot=batch.lot, public_code=batch.public_code)


def batch_record(
    *,
    seller: Seller,
    by: User,
    product_id: Any,
    harvested_on: Any,
    quantity: Any,
    ward_code: Any,
    households: Sequence[HouseholdIn] = (),
    lot: str = "",
    best_before: Any = None,
    certifications: Sequence[str] = (),
    note: str = "",
    photos: Sequence[UploadedFile] = (),
    at: datetime | None = None,
) -> Batch:
    """Record a harvest or production run, with its households and photos, and its commissioning
    event. An empty lot gets one suggested; no households means the shop itself made it."""
    seller_check(seller=seller, by=by)
    product = _own_product(seller, product_id)
    harvest_day = _date(harvested_on, field="harvested_on", what=_("Ngày thu hoạch"))
    if harvest_day > timezone.localdate():
        raise ValidationError("harvest_in_future", _("Ngày thu hoạch không thể ở tương lai."), field="harvested_on")
    best = _date(best_before, field="best_before", what=_("Hạn dùng")) if best_before not in (None, "") else None
    if best is not None and best < harvest_day:
        raise ValidationError("best_before_early", _("Hạn dùng phải sau ngày thu hoạch."), field="best_before")
    amount = _quantity(quantity)
    note_text = text_limit_check(
        text=" ".join((note or "").split()), limit=MAX_NOTE, code="note_too_long", field="note", what=_("Ghi chú")
    )
    ward = ward_get(code=ward_code)
    lot_number = gs1.lot_check(lot) if (lot or "").strip() else lot_suggest(product=product, harvested_on=harvest_day)
    if len(households) > MAX_HOUSEHOLDS:
        raise ValidationError("too_many_households", _("Tối đa 200 hộ cho một lô."), field="households")
    if len(photos) > MAX_PHOTOS:
        raise ValidationError("too_many_photos", _("Tối đa 4 ảnh cho một lô."), field="photos")
    for photo in photos:
        photo_check(photo)
    known = set(Certification.objects.filter(code__in=certifications).values_list("code", flat=True))
    if unknown := [code for code in certifications if code not in known]:
        raise ValidationError(
            "certification_unknown", _("Chứng nhận không đúng: %(codes)s") % {"codes": ", ".join(unknown)}
        )
    people = [
        (clean_name(h.name, what=_("Tên hộ")), ward_get(code=h.ward_code) if h.ward_code else ward, h.quantity)
        for h in households
    ]
    try:
        with transaction.atomic():
            batch = Batch.objects.create(
                seller=seller,
                product=product,
                lot=lot_number,
                public_code=_public_code_new(),
                ward=ward,
                harvested_on=harvest_day,
                best_before=best,
                quantity=amount,
                unit=product.unit,
                note=note_text,
            )
            batch.certifications.set(Certification.objects.filter(code__in=known))
            rows = BatchHousehold.objects.bulk_create(
                BatchHousehold(batch=batch, name=name, ward=place, quantity=share) for name, place, share in people
            )
            for position, photo in enumerate(photos):
                _photo_add(batch, photo, position)
            moment = at or _harvest_moment(harvest_day)
            event_record(
                seller=seller,
                batch=batch,
                event=epcis.commissioning_event(
                    at=moment,
                    quantities=[epcis.quantity(batch_epc_class(batch), amount, batch.unit)],
                    place=epcis.ward_uri(ward.code),
                    ilmd=_ilmd(batch, rows, sorted(known)),
                ),
            )
    except IntegrityError:
        raise Conflict(
            "lot_taken", _("Số lô %(lot)s đã có cho sản phẩm này.") % {"lot": lot_number}, field="lot"
        ) from None
    return batch


def _harvest_moment(day: date) -> datetime:
    """When the harvest is recorded as having happened: now for today's, midday for an earlier day
    (the seller gives a day, not an hour), in Vietnam's time."""
    if day >= timezone.localdate():
        return timezone.now()
    return datetime.combine(day, time(12, 0), tzinfo=epcis.VIETNAM)


def _photo_add(batch: Batch, upload: UploadedFile, position: int) -> BatchPhoto:
    upload.seek(0)
    data, width, height = render_variants(upload.read())["large"]
    photo = BatchPhoto(batch=batch, width=width, height=height, position=position)
    photo.image.save(f"{batch.public_code}-{position}.webp", as_content(data), save=False)
    photo.save()
    return photo


def _own_batch(seller: Seller, batch_id: Any) -> Batch:
    batch = Batch.objects.select_related("product", "ward__province").filter(pk=pk_of(batch_id)).first()
    if batch is None:
        raise NotFound("batch_not_found", _("Không tìm thấy lô hàng này."), field="batch")
    if batch.seller_id != seller.pk:
        raise PermissionDenied("batch_of_another_seller", _("Lô hàng này là của người bán khác."))
    return batch


def batch_transform(
    *,
    seller: Seller,
    by: User,
    inputs: Sequence[tuple[Any, Any]],
    product_id: Any,
    quantity: Any,
    process: str,
    lot: str = "",
    best_before: Any = None,
    at: datetime | None = None,
) -> Batch:
    """Make a new batch from others (fresh longan dried into dried longan; members' lots gathered
    into a cooperative's lot): the output keeps its inputs' households and a TransformationEvent
    names what went in and what came out. ``inputs``: (batch id, quantity used)."""
    seller_check(seller=seller, by=by)
    if not inputs:
        raise ValidationError("no_inputs", _("Chọn ít nhất một lô đầu vào."), field="inputs")
    used = [(_own_batch(seller, batch_id), _quantity(amount, field="inputs")) for batch_id, amount in inputs]
    for batch, amount in used:
        if batch.is_recalled:
            raise Conflict("batch_recalled", _("Lô %(lot)s đã bị thu hồi.") % {"lot": batch.lot})
        if amount > batch.quantity:
            raise ValidationError(
                "input_over_quantity",
                _("Lô %(lot)s chỉ có %(qty)s %(unit)s.")
                % {"lot": batch.lot, "qty": batch.quantity, "unit": batch.unit},
                field="inputs",
            )
    step = " ".join((process or "").split())[:60]
    if not step:
        raise ValidationError("process_missing", _("Vui lòng ghi cách chế biến (ví dụ: sấy khô)."), field="process")
    first = used[0][0]
    households = [
        HouseholdIn(h.name, h.ward.code, None)
        for h in BatchHousehold.objects.filter(batch__in=[b for b, _ in used]).select_related("ward")
    ]
    with transaction.atomic():
        output = batch_record(
            seller=seller,
            by=by,
            product_id=product_id,
            harvested_on=max(b.harvested_on for b, _ in used),
            quantity=quantity,
            ward_code=first.ward.code,
            households=list({(h.name, h.ward_code): h for h in households}.values()),
            lot=lot,
            best_before=best_before,
            note=step,
            at=at,
        )
        event_record(
            seller=seller,
            batch=output,
            event=epcis.transformation_event(
                at=at or timezone.now(),
                inputs=[epcis.quantity(batch_epc_class(b), amount, b.unit) for b, amount in used],
                outputs=[epcis.quantity(batch_epc_class(output), output.quantity, output.unit)],
                place=epcis.ward_uri(first.ward.code),
                process=step,
                ilmd=_ilmd(output, list(output.households.all()), []),
            ),
        )
        BatchSource.objects.bulk_create(BatchSource(batch=output, source=b, quantity=amount) for b, amount in used)
    return output


def serials_issue(*, batch_id: Any, seller: Seller, by: User, count: Any) -> list[Serial]:
    """Issue ``count`` serials (random, unguessable) for units of a batch, for labels; an encoding
    event names them. Raises ValidationError ``too_many_serials`` over 5,000 at once."""
    seller_check(seller=seller, by=by)
    batch = _own_batch(seller, batch_id)
    try:
        wanted = int(str(count).strip())
    except (TypeError, ValueError):
        wanted = 0
    if wanted < 1:
        raise ValidationError("count_invalid", _("Số tem phải lớn hơn 0."), field="count")
    if wanted > MAX_SERIALS_AT_ONCE:
        raise ValidationError(
            "too_many_serials",
            _("Mỗi lần in tối đa %(max)s tem. Hãy in làm nhiều lần.")
            % {"max": f"{MAX_SERIALS_AT_ONCE:,}".replace(",", ".")},
            field="count",
        )
    if batch.is_recalled:
        raise Conflict("batch_recalled", _("Lô %(lot)s đã bị thu hồi.") % {"lot": batch.lot})
    with transaction.atomic():
        codes: set[str] = set()
        while len(codes) < wanted:
            codes |= {gs1.code_new(gs1.SERIAL_LENGTH) for _ in range(wanted - len(codes))}
            codes -= set(Serial.objects.filter(serial__in=codes).values_list("serial", flat=True))
        serials = Serial.objects.bulk_create(Serial(batch=batch, serial=code) for code in sorted(codes))
        event_record(
            seller=seller,
            batch=batch,
            event=epcis.serials_event(
                at=timezone.now(),
                epcs=[
                    epcis.serial_uri(gtin=batch.product.gtin, public_code=batch.public_code, serial=s.serial)
                    for s in serials
                ],
                place=epcis.ward_uri(batch.ward.code),
            ),
        )
    return serials


MAX_CARTON_UNITS = 1000


def carton_pack(
    *, batch_id: Any, seller: Seller, by: User, serials: Sequence[str] = (), quantity: Any = None
) -> tuple[str, TraceEvent]:
    """Pack units of a batch into a carton: its serialized units by serial, or a quantity of it.
    Records the AggregationEvent and returns the carton's code (printed on the carton) with it."""
    seller_check(seller=seller, by=by)
    batch = _own_batch(seller, batch_id)
    codes = list(dict.fromkeys(code.strip().upper() for code in serials if code.strip()))
    if len(codes) > MAX_CARTON_UNITS:
        raise ValidationError("carton_too_big", _("Một thùng tối đa 1.000 sản phẩm."), field="serials")
    known = set(Serial.objects.filter(batch=batch, serial__in=codes).values_list("serial", flat=True))
    if unknown := [code for code in codes if code not in known]:
        raise ValidationError(
            "serial_not_in_batch",
            _("Sê-ri không thuộc lô này: %(codes)s") % {"codes": ", ".join(unknown[:5])},
            field="serials",
        )
    amount = _quantity(quantity) if quantity not in (None, "") else 0
    if not codes and not amount:
        raise ValidationError("carton_empty", _("Nhập số sê-ri hoặc số lượng cho vào thùng."), field="serials")
    if amount > batch.quantity:
        raise ValidationError(
            "carton_over_quantity", _("Lô chỉ có %(qty)s %(unit)s.") % {"qty": batch.quantity, "unit": batch.unit}
        )
    code = f"{batch.public_code}-{gs1.code_new(4)}"
    event = event_record(
        seller=seller,
        batch=batch,
        event=epcis.aggregation_event(
            at=timezone.now(),
            parent=epcis.carton_uri(code),
            children=[
                epcis.serial_uri(gtin=batch.product.gtin, public_code=batch.public_code, serial=serial)
                for serial in codes
            ],
            child_quantities=[epcis.quantity(batch_epc_class(batch), amount, batch.unit)] if amount else [],
            place=epcis.ward_uri(batch.ward.code),
        ),
    )
    return code, event


def batch_recall(*, batch_id: Any, by: User, reason: str) -> Batch:
    """A seller (of this batch) or a moderator recalls a batch: its trace page warns, a recall
    event is recorded, and every buyer whose order held it is told (``packing.buyers_of_batch``)."""
    from .packing import recall_tell_buyers

    batch = Batch.objects.select_related("seller", "product", "ward").filter(pk=pk_of(batch_id)).first()
    if batch is None:
        raise NotFound("batch_not_found", _("Không tìm thấy lô hàng này."))
    if not by.is_moderator and seller_role_of(user=by, seller=batch.seller) is None:
        raise PermissionDenied("not_your_shop", _("Bạn không làm việc cho cửa hàng này."))
    why = " ".join((reason or "").split())[:300]
    if not why:
        raise ValidationError("reason_required", _("Vui lòng ghi lý do thu hồi để người mua hiểu."), field="reason")
    with transaction.atomic():
        changed = Batch.objects.filter(pk=batch.pk, status=BatchStatus.ACTIVE).update(
            status=BatchStatus.RECALLED, recalled_at=timezone.now(), recall_reason=why
        )
        if not changed:
            raise Conflict("already_recalled", _("Lô này đã được thu hồi trước đó."))
        batch.refresh_from_db()
        event_record(
            seller=batch.seller,
            batch=batch,
            event=epcis.observation_event(
                at=batch.recalled_at or timezone.now(),
                biz_step="holding",
                disposition="recalled",
                place=epcis.seller_uri(batch.seller_id),
                quantities=[epcis.quantity(batch_epc_class(batch), batch.quantity, batch.unit)],
                extra={"cp:recallReason": why},
            ),
        )
        recall_tell_buyers(batch=batch)
    return batch
