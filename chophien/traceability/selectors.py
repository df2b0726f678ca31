"""Reads of traceability: what a trace page shows (the batch, where and who it came from, its
journey in plain words, warnings), a seller's batches and alerts, moderators' alerts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import BooleanField, Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.utils import translation
from django.utils.translation import gettext as _

from . import epcis
from .models import (
    PER_ORDER_STEPS,
    AlertKind,
    Batch,
    BatchHousehold,
    BatchPhoto,
    BatchSource,
    CounterfeitAlert,
    Serial,
    TraceEvent,
)
from .scans import alert_marks_passed

SOURCE_DEPTH = 4  # batches made from batches made from …: deep enough for fresh → dried → packed
TIMELINE_MAX = 30


@dataclass(frozen=True)
class Step:
    at: datetime
    title: str
    detail: str = ""
    is_corrected: bool = False  # declared wrong (EPCIS error declaration)


@dataclass(frozen=True)
class Household:
    name: str
    commune: str


@dataclass(frozen=True)
class SourceLot:
    """A batch this one was made from (fresh longan for dried longan, members' lots for a co-op's)."""

    public_code: str
    lot: str
    commune: str


@dataclass(frozen=True)
class Photo:
    url: str
    width: int | None
    height: int | None


@dataclass
class TracePage:
    batch: Batch
    serial: Serial | None
    households: list[Household]
    sources: list[SourceLot]
    photos: list[Photo]
    certifications: list[str]
    steps: list[Step]
    shipped_orders: int
    shipped_provinces: int
    warnings: list[str] = field(default_factory=list)  # AlertKind labels, for the person scanning


def _step_words(kind: str, step: str, body: dict[str, Any]) -> tuple[str, str]:
    ilmd = body.get("ilmd") or {}
    if kind == "TransformationEvent":
        return _("Chế biến: %(process)s") % {"process": body.get("cp:process", "")}, ", ".join(
            ilmd.get("cp:households", [])[:5]
        )
    if step == "commissioning":
        where = ", ".join(filter(None, [ilmd.get("cp:commune"), ilmd.get("cp:province")]))
        return _("Thu hoạch, làm ra"), where
    if step == "encoding":
        return _("Dán tem chống giả"), _("%(n)s tem có số sê-ri riêng") % {"n": len(body.get("epcList", []))}
    if step == "packing":
        units = len(body.get("childEPCs", [])) + sum(q.get("quantity", 0) for q in body.get("childQuantityList", []))
        return _("Đóng thùng"), _("%(n)s sản phẩm") % {"n": units}
    if step == "shipping":
        return _("Gửi hàng đi"), body.get("cp:destinationProvince", "")
    if step == "receiving":
        return _("Người mua đã nhận hàng"), body.get("cp:destinationProvince", "")
    if body.get("disposition") == "recalled":
        return _("Thu hồi lô hàng"), body.get("cp:recallReason", "")
    return step or kind, ""


def batch_steps(*, batch_id: int, limit: int = 20) -> list[Step]:
    """A batch's own recorded steps, newest first, in plain words (the seller's batch page)."""
    return _steps(TraceEvent.objects.filter(batch_id=batch_id).order_by("-event_time", "-pk")[:limit])


def _sources_of(batch: Batch) -> list[tuple[int, SourceLot]]:
    """The batches this one was made from, and theirs, ``SOURCE_DEPTH`` steps back: (id, lot)."""
    found: dict[int, SourceLot] = {}
    frontier = [batch.pk]
    for _depth in range(SOURCE_DEPTH):
        rows = BatchSource.objects.filter(batch_id__in=frontier).values_list(
            "source_id", "source__public_code", "source__lot", "source__ward__name"
        )
        fresh = {pk: SourceLot(code, lot, commune or "") for pk, code, lot, commune in rows if pk not in found}
        if not fresh:
            break
        found.update(fresh)
        frontier = list(fresh)
    return list(found.items())


# A batch's own steps, written out rather than as parameters: statements are prepared on the server
# (DATABASE_PREPARED), and a generic plan can use the partial index trace_event_batch_story only when
# it sees the very values of the index's condition (with parameters it read all of a batch's events).
_PER_ORDER_LITERALS = ", ".join(f"'{step}'" for step in PER_ORDER_STEPS)  # our constants: no input here
_STORY_STEP = RawSQL(  # noqa: S611 (constant SQL, see above)
    f'NOT ("traceability_traceevent"."biz_step" IN ({_PER_ORDER_LITERALS}))', (), output_field=BooleanField()
)
# The shape of a cached story: a new one when _Story changes, so that processes of the old and the
# new release, side by side during a deploy, never read each other's.
_STORY_VERSION = 2


@dataclass(frozen=True)
class _Story:
    """What every scan of a batch shows alike, as plain values: kept in the cache for
    ``TRACE_CACHE_SECONDS`` and made anew as soon as the batch records another event."""

    households: list[Household]
    sources: list[SourceLot]
    photos: list[Photo]
    certifications: list[str]
    steps: list[Step]
    shipped: tuple[int, int]


def _story(batch: Batch, latest_event: int) -> _Story:
    """The batch's story as of its newest event (``latest_event``): cached under that event's id."""
    seconds = int(getattr(settings, "TRACE_CACHE_SECONDS", 60))
    key = f"trace-story:v{_STORY_VERSION}:{batch.pk}:{latest_event}:{translation.get_language()}"
    story = cache.get(key) if seconds else None
    if story is None:
        story = _story_read(batch)
        if seconds:
            cache.set(key, story, seconds)
    return story


def _story_read(batch: Batch) -> _Story:
    sources = _sources_of(batch)
    lineage = [batch.pk, *[pk for pk, _lot in sources]]
    households = BatchHousehold.objects.filter(batch_id__in=lineage).values_list("name", "ward__name")
    photos = BatchPhoto.objects.filter(batch_id__in=lineage).values_list("image", "width", "height")[:4]
    storage = BatchPhoto._meta.get_field("image").storage
    return _Story(
        households=list(dict.fromkeys(Household(name, commune or "") for name, commune in households)),
        sources=[lot for _pk, lot in sources],
        photos=[Photo(storage.url(name), width, height) for name, width, height in photos],
        certifications=list(batch.certifications.values_list("name", flat=True)),
        steps=_steps(
            TraceEvent.objects.filter(_STORY_STEP, batch_id__in=lineage).order_by("event_time", "pk")[:TIMELINE_MAX]
        ),
        shipped=_shipped(batch),
    )


def _steps(events: QuerySet[TraceEvent]) -> list[Step]:
    """The events in plain words; an event declared wrong stays, struck through."""
    rows = events.values_list("event_time", "event_type", "biz_step", "document", "error_declaration__id")
    return [
        Step(at, *_step_words(kind, step, document), is_corrected=declared is not None)
        for at, kind, step, document, declared in rows
    ]


def _newest_event(batch_ref: str) -> Subquery:
    return Subquery(TraceEvent.objects.filter(batch=OuterRef(batch_ref)).order_by("-pk").values("pk")[:1])


def _batch_and_unit(public_code: str, serial: str) -> tuple[Batch | None, Serial | None, int]:
    """The page's batch, the unit it names and the batch's newest event: one query when the unit
    exists (a scanned label, the busiest case), two when it does not."""
    if serial:
        unit = (
            Serial.objects.select_related("batch__product", "batch__seller", "batch__ward__province")
            .annotate(latest_event=_newest_event("batch_id"))
            .filter(serial=serial.upper(), batch__public_code=public_code.upper())
            .first()
        )
        if unit is not None:
            return unit.batch, unit, unit.latest_event or 0
    batch = (
        Batch.objects.select_related("product", "seller", "ward__province")
        .annotate(latest_event=_newest_event("pk"))
        .filter(public_code=public_code.upper())
        .first()
    )
    return batch, None, (batch.latest_event or 0) if batch is not None else 0


def trace_page(*, public_code: str, serial: str = "") -> TracePage | None:
    """Everything a trace page shows: the batch and its warnings read fresh, its story from the cache
    (a handful of queries whatever the batch's history), and a unit's own way to its buyer."""
    batch, unit, latest_event = _batch_and_unit(public_code, serial)
    if batch is None:
        return None
    story = _story(batch, latest_event)
    steps = list(story.steps)
    if unit is not None:  # this unit's own journey to its buyer
        uri = epcis.serial_uri(gtin=batch.product.gtin, public_code=batch.public_code, serial=unit.serial)
        steps += _steps(
            TraceEvent.objects.filter(epcs__epc=uri, biz_step__in=PER_ORDER_STEPS).order_by("event_time", "pk")[:5]
        )
    return TracePage(
        batch=batch,
        serial=unit,
        households=story.households,
        sources=story.sources,
        photos=story.photos,
        certifications=story.certifications,
        steps=steps,
        shipped_orders=story.shipped[0],
        shipped_provinces=story.shipped[1],
        warnings=_warnings(batch, unit, serial),
    )


def _shipped(batch: Batch) -> tuple[int, int]:
    from .models import PackedLine

    rows = PackedLine.objects.filter(batch=batch, order_line__order__status__in=("shipped", "delivered", "completed"))
    summary = rows.aggregate(
        orders=Count("order_line__order", distinct=True), provinces=Count("order_line__order__province", distinct=True)
    )
    return summary["orders"] or 0, summary["provinces"] or 0


def _may_have_alerts(batch: Batch, unit: Serial | None, serial: str) -> bool:
    """Whether an open alert can exist for this page: each is raised only by a scan past one of
    these marks (scans.alert_marks_passed), and the counters never go back, so below all of them there
    is no alert to read (the common case: a query saved on the busiest page)."""
    if serial and unit is None:
        return True  # a serial never issued
    return alert_marks_passed(
        serial_scans=unit.scan_count if unit is not None else 0,
        has_province=unit is not None and unit.last_province_id is not None,
        batch_scans=batch.scan_count,
        batch_quantity=batch.quantity,
    )


def _warnings(batch: Batch, unit: Serial | None, serial: str) -> list[str]:
    if not _may_have_alerts(batch, unit, serial):
        return []
    keys = [f"{AlertKind.OVER_QUANTITY}:{batch.pk}"]
    if unit is not None:
        keys += [f"{AlertKind.TOO_MANY_SCANS}:{unit.pk}", f"{AlertKind.FAR_APART}:{unit.pk}"]
    elif serial:
        keys.append(f"{AlertKind.NEVER_ISSUED}:{serial.upper()}")
    kinds = CounterfeitAlert.objects.filter(key__in=keys, resolved_at__isnull=True).values_list("kind", flat=True)
    labels = dict(AlertKind.choices)
    found = [str(labels[kind]) for kind in kinds]
    if serial and unit is None and not found:
        found.append(str(labels[AlertKind.NEVER_ISSUED]))
    return found


def seller_batches(*, seller_id: int) -> list[Batch]:
    return list(
        Batch.objects.filter(seller_id=seller_id)
        .select_related("product", "ward__province")
        .annotate(
            serial_count=Count("serials", distinct=True),
            open_alerts=Count("alerts", filter=Q(alerts__resolved_at__isnull=True), distinct=True),
        )
        .order_by("-harvested_on", "-id")[:200]
    )


def _open_alerts(*, seller_id: int | None, batch_id: int | None = None) -> QuerySet[CounterfeitAlert]:
    alerts = CounterfeitAlert.objects.filter(resolved_at__isnull=True)
    if seller_id is not None:
        alerts = alerts.filter(seller_id=seller_id)
    if batch_id is not None:
        alerts = alerts.filter(batch_id=batch_id)
    return alerts


def alerts_open(*, seller_id: int | None = None, batch_id: int | None = None) -> list[CounterfeitAlert]:
    """Open counterfeit alerts, newest first: a seller's own (of one batch), or all of them for
    moderators."""
    alerts = _open_alerts(seller_id=seller_id, batch_id=batch_id).select_related("batch__product", "serial", "seller")
    return list(alerts[:200])


def alerts_open_count(*, seller_id: int) -> int:
    return _open_alerts(seller_id=seller_id).count()
