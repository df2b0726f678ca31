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

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from chophien.accounts.models import User
from chophien.core.errors import PermissionDenied, ValidationError
from chophien.core.links import site_url
from chophien.sellers.models import Seller
from chophien.sellers.selectors import seller_of_user

from . import epcis, gs1, validation
from .events import event_as_published, event_epcs, events_record
from .models import Batch, CaptureJob, EpcRole, ErrorDeclaration, Serial, TraceEvent, TraceEventEpc

PER_PAGE = 30
MAX_PER_PAGE = 1000
CBV_BIZ_STEP = "https://ref.gs1.org/cbv/BizStep-"
OUR_PREFIXES = {"cp": epcis.CP_NAMESPACE}  # declared by every document we publish
INSTANCE_ROLES = (EpcRole.EPC, EpcRole.PARENT, EpcRole.CHILD, EpcRole.INPUT, EpcRole.OUTPUT)


class NotYourBatch(PermissionDenied):
    def __init__(self, index: int, epc: str) -> None:
        super().__init__(
            "epcis_not_your_batch",
            _("Sự kiện thứ %(n)s nói về %(epc)s, là hàng của người bán khác.") % {"n": index, "epc": epc},
            field=f"epcisBody.eventList[{index - 1}]",
        )


def _document_context(document: Mapping[str, Any]) -> list[Any]:
    """The entries of the document's @context besides GS1's own context and our ``cp`` prefix:
    where its extension fields (``htx:doAm``) are defined."""
    context = document.get("@context")
    found: list[Any] = []
    for entry in context if isinstance(context, list) else [context]:
        if isinstance(entry, str) and not entry.endswith("/epcis-context.jsonld"):
            found.append(entry)
        elif isinstance(entry, dict):
            theirs = {key: value for key, value in entry.items() if OUR_PREFIXES.get(key) != value}
            found.extend([theirs] if theirs else [])
    return found


def _document_prefixes(document: Mapping[str, Any]) -> dict[str, str]:
    prefixes: dict[str, str] = {}
    for entry in _document_context(document):
        for prefix, definition in entry.items() if isinstance(entry, dict) else ():
            iri = definition.get("@id") if isinstance(definition, dict) else definition
            if isinstance(iri, str) and not prefix.startswith("@"):
                prefixes[prefix] = iri
    return prefixes


def _with_context(event: dict[str, Any], context: list[Any]) -> dict[str, Any]:
    """The event carrying the document's namespaces, so that its extension fields keep their
    meaning once it is published in another document (a query's, with our context only)."""
    if not context:
        return event
    own = event.get("@context")
    return {**event, "@context": context + (own if isinstance(own, list) else [own] if own else [])}


def batches_named(epcs: Iterable[str]) -> dict[str, Batch]:
    """Which of these identifiers name our batches or serialized units, and the batch of each."""
    site = urlsplit(site_url("/")).netloc.lower()
    codes: dict[str, str] = {}
    serials: dict[str, tuple[str, str, str]] = {}  # epc: (serial, its GTIN or "", its batch code or "")
    lots: dict[str, tuple[str, str]] = {}
    for epc in epcs:
        url = urlsplit(epc)
        host = url.netloc.lower()  # a host name has no case: HTTPS://ID.GS1.ORG/01/… names the same lot
        if url.scheme not in ("http", "https"):
            continue
        parts = url.path.strip("/").split("/")
        if host == site and len(parts) in (2, 3) and parts[0] == "t":
            if len(parts) == 3:
                serials[epc] = (parts[2].upper(), "", parts[1].upper())
            else:
                codes[epc] = parts[1].upper()
        elif host in (site, "id.gs1.org") and parts[:1] == ["01"]:
            try:
                key = gs1.digital_link_parse(url.path)
            except ValidationError:
                continue
            if key.serial:
                serials[epc] = (key.serial.upper(), key.gtin, "")
            elif key.lot:
                lots[epc] = (key.gtin, key.lot)
    found: dict[str, Batch] = {}
    by_code = {b.public_code: b for b in Batch.objects.filter(public_code__in=set(codes.values()))}
    found.update({epc: by_code[code] for epc, code in codes.items() if code in by_code})
    units = Serial.objects.select_related("batch__product").filter(
        serial__in={unit for unit, _g, _c in serials.values()}
    )
    by_serial = {unit.serial: unit.batch for unit in units}
    for epc, (serial, gtin, code) in serials.items():
        batch = by_serial.get(serial)
        # A serial is ours only under its own batch's GTIN or code: another brand may use the same serial.
        if batch is not None and gtin in ("", batch.product.gtin) and code in ("", batch.public_code):
            found[epc] = batch
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
    event), CaptureTooLarge (413) over 1,000 events, NotYourBatch (403) for an event about another seller's batch, PermissionDenied for a
    user with no shop. Events already captured are recognised and listed, not stored twice, also
    when two requests capture the same event at once. Each stored event keeps the document's own
    @context entries, where its extension fields are defined."""
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
    context = _document_context(document)
    items = [(_with_context(event, context), batch) for event, batch in items]
    prefixes = _document_prefixes(document)
    try:
        return _job_record(seller=seller, items=items, prefixes=prefixes)
    except IntegrityError:
        # Another request captured one of these events at the same moment and committed first: once
        # more, and that event is recognised as captured.
        return _job_record(seller=seller, items=items, prefixes=prefixes)


def _job_record(
    *, seller: Seller, items: list[tuple[dict[str, Any], Batch | None]], prefixes: dict[str, str]
) -> CaptureJob:
    with transaction.atomic():
        recorded = events_record(seller=seller, items=items, context=prefixes, keep_given_ids=True)
        for index, ((event, _batch), result) in enumerate(zip(items, recorded, strict=True), start=1):
            if isinstance(event.get("errorDeclaration"), dict):
                _declaration_keep(seller, index, result.event, event["errorDeclaration"])
        return CaptureJob.objects.create(
            capture_id=secrets.token_hex(8),
            seller=seller,
            event_count=len(items),
            duplicate_event_ids=[r.event.event_id for r in recorded if not r.is_new],
        )


def _declaration_keep(seller: Seller, index: int, event: TraceEvent, declaration: dict[str, Any]) -> None:
    """EPCIS declares an event wrong by capturing it again with an ``errorDeclaration``: the event
    stays as it was, the declaration is kept beside it (once)."""
    if event.seller_id != seller.pk:
        raise PermissionDenied(
            "epcis_not_your_event",
            _("Sự kiện thứ %(n)s khai báo sai một sự kiện của người bán khác.") % {"n": index},
            field=f"epcisBody.eventList[{index - 1}]",
        )
    declared = parse_datetime(str(declaration.get("declarationTime", ""))) or timezone.now()
    corrective = declaration.get("correctiveEventIDs")
    ErrorDeclaration.objects.get_or_create(
        event=event,
        defaults={
            "declared_at": declared,
            "reason": str(declaration.get("reason", ""))[:120],
            "corrective_event_ids": [str(i) for i in corrective] if isinstance(corrective, list) else [],
        },
    )


@dataclass(frozen=True)
class EventsPage:
    events: list[dict[str, Any]]
    next_token: str  # "" on the last page


def _values(raw: str) -> list[str]:
    """A REST query parameter's values: several are separated by "|"."""
    return [value for value in (raw or "").split("|") if value]


def _time(name: str, raw: str) -> datetime:
    try:
        moment = parse_datetime(raw.replace(" ", "+"))  # a "+" left unencoded in a URL arrives as a space
    except ValueError:  # well formed, but no such moment: 30 February, 25 o'clock
        moment = None
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
        bare = [step.removeprefix(CBV_BIZ_STEP) for step in steps]
        # A partner may write a CBV step as its URI; it is recorded as written.
        events = events.filter(biz_step__in=bare + [CBV_BIZ_STEP + step for step in bare])
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
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_PER_PAGE:  # isdigit() alone takes superscripts
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
        if parsed is None or timezone.is_naive(parsed) or not isinstance(pk, int):
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
