"""EPCIS 2.0 capture and query, as a partner's system uses them (``/epcis/``, views in
``epcis_views``): a document of events is checked whole and captured all or nothing; events are
found by identifier, batch, business step and time."""

from __future__ import annotations

import base64
import json
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from chophien.accounts.models import User
from chophien.core.errors import PermissionDenied, ValidationError
from chophien.sellers.selectors import seller_of_user

from . import gs1, validation
from .events import event_as_published, event_epcs, events_record
from .models import Batch, CaptureJob, EpcRole, Serial, TraceEvent, TraceEventEpc

PER_PAGE = 30
MAX_PER_PAGE = 1000
INSTANCE_ROLES = (EpcRole.EPC, EpcRole.PARENT, EpcRole.CHILD, EpcRole.INPUT, EpcRole.OUTPUT)


class NotYourBatch(PermissionDenied):
    def __init__(self, index: int, epc: str) -> None:
        super().__init__(
            "epcis_not_your_batch",
            _("Sự kiện thứ %(n)s nói về %(epc)s, là hàng của người bán khác.") % {"n": index, "epc": epc},
            field=f"epcisBody.eventList[{index - 1}]",
        )


def _document_prefixes(document: Mapping[str, Any]) -> dict[str, str]:
    context = document.get("@context")
    entries = context if isinstance(context, list) else [context]
    prefixes: dict[str, str] = {}
    for entry in entries:
        if isinstance(entry, dict):
            prefixes.update({k: v for k, v in entry.items() if isinstance(v, str) and not k.startswith("@")})
    return prefixes


def batches_named(epcs: Iterable[str]) -> dict[str, Batch]:
    """Which of these identifiers name our batches or serialized units, and the batch of each."""
    site = urlsplit(gs1.site_uri("/"))
    codes: dict[str, str] = {}
    serials: dict[str, str] = {}
    lots: dict[str, tuple[str, str]] = {}
    for epc in epcs:
        url = urlsplit(epc)
        if url.scheme not in ("http", "https"):
            continue
        parts = url.path.strip("/").split("/")
        if url.netloc == site.netloc and len(parts) in (2, 3) and parts[0] == "t":
            codes[epc] = parts[1].upper()
            if len(parts) == 3:
                serials[epc] = parts[2].upper()
        elif url.netloc in (site.netloc, "id.gs1.org") and parts[:1] == ["01"]:
            try:
                key = gs1.digital_link_parse(url.path)
            except ValidationError:
                continue
            if key.serial:
                serials[epc] = key.serial.upper()
            elif key.lot:
                lots[epc] = (key.gtin, key.lot)
    found: dict[str, Batch] = {}
    by_code = {b.public_code: b for b in Batch.objects.filter(public_code__in=set(codes.values()))}
    found.update({epc: by_code[code] for epc, code in codes.items() if code in by_code and epc not in serials})
    by_serial = {
        s.serial: s.batch for s in Serial.objects.select_related("batch").filter(serial__in=set(serials.values()))
    }
    found.update({epc: by_serial[serial] for epc, serial in serials.items() if serial in by_serial})
    if lots:
        query = Q()
        for gtin, lot in set(lots.values()):
            query |= Q(product__gtin=gtin, lot=lot)
        by_lot = {(b.product.gtin, b.lot): b for b in Batch.objects.select_related("product").filter(query)}
        found.update({epc: by_lot[key] for epc, key in lots.items() if key in by_lot})
    return found


def epcis_capture(*, user: User, document: Any) -> CaptureJob:
    """Capture a partner's or a seller's EPCIS document: every event checked first, then all
    recorded in one transaction, or none. Raises DocumentInvalid / EventInvalid (400, naming the
    event), NotYourBatch (403) for an event about another seller's batch, PermissionDenied for a
    user with no shop. Events already captured are recognised and listed, not stored twice."""
    seller = seller_of_user(user=user)
    if seller is None:
        raise PermissionDenied("no_shop", _("Chỉ người bán mới gửi được sự kiện truy xuất."))
    events = validation.document_events(document)
    named = [event_epcs(event) for event in events]
    ours = batches_named(epc for found in named for epc, _role, _is_class in found)
    items: list[tuple[dict[str, Any], Batch | None]] = []
    for index, (event, found) in enumerate(zip(events, named, strict=True), start=1):
        batch = None
        for epc, _role, _is_class in found:
            if epc in ours:
                if ours[epc].seller_id != seller.pk:
                    raise NotYourBatch(index, epc)
                batch = batch or ours[epc]
        items.append((event, batch))
    with transaction.atomic():
        recorded = events_record(seller=seller, items=items, context=_document_prefixes(document), keep_given_ids=True)
        return CaptureJob.objects.create(
            capture_id=secrets.token_hex(8),
            seller=seller,
            event_count=len(events),
            duplicate_event_ids=[r.event.event_id for r in recorded if not r.is_new],
        )


@dataclass(frozen=True)
class EventsPage:
    events: list[dict[str, Any]]
    next_token: str  # "" on the last page


def _values(raw: str) -> list[str]:
    """A REST query parameter's values: several are separated by "|"."""
    return [value for value in (raw or "").split("|") if value]


def _time(name: str, raw: str) -> datetime:
    moment = parse_datetime(raw.replace(" ", "+"))  # a "+" left unencoded in a URL arrives as a space
    if moment is None or timezone.is_naive(moment):
        raise ValidationError(
            "query_parameter_invalid", _("%(p)s phải là thời điểm có múi giờ.") % {"p": name}, field=name
        )
    return moment


QUERY_PARAMETERS = frozenset(
    [
        "eventType",
        "GE_eventTime",
        "LT_eventTime",
        "GE_recordTime",
        "LT_recordTime",
        "EQ_bizStep",
        "MATCH_epc",
        "MATCH_anyEPC",
        "MATCH_epcClass",
        "MATCH_anyEPCClass",
        "MATCH_parentID",
        "batch",
        "perPage",
        "nextPageToken",
    ]
)


def events_query(*, params: Mapping[str, str]) -> EventsPage:
    """SimpleEventQuery over the REST binding: events matching every given parameter, oldest
    first, a page at a time. Raises ValidationError ``query_parameter_invalid``."""
    if unknown := sorted(set(params) - QUERY_PARAMETERS):
        raise ValidationError(
            "query_parameter_invalid", _("Tham số truy vấn không được hỗ trợ: %(p)s") % {"p": unknown[0]}
        )
    events: QuerySet[TraceEvent] = TraceEvent.objects.all()
    if kinds := _values(params.get("eventType", "")):
        events = events.filter(event_type__in=kinds)
    for name, lookup in (("GE_eventTime", "event_time__gte"), ("LT_eventTime", "event_time__lt"),
                         ("GE_recordTime", "record_time__gte"), ("LT_recordTime", "record_time__lt")):  # fmt: skip
        if params.get(name):
            events = events.filter(**{lookup: _time(name, params[name])})
    if steps := _values(params.get("EQ_bizStep", "")):
        events = events.filter(biz_step__in=[s.removeprefix("https://ref.gs1.org/cbv/BizStep-") for s in steps])
    for name, roles, is_class in (
        ("MATCH_epc", (EpcRole.EPC, EpcRole.CHILD), False),
        ("MATCH_anyEPC", INSTANCE_ROLES, False),
        ("MATCH_parentID", (EpcRole.PARENT,), False),
        ("MATCH_epcClass", (EpcRole.EPC, EpcRole.CHILD), True),
        ("MATCH_anyEPCClass", (EpcRole.EPC, EpcRole.CHILD, EpcRole.INPUT, EpcRole.OUTPUT), True),
    ):
        if values := _values(params.get(name, "")):
            matching = TraceEventEpc.objects.filter(epc__in=values, role__in=roles, is_class=is_class)
            events = events.filter(pk__in=matching.values("event_id"))
    if codes := _values(params.get("batch", "")):
        events = events.filter(batch__public_code__in=[code.upper() for code in codes])
    per_page = _per_page(params.get("perPage", ""))
    if params.get("nextPageToken"):
        after_time, after_id = _token_read(params["nextPageToken"])
        events = events.filter(Q(event_time__gt=after_time) | Q(event_time=after_time, pk__gt=after_id))
    rows = list(events.select_related("error_declaration").order_by("event_time", "pk")[: per_page + 1])
    more = len(rows) > per_page
    rows = rows[:per_page]
    token = _token_make(rows[-1]) if more else ""
    return EventsPage([event_as_published(row) for row in rows], token)


def _per_page(raw: str) -> int:
    if not raw:
        return PER_PAGE
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PER_PAGE:
        raise ValidationError(
            "query_parameter_invalid", _("perPage phải từ 1 đến %(max)s.") % {"max": MAX_PER_PAGE}, field="perPage"
        )
    return int(raw)


def _token_make(last: TraceEvent) -> str:
    raw = json.dumps([last.event_time.isoformat(), last.pk]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _token_read(token: str) -> tuple[datetime, int]:
    try:
        moment, pk = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        parsed = parse_datetime(moment)
        if parsed is None or not isinstance(pk, int):
            raise ValueError
        return parsed, pk
    except (ValueError, TypeError):
        raise ValidationError(
            "query_parameter_invalid", _("nextPageToken không đúng."), field="nextPageToken"
        ) from None


def event_by_id(event_id: str) -> dict[str, Any] | None:
    row = TraceEvent.objects.select_related("error_declaration").filter(event_id=event_id).first()
    return event_as_published(row) if row else None


def capture_job(*, capture_id: str) -> CaptureJob | None:
    return CaptureJob.objects.filter(capture_id=capture_id).first()
