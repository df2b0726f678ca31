"""EPCIS 2.0 events in their JSON-LD form, as we write them: the identifiers of batches, units,
cartons and places, and one builder per kind of step (harvest, processing, packing, shipping).

Identifiers: a GTIN-based batch or unit is named by its canonical GS1 Digital Link
(``https://id.gs1.org/01/<gtin>/10/<lot>``, ``…/21/<serial>``), as EPCIS 2.0 allows; a batch of a
seller without a GTIN by the platform's own link (``<site>/t/<code>``). Places have no GLN here:
a commune is ``<site>/xa/<ward code>``, a seller ``<site>/shop/<id>``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from chophien.core.links import site_url

from . import gs1

EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/epcis-context.jsonld"
CP_NAMESPACE = "https://chophien.vn/ns/epcis/"  # our extension fields (cp:households, cp:process …)
DOCUMENT_CONTEXT: list[Any] = [EPCIS_CONTEXT, {"cp": CP_NAMESPACE}]
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
VIETNAM_OFFSET = "+07:00"
# UN/ECE rec. 20 codes for the units sold by weight or volume; counted units (chai, gói …) have none.
UOM = {"kg": "KGM", "g": "GRM", "lít": "LTR"}


def batch_class_uri(*, gtin: str, lot: str, public_code: str) -> str:
    if gtin:
        return gs1.CANONICAL_BASE + gs1.digital_link_path(gtin=gtin, lot=lot)
    return site_url(gs1.platform_path(public_code=public_code))


def serial_uri(*, gtin: str, public_code: str, serial: str) -> str:
    if gtin:
        return gs1.CANONICAL_BASE + gs1.digital_link_path(gtin=gtin, serial=serial)
    return site_url(gs1.platform_path(public_code=public_code, serial=serial))


def ward_uri(ward_code: int | str) -> str:
    return site_url(f"/xa/{ward_code}")


def seller_uri(seller_id: int) -> str:
    return site_url(f"/shop/{seller_id}")


def carton_uri(code: str) -> str:
    return site_url(f"/thung/{code}")


def epcis_time(moment: datetime) -> str:
    """Vietnam's local time with its offset, to the millisecond, as EPCIS examples write it."""
    local = moment.astimezone(VIETNAM)
    return local.isoformat(timespec="milliseconds")


def quantity(epc_class: str, amount: int, unit: str) -> dict[str, Any]:
    element: dict[str, Any] = {"epcClass": epc_class, "quantity": amount}
    if unit in UOM:
        element["uom"] = UOM[unit]
    return element


def _event(kind: str, *, at: datetime, biz_step: str, place: str, **fields: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "type": kind,
        "eventTime": epcis_time(at),
        "eventTimeZoneOffset": VIETNAM_OFFSET,
    }
    event.update({key: value for key, value in fields.items() if value not in (None, [], {})})
    event["bizStep"] = biz_step
    event["readPoint"] = {"id": place}
    event["bizLocation"] = {"id": place}
    return event


def commissioning_event(
    *, at: datetime, quantities: Sequence[dict[str, Any]], place: str, ilmd: dict[str, Any]
) -> dict[str, Any]:
    """A batch comes into being: harvested or produced (ObjectEvent ADD, commissioning)."""
    return _event(
        "ObjectEvent",
        at=at,
        biz_step="commissioning",
        place=place,
        action="ADD",
        quantityList=list(quantities),
        disposition="active",
        ilmd=ilmd,
    )


def serials_event(*, at: datetime, epcs: Sequence[str], place: str) -> dict[str, Any]:
    """Serialized labels issued for units of a batch (ObjectEvent ADD, encoding)."""
    return _event("ObjectEvent", at=at, biz_step="encoding", place=place, action="ADD", epcList=list(epcs),
                  disposition="active")  # fmt: skip


def transformation_event(
    *,
    at: datetime,
    inputs: Sequence[dict[str, Any]],
    outputs: Sequence[dict[str, Any]],
    place: str,
    process: str,
    ilmd: dict[str, Any],
) -> dict[str, Any]:
    """One or more batches become another: dried, milled, or gathered into a cooperative's lot."""
    return _event(
        "TransformationEvent",
        at=at,
        biz_step="commissioning",
        place=place,
        inputQuantityList=list(inputs),
        outputQuantityList=list(outputs),
        disposition="active",
        ilmd=ilmd,
        **{"cp:process": process},
    )


def aggregation_event(
    *, at: datetime, parent: str, children: Sequence[str], child_quantities: Sequence[dict[str, Any]], place: str
) -> dict[str, Any]:
    """Units packed into a carton (AggregationEvent ADD, packing)."""
    return _event(
        "AggregationEvent",
        at=at,
        biz_step="packing",
        place=place,
        action="ADD",
        parentID=parent,
        childEPCs=list(children),
        childQuantityList=list(child_quantities),
        disposition="in_progress",
    )


def observation_event(
    *,
    at: datetime,
    biz_step: str,
    disposition: str,
    place: str,
    quantities: Sequence[dict[str, Any]] = (),
    epcs: Sequence[str] = (),
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A step seen on existing things: shipping, receiving, a recall (ObjectEvent OBSERVE)."""
    return _event(
        "ObjectEvent",
        at=at,
        biz_step=biz_step,
        place=place,
        action="OBSERVE",
        epcList=list(epcs),
        quantityList=list(quantities),
        disposition=disposition,
        **(extra or {}),
    )


def document(events: Sequence[dict[str, Any]], *, created: datetime) -> dict[str, Any]:
    """An EPCISDocument holding ``events`` (each with its eventID)."""
    return {
        "@context": DOCUMENT_CONTEXT,
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": epcis_time(created),
        "epcisBody": {"eventList": list(events)},
    }


def query_document(events: Sequence[dict[str, Any]], *, created: datetime) -> dict[str, Any]:
    """The answer to a query (EPCISQueryDocument of a SimpleEventQuery)."""
    return {
        "@context": DOCUMENT_CONTEXT,
        "type": "EPCISQueryDocument",
        "schemaVersion": "2.0",
        "creationDate": epcis_time(created),
        "epcisBody": {"queryResults": {"queryName": "SimpleEventQuery", "resultsBody": {"eventList": list(events)}}},
    }
