"""EPCIS 2.0 over REST (``/epcis/``), as a cooperative's own system uses it: a document captured
whole or not at all, a capture sent twice recognised, another seller's batch refused, events found
by SimpleEventQuery; our validator held to GS1's published schema; PostgreSQL refusing to change
a recorded event."""

from __future__ import annotations

import copy
import json
import re
import threading
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client

from chophien.accounts.models import User
from chophien.accounts.services import api_token_issue
from chophien.accounts.tests.factories import UserFactory
from chophien.core.errors import ValidationError
from chophien.sellers.tests.factories import seller_with_owner
from chophien.traceability import epcis, services, validation
from chophien.traceability.event_hash import event_hash_id
from chophien.traceability.models import Batch, CaptureJob, TraceEvent, TraceEventEpc
from chophien.traceability.tests.factories import GTIN, epcis_errors, epcis_validator, shop_with_batch

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"
BATCH_URI = f"https://id.gs1.org/01/{GTIN}/10/LO-2611A"  # the lot the partner's document is about
HTX = "https://htx-meovac.example/ns/epcis/"
PROBLEM = "application/problem+json"
LOT_MADE = datetime.fromisoformat("2026-11-18T06:00:00+07:00")  # before the partner's first event


# ---- GS1's schema with its formats checked ------------------------------------------------------
# jsonschema checks "uri" (RFC 3986) and "date-time" (RFC 3339) with its format-nongpl extras,
# which requirements-dev installs: without them GS1's schema would take "harvest" for a bizStep.


def gs1_errors(document: dict[str, Any]) -> list[str]:
    """What GS1's schema finds wrong with ``document``, formats included."""
    return epcis_errors(document)


def test_gs1s_schema_here_checks_uris_and_times():
    document = {**partner_document(), "creationDate": "20261120T0800"}
    document["epcisBody"]["eventList"][0]["bizStep"] = "harvest"
    assert len(epcis_errors(document)) == 2


def _rfc3986_uri(text: str) -> bool:
    return epcis_validator().format_checker.conforms(text, "uri")


@pytest.mark.parametrize(
    ("text", "is_uri"),
    [
        ("https://id.gs1.org/01/08934567890120/10/LO-2611A", True),
        ("ni:///sha-256;0a1b?ver=CBV2.0", True),
        ("urn:epc:id:sgtin:0614141.107346.2017", True),
        ("cbvmda:lotNumber", True),
        ("http://[2001:db8::1]:8080/a", True),
        ("harvest", False),
        ("https://chophien.vn/t/mật-ong", False),  # an IRI: its letters must be percent-encoded
        ("https://chophien.vn/a b", False),
        ("http://host:port/", False),
        ("1x:y", False),
        ("a b:c", False),
    ],
)
def test_the_uri_format_is_rfc_3986_in_the_test_and_in_the_validator(text, is_uri):
    assert _rfc3986_uri(text) is is_uri
    assert validation.is_uri(text) is is_uri


# ---- helpers -------------------------------------------------------------------------------------


def bearer(user: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_token_issue(user=user)}"}


def capture_post(client: Client, document: Any, headers: dict[str, str]) -> Any:  # the test client's response
    body = document if isinstance(document, str | bytes) else json.dumps(document, ensure_ascii=False)
    return client.post("/epcis/capture", data=body, content_type="application/ld+json", headers=headers)


def partner_document() -> dict[str, Any]:
    return json.loads((DATA / "epcis_partner_document.json").read_text(encoding="utf-8"))


def partner_event_ids() -> list[str]:
    """The IDs the partner's events must get: the one given, or the GS1 event hash, computed with
    the namespaces the document declares."""
    events = partner_document()["epcisBody"]["eventList"]
    return [event.get("eventID") or event_hash_id(event, context={"htx": HTX}) for event in events]


def document_of(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "@context": [epcis.EPCIS_CONTEXT, {"cp": epcis.CP_NAMESPACE, "htx": HTX}],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": "2026-11-20T17:00:00+07:00",
        "epcisBody": {"eventList": events},
    }


def observed(batch_uri: str, minute: int, *, biz_step: str = "shipping", day: int = 20) -> dict[str, Any]:
    return {
        "type": "ObjectEvent",
        "eventTime": f"2025-11-{day:02d}T{8 + minute // 60:02d}:{minute % 60:02d}:00.000+07:00",
        "eventTimeZoneOffset": "+07:00",
        "action": "OBSERVE",
        "quantityList": [{"epcClass": batch_uri, "quantity": 1 + minute, "uom": "KGM"}],
        "bizStep": biz_step,
        "disposition": "in_transit",
        "readPoint": {"id": "urn:epc:id:sgln:8934567.89012.0"},
    }


def assert_problem(answer: Any, status: int, kind: str, code: str) -> dict[str, Any]:
    assert answer.status_code == status, answer.content[:500]
    assert answer["Content-Type"].startswith(PROBLEM)
    body = answer.json()
    assert (body["type"], body["status"], body["code"]) == (f"epcisException:{kind}", status, code)
    assert body["message"] and body["title"] == body["message"]
    return body


def found(client: Client, parameters: str) -> list[str]:
    """The eventIDs a query lists, in order; its answer checked against GS1's schema."""
    answer = client.get(f"/epcis/events?{parameters}")
    assert answer.status_code == 200, answer.content[:500]
    document = answer.json()
    assert gs1_errors(document) == []
    return [event["eventID"] for event in document["epcisBody"]["queryResults"]["resultsBody"]["eventList"]]


def single_event(client: Client, event_id: str) -> dict[str, Any]:
    answer = client.get("/epcis/events/" + quote(event_id, safe=""))
    assert answer.status_code == 200, answer.content[:500]
    event = answer.json()
    assert gs1_errors(event) == []  # a single event stands alone: it carries its @context
    return event


@pytest.fixture
def cooperative() -> tuple[Batch, dict[str, str]]:
    """A cooperative on the platform with its lot LO-2611A (GTIN), and its system's API token."""
    batch, owner = shop_with_batch(name="Mật ong bạc hà Mèo Vạc", gtin=GTIN, lot="LO-2611A", at=LOT_MADE)
    return batch, bearer(owner)


# ---- 1. a partner's document ---------------------------------------------------------------------


def test_a_cooperatives_document_is_captured_and_each_event_found_by_its_id(client: Client, cooperative):
    batch, token = cooperative
    sent = partner_document()
    assert gs1_errors(sent) == []  # the fixture itself is what GS1 allows
    assert services.batch_epc_class(batch) == BATCH_URI

    answer = capture_post(client, sent, token)

    assert answer.status_code == 202, answer.content[:500]
    job = answer.json()
    assert answer["Location"] == f"/epcis/capture/{job['captureID']}"
    assert (job["eventCount"], job["duplicateEventIDs"], job["success"], job["running"]) == (5, [], True, False)
    assert job["captureErrorBehaviour"] == "rollback" and job["errors"] == []
    again = client.get(answer["Location"], headers=token)
    assert again.status_code == 200 and again.json() == job
    _stranger_shop, stranger = seller_with_owner()
    assert_problem(
        client.get(answer["Location"], headers=bearer(stranger)), 404, "NoSuchResourceException", "capture_not_found"
    )

    # each event's ID: the one it was given, or the GS1 event hash, read with the document's prefixes
    events = sent["epcisBody"]["eventList"]
    expected = partner_event_ids()
    assert expected[0] == "urn:uuid:6f1c2a4e-7b9d-4c1e-9a2f-3d5b8e0c1a77"
    assert expected[4] == "https://htx-meovac.example/su-kien/2026/11/xuat-0042"
    assert all(re.fullmatch(r"ni:///sha-256;[0-9a-f]{64}\?ver=CBV2\.0", e) for e in expected[1:4])
    rows = {row.event_id: row for row in TraceEvent.objects.filter(event_id__in=expected)}
    assert set(rows) == set(expected)
    assert [rows[e].batch_id for e in expected] == [batch.pk] * 4 + [None]  # the bottled lot is not one of ours
    assert {rows[e].seller_id for e in expected} == {batch.seller_id}

    # the lot's story: the seller's own commissioning, then the four events that name it
    own = TraceEvent.objects.filter(batch=batch).exclude(event_id__in=expected).get()
    assert found(client, "MATCH_anyEPCClass=" + quote(BATCH_URI, safe="")) == [own.event_id, *expected[:4]]
    assert found(client, f"batch={batch.public_code}") == [own.event_id, *expected[:4]]

    for sent_event, event_id in zip(events, expected, strict=True):
        published = single_event(client, event_id)
        assert published["eventID"] == event_id
        assert {k: v for k, v in published.items() if k not in ("eventID", "@context", "recordTime")} == {
            k: v for k, v in sent_event.items() if k not in ("eventID", "recordTime")
        }
        assert published["recordTime"]  # ours, whatever the sender gave
        # the extension's namespace travels with the event: a consumer can still read htx:doAm
        assert published["@context"] == [*epcis.DOCUMENT_CONTEXT, {"htx": HTX}]
    assert single_event(client, expected[1])["htx:doAm"] == 18.2


def test_an_unknown_event_id_is_no_such_resource(client: Client, cooperative):
    _batch, token = cooperative
    assert capture_post(client, partner_document(), token).status_code == 202
    assert_problem(client.get("/epcis/events/urn:uuid:0000"), 404, "NoSuchResourceException", "event_not_found")
    assert single_event(client, "urn:uuid:6f1c2a4e-7b9d-4c1e-9a2f-3d5b8e0c1a77")["bizStep"] == "commissioning"


# ---- 2. all or nothing ---------------------------------------------------------------------------


def _break_biz_step(event: dict[str, Any]) -> None:
    event["bizStep"] = "harvest"


def _break_event_time(event: dict[str, Any]) -> None:
    event["eventTime"] = "2025-11-20T08:56:00"


def _break_quantity(event: dict[str, Any]) -> None:
    event["quantityList"][0]["quantity"] = -1


@pytest.mark.parametrize("breaking", [_break_biz_step, _break_event_time, _break_quantity])
def test_one_bad_event_in_a_hundred_refuses_the_whole_document_naming_it(client: Client, cooperative, breaking):
    batch, token = cooperative
    events = [observed(BATCH_URI, minute) for minute in range(100)]
    breaking(events[56])
    before = (TraceEvent.objects.count(), TraceEventEpc.objects.count())

    answer = capture_post(client, document_of(events), token)

    body = assert_problem(answer, 400, "ValidationException", "epcis_event_invalid")
    assert body["message"].startswith("Sự kiện thứ 57: ") and body["field"] == "epcisBody.eventList[56]"
    assert (TraceEvent.objects.count(), TraceEventEpc.objects.count()) == before
    assert CaptureJob.objects.count() == 0
    # and the same hundred, mended, are captured whole
    events[56] = observed(BATCH_URI, 56)
    assert capture_post(client, document_of(events), token).status_code == 202
    assert TraceEvent.objects.filter(batch=batch).count() == 101


def test_a_failure_while_writing_leaves_nothing_of_the_document(client: Client, cooperative, monkeypatch):
    _batch, token = cooperative
    before = TraceEvent.objects.count()

    def broken(*args: Any, **kwargs: Any) -> None:
        raise DatabaseError("disk full")

    monkeypatch.setattr(TraceEventEpc.objects, "bulk_create", broken)
    with pytest.raises(DatabaseError):
        capture_post(client, document_of([observed(BATCH_URI, m) for m in range(100)]), token)
    assert TraceEvent.objects.count() == before and CaptureJob.objects.count() == 0


def test_documents_that_are_not_epcis_2_are_refused_whole(client: Client, cooperative):
    _batch, token = cooperative
    before = TraceEvent.objects.count()
    assert_problem(
        capture_post(client, "{'type': 'EPCISDocument'", token), 400, "ValidationException", "epcis_document_invalid"
    )
    assert_problem(capture_post(client, b"\xff\xfe\x00", token), 400, "ValidationException", "epcis_document_invalid")
    assert_problem(capture_post(client, "[" * 100_000, token), 400, "ValidationException", "epcis_document_invalid")
    for version in ("1.2", 2.0, "2.1"):
        document = {**document_of([observed(BATCH_URI, 0)]), "schemaVersion": version}
        assert_problem(capture_post(client, document, token), 400, "ValidationException", "epcis_version_unsupported")
    too_many = document_of([observed(BATCH_URI, minute % 600, day=1 + minute // 600) for minute in range(1001)])
    assert_problem(capture_post(client, too_many, token), 413, "CaptureLimitExceededException", "epcis_too_many_events")
    assert TraceEvent.objects.count() == before


@pytest.mark.parametrize(
    "value",
    ids=["NaN", "infinite", "NUL", "lone surrogate", "900 deep"],
    argvalues=[
        "NaN",  # Python's reader takes NaN; JSON and PostgreSQL do not
        "1e400",  # infinite, once read
        '"a\\u0000b"',  # jsonb cannot hold NUL
        '"\\ud800"',  # nor half of a UTF-16 pair
        "[" * 900 + "]" * 900,  # Python reads it; hashing and storing it recurse past Python's limit
    ],
)
def test_json_postgresql_cannot_store_is_refused_before_anything_is_written(client: Client, cooperative, value):
    _batch, token = cooperative
    document = document_of([{**observed(BATCH_URI, 0), "htx:ghiChu": "VALUE"}])
    body = json.dumps(document).replace('"VALUE"', value)
    assert_problem(capture_post(client, body, token), 400, "ValidationException", "epcis_document_invalid")
    assert not TraceEvent.objects.filter(event_time__year=2025).exists()


def test_a_document_over_the_upload_limit_is_refused_as_too_large(client: Client, cooperative, settings):
    _batch, token = cooperative
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    document = document_of([observed(BATCH_URI, minute) for minute in range(10)])
    document["epcisBody"]["eventList"][0]["htx:ghiChu"] = "x" * (1024 * 1024)
    body = assert_problem(
        capture_post(client, document, token), 413, "CaptureLimitExceededException", "epcis_document_too_large"
    )
    assert "1 MB" in body["message"]


def test_a_capture_needs_the_token_of_someone_working_for_a_shop(client: Client, cooperative):
    document = partner_document()
    assert_problem(capture_post(client, document, {}), 403, "SecurityException", "not_authenticated")
    assert_problem(
        capture_post(client, document, {"Authorization": "Bearer not-a-key"}),
        403,
        "SecurityException",
        "not_authenticated",
    )
    assert_problem(
        capture_post(client, document, {"Authorization": "Basic abc"}), 403, "SecurityException", "not_authenticated"
    )
    shopper = UserFactory()
    assert_problem(capture_post(client, document, bearer(shopper)), 403, "SecurityException", "no_shop")
    assert CaptureJob.objects.count() == 0 and not TraceEvent.objects.filter(event_id__startswith="urn:uuid").exists()


# ---- 3. another seller's batch -------------------------------------------------------------------


def _gtin_lot(batch: Batch, _owner: User) -> str:
    return BATCH_URI


def _gtin_lot_upper_case_host(batch: Batch, _owner: User) -> str:
    return BATCH_URI.replace("https://id.gs1.org", "HTTPS://ID.GS1.ORG")


def _serial(batch: Batch, owner: User) -> str:
    unit = services.serials_issue(batch_id=batch.pk, seller=batch.seller, by=owner, count=1)[0]
    return epcis.serial_uri(gtin=batch.product.gtin, public_code=batch.public_code, serial=unit.serial)


def _platform_link(batch: Batch, _owner: User) -> str:
    return epcis.batch_class_uri(gtin="", lot=batch.lot, public_code=batch.public_code)


@pytest.mark.parametrize("naming", [_gtin_lot, _gtin_lot_upper_case_host, _serial, _platform_link])
def test_an_event_about_another_sellers_batch_is_refused_and_nothing_is_stored(client: Client, naming):
    theirs, their_owner = shop_with_batch(name="Mật ong rừng U Minh", gtin=GTIN, lot="LO-2611A")
    epc = naming(theirs, their_owner)
    _cooperative, member = seller_with_owner()
    token = bearer(member)
    before = TraceEvent.objects.count()
    stray = observed(epc, 1) if naming is not _serial else {**observed(epc, 1), "epcList": [epc], "quantityList": []}

    answer = capture_post(client, document_of([observed("https://id.gs1.org/01/08934567890137/10/A", 0), stray]), token)

    body = assert_problem(answer, 403, "SecurityException", "epcis_not_your_batch")
    assert body["message"].startswith("Sự kiện thứ 2 nói về ") and epc in body["message"]
    assert body["field"] == "epcisBody.eventList[1]"
    assert TraceEvent.objects.count() == before and CaptureJob.objects.count() == 0


def test_another_brands_serial_that_happens_to_equal_ours_is_not_ours(client: Client, cooperative):
    theirs, their_owner = shop_with_batch(name="Chè Shan tuyết")
    unit = services.serials_issue(batch_id=theirs.pk, seller=theirs.seller, by=their_owner, count=1)[0]
    foreign = f"https://id.gs1.org/01/08934567890137/21/{unit.serial}"
    _batch, token = cooperative
    event = {**observed(foreign, 0), "epcList": [foreign], "quantityList": []}
    assert capture_post(client, document_of([event]), token).status_code == 202
    assert TraceEventEpc.objects.select_related("event").get(epc=foreign).event.batch_id is None


# ---- 4. the same document twice ------------------------------------------------------------------


def test_a_document_captured_twice_is_recognised_and_nothing_is_stored_twice(client: Client, cooperative):
    _batch, token = cooperative
    first = capture_post(client, partner_document(), token).json()
    rows = (TraceEvent.objects.count(), TraceEventEpc.objects.count())

    # the same events, written by another system: other key order, another prefix for the same namespace
    resent = partner_document()
    resent["@context"][1] = {"mv": HTX}
    resent["epcisBody"]["eventList"] = [
        {key.replace("htx:", "mv:"): value for key, value in reversed(event.items())}
        for event in resent["epcisBody"]["eventList"]
    ]
    second = capture_post(client, resent, token)

    assert second.status_code == 202
    job = second.json()
    assert job["captureID"] != first["captureID"] and job["eventCount"] == 5
    assert job["duplicateEventIDs"] == partner_event_ids()
    assert (TraceEvent.objects.count(), TraceEventEpc.objects.count()) == rows


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_document_captured_twice_at_the_same_moment_is_stored_once(cooperative, monkeypatch):
    _batch, token = cooperative
    body = json.dumps(partner_document(), ensure_ascii=False)
    both_read = threading.Barrier(2, timeout=10)
    insert = TraceEvent.objects.bulk_create

    def insert_after_both_read(rows: list[TraceEvent], *args: Any, **kwargs: Any) -> Any:
        if rows:  # not on the retry, which finds every event recorded and inserts none
            both_read.wait()  # each request has looked for the events and found none
        return insert(rows, *args, **kwargs)

    monkeypatch.setattr(TraceEvent.objects, "bulk_create", insert_after_both_read)
    answers: list[Any] = []

    def send() -> None:
        try:
            answers.append(capture_post(Client(), body, token))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(a.status_code for a in answers) == [202, 202]
    duplicates = sorted(len(a.json()["duplicateEventIDs"]) for a in answers)
    assert duplicates == [0, 5]
    assert TraceEvent.objects.filter(seller=_batch.seller).count() == 6  # the lot's own commissioning and five


# ---- 5. queries ----------------------------------------------------------------------------------


@pytest.fixture
def journey(client: Client) -> dict[str, Any]:
    """A lot without GTIN and five events naming it (its commissioning and four captured), serials
    for three units (their encoding event), and another shop's lot as noise."""
    batch, owner = shop_with_batch(name="Gạo Séng Cù Bát Xát", at=datetime.fromisoformat("2025-11-18T06:00:00+07:00"))
    shop_with_batch(name="Chè Shan tuyết Tà Xùa")
    uri = services.batch_epc_class(batch)
    packing = variant(
        {
            "type": "AggregationEvent",
            "action": "ADD",
            "quantityList": DELETE,
            "parentID": "urn:epc:id:sscc:8934567.0000000028",
            "childQuantityList": [{"epcClass": uri, "quantity": 50}],
        },
        observed(uri, 0, biz_step="packing", day=19),
    )
    captured = [
        observed(uri, 60, biz_step="inspecting", day=18),
        packing,
        observed(uri, 0, biz_step="shipping", day=20),
        {**observed(uri, 420, day=21), "bizStep": "https://ref.gs1.org/cbv/BizStep-receiving"},  # a CBV URI
    ]
    assert capture_post(client, document_of(captured), bearer(owner)).status_code == 202
    units = services.serials_issue(batch_id=batch.pk, seller=batch.seller, by=owner, count=3)
    ids = list(TraceEvent.objects.filter(batch=batch).order_by("event_time").values_list("event_id", flat=True))
    return {"batch": batch, "uri": uri, "ids": ids, "units": units}


def test_events_are_found_by_lot_class_batch_step_time_and_serial(client: Client, journey):
    batch, ids = journey["batch"], journey["ids"]
    commissioning, inspecting, packing, shipping, receiving, encoding = ids

    assert found(client, "MATCH_anyEPCClass=" + quote(journey["uri"], safe="")) == ids[:5]
    assert found(client, f"batch={batch.public_code.lower()}") == ids
    assert found(client, "EQ_bizStep=shipping|receiving") == [shipping, receiving]
    assert found(client, "EQ_bizStep=" + quote("https://ref.gs1.org/cbv/BizStep-packing")) == [packing]
    assert found(client, "eventType=AggregationEvent&MATCH_parentID=urn:epc:id:sscc:8934567.0000000028") == [packing]
    assert found(client, "GE_eventTime=2025-11-19T00:00:00%2B07:00&LT_eventTime=2025-11-21T00:00:00%2B07:00") == [
        packing,
        shipping,
    ]
    # a "+" left unencoded arrives as a space, and is read as the "+" it was
    assert found(client, "GE_eventTime=2025-11-20T08:00:00+07:00&LT_eventTime=2025-11-21T15:00:00Z") == [
        shipping,
        receiving,
    ]
    assert found(client, "GE_eventTime=2025-11-18T02:00:00Z&LT_eventTime=2025-11-18T02:00:00.001Z") == [inspecting]
    unit = journey["units"][1]
    serial = epcis.serial_uri(gtin="", public_code=batch.public_code, serial=unit.serial)
    assert found(client, "MATCH_epc=" + quote(serial, safe="")) == [encoding]
    assert found(client, "MATCH_anyEPC=" + quote(serial, safe="") + "&EQ_bizStep=shipping") == []
    for event_id in ids:
        assert single_event(client, event_id)["eventID"] == event_id
    assert commissioning.startswith("ni:///sha-256;")


def test_pages_of_two_follow_the_link_header_to_the_end_with_no_event_missed_or_twice(client: Client, journey):
    path = "/epcis/events?perPage=2&MATCH_anyEPCClass=" + quote(journey["uri"], safe="")
    pages: list[list[str]] = []
    while path:
        answer = client.get(path)
        assert answer.status_code == 200
        assert gs1_errors(answer.json()) == []
        events = answer.json()["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
        pages.append([event["eventID"] for event in events])
        link = answer.headers.get("Link", "")
        following = re.fullmatch(r'<(/epcis/events\?[^>]+)>; rel="next"', link)
        assert following or not link, link
        path = following.group(1) if following else ""
        if path:
            assert parse_qs(urlsplit(path).query)["perPage"] == ["2"]
        assert len(pages) <= 5, "the pages never end"
    assert [len(page) for page in pages] == [2, 2, 1]
    assert [event_id for page in pages for event_id in page] == journey["ids"][:5]


@pytest.mark.parametrize(
    "parameters",
    [
        "MATCH_everything=1",
        "perPage=0",
        "perPage=1001",
        "perPage=abc",
        "perPage=%C2%B2",  # "²": a digit to str.isdigit(), not to int()
        "nextPageToken=not-a-token",
        "nextPageToken=WyJ5ZXN0ZXJkYXkiLCAxXQ",  # ["yesterday", 1]
        "nextPageToken=WyIyMDI1LTExLTE4VDAwOjAwOjAwIiwgMV0",  # ["2025-11-18T00:00:00", 1]: no offset
        "GE_eventTime=yesterday",
        "GE_eventTime=2025-11-19T08:00:00",  # no offset
        "LT_eventTime=2025-02-30T08:00:00%2B07:00",  # no such day
        "GE_recordTime=2025-11-19T25:00:00Z",
    ],
)
def test_a_bad_query_parameter_is_a_query_parameter_exception(client: Client, parameters):
    answer = client.get(f"/epcis/events?{parameters}")
    body = assert_problem(answer, 400, "QueryParameterException", "query_parameter_invalid")
    assert answer["GS1-EPCIS-Version"] == "2.0.0" and body["message"]


# ---- 6. our validator and GS1's schema agree -----------------------------------------------------

DELETE = object()
BASE_EVENT: dict[str, Any] = {
    "type": "ObjectEvent",
    "eventTime": "2026-11-20T08:00:00+07:00",
    "eventTimeZoneOffset": "+07:00",
    "action": "OBSERVE",
    "epcList": ["https://id.gs1.org/01/08934567890137/21/A7K2M9Q4XZ"],
    "bizStep": "shipping",
    "disposition": "in_transit",
    "readPoint": {"id": "urn:epc:id:sgln:8934567.89012.0"},
}
ADD = {"action": "ADD", "bizStep": "commissioning", "disposition": "active"}
CLASS = "https://id.gs1.org/01/08934567890137/10/LO-1"


def variant(changes: dict[str, Any], base: dict[str, Any] = BASE_EVENT) -> dict[str, Any]:
    event = copy.deepcopy(base)
    for key, value in changes.items():
        if value is DELETE:
            del event[key]
        else:
            event[key] = value
    return event


AGGREGATION = variant(
    {
        "type": "AggregationEvent",
        "action": "ADD",
        "bizStep": "packing",
        "disposition": "in_progress",
        "epcList": DELETE,
        "parentID": "urn:epc:id:sscc:8934567.0000000011",
        "childEPCs": ["https://id.gs1.org/01/08934567890137/21/B1", "https://id.gs1.org/01/08934567890137/21/B2"],
    }
)
TRANSFORMATION = variant(
    {
        "type": "TransformationEvent",
        "action": DELETE,
        "epcList": DELETE,
        "bizStep": "commissioning",
        "disposition": "active",
        "inputQuantityList": [{"epcClass": CLASS, "quantity": 40, "uom": "KGM"}],
        "outputQuantityList": [{"epcClass": CLASS + "-C", "quantity": 80}],
        "cp:process": "sấy",
    }
)
SENSOR = {
    "sensorReport": [{"type": "Temperature", "value": 4.5, "uom": "CEL", "time": "2026-11-20T08:00:00Z"}],
    "sensorMetadata": {"deviceID": "urn:epc:id:giai:8934567.T1"},
}

# (what is varied, the event, does GS1's schema accept it, do we). Where the two differ, the reason
# is given: we may refuse more than GS1 does, never less (a test below holds that).
VARIANTS: list[tuple[str, dict[str, Any], bool, bool]] = [
    ("an observation", BASE_EVENT, True, True),
    ("a commissioning with quantities and ilmd",
     variant({**ADD, "epcList": DELETE, "quantityList": [{"epcClass": CLASS, "quantity": 120.5, "uom": "KGM"}],
              "ilmd": {"cbvmda:lotNumber": "LO-1", "cp:households": ["Hộ Lò Thị Hoa"]}}), True, True),
    ("an aggregation", AGGREGATION, True, True),
    ("a transformation with an extension field", TRANSFORMATION, True, True),
    ("a transaction", variant({"type": "TransactionEvent", "bizTransactionList": [
        {"type": "po", "bizTransaction": "https://htx.example/po/1"}]}), True, True),
    ("an association", variant({"type": "AssociationEvent", "action": "ADD", "epcList": DELETE,
                                "parentID": "urn:epc:id:grai:8934567.00001.1", "childEPCs": ["urn:epc:id:giai:8934567.S1"],
                                "bizStep": "assembling", "disposition": DELETE}), True, True),
    ("eventID, recordTime, certificationInfo",
     variant({"eventID": "urn:uuid:6f1c2a4e-7b9d-4c1e-9a2f-3d5b8e0c1a77", "recordTime": "2026-11-20T09:00:00.123Z",
              "certificationInfo": ["https://chungnhan.example/vietgap/123"]}), True, True),
    ("a bizStep of another vocabulary", variant({"bizStep": "https://htx.example/voc/lenMen"}), True, True),
    ("sources, destinations, a business transaction",
     variant({"bizTransactionList": [{"type": "inv", "bizTransaction": "urn:epcglobal:cbv:bt:8934567890128:H1"}],
              "sourceList": [{"type": "owning_party", "source": "urn:epc:id:pgln:8934567.89012"}],
              "destinationList": [{"type": "location", "destination": "urn:epc:id:sgln:8930000.12345.0"}]}), True, True),
    ("a temperature reading without identifiers", variant({"epcList": DELETE, "sensorElementList": [SENSOR]}), True, True),
    ("an error declaration", variant({"errorDeclaration": {"declarationTime": "2026-11-21T08:00:00+07:00",
                                      "reason": "incorrect_data"}}), True, True),
    ("a persistent disposition", variant({"persistentDisposition": {"set": ["completeness_verified"]}}), True, True),
    ("an extension field named by a whole URI", variant({"https://htx.example/ns/doAm": 12.5}), True, True),
    ("an aggregation DELETE naming no children", variant({"action": "DELETE", "childEPCs": DELETE}, AGGREGATION), True, True),
    ("an empty epcList", variant({"epcList": []}), True, True),
    ("an offset of -14:00", variant({"eventTimeZoneOffset": "-14:00"}), True, True),
    # refused by both
    ("an unknown type", variant({"type": "HarvestEvent"}), False, False),
    ("an unknown action", variant({"action": "MOVE"}), False, False),
    ("a bizStep outside CBV", variant({"bizStep": "harvest"}), False, False),
    ("a CBV step written as its URN", variant({"bizStep": "urn:epcglobal:cbv:bizstep:shipping"}), False, False),
    ("an epc that is not a URI", variant({"epcList": ["mật ong lô 1"]}), False, False),
    ("an epc with unencoded Vietnamese letters", variant({"epcList": ["https://chophien.vn/t/mật"]}), False, False),
    ("duplicate epcs", variant({"epcList": ["urn:epc:id:sgtin:8934567.089012.1"] * 2}), False, False),
    ("a quantity as text", variant({"epcList": DELETE, "quantityList": [{"epcClass": CLASS, "quantity": "12"}]}),
     False, False),
    ("a lower-case uom", variant({"epcList": DELETE, "quantityList": [{"epcClass": CLASS, "quantity": 1, "uom": "kgm"}]}),
     False, False),
    ("a readPoint without id", variant({"readPoint": {"name": "Kho Mèo Vạc"}}), False, False),
    ("an ilmd key without prefix", variant({**ADD, "ilmd": {"lotNumber": "LO-1"}}), False, False),
    ("an unknown field without prefix", variant({"ghiChu": "hàng tốt"}), False, False),
    ("a field name with a colon that is no URI", variant({"ghi chu:x": 1}), False, False),
    ("eventTimeZoneOffset 7:00", variant({"eventTimeZoneOffset": "7:00"}), False, False),
    ("eventTimeZoneOffset +14:30", variant({"eventTimeZoneOffset": "+14:30"}), False, False),
    ("eventTime without offset", variant({"eventTime": "2026-11-20T08:00:00"}), False, False),
    ("eventTime with a space", variant({"eventTime": "2026-11-20 08:00:00+07:00"}), False, False),
    ("eventTime in ISO 8601's basic form", variant({"eventTime": "20261120T080000+0700"}), False, False),
    ("30 February", variant({"eventTime": "2026-02-30T08:00:00+07:00"}), False, False),
    ("no eventTime", variant({"eventTime": DELETE}), False, False),
    ("an object event naming nothing", variant({"epcList": DELETE}), False, False),
    ("ilmd on an observation", variant({"ilmd": {"cbvmda:lotNumber": "LO-1"}}), False, False),
    ("persistentDisposition on an aggregation", variant({"persistentDisposition": {"set": ["active"]}}, AGGREGATION),
     False, False),
    ("a transaction without its transactions", variant({"type": "TransactionEvent"}), False, False),
    ("a transaction with an empty list of them", variant({"type": "TransactionEvent", "bizTransactionList": []}),
     False, False),
    ("a transformation with inputs only", variant({"outputQuantityList": DELETE}, TRANSFORMATION), False, False),
    ("an association without parentID", variant({"type": "AssociationEvent", "action": "ADD", "epcList": DELETE,
                                                 "childEPCs": ["urn:epc:id:giai:8934567.S1"]}), False, False),
    ("a source without its type", variant({"sourceList": [{"source": "urn:epc:id:pgln:8934567.89012"}]}), False, False),
    ("a business transaction with an extra field",
     variant({"bizTransactionList": [{"bizTransaction": "https://htx.example/po/1", "note": "gấp"}]}), False, False),
    ("an error declared at no time", variant({"errorDeclaration": {"declarationTime": "hôm qua"}}), False, False),
    ("a sensor report without type", variant({"sensorElementList": [{"sensorReport": [{"value": 4.5}]}]}), False, False),
    # GS1 accepts, we refuse
    # - an event type of one's own, named by a URI: GS1 allows extension types; we capture the standard five.
    ("an extension event type", variant({"type": "https://htx.example/HarvestEvent", "action": DELETE}), True, False),
    # - GS1's schema takes any number as a quantity; a negative amount of honey is a mistake.
    ("a negative quantity", variant({"epcList": DELETE, "quantityList": [{"epcClass": CLASS, "quantity": -1}]}),
     True, False),
    # - GS1's schema lets childEPCs repeat an identifier (unlike epcList); a unit packed twice is a mistake.
    ("repeated children", variant({"childEPCs": ["urn:epc:id:sgtin:8934567.089012.1"] * 2}, AGGREGATION), True, False),
    # - RFC 3339 allows a lower-case t and z; Django does not read it back. (A leap second both refuse:
    #   jsonschema's date-time checker does too.)
    ("a leap second", variant({"eventTime": "2016-12-31T23:59:60Z"}), False, False),
    ("a lower-case t and z", variant({"eventTime": "2026-11-20t01:00:00z"}), True, False),
    # - identifiers must fit our columns (eventID 120 characters, an EPC 200, bizStep 80): GS1 sets no length.
    ("a very long eventID", variant({"eventID": "urn:uuid:" + "a" * 200}), True, False),
    ("a very long epc", variant({"epcList": ["urn:epc:id:giai:8934567." + "9" * 200]}), True, False),
    ("a very long epcClass", variant({"epcList": DELETE, "quantityList": [{"epcClass": CLASS + "9" * 200}]}),
     True, False),
    ("a very long parentID", variant({"parentID": "urn:epc:id:sscc:" + "1" * 200}, AGGREGATION), True, False),
    ("a very long bizStep", variant({"bizStep": "https://htx.example/voc/" + "b" * 80}), True, False),
]  # fmt: skip


def wrapped(event: dict[str, Any]) -> dict[str, Any]:
    return document_of([event])


def our_verdict(document: dict[str, Any]) -> bool:
    try:
        validation.document_events(document)
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize(("label", "event", "gs1_accepts", "we_accept"), VARIANTS, ids=[v[0] for v in VARIANTS])
def test_our_validator_accepts_only_what_gs1s_schema_accepts(label, event, gs1_accepts, we_accept):
    document = wrapped(event)
    assert (not gs1_errors(document)) is gs1_accepts, gs1_errors(document)
    assert our_verdict(document) is we_accept
    assert gs1_accepts or not we_accept  # nothing we accept may be refused by GS1's schema


def test_the_variants_cover_both_answers_and_every_standard_event_type():
    assert len(VARIANTS) >= 25
    assert {(gs1, ours) for _label, _event, gs1, ours in VARIANTS} == {(True, True), (False, False), (True, False)}
    assert {event["type"] for _label, event, _gs1, ours in VARIANTS if ours} == set(validation.EVENT_TYPES)


def test_every_event_we_accept_is_captured_and_published_as_gs1_allows(client: Client, cooperative):
    _batch, token = cooperative
    accepted = [event for _label, event, _gs1, ours in VARIANTS if ours]
    answer = capture_post(client, document_of(accepted), token)
    assert answer.status_code == 202, answer.content[:500]
    # the error declaration's event is the observation's (the hash leaves the declaration out)
    ids = [e.get("eventID") or event_hash_id(e, context={"cp": epcis.CP_NAMESPACE, "htx": HTX}) for e in accepted]
    assert answer.json()["duplicateEventIDs"] == [event_hash_id(BASE_EVENT)]
    assert set(found(client, "perPage=1000")) == {*ids, TraceEvent.objects.get(event_time=LOT_MADE).event_id}


@pytest.mark.parametrize(
    "changes",
    [
        {"schemaVersion": 2.0},
        {"creationDate": "2026-11-20 17:00:00+07:00"},
        {"@context": 7},
        {"ghiChu": "x"},
        {"sender": ["HTX"]},
        {"epcisHeader": {"epcisMasterData": {"vocabularyList": [{"vocabularyElementList": []}]}}},
    ],
)
def test_document_level_mistakes_are_refused_by_both(changes):
    document = {**wrapped(BASE_EVENT), **changes}
    assert gs1_errors(document) != []
    assert our_verdict(document) is False


def test_a_document_with_master_data_in_its_header_is_accepted_by_both():
    document = {
        **wrapped(BASE_EVENT),
        "epcisHeader": {
            "epcisMasterData": {
                "vocabularyList": [
                    {
                        "type": "urn:epcglobal:epcis:vtype:ReadPoint",
                        "vocabularyElementList": [
                            {
                                "id": "urn:epc:id:sgln:8934567.89012.0",
                                "attributes": [{"id": "cbvmda:name", "attribute": "Kho Mèo Vạc"}],
                            }
                        ],
                    }
                ]
            }
        },
    }
    assert gs1_errors(document) == []
    assert our_verdict(document) is True


# ---- 7. the database keeps events as they were ---------------------------------------------------


@pytest.mark.postgres
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE traceability_traceevent SET biz_step = 'x'",
        "DELETE FROM traceability_traceevent",
        "UPDATE traceability_traceeventepc SET epc = 'x'",
    ],
)
def test_postgresql_itself_refuses_to_change_a_recorded_event(statement):
    batch, _owner = shop_with_batch()
    event = TraceEvent.objects.get(batch=batch)
    assert connection.vendor == "postgresql"

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)

    again = TraceEvent.objects.get(pk=event.pk)
    assert (again.biz_step, again.document) == ("commissioning", event.document)
    assert [e.epc for e in again.epcs.all()] == [services.batch_epc_class(batch)]


def test_a_partner_declares_an_event_wrong_by_capturing_it_again_with_an_error_declaration(client: Client):
    _batch, owner = shop_with_batch(gtin=GTIN, lot="LO-2611A")
    headers = bearer(owner)
    wrong, fixed = observed(BATCH_URI, 1), observed(BATCH_URI, 2)
    assert capture_post(client, document_of([wrong, fixed]), headers).status_code == 202
    fixed_id = event_hash_id(fixed, context={"htx": HTX})
    declared = {
        **wrong,
        "errorDeclaration": {
            "declarationTime": "2026-11-21T08:00:00+07:00",
            "reason": "incorrect_data",
            "correctiveEventIDs": [fixed_id],
        },
    }
    job = capture_post(client, document_of([declared]), headers)
    assert job.status_code == 202 and len(job.json()["duplicateEventIDs"]) == 1  # the event itself: not again
    wrong_id = job.json()["duplicateEventIDs"][0]
    published = client.get(f"/epcis/events/{quote(wrong_id, safe='')}").json()
    assert published["errorDeclaration"]["correctiveEventIDs"] == [fixed_id]
    assert published["bizStep"] == "shipping" and "recordTime" in published  # unchanged, with our record time
    assert TraceEvent.objects.count() == 3  # the batch's commissioning and the partner's two

    _stranger_seller, stranger = seller_with_owner()
    answer = capture_post(client, document_of([{**fixed, "errorDeclaration": declared["errorDeclaration"]}]),
                          bearer(stranger))  # fmt: skip
    assert answer.status_code == 403
