"""The EPCIS Event Hash ID (GS1 CBV 2.0, "Event Hash ID"): one name for an event however it was written.

Two captures of the same event give the same ID even if they differ in key order, in the offset
eventTime is written in, in how an EPC is written (EPC URN or GS1 Digital Link, any domain), in the
order of a list, or in recordTime, eventID and errorDeclaration, which the standard leaves out. So a
duplicate capture is recognised by its ID. The ID is ``ni:///sha-256;<hex>?ver=CBV2.0`` (RFC 6920)
over a *pre-hash string*: the event's fields in a canonical order, each written ``name=value``, with no
separators, lists sorted, values canonicalised.

Where the standard's prose and the hash values published by its reference implementation
(github.com/RalphTro/epcis-event-hash-generator, the examples under ``tests/examples``) disagree, we
follow the published values, so that our IDs are those other tools are checked against:

- The standard fields are written in the reference's order, which has parentID before epcList and
  sensorElementList right after bizLocation. After them come bizTransactionList, sourceList,
  destinationList, ilmd and the event's own extension fields, each written out and then sorted as
  strings. That puts destinationList before sourceList and ilmd between them (the prose lists
  source, destination, sensorElementList, ilmd, extensions). No published example has both parentID
  and epcList, so that one order is the reference's code, not a checked value.
- In a bizTransaction, source or destination the type comes first (``type=…bizTransaction=…``); the
  prose says it follows the value.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any
from urllib.parse import quote, unquote, urlsplit

__all__ = ["event_hash_id", "event_pre_hash"]

_HASH_ID_PREFIX = "ni:///sha-256;"
_HASH_ID_VERSION = "?ver=CBV2.0"

# The prefixes the EPCIS 2.0 JSON-LD context defines; every EPCIS document starts from that context.
_STANDARD_PREFIXES = {
    "epcis": "https://ref.gs1.org/epcis/",
    "cbv": "https://ref.gs1.org/cbv/",
    "cbvmda": "urn:epcglobal:cbv:mda:",
    "gs1": "https://gs1.org/voc/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dcterms": "http://purl.org/dc/terms/",
}
_CBV = "https://ref.gs1.org/cbv/"
_GS1_VOCABULARY = "https://gs1.org/voc/"
# Standard vocabulary written as EPCIS 1.x URNs is written as its CBV 2.0 web URI.
_CBV_URNS = {
    "urn:epcglobal:cbv:bizstep:": _CBV + "BizStep-",
    "urn:epcglobal:cbv:disp:": _CBV + "Disp-",
    "urn:epcglobal:cbv:btt:": _CBV + "BTT-",
    "urn:epcglobal:cbv:sdt:": _CBV + "SDT-",
    "urn:epcglobal:cbv:er:": _CBV + "ER-",
}
_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_TIMESTAMP = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?([Zz]|[+-][0-9]{2}:[0-9]{2})"
)
# JSON-LD's stand-in for an XML comment, which carries nothing of the event (as the reference does).
_COMMENTS = frozenset({"comment", "rdfs:comment"})
# Left out by the standard; "type" is written first, as eventType, and "id" is eventID by another name
# (both are JSON-LD's @id in the EPCIS context).
_NOT_HASHED = frozenset({"type", "id", "eventID", "recordTime", "errorDeclaration", "@context"})


def event_hash_id(event: Mapping[str, Any], *, context: Mapping[str, str] | None = None) -> str:
    """The EPCIS Event Hash ID of ``event``: ``"ni:///sha-256;" + 64 lowercase hex digits + "?ver=CBV2.0"``.

    ``event`` is one EPCIS 2.0 event in its JSON-LD form, as parsed from JSON (not a whole EPCIS
    document). ``context`` maps the namespace prefixes of extension fields to their IRIs, e.g.
    ``{"cp": "https://chophien.vn/ns/epcis/"}``; the prefix-to-IRI objects in the event's own
    ``@context`` are read too, and win over ``context``. Equal for every capture of the same event
    (see the module docstring); the event is not modified. Raises ``ValueError`` when the event has
    no ``type``, or when a standard field that holds one value (bizStep, an EPC, a quantity …)
    holds an object or a nested list.
    """
    digest = hashlib.sha256(event_pre_hash(event, context=context).encode("utf-8")).hexdigest()
    return _HASH_ID_PREFIX + digest + _HASH_ID_VERSION


def event_pre_hash(event: Mapping[str, Any], *, context: Mapping[str, str] | None = None) -> str:
    """The canonical pre-hash string of ``event``, whose SHA-256 is its Event Hash ID.

    Same arguments and errors as ``event_hash_id``. Meant for tests and for finding out why two
    events that should be the same are not: compare their pre-hash strings.
    """
    if not isinstance(event, Mapping):
        raise ValueError("an EPCIS event is a JSON object")
    event_type = event.get("type")
    if not isinstance(event_type, str) or not event_type.strip():
        raise ValueError("an EPCIS event needs its type (ObjectEvent, AggregationEvent …)")
    names = _Names(_prefixes(event.get("@context"), context))
    ordered = "".join(render(names, key, event[key]) for key, render in _EVENT_FIELDS if key in event)
    rest = [
        entry
        for key, value in event.items()
        if key not in _EVENT_FIELD_NAMES and key not in _NOT_HASHED and key not in _COMMENTS
        for entry in _SORTED_FIELDS.get(key, _extension_entries)(names, key, value)
    ]
    return "eventType=" + event_type.strip() + ordered + "".join(sorted(rest))


def _prefixes(declared: Any, extra: Mapping[str, str] | None) -> dict[str, str]:
    prefixes = dict(_STANDARD_PREFIXES)
    prefixes.update(extra or {})
    for entry in declared if isinstance(declared, list) else [declared]:
        if not isinstance(entry, Mapping):
            continue  # the URL of a remote context, such as the standard one
        for prefix, definition in entry.items():
            iri = definition.get("@id") if isinstance(definition, Mapping) else definition
            if isinstance(prefix, str) and not prefix.startswith("@") and isinstance(iri, str) and iri[:1] != "@":
                prefixes[prefix] = iri
    return prefixes


@dataclass(frozen=True)
class _Names:
    """How names and values are written in the pre-hash string, given the prefixes in force."""

    prefixes: Mapping[str, str]

    def key(self, key: str) -> str:
        """An extension field's name as ``{namespace}local``, whether written as a CURIE or a full IRI."""
        prefix, colon, local = key.partition(":")
        if colon and prefix in self.prefixes and not local.startswith("//"):
            return "{" + self.prefixes[prefix] + "}" + local
        if "://" in key or key.startswith("urn:"):
            cut = key.rfind(":") if key.startswith("urn:") else max(key.rfind("/"), key.rfind("#"))
            if 0 < cut < len(key) - 1:
                return "{" + key[: cut + 1] + "}" + key[cut + 1 :]
        return key

    def text(self, value: Any) -> str:
        """A value as written: trimmed, CURIEs and CBV URNs expanded, numbers and GS1 keys canonical."""
        if value is None:
            return ""
        if isinstance(value, Mapping | list | tuple):
            # Its str() would follow key order; a field that holds one value cannot hold this.
            raise ValueError(f"a single value was expected, not {value!r}")
        if isinstance(value, bool):
            return "true" if value else "false"  # the XML form; the reference writes Python's True
        if isinstance(value, int):
            return str(value)
        if isinstance(value, float):
            return _number(Decimal(repr(value))) if value == value and abs(value) != float("inf") else repr(value)
        text = str(value).strip()
        prefix, colon, local = text.partition(":")
        if colon and prefix in self.prefixes and not local.startswith("//"):
            text = self.prefixes[prefix] + local
        for urn, web_uri in _CBV_URNS.items():
            if text.startswith(urn):
                text = web_uri + text[len(urn) :]
        if _NUMBER.fullmatch(text):
            return _number(Decimal(text))
        return _gs1_canonical(text)


def _number(number: Decimal) -> str:
    """No trailing zeros, no exponent: 600.0 is "600", 0.30 is "0.3".

    The reference formats through a float (so 1e-05 for 0.00001 and rounding past 15 digits); we keep
    the decimal exact and plain, which agrees with it on every ordinary quantity.
    """
    if number.is_zero():
        return "0"
    return format(number.normalize(), "f")


def _utc_milliseconds(text: str) -> str | None:
    """An xsd:dateTimeStamp in UTC to the millisecond (``…T10:00:30.000Z``), or None if it is not one.

    A 4th decimal of 5 to 9 rounds the 3rd up, as the standard says (the reference rounds half to
    even, which differs only when nothing follows that 5). A time without an offset is not an
    xsd:dateTimeStamp: it is left as written rather than read in some server's local time.
    """
    match = _TIMESTAMP.fullmatch(text)
    if not match:
        return None
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    fraction = fraction or ""
    milliseconds = int(fraction[:3].ljust(3, "0")) + (1 if fraction[3:4] >= "5" else 0)
    try:
        if offset in ("Z", "z"):
            zone = UTC
        else:
            sign = 1 if offset[0] == "+" else -1
            zone = timezone(sign * timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6])))
        local = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second), tzinfo=zone)
        moment = (local + timedelta(milliseconds=milliseconds)).astimezone(UTC)
    except (ValueError, OverflowError):
        return None
    return (
        f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T{moment.hour:02d}:{moment.minute:02d}:"
        f"{moment.second:02d}.{moment.microsecond // 1000:03d}Z"
    )


# ---- GS1 keys: EPC URNs and GS1 Digital Link URIs become constrained canonical Digital Links -----

_DIGITAL_LINK = "https://id.gs1.org"
# Characters a Digital Link path must percent-encode (GS1 Digital Link 1.2, table 7-1), and the
# ones an EPC URN escapes.
_ESCAPED = frozenset(' !"#%&()*+,/:<>?')


class _NotAKey(Exception):
    """The text has the shape of a GS1 key but not its content; it is then left as written."""


def _gs1_canonical(text: str) -> str:
    """The constrained canonical GS1 Digital Link for an EPC URN or a Digital Link; other text unchanged."""
    try:
        if text.startswith("urn:epc:"):
            return _DIGITAL_LINK + _epc_urn_path(text)
        if text[:5].lower() in ("http:", "https"):
            return _DIGITAL_LINK + _digital_link_path(text)
    except _NotAKey:
        pass
    return text


def _escape(raw: str) -> str:
    """One Digital Link path value, percent-encoded the same whichever form it came from."""
    return "".join(quote(c, safe="") if c in _ESCAPED or ord(c) > 126 else c for c in unquote(raw))


def _check_digit(digits: str) -> str:
    total = sum(int(digit) * (3 if position % 2 == 0 else 1) for position, digit in enumerate(reversed(digits)))
    return str(-total % 10)


def _fields(body: str, count: int) -> list[str]:
    fields = body.split(".", count - 1)
    if len(fields) != count or not re.fullmatch(r"[0-9]{6,12}", fields[0]):
        raise _NotAKey
    return fields


def _digits(text: str, length: int) -> str:
    if not re.fullmatch(r"[0-9]*", text) or len(text) != length:
        raise _NotAKey
    return text


def _with_check(company_prefix: str, reference: str, length: int) -> str:
    """A key of ``length + 1`` digits: company prefix, then reference, then check digit."""
    key = company_prefix + _digits(reference, length - len(company_prefix))
    return key + _check_digit(key)


def _indicator_first(company_prefix: str, reference: str, length: int) -> str:
    """A GTIN or SSCC: the reference's first digit (indicator, extension) goes before the company prefix."""
    _digits(reference, length - len(company_prefix))
    key = reference[:1] + company_prefix + reference[1:]
    return key + _check_digit(key)


def _epc_urn_path(urn: str) -> str:
    """The Digital Link path of an EPC URN, EPC class URN or whole-class EPC pattern (EPC TDS 2.x)."""
    kind, _, rest = urn.removeprefix("urn:epc:").partition(":")
    scheme, _, body = rest.partition(":")
    match kind, scheme:
        case "id", "sgtin":
            cp, item, serial = _fields(body, 3)
            return f"/01/{_indicator_first(cp, item, 13)}/21/{_escape(serial)}"
        case "class", "lgtin":
            cp, item, lot = _fields(body, 3)
            return f"/01/{_indicator_first(cp, item, 13)}/10/{_escape(lot)}"
        case "id", "sscc":
            cp, serial = _fields(body, 2)
            return f"/00/{_indicator_first(cp, serial, 17)}"
        case "id", "sgln":
            cp, location, extension = _fields(body, 3)
            gln = _with_check(cp, location, 12)
            return f"/414/{gln}" if extension == "0" else f"/414/{gln}/254/{_escape(extension)}"
        case "id", "pgln":
            cp, party = _fields(body, 2)
            return f"/417/{_with_check(cp, party, 12)}"
        case "id", "grai":
            cp, asset_type, serial = _fields(body, 3)
            return f"/8003/{_with_check('0' + cp, asset_type, 13)}{_escape(serial)}"
        case "id", "giai":
            cp, asset = _fields(body, 2)
            return f"/8004/{cp}{_escape(asset)}"
        case "id", "gsrn":
            cp, service = _fields(body, 2)
            return f"/8018/{_with_check(cp, service, 17)}"
        case "id", "gsrnp":
            cp, service = _fields(body, 2)
            return f"/8017/{_with_check(cp, service, 17)}"
        case "id", "gdti":
            cp, document_type, serial = _fields(body, 3)
            return f"/253/{_with_check(cp, document_type, 12)}{_escape(serial)}"
        case "id", "sgcn":
            cp, coupon, serial = _fields(body, 3)
            return f"/255/{_with_check(cp, coupon, 12)}{_digits(serial, len(serial))}"
        case "id", "cpi":
            cp, part, serial = _fields(body, 3)
            return f"/8010/{cp}{_escape(part)}/8011/{_digits(serial, len(serial))}"
        case "id", "ginc":
            cp, consignment = _fields(body, 2)
            return f"/401/{cp}{_escape(consignment)}"
        case "id", "gsin":
            cp, shipper = _fields(body, 2)
            return f"/402/{_with_check(cp, shipper, 16)}"
        case "id", "itip":
            cp, item, piece, total, serial = _fields(body, 5)
            pieces = _digits(piece, 2) + _digits(total, 2)
            return f"/8006/{_indicator_first(cp, item, 13)}{pieces}/21/{_escape(serial)}"
        case "id", "upui":
            cp, item, third_party = _fields(body, 3)
            return f"/01/{_indicator_first(cp, item, 13)}/235/{_escape(third_party)}"
        case "idpat", "sgtin" | "upui":
            cp, item, star = _fields(body, 3)
            return f"/01/{_indicator_first(cp, item, 13)}" if star == "*" else _not_a_key()
        case "idpat", "grai":
            cp, asset_type, star = _fields(body, 3)
            return f"/8003/{_with_check('0' + cp, asset_type, 13)}" if star == "*" else _not_a_key()
        case "idpat", "gdti":
            cp, document_type, star = _fields(body, 3)
            return f"/253/{_with_check(cp, document_type, 12)}" if star == "*" else _not_a_key()
        case "idpat", "sgcn":
            cp, coupon, star = _fields(body, 3)
            return f"/255/{_with_check(cp, coupon, 12)}" if star == "*" else _not_a_key()
        case "idpat", "cpi":
            cp, part, star = _fields(body, 3)
            return f"/8010/{cp}{_escape(part)}" if star == "*" else _not_a_key()
        case "idpat", "itip":
            cp, item, piece, total, star = _fields(body, 5)
            pieces = _digits(piece, 2) + _digits(total, 2)
            return f"/8006/{_indicator_first(cp, item, 13)}{pieces}" if star == "*" else _not_a_key()
    raise _NotAKey


def _not_a_key() -> str:
    raise _NotAKey


# Digital Link short names (GS1 Digital Link 1.2, which the reference reads too) and their AIs.
_SHORT_NAMES = {
    "gtin": "01", "itip": "8006", "cpid": "8010", "gln": "414", "party": "417", "gsrnp": "8017",
    "gsrn": "8018", "gcn": "255", "sscc": "00", "gdti": "253", "ginc": "401", "gsin": "402",
    "grai": "8003", "giai": "8004", "cpv": "22", "lot": "10", "ser": "21",
}  # fmt: skip
# The primary keys, each with the shape its value must have for the path to be read as a GS1 key.
_PRIMARY_KEYS = {
    "00": r"[0-9]{18}", "01": r"[0-9]{8}|[0-9]{12,14}", "253": r"[0-9]{13}.{0,17}", "255": r"[0-9]{13,25}",
    "401": r"[0-9]{4}.*", "402": r"[0-9]{17}", "414": r"[0-9]{13}", "417": r"[0-9]{13}", "8003": r"[0-9]{14}.*",
    "8004": r"[0-9]{4}.*", "8006": r"[0-9]{18}", "8010": r"[0-9]{4}.*", "8017": r"[0-9]{18}", "8018": r"[0-9]{18}",
}  # fmt: skip
# Only the finest level of identification stays, and only these qualifiers: a serial wins over a lot,
# and a consumer product variant (22) or any data attribute is dropped.
_KEPT_QUALIFIERS = {"01": ("21", "10", "235"), "8006": ("21", "10"), "414": ("254",), "8010": ("8011",)}


def _digital_link_path(uri: str) -> str:
    """The constrained canonical path of a GS1 Digital Link on any domain; raises _NotAKey otherwise."""
    parts = urlsplit(uri)
    segments = [segment for segment in parts.path.split("/") if segment]
    for position in range(len(segments) - 1):
        key = _SHORT_NAMES.get(segments[position], segments[position])
        value = unquote(segments[position + 1])
        if key in _PRIMARY_KEYS and re.fullmatch(_PRIMARY_KEYS[key], value):
            break
    else:
        raise _NotAKey
    qualifiers = segments[position + 2 :]
    if len(qualifiers) % 2:
        raise _NotAKey
    given = {_SHORT_NAMES.get(qualifiers[i], qualifiers[i]): qualifiers[i + 1] for i in range(0, len(qualifiers), 2)}
    path = f"/{key}/{_escape(value.zfill(14) if key == '01' else value)}"
    kept = next((qualifier for qualifier in _KEPT_QUALIFIERS.get(key, ()) if qualifier in given), None)
    return path + (f"/{kept}/{_escape(given[kept])}" if kept else "")


# ---- The pre-hash string, field by field ---------------------------------------------------------

_Render = Callable[[_Names, str, Any], str]


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else [value]


def _pair(name: str, text: str) -> str:
    return f"{name}={text}" if text else ""


def _scalar(names: _Names, name: str, value: Any) -> str:
    return "".join(sorted(_pair(name, names.text(item)) for item in _as_list(value)))


def _time(names: _Names, name: str, value: Any) -> str:
    text = str(value).strip() if value is not None else ""
    return _pair(name, _utc_milliseconds(text) or text)


def _vocabulary(base: str) -> _Render:
    """A field whose JSON-LD value may be a bare standard term: ``shipping`` is ``<base>shipping``.

    Any colon-free value is taken for a term of the standard vocabulary, as the EPCIS 2.0 JSON schema
    allows no other bare string there (the reference expands only the terms its context lists).
    """

    def render(names: _Names, name: str, value: Any) -> str:
        texts = (names.text(item) for item in _as_list(value))
        return "".join(sorted(_pair(name, base + text if text and ":" not in text else text) for text in texts))

    return render


def _structure(names: _Names, name: str, value: Any, fields: Sequence[tuple[str, _Render]]) -> str:
    """A standard object: its name, its fields in the standard order, then its extensions, sorted."""
    if not isinstance(value, Mapping):
        value = {fields[0][0]: value}  # readPoint: "urn:…" for readPoint: {"id": "urn:…"}
    known = {field for field, _ in fields}
    body = "".join(render(names, field, value[field]) for field, render in fields if field in value)
    extensions = (
        entry
        for key, item in value.items()
        if key not in known and key not in _COMMENTS and key != "@context"
        for entry in _extension_entries(names, key, item)
    )
    body += "".join(sorted(extensions))
    return name + body if body else ""


def _objects(element: str, fields: Sequence[tuple[str, _Render]]) -> _Render:
    """A list of standard objects, each written as ``element`` and its fields, sorted; once named."""

    def render(names: _Names, name: str, value: Any) -> str:
        items = sorted(filter(None, (_structure(names, element, item, fields) for item in _as_list(value))))
        return name + "".join(items) if items else ""

    return render


def _epcs(names: _Names, name: str, value: Any) -> str:
    items = sorted(filter(None, (_pair("epc", names.text(item)) for item in _as_list(value))))
    return name + "".join(items) if items else ""


def _object(fields: Sequence[tuple[str, _Render]]) -> _Render:
    def render(names: _Names, name: str, value: Any) -> str:
        return _structure(names, name, value, fields)

    return render


def _repeated(render_one: _Render) -> _Render:
    """A field that may appear more than once (sensorReport): each written whole, then sorted."""

    def render(names: _Names, name: str, value: Any) -> str:
        return "".join(sorted(render_one(names, name, item) for item in _as_list(value)))

    return render


def _extension_entries(names: _Names, key: str, value: Any) -> Iterator[str]:
    """An extension field written ``{namespace}local=value``, or its name then its own fields, sorted.

    A list gives one entry per element, sorted with the field's siblings. An empty value still names
    the field, as the reference does: an extension that is there is part of the event.
    """
    if isinstance(value, list | tuple):
        for item in value:
            yield from _extension_entries(names, key, item)
        return
    name = names.key(key)
    if isinstance(value, Mapping):
        children = (
            entry
            for child_key, child in value.items()
            if child_key not in _COMMENTS and child_key != "@context"
            for entry in _extension_entries(names, child_key, child)
        )
        yield name + "".join(sorted(children))
        return
    text = names.text(value)
    yield f"{name}={text}" if text else name


def _ilmd(names: _Names, name: str, value: Any) -> Iterator[str]:
    if isinstance(value, Mapping):
        entries = sorted(entry for key, item in value.items() for entry in _extension_entries(names, key, item))
        if entries:
            yield name + "".join(entries)


def _typed_list(value_key: str, type_base: str) -> Callable[[_Names, str, Any], Iterator[str]]:
    render = _objects("", (("type", _vocabulary(type_base)), (value_key, _scalar)))

    def entries(names: _Names, name: str, value: Any) -> Iterator[str]:
        text = render(names, name, value)
        if text:
            yield text

    return entries


_QUANTITY = (("epcClass", _scalar), ("quantity", _scalar), ("uom", _scalar))
_LOCATION = (("id", _scalar),)
_SENSOR_METADATA = (
    ("time", _time), ("startTime", _time), ("endTime", _time), ("deviceID", _scalar),
    ("deviceMetadata", _scalar), ("rawData", _scalar), ("dataProcessingMethod", _scalar), ("bizRules", _scalar),
)  # fmt: skip
_SENSOR_REPORT = (
    ("type", _vocabulary(_GS1_VOCABULARY)), ("exception", _vocabulary(_GS1_VOCABULARY)), ("deviceID", _scalar),
    ("deviceMetadata", _scalar), ("rawData", _scalar), ("dataProcessingMethod", _scalar), ("time", _time),
    ("microorganism", _scalar), ("chemicalSubstance", _scalar), ("value", _scalar),
    ("component", _vocabulary(_CBV + "Comp-")), ("stringValue", _scalar), ("booleanValue", _scalar),
    ("hexBinaryValue", _scalar), ("uriValue", _scalar), ("minValue", _scalar), ("maxValue", _scalar),
    ("meanValue", _scalar), ("sDev", _scalar), ("percRank", _scalar), ("percValue", _scalar), ("uom", _scalar),
    ("coordinateReferenceSystem", _scalar),
)  # fmt: skip
_SENSOR_ELEMENT = (("sensorMetadata", _object(_SENSOR_METADATA)), ("sensorReport", _repeated(_object(_SENSOR_REPORT))))
_DISPOSITION = _vocabulary(_CBV + "Disp-")

# The standard fields in the reference implementation's order (see the module docstring).
_EVENT_FIELDS: tuple[tuple[str, _Render], ...] = (
    ("eventTime", _time),
    ("eventTimeZoneOffset", _scalar),
    ("certificationInfo", _scalar),
    ("parentID", _scalar),
    ("epcList", _epcs),
    ("inputEPCList", _epcs),
    ("childEPCs", _epcs),
    ("quantityList", _objects("quantityElement", _QUANTITY)),
    ("childQuantityList", _objects("quantityElement", _QUANTITY)),
    ("inputQuantityList", _objects("quantityElement", _QUANTITY)),
    ("outputEPCList", _epcs),
    ("outputQuantityList", _objects("quantityElement", _QUANTITY)),
    ("action", _scalar),
    ("transformationID", _scalar),
    ("bizStep", _vocabulary(_CBV + "BizStep-")),
    ("disposition", _DISPOSITION),
    ("persistentDisposition", _object((("set", _DISPOSITION), ("unset", _DISPOSITION)))),
    ("readPoint", _object(_LOCATION)),
    ("bizLocation", _object(_LOCATION)),
    ("sensorElementList", _objects("sensorElement", _SENSOR_ELEMENT)),
)
_EVENT_FIELD_NAMES = frozenset(name for name, _ in _EVENT_FIELDS)
# Written out, then sorted together with the event's extension fields (see the module docstring).
_SORTED_FIELDS: dict[str, Callable[[_Names, str, Any], Iterator[str]]] = {
    "bizTransactionList": _typed_list("bizTransaction", _CBV + "BTT-"),
    "sourceList": _typed_list("source", _CBV + "SDT-"),
    "destinationList": _typed_list("destination", _CBV + "SDT-"),
    "ilmd": _ilmd,
}
