"""Reads of traceability: what a trace page shows (the batch, where and who it came from, its
journey in plain words, warnings), a seller's batches and alerts, moderators' alerts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, OuterRef, Q, Subquery
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
from .scans import SCANS_PER_SERIAL

SOURCE_DEPTH = 4  # batches made from batches made from …: deep enough for fresh → dried → packed
TIMELINE_MAX = 30


@dataclass(frozen=True)
class Step:
    at: datetime
    title: str
    detail: str = ""
    is_corrected: bool = False  # declared wrong (EPCIS error declaration)


@dataclass
class TracePage:
    batch: Batch
    serial: Serial | None
    households: list[BatchHousehold]
    sources: list[Batch]
    photos: list[BatchPhoto]
    certifications: list[str]
    steps: list[Step]
    shipped_orders: int
    shipped_provinces: int
    warnings: list[str] = field(default_factory=list)  # AlertKind labels, for the person scanning


def _step_words(event: TraceEvent) -> tuple[str, str]:
    body: dict[str, Any] = event.document
    step, kind = event.biz_step, event.event_type
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
    events = TraceEvent.objects.filter(batch_id=batch_id).select_related("error_declaration")
    return [_step(event) for event in events.order_by("-event_time", "-pk")[:limit]]


def _sources_of(batch: Batch) -> list[Batch]:
    found: list[Batch] = []
    frontier = [batch.pk]
    for _depth in range(SOURCE_DEPTH):
        rows = list(BatchSource.objects.filter(batch_id__in=frontier).select_related("source__ward__province"))
        fresh = [row.source for row in rows if row.source.pk not in {b.pk for b in found}]
        if not fresh:
            break
        found.extend(fresh)
        frontier = [b.pk for b in fresh]
    return found


@dataclass(frozen=True)
class _Story:
    """What every scan of a batch shows alike: kept in the cache for ``TRACE_CACHE_SECONDS`` and
    made anew as soon as the batch records another event."""

    households: list[BatchHousehold]
    sources: list[Batch]
    photos: list[BatchPhoto]
    certifications: list[str]
    steps: list[Step]
    shipped: tuple[int, int]


def _story(batch: Batch, latest_event: int) -> _Story:
    """The batch's story as of its newest event (``latest_event``): cached under that event's id."""
    seconds = int(getattr(settings, "TRACE_CACHE_SECONDS", 60))
    key = f"trace-story:{batch.pk}:{latest_event}:{translation.get_language()}"
    story = cache.get(key) if seconds else None
    if story is None:
        story = _story_read(batch)
        if seconds:
            cache.set(key, story, seconds)
    return story


def _story_read(batch: Batch) -> _Story:
    sources = _sources_of(batch)
    lineage = [batch.pk, *[b.pk for b in sources]]
    households = list(BatchHousehold.objects.filter(batch_id__in=lineage).select_related("ward__province"))
    events = (
        TraceEvent.objects.filter(batch_id__in=lineage)
        .exclude(biz_step__in=PER_ORDER_STEPS)
        .select_related("error_declaration")
        .order_by("event_time", "pk")[:TIMELINE_MAX]
    )
    return _Story(
        households=list({(h.name, h.ward_id): h for h in households}.values()),
        sources=sources,
        photos=list(BatchPhoto.objects.filter(batch_id__in=lineage)[:4]),
        certifications=list(batch.certifications.values_list("name", flat=True)),
        steps=[_step(event) for event in events],
        shipped=_shipped(batch),
    )


def _step(event: TraceEvent) -> Step:
    title, detail = _step_words(event)
    return Step(event.event_time, title, detail, hasattr(event, "error_declaration"))


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
        steps += [
            _step(event)
            for event in TraceEvent.objects.filter(
                epcs__epc=epcis.serial_uri(gtin=batch.product.gtin, public_code=batch.public_code, serial=unit.serial),
                biz_step__in=PER_ORDER_STEPS,
            )
            .select_related("error_declaration")
            .order_by("event_time", "pk")[:5]
        ]
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
    these marks (scans._checks), and the counters never go back, so below all of them there is no
    alert to read (the common case: a query saved on the busiest page)."""
    if serial and unit is None:
        return True  # a serial never issued
    if batch.scan_count > batch.quantity:
        return True
    return unit is not None and (unit.scan_count > SCANS_PER_SERIAL or unit.last_province_id is not None)


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


def alerts_open(*, seller_id: int | None = None) -> list[CounterfeitAlert]:
    """Open counterfeit alerts, newest first: a seller's own, or all of them for moderators."""
    alerts = CounterfeitAlert.objects.filter(resolved_at__isnull=True).select_related(
        "batch__product", "serial", "seller"
    )
    if seller_id is not None:
        alerts = alerts.filter(seller_id=seller_id)
    return list(alerts[:200])
