"""Recording EPCIS events: each gets its GS1 event hash as its ID, is indexed by the identifiers
it names, and is never changed afterwards; a mistake is declared (EPCIS error declaration)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from chophien.core.errors import NotFound, PermissionDenied, ValidationError
from chophien.sellers.models import Seller

from . import epcis
from .event_hash import event_hash_id
from .models import Batch, EpcRole, ErrorDeclaration, TraceEvent, TraceEventEpc

HASH_CONTEXT = {"cp": epcis.CP_NAMESPACE}
ERROR_REASONS = ("did_not_occur", "incorrect_data")  # CBV 2.0 error reason identifiers

# Where each kind of event names its identifiers: (field, role, is a quantity list).
_EPC_FIELDS: tuple[tuple[str, str, bool], ...] = (
    ("epcList", EpcRole.EPC, False),
    ("quantityList", EpcRole.EPC, True),
    ("inputEPCList", EpcRole.INPUT, False),
    ("inputQuantityList", EpcRole.INPUT, True),
    ("outputEPCList", EpcRole.OUTPUT, False),
    ("outputQuantityList", EpcRole.OUTPUT, True),
    ("childEPCs", EpcRole.CHILD, False),
    ("childQuantityList", EpcRole.CHILD, True),
)


def event_epcs(event: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """Every identifier ``event`` names, with its role: (epc, role, is a class)."""
    found: list[tuple[str, str, bool]] = []
    if isinstance(event.get("parentID"), str):
        found.append((event["parentID"], EpcRole.PARENT, False))
    for field, role, is_class in _EPC_FIELDS:
        for item in event.get(field) or []:
            epc = item.get("epcClass") if is_class and isinstance(item, dict) else item
            if isinstance(epc, str):
                found.append((epc, role, is_class))
    return list(dict.fromkeys(found))


def event_time_of(event: dict[str, Any]) -> datetime:
    moment = parse_datetime(str(event.get("eventTime", "")))
    if moment is None or timezone.is_naive(moment):
        raise ValidationError("event_time_invalid", _("Thời điểm của sự kiện không đúng."), field="eventTime")
    return moment


@dataclass(frozen=True)
class Recorded:
    event: TraceEvent
    is_new: bool  # False: the same event (same hash) was recorded before


def events_record(
    *,
    seller: Seller,
    items: Sequence[tuple[dict[str, Any], Batch | None]],
    context: dict[str, str] | None = None,
    keep_given_ids: bool = False,
) -> list[Recorded]:
    """Record events in one transaction; an event whose ID is already known is recognised, not
    stored twice. The ID is the GS1 event hash, or with ``keep_given_ids`` (a partner's capture)
    the eventID the event came with, when it has one. ``context``: namespace prefixes of the
    document's extension fields. Call inside the caller's transaction when the events go with
    other writes."""
    prefixes = {**HASH_CONTEXT, **(context or {})}
    with transaction.atomic():
        prepared = []
        for event, batch in items:
            given = event.get("eventID") if keep_given_ids else None
            body = {key: value for key, value in event.items() if key != "eventID"}
            event_id = str(given) if given else event_hash_id(body, context=prefixes)
            prepared.append((event_id, {**body, "eventID": event_id}, batch))
        known = {
            row.event_id: row
            for row in TraceEvent.objects.filter(event_id__in=[event_id for event_id, _body, _batch in prepared])
        }
        results: list[Recorded] = []
        fresh: list[TraceEvent] = []
        for event_id, body, batch in prepared:
            if event_id in known:
                results.append(Recorded(known[event_id], False))
                continue
            row = TraceEvent(
                event_id=event_id,
                event_type=str(body["type"]),
                event_time=event_time_of(body),
                biz_step=str(body.get("bizStep", ""))[:80],
                seller=seller,
                batch=batch,
                document=body,
            )
            known[event_id] = row
            fresh.append(row)
            results.append(Recorded(row, True))
        # In batches: a statement bound on the server takes at most 65,535 parameters, and a 2 MB
        # document can name tens of thousands of EPCs (Django inserts them on PostgreSQL as arrays,
        # a few parameters in all, but not on every database or for every kind of field).
        TraceEvent.objects.bulk_create(fresh, batch_size=1000)
        TraceEventEpc.objects.bulk_create(
            (
                TraceEventEpc(event=row, epc=epc[:200], role=role, is_class=is_class)
                for row in fresh
                for epc, role, is_class in event_epcs(row.document)
            ),
            batch_size=5000,
        )
    return results


def event_record(*, seller: Seller, event: dict[str, Any], batch: Batch | None = None) -> TraceEvent:
    return events_record(seller=seller, items=[(event, batch)])[0].event


def event_declare_error(
    *,
    seller: Seller,
    event_id: str,
    reason: str,
    corrective_event_ids: Iterable[str] = (),
    note: str = "",
    at: datetime | None = None,
) -> ErrorDeclaration:
    """Declare a recorded event wrong, naming the events that correct it. The event stays as it
    was; queries return it with its ``errorDeclaration``. Raises NotFound, PermissionDenied (an
    event of another seller) or ValidationError (a reason CBV does not define, a second declaration)."""
    event = TraceEvent.objects.filter(event_id=event_id).first()
    if event is None:
        raise NotFound("event_not_found", _("Không tìm thấy sự kiện này."))
    if event.seller_id != seller.pk:
        raise PermissionDenied("event_of_another_seller", _("Sự kiện này là của người bán khác."))
    if reason not in ERROR_REASONS:
        raise ValidationError("error_reason_invalid", _("Lý do phải là did_not_occur hoặc incorrect_data."))
    corrective = list(dict.fromkeys(corrective_event_ids))
    if TraceEvent.objects.filter(event_id__in=corrective).count() != len(corrective):
        raise ValidationError("corrective_event_unknown", _("Sự kiện sửa lỗi chưa được ghi nhận."))
    try:
        with transaction.atomic():
            return ErrorDeclaration.objects.create(
                event=event,
                declared_at=at or timezone.now(),
                reason=reason,
                corrective_event_ids=corrective,
                note=note[:300],
            )
    except IntegrityError:
        raise ValidationError("error_already_declared", _("Sự kiện này đã được khai báo là sai.")) from None


def event_as_published(event: TraceEvent) -> dict[str, Any]:
    """The event as queries return it: as recorded, with the time we recorded it (EPCIS: the
    repository's, not the sender's) and its error declaration if it has one."""
    body = dict(event.document)
    body["recordTime"] = epcis.epcis_time(event.record_time)
    declaration = getattr(event, "error_declaration", None)
    if declaration is not None:
        body["errorDeclaration"] = {
            "declarationTime": epcis.epcis_time(declaration.declared_at),
            "reason": declaration.reason,
            **({"correctiveEventIDs": declaration.corrective_event_ids} if declaration.corrective_event_ids else {}),
        }
    return body
