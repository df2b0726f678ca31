"""The checks an EPCIS 2.0 document must pass before any of its events is captured.

They follow GS1's EPCIS 2.0 JSON schema for the parts a capture can get wrong (the tests check
that what these accept, GS1's schema accepts too, and what it refuses, these refuse): the document's
shape, each event's type, times, identifiers, vocabularies and quantities. The first bad event is
named by its place in the list (counted from 1) and its eventID when it has one.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from chophien.core.errors import ValidationError

MAX_EVENTS = 1000  # per capture; a partner sends more in several documents
EVENT_TYPES = ("ObjectEvent", "AggregationEvent", "TransactionEvent", "TransformationEvent", "AssociationEvent")
ACTIONS = ("ADD", "OBSERVE", "DELETE")
NEEDS_ACTION = ("ObjectEvent", "AggregationEvent", "TransactionEvent", "AssociationEvent")
BIZ_STEPS = frozenset(
    [
        "accepting",
        "arriving",
        "assembling",
        "collecting",
        "commissioning",
        "consigning",
        "creating_class_instance",
        "cycle_counting",
        "decommissioning",
        "departing",
        "destroying",
        "disassembling",
        "dispensing",
        "encoding",
        "entering_exiting",
        "holding",
        "inspecting",
        "installing",
        "killing",
        "loading",
        "other",
        "packing",
        "picking",
        "receiving",
        "removing",
        "repackaging",
        "repairing",
        "replacing",
        "reserving",
        "retail_selling",
        "shipping",
        "staging_outbound",
        "stock_taking",
        "stocking",
        "storing",
        "transporting",
        "unloading",
        "unpacking",
        "void_shipping",
        "sensor_reporting",
        "sampling",
    ]
)
DISPOSITIONS = frozenset(
    [
        "active",
        "container_closed",
        "damaged",
        "destroyed",
        "dispensed",
        "disposed",
        "encoded",
        "expired",
        "in_progress",
        "in_transit",
        "inactive",
        "no_pedigree_match",
        "non_sellable_other",
        "partially_dispensed",
        "recalled",
        "reserved",
        "retail_sold",
        "returned",
        "sellable_accessible",
        "sellable_not_accessible",
        "stolen",
        "unknown",
        "available",
        "completeness_verified",
        "completeness_inferred",
        "conformant",
        "container_open",
        "mismatch_instance",
        "mismatch_class",
        "mismatch_quantity",
        "needs_replacement",
        "non_conformant",
        "unavailable",
    ]
)
COMMON_FIELDS = frozenset(
    [
        "@context",
        "type",
        "eventTime",
        "recordTime",
        "eventTimeZoneOffset",
        "eventID",
        "certificationInfo",
        "errorDeclaration",
    ]
)
EVENT_FIELDS = {
    "ObjectEvent": "epcList quantityList action bizStep disposition persistentDisposition readPoint bizLocation "
    "bizTransactionList sourceList destinationList sensorElementList ilmd",
    "AggregationEvent": "parentID childEPCs childQuantityList action bizStep disposition persistentDisposition "
    "readPoint bizLocation bizTransactionList sourceList destinationList sensorElementList",
    "TransactionEvent": "bizTransactionList parentID epcList quantityList action bizStep disposition "
    "persistentDisposition readPoint bizLocation sourceList destinationList sensorElementList",
    "TransformationEvent": "inputEPCList inputQuantityList outputEPCList outputQuantityList transformationID "
    "bizStep disposition persistentDisposition readPoint bizLocation bizTransactionList sourceList destinationList "
    "sensorElementList ilmd",
    "AssociationEvent": "parentID childEPCs childQuantityList action bizStep disposition persistentDisposition "
    "readPoint bizLocation bizTransactionList sourceList destinationList sensorElementList",
}
OFFSET = re.compile(r"[+-](?:0\d|1[0-4]):[0-5]\d")
UOM = re.compile(r"[A-Z0-9]{2,3}")
DOCUMENT_FIELDS = frozenset(
    [
        "@context",
        "id",
        "type",
        "schemaVersion",
        "creationDate",
        "instanceIdentifier",
        "sender",
        "receiver",
        "epcisHeader",
        "epcisBody",
    ]
)


class EventInvalid(ValidationError):
    """One event of a document is wrong: ``index`` is its place (from 1), ``event_id`` its ID if any."""

    status = 400

    def __init__(self, index: int, event_id: str, problem: str) -> None:
        label = _("Sự kiện thứ %(n)s") % {"n": index} + (f" ({event_id})" if event_id else "")
        super().__init__("epcis_event_invalid", f"{label}: {problem}", field=f"epcisBody.eventList[{index - 1}]")
        self.index, self.event_id = index, event_id


class DocumentInvalid(ValidationError):
    status = 400


def is_uri(value: Any) -> bool:
    if not isinstance(value, str) or not value or len(value) > 2000 or any(c.isspace() for c in value):
        return False
    scheme = urlsplit(value).scheme
    return bool(scheme) and scheme[0].isalpha()


def _is_vocabulary(value: Any, terms: frozenset[str]) -> bool:
    return isinstance(value, str) and (value in terms or (":" in value and is_uri(value)))


def document_events(document: Any) -> list[dict[str, Any]]:
    """The events of a capture document, every one checked. Raises DocumentInvalid for the
    document's own shape, EventInvalid naming the first bad event."""
    if not isinstance(document, dict):
        raise DocumentInvalid("epcis_document_invalid", _("Tài liệu phải là một EPCISDocument dạng JSON."))
    if document.get("type") != "EPCISDocument":
        raise DocumentInvalid("epcis_document_invalid", _("Trường type của tài liệu phải là EPCISDocument."))
    if "@context" not in document:
        raise DocumentInvalid("epcis_document_invalid", _("Tài liệu thiếu @context (ngữ cảnh JSON-LD của GS1)."))
    if str(document.get("schemaVersion")) not in ("2.0", "2"):
        raise DocumentInvalid("epcis_version_unsupported", _('Chỉ nhận EPCIS phiên bản 2.0 (schemaVersion "2.0").'))
    created = document.get("creationDate")
    if not isinstance(created, str) or not _aware(created):
        raise DocumentInvalid("epcis_document_invalid", _("creationDate phải là thời điểm có múi giờ."))
    unknown = [key for key in document if key not in DOCUMENT_FIELDS and ":" not in key]
    if unknown:
        raise DocumentInvalid("epcis_document_invalid", _("Trường không có trong EPCIS: %(f)s") % {"f": unknown[0]})
    body = document.get("epcisBody")
    events = body.get("eventList") if isinstance(body, dict) else None
    if not isinstance(events, list) or not events:
        raise DocumentInvalid("epcis_document_invalid", _("epcisBody.eventList phải là danh sách sự kiện."))
    if len(events) > MAX_EVENTS:
        raise DocumentInvalid("epcis_too_many_events", _("Mỗi lần gửi tối đa %(max)s sự kiện.") % {"max": MAX_EVENTS})
    for index, event in enumerate(events, start=1):
        event_check(event, index=index)
    return events


def _aware(text: str) -> bool:
    try:
        moment = parse_datetime(text)
    except ValueError:
        return False
    return moment is not None and timezone.is_aware(moment)


def event_check(event: Any, *, index: int) -> None:
    """Raise EventInvalid unless ``event`` is an EPCIS 2.0 event GS1's schema would accept."""
    event_id = str(event.get("eventID", "")) if isinstance(event, dict) else ""

    def bad(problem: str) -> EventInvalid:
        return EventInvalid(index, event_id, problem)

    if not isinstance(event, dict):
        raise bad(_("không phải một đối tượng JSON."))
    kind = event.get("type")
    if kind not in EVENT_TYPES:
        raise bad(_("type phải là một trong %(types)s.") % {"types": ", ".join(EVENT_TYPES)})
    allowed = COMMON_FIELDS | set(EVENT_FIELDS[kind].split())
    if unknown := [key for key in event if key not in allowed and ":" not in key]:
        raise bad(_("trường %(f)s không có trong %(type)s.") % {"f": unknown[0], "type": kind})
    for name in ("eventTime", "recordTime"):
        if name in event and not (isinstance(event[name], str) and _aware(event[name])):
            raise bad(_("%(f)s phải là thời điểm có múi giờ, ví dụ 2026-11-20T08:00:00+07:00.") % {"f": name})
    if "eventTime" not in event:
        raise bad(_("thiếu eventTime."))
    if not (isinstance(event.get("eventTimeZoneOffset"), str) and OFFSET.fullmatch(event["eventTimeZoneOffset"])):
        raise bad(_("eventTimeZoneOffset phải có dạng +07:00."))
    if "eventID" in event and not is_uri(event["eventID"]):
        raise bad(_("eventID phải là một URI."))
    if kind in NEEDS_ACTION and event.get("action") not in ACTIONS:
        raise bad(_("action phải là ADD, OBSERVE hoặc DELETE."))
    if "bizStep" in event and not _is_vocabulary(event["bizStep"], BIZ_STEPS):
        raise bad(_('bizStep "%(v)s" không có trong từ vựng CBV 2.0.') % {"v": event["bizStep"]})
    for name in ("disposition",):
        if name in event and not _is_vocabulary(event[name], DISPOSITIONS):
            raise bad(_('disposition "%(v)s" không có trong từ vựng CBV 2.0.') % {"v": event[name]})
    for name in ("readPoint", "bizLocation"):
        if name in event and not (isinstance(event[name], dict) and is_uri(event[name].get("id"))):
            raise bad(_("%(f)s phải có id là một URI.") % {"f": name})
    for name in ("epcList", "childEPCs", "inputEPCList", "outputEPCList"):
        if name in event:
            values = event[name]
            if not isinstance(values, list) or not all(is_uri(v) for v in values) or len(set(values)) != len(values):
                raise bad(_("%(f)s phải là danh sách URI không trùng nhau.") % {"f": name})
    for name in ("quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList"):
        if name in event:
            _quantities_check(event[name], name, bad)
    if "parentID" in event and not is_uri(event["parentID"]):
        raise bad(_("parentID phải là một URI."))
    if "ilmd" in event and not (isinstance(event["ilmd"], dict) and all(":" in key for key in event["ilmd"])):
        raise bad(_("ilmd phải là đối tượng với các trường có tiền tố (ví dụ cbvmda:bestBeforeDate)."))
    if "errorDeclaration" in event:
        declaration = event["errorDeclaration"]
        if not (isinstance(declaration, dict) and isinstance(declaration.get("declarationTime"), str)):
            raise bad(_("errorDeclaration phải có declarationTime."))
    for name in ("bizTransactionList", "sourceList", "destinationList", "sensorElementList"):
        if name in event and not (isinstance(event[name], list) and all(isinstance(v, dict) for v in event[name])):
            raise bad(_("%(f)s phải là danh sách đối tượng.") % {"f": name})
    for item in event.get("bizTransactionList", []):
        if not is_uri(item.get("bizTransaction")):
            raise bad(_("bizTransaction phải là một URI."))


def _quantities_check(values: Any, name: str, bad: Any) -> None:
    if not isinstance(values, list):
        raise bad(_("%(f)s phải là danh sách.") % {"f": name})
    for item in values:
        if not isinstance(item, dict) or not is_uri(item.get("epcClass")):
            raise bad(_("mỗi phần tử của %(f)s cần epcClass là một URI.") % {"f": name})
        if set(item) - {"epcClass", "quantity", "uom"}:
            raise bad(_("phần tử của %(f)s chỉ có epcClass, quantity, uom.") % {"f": name})
        amount = item.get("quantity")
        if "quantity" in item and (isinstance(amount, bool) or not isinstance(amount, int | float) or amount < 0):
            raise bad(_("quantity phải là số không âm."))
        if "uom" in item and not (isinstance(item["uom"], str) and UOM.fullmatch(item["uom"])):
            raise bad(_("uom phải là mã đơn vị UN/ECE, ví dụ KGM."))
