"""The checks an EPCIS 2.0 document must pass before any of its events is captured.

They mirror GS1's EPCIS 2.0 JSON schema, its ``uri`` and ``date-time`` formats read as RFC 3986
and RFC 3339 define them: the tests hold them to it (whatever these accept, GS1's schema accepts).
A few limits are our own, each said where it is checked: the five standard event types only,
quantities not negative, at most 1,000 events, identifiers that fit our columns, times Django
reads, and nothing PostgreSQL's jsonb cannot store. The first bad event is named by its place in
the list (counted from 1) and its eventID when it has one.
"""

from __future__ import annotations

import ipaddress
import json
import math
import re
from collections.abc import Callable, Collection, Mapping
from datetime import UTC
from typing import Any

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from chophien.core.errors import ValidationError

MAX_EVENTS = 1000  # per capture; a partner sends more in several documents
MAX_EVENT_ID = 120  # TraceEvent.event_id's column; a GS1 event hash ID has 89 characters
MAX_URI = 2000
MAX_EPC = 200  # TraceEventEpc.epc's column: a longer identifier could not be found by a query
MAX_BIZ_STEP = 80  # TraceEvent.biz_step's column, for EQ_bizStep
MAX_DEPTH = 32  # objects and lists inside one another; an EPCIS document needs about ten
EVENT_TYPES = ("ObjectEvent", "AggregationEvent", "TransactionEvent", "TransformationEvent", "AssociationEvent")
ACTIONS = ("ADD", "OBSERVE", "DELETE")
NEEDS_ACTION = ("ObjectEvent", "AggregationEvent", "TransactionEvent", "AssociationEvent")
BIZ_STEPS = frozenset(
    [
        "accepting", "arriving", "assembling", "collecting", "commissioning", "consigning", "creating_class_instance",
        "cycle_counting", "decommissioning", "departing", "destroying", "disassembling", "dispensing", "encoding",
        "entering_exiting", "holding", "inspecting", "installing", "killing", "loading", "other", "packing", "picking",
        "receiving", "removing", "repackaging", "repairing", "replacing", "reserving", "retail_selling", "shipping",
        "staging_outbound", "stock_taking", "stocking", "storing", "transporting", "unloading", "unpacking",
        "void_shipping", "sensor_reporting", "sampling"
    ]
)  # fmt: skip
DISPOSITIONS = frozenset(
    [
        "active", "container_closed", "damaged", "destroyed", "dispensed", "disposed", "encoded", "expired",
        "in_progress", "in_transit", "inactive", "no_pedigree_match", "non_sellable_other", "partially_dispensed",
        "recalled", "reserved", "retail_sold", "returned", "sellable_accessible", "sellable_not_accessible", "stolen",
        "unknown", "available", "completeness_verified", "completeness_inferred", "conformant", "container_open",
        "mismatch_instance", "mismatch_class", "mismatch_quantity", "needs_replacement", "non_conformant", "unavailable"
    ]
)  # fmt: skip
ERROR_REASONS = frozenset(["did_not_occur", "incorrect_data"])
BIZ_TRANSACTION_TYPES = frozenset(
    [
        "bol", "cert", "desadv", "inv", "pedigree", "po", "poc", "prodorder", "recadv", "rma", "testprd", "testres",
        "upevt"
    ]
)  # fmt: skip
SOURCE_DESTINATION_TYPES = frozenset(["owning_party", "possessing_party", "location"])
MEASUREMENT_TYPES = frozenset(
    [
        "AbsoluteHumidity", "AbsorbedDose", "AbsorbedDoseRate", "Acceleration", "Radioactivity", "Altitude",
        "AmountOfSubstance", "AmountOfSubstancePerUnitVolume", "Angle", "AngularAcceleration", "AngularMomentum",
        "AngularVelocity", "Area", "Capacitance", "Conductance", "Conductivity", "Count", "Density", "Dimensionless",
        "DoseEquivalent", "DoseEquivalentRate", "DynamicViscosity", "ElectricCharge", "ElectricCurrent",
        "ElectricCurrentDensity", "ElectricFieldStrength", "Energy", "Exposure", "Force", "Frequency", "Illuminance",
        "Inductance", "Irradiance", "KinematicViscosity", "Length", "LinearMomentum", "Luminance", "LuminousFlux",
        "LuminousIntensity", "MagneticFlux", "MagneticFluxDensity", "MagneticVectorPotential", "Mass",
        "MassConcentration", "MassFlowRate", "MassPerAreaTime", "MemoryCapacity", "MolalityOfSolute", "MolarEnergy",
        "MolarMass", "MolarVolume", "Power", "Pressure", "RadiantFlux", "RadiantIntensity", "RelativeHumidity",
        "Resistance", "Resistivity", "SolidAngle", "SpecificVolume", "Speed", "SurfaceDensity", "SurfaceTension",
        "Temperature", "Time", "Torque", "Voltage", "Volume", "VolumeFlowRate", "VolumeFraction", "VolumetricFlux",
        "Wavenumber"
    ]
)  # fmt: skip
SENSOR_ALERTS = frozenset(["ALARM_CONDITION", "ERROR_CONDITION"])
COMPONENTS = frozenset(
    [
        "x", "y", "z", "axial_distance", "azimuth", "height", "spherical_radius", "polar_angle", "elevation_angle",
        "easting", "northing", "latitude", "longitude", "altitude"
    ]
)  # fmt: skip
COMMON_FIELDS = frozenset(
    [
        "@context", "type", "eventTime", "recordTime", "eventTimeZoneOffset", "eventID", "certificationInfo",
        "errorDeclaration"
    ]
)  # fmt: skip
_WHY_WHERE = "bizStep disposition readPoint bizLocation bizTransactionList sourceList destinationList sensorElementList"
EVENT_FIELDS = {
    "ObjectEvent": frozenset(f"epcList quantityList action persistentDisposition ilmd {_WHY_WHERE}".split()),
    "AggregationEvent": frozenset(f"parentID childEPCs childQuantityList action {_WHY_WHERE}".split()),
    "TransactionEvent": frozenset(f"parentID epcList quantityList action {_WHY_WHERE}".split()),
    "TransformationEvent": frozenset(
        "inputEPCList inputQuantityList outputEPCList outputQuantityList transformationID persistentDisposition "
        f"ilmd {_WHY_WHERE}".split()
    ),
    "AssociationEvent": frozenset(f"parentID childEPCs childQuantityList action {_WHY_WHERE}".split()),
}
DOCUMENT_FIELDS = frozenset(
    [
        "@context", "id", "type", "schemaVersion", "creationDate", "instanceIdentifier", "sender", "receiver",
        "epcisHeader", "epcisBody"
    ]
)  # fmt: skip

# RFC 3986, appendix A: an absolute URI. ASCII only: an IRI's letters are percent-encoded first.
_UNRESERVED, _SUB_DELIMS, _PERCENT = r"A-Za-z0-9\-._~", r"!$&'()*+,;=", r"%[0-9A-Fa-f]{2}"
_PCHAR = rf"(?:[{_UNRESERVED}{_SUB_DELIMS}:@]|{_PERCENT})"
_URI = re.compile(
    r"[A-Za-z][A-Za-z0-9+\-.]*:"  # scheme
    rf"(?://(?:(?:[{_UNRESERVED}{_SUB_DELIMS}:]|{_PERCENT})*@)?"  # "//" userinfo "@"
    rf"(?P<host>\[[^\]]*\]|(?:[{_UNRESERVED}{_SUB_DELIMS}]|{_PERCENT})*)(?::[0-9]*)?(?:/{_PCHAR}*)*"
    rf"|/?(?:{_PCHAR}+(?:/{_PCHAR}*)*)?)"  # or a path without authority: absolute, rootless or empty
    rf"(?:\?(?:{_PCHAR}|[/?])*)?(?:\#(?:{_PCHAR}|[/?])*)?"  # query, fragment
)
_IP_FUTURE = re.compile(rf"v[0-9A-Fa-f]+\.[{_UNRESERVED}{_SUB_DELIMS}:]+")
# RFC 3339 date-time. Upper-case T and Z, at most nine decimals and no leap second: RFC 3339
# allows more, but Django reads a time back only in this form, and every EPCIS example writes it.
_DATE_TIME = re.compile(
    r"[0-9]{4}-(?:0[1-9]|1[0-2])-[0-9]{2}T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]{1,9})?"
    r"(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
)
OFFSET = re.compile(r"[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00)")
UOM = re.compile(r"[A-Z0-9]{2,3}")
_VERSION = re.compile(r"[0-9]+(?:\.[0-9]+)*")
_HEX = re.compile(r"[A-Fa-f0-9]+")
# GS1's schema refuses CBV's own terms written as URIs where a bare term is expected.
_CBV_URI = re.compile(r"urn:epcglobal:cbv|https?://ns\.gs1\.org/cbv/")
_GS1_VOC_URI = re.compile(r"https?://(?:www\.)?gs1\.org/voc/")
_NOT_STORABLE = re.compile("[\x00\ud800-\udfff]")  # jsonb refuses NUL and lone surrogates


class EventInvalid(ValidationError):
    """One event of a document is wrong: ``index`` is its place (from 1), ``event_id`` its ID if any."""

    status = 400

    def __init__(self, index: int, event_id: str, problem: str) -> None:
        label = _("Sự kiện thứ %(n)s") % {"n": index} + (f" ({event_id})" if event_id else "")
        super().__init__("epcis_event_invalid", f"{label}: {problem}", field=f"epcisBody.eventList[{index - 1}]")
        self.index, self.event_id = index, event_id


class DocumentInvalid(ValidationError):
    status = 400


class CaptureTooLarge(DocumentInvalid):
    status = 413  # EPCIS: CaptureLimitExceededException


def is_uri(value: Any) -> bool:
    """An absolute URI as RFC 3986 writes it (``https://…``, ``urn:epc:…``, ``cbvmda:lotNumber``)."""
    if not isinstance(value, str) or len(value) > MAX_URI:
        return False
    match = _URI.fullmatch(value)
    if match is None:
        return False
    host = match.group("host") or ""
    return not host.startswith("[") or _is_ip_literal(host[1:-1])


def _is_ip_literal(text: str) -> bool:
    if _IP_FUTURE.fullmatch(text):
        return True
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return "%" not in text  # Python takes a zone ("fe80::1%eth0"); RFC 3986 does not


def is_time(value: Any) -> bool:
    """An RFC 3339 date-time with its offset, ``2026-11-20T08:00:00+07:00`` or ``…Z``."""
    if not isinstance(value, str) or not _DATE_TIME.fullmatch(value):
        return False
    try:
        moment = parse_datetime(value)
        return moment is not None and moment.astimezone(UTC) is not None
    except (ValueError, OverflowError):  # 30 February; a moment before year 1 or after 9999 in UTC
        return False


def _fits(identifier: str) -> bool:
    """Short enough to be indexed whole (GS1 sets no length; our index column does)."""
    return len(identifier) <= MAX_EPC


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_string(value: Any) -> bool:
    return isinstance(value, str)


def _is_uri_list(value: Any, *, unique: bool = False) -> bool:
    return isinstance(value, list) and all(is_uri(v) for v in value) and (not unique or len(set(value)) == len(value))


def _is_vocabulary(value: Any, terms: Collection[str], *, excluded: re.Pattern[str] = _CBV_URI) -> bool:
    """A term by its bare name, or the URI of a term of another vocabulary."""
    return isinstance(value, str) and (value in terms or (is_uri(value) and not excluded.match(value)))


def _vocabulary(terms: Collection[str], excluded: re.Pattern[str] = _CBV_URI) -> Callable[[Any], bool]:
    return lambda value: _is_vocabulary(value, terms, excluded=excluded)


def _is_context(value: Any) -> bool:
    """JSON-LD ``@context`` as GS1's schema allows it: a URI, an object, or a list of those without repeats."""
    if is_uri(value) or isinstance(value, dict):
        return True
    if not isinstance(value, list) or not all(is_uri(v) or isinstance(v, dict) for v in value):
        return False
    return len({json.dumps(v, sort_keys=True) for v in value}) == len(value)


def _is_fields(
    value: Any,
    checks: Mapping[str, Callable[[Any], bool]],
    required: Collection[str] = (),
    *,
    others: Callable[[str], bool] = is_uri,
) -> bool:
    """An object holding ``required``, each known field passing its check, any other field's name
    passing ``others`` (GS1 lets most objects carry extension fields named by a URI)."""
    return (
        isinstance(value, dict)
        and all(name in value for name in required)
        and all(checks[key](item) if key in checks else others(key) for key, item in value.items())
    )


def _never(_name: str) -> bool:
    return False


def _anything(_name: str) -> bool:
    return True


def _is_list_of(check: Callable[[Any], bool], *, non_empty: bool = False) -> Callable[[Any], bool]:
    return lambda value: isinstance(value, list) and (bool(value) or not non_empty) and all(map(check, value))


def _is_disposition_list(value: Any) -> bool:
    return _is_list_of(_vocabulary(DISPOSITIONS), non_empty=True)(value) and len(set(value)) == len(value)


_LOCATION = {"id": is_uri}
_BIZ_TRANSACTION = {"bizTransaction": is_uri, "type": _vocabulary(BIZ_TRANSACTION_TYPES)}
_PERSISTENT_DISPOSITION = {"set": _is_disposition_list, "unset": _is_disposition_list}
_ERROR_DECLARATION = {
    "declarationTime": is_time,
    "reason": _vocabulary(ERROR_REASONS),
    "correctiveEventIDs": _is_uri_list,
}
_SENSOR_METADATA = {
    **dict.fromkeys(("time", "startTime", "endTime"), is_time),
    **dict.fromkeys(("deviceID", "deviceMetadata", "rawData", "dataProcessingMethod", "bizRules"), is_uri),
}
_SENSOR_REPORT = {
    "type": _vocabulary(MEASUREMENT_TYPES, _GS1_VOC_URI),
    "exception": _vocabulary(SENSOR_ALERTS, _GS1_VOC_URI),
    "time": is_time,
    "component": _vocabulary(COMPONENTS),
    "stringValue": _is_string,
    "uom": _is_string,
    "booleanValue": lambda value: isinstance(value, bool),
    "hexBinaryValue": lambda value: isinstance(value, str) and bool(_HEX.fullmatch(value)),
    **dict.fromkeys(
        (
            "deviceID",
            "deviceMetadata",
            "rawData",
            "dataProcessingMethod",
            "bizRules",
            "microorganism",
            "chemicalSubstance",
            "coordinateReferenceSystem",
            "uriValue",
        ),
        is_uri,
    ),
    **dict.fromkeys(("value", "minValue", "maxValue", "meanValue", "sDev", "percRank", "percValue"), _is_number),
}


def _is_sensor_element(value: Any) -> bool:
    return _is_fields(
        value,
        {
            "sensorMetadata": lambda metadata: _is_fields(metadata, _SENSOR_METADATA),
            "sensorReport": _is_list_of(lambda report: _is_fields(report, _SENSOR_REPORT, ("type",)), non_empty=True),
        },
        ("sensorReport",),
    )


def _is_master_data(value: Any) -> bool:
    attribute = {"id": is_uri, "attribute": lambda v: _is_number(v) or isinstance(v, str | dict)}
    element = {
        "id": is_uri,
        "attributes": _is_list_of(lambda a: _is_fields(a, attribute, ("id",), others=_anything)),
        "children": _is_uri_list,
    }
    vocabulary = {
        "type": is_uri,
        "vocabularyElementList": _is_list_of(lambda e: _is_fields(e, element, ("id",), others=_anything)),
    }
    return _is_fields(
        value,
        {"vocabularyList": _is_list_of(lambda v: _is_fields(v, vocabulary, ("type",), others=_anything))},
        others=_anything,
    )


def _storable_check(document: Any) -> None:
    """Refuse what JSON allows but we cannot keep: NUL characters and lone surrogates (jsonb
    refuses them), NaN and infinite numbers (JSON has none; Python's reader makes them), and
    nesting deeper than ``MAX_DEPTH``."""
    pending: list[tuple[Any, int]] = [(document, 0)]
    while pending:
        value, depth = pending.pop()
        if depth > MAX_DEPTH:
            raise DocumentInvalid("epcis_document_invalid", _("Tài liệu lồng nhau quá sâu."))
        if isinstance(value, dict):
            pending.extend((item, depth + 1) for pair in value.items() for item in pair)
        elif isinstance(value, list):
            pending.extend((item, depth + 1) for item in value)
        elif isinstance(value, str) and _NOT_STORABLE.search(value):
            raise DocumentInvalid(
                "epcis_document_invalid", _("Tài liệu có ký tự không hợp lệ (NUL hoặc mã UTF-16 lẻ).")
            )
        elif isinstance(value, float) and not math.isfinite(value):
            raise DocumentInvalid("epcis_document_invalid", _("Tài liệu có số không hữu hạn (NaN, Infinity)."))


def document_events(document: Any) -> list[dict[str, Any]]:
    """The events of a capture document, every one checked. Raises DocumentInvalid for the
    document's own shape, CaptureTooLarge over ``MAX_EVENTS``, EventInvalid naming the first bad event."""

    def bad(message: str, code: str = "epcis_document_invalid") -> DocumentInvalid:
        return DocumentInvalid(code, message)

    if not isinstance(document, dict):
        raise bad(_("Tài liệu phải là một EPCISDocument dạng JSON."))
    _storable_check(document)
    if document.get("type") != "EPCISDocument":
        raise bad(_("Trường type của tài liệu phải là EPCISDocument."))
    if "@context" not in document:
        raise bad(_("Tài liệu thiếu @context (ngữ cảnh JSON-LD của GS1)."))
    if not _is_context(document["@context"]):
        raise bad(_("@context phải là URI, đối tượng, hoặc danh sách các URI và đối tượng không trùng nhau."))
    version = document.get("schemaVersion")
    if not (isinstance(version, str) and _VERSION.fullmatch(version) and version in ("2.0", "2")):
        raise bad(_('Chỉ nhận EPCIS phiên bản 2.0 (schemaVersion "2.0").'), "epcis_version_unsupported")
    if not is_time(document.get("creationDate")):
        raise bad(_("creationDate phải là thời điểm có múi giờ, ví dụ 2026-11-20T08:00:00+07:00."))
    if unknown := [key for key in document if key not in DOCUMENT_FIELDS and not is_uri(key)]:
        raise bad(_("Trường không có trong EPCIS: %(f)s") % {"f": unknown[0]})
    header_checks = {
        "id": is_uri,
        "instanceIdentifier": _is_string,
        "sender": _is_string,
        "receiver": _is_string,
        "epcisHeader": lambda header: _is_fields(header, {"epcisMasterData": _is_master_data}),
    }
    for name, check in header_checks.items():
        if name in document and not check(document[name]):
            raise bad(_("Trường %(f)s của tài liệu không đúng dạng EPCIS 2.0.") % {"f": name})
    body = document.get("epcisBody")
    events = body.get("eventList") if isinstance(body, dict) else None
    if not isinstance(events, list) or not events:
        raise bad(_("epcisBody.eventList phải là danh sách sự kiện."))
    if len(events) > MAX_EVENTS:
        raise CaptureTooLarge("epcis_too_many_events", _("Mỗi lần gửi tối đa %(max)s sự kiện.") % {"max": MAX_EVENTS})
    for index, event in enumerate(events, start=1):
        event_check(event, index=index)
    return events


def event_check(event: Any, *, index: int) -> None:
    """Raise EventInvalid unless ``event`` is an EPCIS 2.0 event GS1's schema accepts and we capture."""
    event_id = str(event.get("eventID", ""))[:MAX_EVENT_ID] if isinstance(event, dict) else ""

    def bad(problem: str) -> EventInvalid:
        return EventInvalid(index, event_id, problem)

    if not isinstance(event, dict):
        raise bad(_("không phải một đối tượng JSON."))
    kind = event.get("type")
    # GS1 also allows an event of an extension type named by a URI; we capture the five standard types.
    if kind not in EVENT_TYPES:
        raise bad(_("type phải là một trong %(types)s.") % {"types": ", ".join(EVENT_TYPES)})
    allowed = COMMON_FIELDS | EVENT_FIELDS[kind]
    if unknown := [key for key in event if key not in allowed and not is_uri(key)]:
        raise bad(
            _("trường %(f)s không có trong %(type)s (trường mở rộng cần tiền tố, ví dụ cp:ghiChu).")
            % {"f": unknown[0], "type": kind}
        )
    _when_check(event, bad)
    _what_check(kind, event, bad)
    _why_where_check(event, bad)


def _when_check(event: dict[str, Any], bad: Callable[[str], EventInvalid]) -> None:
    if "eventTime" not in event:
        raise bad(_("thiếu eventTime."))
    for name in ("eventTime", "recordTime"):
        if name in event and not is_time(event[name]):
            raise bad(_("%(f)s phải là thời điểm có múi giờ, ví dụ 2026-11-20T08:00:00+07:00.") % {"f": name})
    if not (isinstance(event.get("eventTimeZoneOffset"), str) and OFFSET.fullmatch(event["eventTimeZoneOffset"])):
        raise bad(_("eventTimeZoneOffset phải có dạng +07:00 (từ -14:00 đến +14:00)."))
    if "eventID" in event and not (is_uri(event["eventID"]) and len(event["eventID"]) <= MAX_EVENT_ID):
        raise bad(_("eventID phải là một URI, dài tối đa %(max)s ký tự.") % {"max": MAX_EVENT_ID})
    if "@context" in event and not _is_context(event["@context"]):
        raise bad(_("@context của sự kiện không đúng dạng JSON-LD."))
    if "errorDeclaration" in event and not _is_fields(
        event["errorDeclaration"], _ERROR_DECLARATION, ["declarationTime"]
    ):
        raise bad(_("errorDeclaration phải có declarationTime, và reason, correctiveEventIDs đúng dạng."))
    certification = event.get("certificationInfo")
    if "certificationInfo" in event and not (is_uri(certification) or _is_uri_list(certification)):
        raise bad(_("certificationInfo phải là một URI hoặc danh sách URI."))


def _what_check(kind: str, event: dict[str, Any], bad: Callable[[str], EventInvalid]) -> None:
    """The identifiers and quantities, and which of them each type of event must have."""
    if kind in NEEDS_ACTION and event.get("action") not in ACTIONS:
        raise bad(_("action phải là ADD, OBSERVE hoặc DELETE."))
    for name in ("epcList", "inputEPCList", "outputEPCList", "childEPCs"):
        # GS1's schema lets childEPCs repeat an identifier; a unit packed twice is a mistake to us.
        if name in event and not (_is_uri_list(event[name], unique=True) and all(map(_fits, event[name]))):
            raise bad(
                _("%(f)s phải là danh sách URI không trùng nhau, mỗi URI tối đa %(max)s ký tự.")
                % {"f": name, "max": MAX_EPC}
            )
    for name in ("quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList"):
        if name in event:
            _quantities_check(event[name], name, bad)
    for name in ("parentID", "transformationID"):
        if name in event and not (is_uri(event[name]) and _fits(event[name])):
            raise bad(_("%(f)s phải là một URI, tối đa %(max)s ký tự.") % {"f": name, "max": MAX_EPC})
    if "ilmd" in event and not _is_fields(event["ilmd"], {}):
        raise bad(_("ilmd phải là đối tượng với các trường có tiền tố (ví dụ cbvmda:bestBeforeDate)."))
    action = event.get("action")
    if kind == "ObjectEvent":
        sensed = bool(event.get("sensorElementList")) and "readPoint" in event
        if "epcList" not in event and not event.get("quantityList") and not sensed:
            raise bad(_("ObjectEvent cần epcList, quantityList, hoặc sensorElementList cùng readPoint."))
        if "ilmd" in event and action != "ADD":
            raise bad(_("ilmd chỉ đi với action ADD."))
    elif kind == "TransactionEvent":
        if not event.get("bizTransactionList"):
            raise bad(_("TransactionEvent cần bizTransactionList có ít nhất một giao dịch."))
        if "epcList" not in event and not event.get("quantityList") and action != "DELETE":
            raise bad(_("TransactionEvent cần epcList hoặc quantityList."))
    elif kind in ("AggregationEvent", "AssociationEvent"):
        if kind == "AssociationEvent" and "parentID" not in event:
            raise bad(_("AssociationEvent cần parentID."))
        if not event.get("childEPCs") and not event.get("childQuantityList") and action != "DELETE":
            raise bad(_("%(type)s cần childEPCs hoặc childQuantityList.") % {"type": kind})
    else:
        inputs = bool(event.get("inputEPCList") or event.get("inputQuantityList"))
        outputs = bool(event.get("outputEPCList") or event.get("outputQuantityList"))
        if not (inputs and outputs) and not ("transformationID" in event and (inputs or outputs)):
            raise bad(_("TransformationEvent cần đầu vào và đầu ra (hoặc transformationID với một trong hai)."))


def _why_where_check(event: dict[str, Any], bad: Callable[[str], EventInvalid]) -> None:
    if "bizStep" in event and not (
        _is_vocabulary(event["bizStep"], BIZ_STEPS) and len(event["bizStep"]) <= MAX_BIZ_STEP
    ):
        raise bad(_('bizStep "%(v)s" không có trong từ vựng CBV 2.0.') % {"v": event["bizStep"]})
    if "disposition" in event and not _is_vocabulary(event["disposition"], DISPOSITIONS):
        raise bad(_('disposition "%(v)s" không có trong từ vựng CBV 2.0.') % {"v": event["disposition"]})
    for name in ("readPoint", "bizLocation"):
        if name in event and not _is_fields(event[name], _LOCATION, ("id",), others=_anything):
            raise bad(_("%(f)s phải có id là một URI.") % {"f": name})
    structures: dict[str, Callable[[Any], bool]] = {
        "persistentDisposition": lambda v: bool(v) and _is_fields(v, _PERSISTENT_DISPOSITION, others=_never),
        "bizTransactionList": _is_list_of(
            lambda v: _is_fields(v, _BIZ_TRANSACTION, ("bizTransaction",), others=_never)
        ),
        "sourceList": _is_list_of(lambda v: _is_fields(v, _typed("source"), ("type", "source"), others=_never)),
        "destinationList": _is_list_of(
            lambda v: _is_fields(v, _typed("destination"), ("type", "destination"), others=_never)
        ),
        "sensorElementList": _is_list_of(_is_sensor_element),
    }
    for name, check in structures.items():
        if name in event and not check(event[name]):
            raise bad(_("%(f)s không đúng dạng EPCIS 2.0.") % {"f": name})


def _typed(name: str) -> dict[str, Callable[[Any], bool]]:
    return {"type": _vocabulary(SOURCE_DESTINATION_TYPES), name: is_uri}


def _quantities_check(values: Any, name: str, bad: Callable[[str], EventInvalid]) -> None:
    if not isinstance(values, list):
        raise bad(_("%(f)s phải là danh sách.") % {"f": name})
    for item in values:
        if not isinstance(item, dict) or not (is_uri(item.get("epcClass")) and _fits(item["epcClass"])):
            raise bad(
                _("mỗi phần tử của %(f)s cần epcClass là một URI, tối đa %(max)s ký tự.") % {"f": name, "max": MAX_EPC}
            )
        if set(item) - {"epcClass", "quantity", "uom"}:
            raise bad(_("phần tử của %(f)s chỉ có epcClass, quantity, uom.") % {"f": name})
        # GS1's schema takes any number; a negative amount of honey is a mistake to us.
        if "quantity" in item and not (_is_number(item["quantity"]) and item["quantity"] >= 0):
            raise bad(_("quantity phải là số không âm."))
        if "uom" in item and not (isinstance(item["uom"], str) and UOM.fullmatch(item["uom"])):
            raise bad(_("uom phải là mã đơn vị UN/ECE, ví dụ KGM."))
