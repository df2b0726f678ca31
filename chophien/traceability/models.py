"""Traceability: batches (lô, mẻ), the EPCIS events of their journey, serialized units, scans of
their labels, counterfeit alerts, and which batch each packed order line came from."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BatchStatus(models.TextChoices):
    ACTIVE = "active", _("Đang bán")
    RECALLED = "recalled", _("Đã thu hồi")


class Batch(models.Model):
    """One harvest or production run of a product: the unit traceability follows.

    ``lot`` is the batch number printed on labels (GS1 AI 10 characters); ``public_code`` is the short
    code of the platform's own label link (``/t/<public_code>``) for sellers without a GTIN.
    """

    seller = models.ForeignKey("sellers.Seller", on_delete=models.PROTECT, related_name="batches")
    product = models.ForeignKey("catalog.Product", on_delete=models.PROTECT, related_name="batches")
    lot = models.CharField(max_length=20)
    public_code = models.CharField(max_length=12, unique=True)
    ward = models.ForeignKey("places.Ward", on_delete=models.PROTECT, related_name="+")  # the commune
    harvested_on = models.DateField()
    best_before = models.DateField(null=True, blank=True)
    quantity = models.PositiveIntegerField()  # in ``unit``
    unit = models.CharField(max_length=10)
    certifications = models.ManyToManyField("catalog.Certification", blank=True, related_name="+")
    note = models.CharField(max_length=500, blank=True)  # how it was grown or made, in the seller's words
    status = models.CharField(max_length=10, choices=BatchStatus.choices, default=BatchStatus.ACTIVE)
    recalled_at = models.DateTimeField(null=True, blank=True)
    recall_reason = models.CharField(max_length=300, blank=True)
    # Label scans so far (lot labels, and the first scan of each serial): over ``quantity`` is an alert.
    scan_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-harvested_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["product", "lot"], name="batch_lot_once_per_product")]
        indexes = [models.Index(fields=["seller", "product", "harvested_on"], name="batch_fifo")]

    def __str__(self) -> str:
        return f"{self.lot} ({self.public_code})"

    @property
    def is_recalled(self) -> bool:
        return self.status == BatchStatus.RECALLED


class BatchHousehold(models.Model):
    """A household the batch came from (a cooperative's lot lists its members' households)."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="households")
    name = models.CharField(max_length=120)
    ward = models.ForeignKey("places.Ward", on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(null=True, blank=True)  # their share, in the batch's unit

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class BatchSource(models.Model):
    """A batch that went into another (processing, or members' lots gathered by a cooperative):
    the trace page follows these back to every household."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="sources")
    source = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField()  # in the source's unit

    class Meta:
        constraints = [models.UniqueConstraint(fields=["batch", "source"], name="batch_source_once")]

    def __str__(self) -> str:
        return f"{self.source_id} -> {self.batch_id}"


def batch_photo_path(instance: BatchPhoto, filename: str) -> str:
    return f"batches/{instance.batch_id}/{filename}"


class BatchPhoto(models.Model):
    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to=batch_photo_path)  # made 800 px wide at most when stored
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.image.name or ""


# One event per order: summed up, not listed, on a batch's trace page.
PER_ORDER_STEPS = ("shipping", "receiving")


class TraceEvent(models.Model):
    """An EPCIS 2.0 event in its JSON-LD form, append-only: never updated, never deleted. A mistake
    is declared by an ``ErrorDeclaration`` row (EPCIS error declaration), not by an edit.

    ``event_id`` is the GS1 event hash (``ni:///sha-256;…?ver=CBV2.0``): the same event captured
    twice has the same id, so a duplicate capture is recognised.
    """

    event_id = models.CharField(max_length=120, unique=True)
    event_type = models.CharField(max_length=24)
    event_time = models.DateTimeField()
    record_time = models.DateTimeField(default=timezone.now)
    biz_step = models.CharField(max_length=80, blank=True)
    seller = models.ForeignKey("sellers.Seller", on_delete=models.PROTECT, related_name="+")
    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, null=True, blank=True, related_name="events")
    document = models.JSONField()  # the event as captured, eventID included

    class Meta:
        ordering = ["event_time", "id"]
        indexes = [
            models.Index(fields=["batch", "event_time"], name="trace_event_batch"),
            models.Index(fields=["biz_step", "event_time"], name="trace_event_step"),
            models.Index(fields=["event_time"], name="trace_event_time"),
            # A batch's newest event names the version of its cached story (selectors._story): without
            # this, PostgreSQL walks the primary key backwards through every later batch's events.
            models.Index(fields=["batch", "id"], name="trace_event_batch_latest"),
            # The steps a trace page lists: a batch's own, without the one-per-order shipping and
            # receiving events that make most of its rows (hundreds a batch that sells well).
            models.Index(
                fields=["batch", "event_time", "id"],
                name="trace_event_batch_story",
                condition=~models.Q(biz_step__in=PER_ORDER_STEPS),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} {self.biz_step} {self.event_time:%Y-%m-%d}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None and not self._state.adding:
            raise RuntimeError("EPCIS events are append-only: declare an error instead of editing")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise RuntimeError("EPCIS events are append-only: declare an error instead of deleting")


class EpcRole(models.TextChoices):
    EPC = "epc"  # epcList, or a class in quantityList
    INPUT = "input"
    OUTPUT = "output"
    PARENT = "parent"
    CHILD = "child"


class TraceEventEpc(models.Model):
    """Each identifier an event names, for queries by EPC (``MATCH_anyEPC``, ``MATCH_epcClass``)."""

    event = models.ForeignKey(TraceEvent, on_delete=models.PROTECT, related_name="epcs")
    epc = models.CharField(max_length=200)
    role = models.CharField(max_length=6, choices=EpcRole.choices)
    is_class = models.BooleanField(default=False)  # a class (quantityList), not one instance

    class Meta:
        indexes = [models.Index(fields=["epc", "event"], name="trace_epc")]

    def __str__(self) -> str:
        return self.epc


class ErrorDeclaration(models.Model):
    """EPCIS error declaration: ``event`` was wrong; ``corrective_event_ids`` are the events that
    put it right. The erroneous event itself is kept unchanged."""

    event = models.OneToOneField(TraceEvent, on_delete=models.PROTECT, related_name="error_declaration")
    declared_at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=120, blank=True)  # a CBV error reason, e.g. "incorrect_data"
    corrective_event_ids = models.JSONField(default=list)
    note = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"error in {self.event_id}"


class Serial(models.Model):
    """One serialized unit (a bottle of honey, a root of ginseng): its own label and scan history.

    Serials are random and unguessable, so a copied label shows as a serial scanned too often or
    in provinces far apart, and an invented one as a serial never issued.
    """

    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="serials")
    serial = models.CharField(max_length=20, unique=True)
    issued_at = models.DateTimeField(default=timezone.now)
    scan_count = models.PositiveIntegerField(default=0)
    first_scanned_at = models.DateTimeField(null=True, blank=True)
    last_scanned_at = models.DateTimeField(null=True, blank=True)
    last_province = models.ForeignKey("places.Province", on_delete=models.PROTECT, null=True, related_name="+")
    order_line = models.ForeignKey("orders.OrderLine", on_delete=models.SET_NULL, null=True, related_name="+")

    def __str__(self) -> str:
        return self.serial


class Scan(models.Model):
    """A label opened from a phone: when, and the coarse place (a province) the scanner chose to
    give or the order's delivery province. Nothing more personal is kept (no address, no device)."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, null=True, related_name="scans")
    serial = models.ForeignKey(Serial, on_delete=models.CASCADE, null=True, related_name="scans")
    unknown_serial = models.CharField(max_length=20, blank=True)  # a serial we never issued
    scanned_at = models.DateTimeField(default=timezone.now)
    province = models.ForeignKey("places.Province", on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["serial", "scanned_at"], name="scan_serial_time")]

    def __str__(self) -> str:
        return f"{self.serial_id or self.unknown_serial or self.batch_id} {self.scanned_at:%Y-%m-%d %H:%M}"


class AlertKind(models.TextChoices):
    TOO_MANY_SCANS = "too_many_scans", _("Một tem bị quét quá nhiều lần")
    FAR_APART = "far_apart", _("Một tem bị quét ở các tỉnh xa nhau trong thời gian ngắn")
    NEVER_ISSUED = "never_issued", _("Tem có số sê-ri chưa từng được cấp")
    OVER_QUANTITY = "over_quantity", _("Số lượt quét của lô vượt số lượng của lô")


class CounterfeitAlert(models.Model):
    """A sign that labels were copied, with its evidence, for the seller and moderators."""

    seller = models.ForeignKey("sellers.Seller", on_delete=models.CASCADE, related_name="+")
    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, null=True, related_name="alerts")
    serial = models.ForeignKey(Serial, on_delete=models.CASCADE, null=True, related_name="alerts")
    kind = models.CharField(max_length=16, choices=AlertKind.choices)
    # One open alert per kind and thing (serial, batch or unknown serial): later scans add evidence.
    key = models.CharField(max_length=80)
    evidence = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=Q(resolved_at__isnull=True), name="alert_open_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"


class PackedLine(models.Model):
    """Units of an order line packed from a batch: the package traces back to the families."""

    order_line = models.ForeignKey("orders.OrderLine", on_delete=models.CASCADE, related_name="+")
    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="packed")
    quantity = models.PositiveIntegerField()
    packed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["order_line", "batch"], name="packed_once_per_batch"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="packed_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} from {self.batch_id}"


class CaptureJob(models.Model):
    """One accepted EPCIS capture (``POST /epcis/capture``), as the REST binding's capture job.
    Validation happens before it exists: a job is only ever a success, all events or none."""

    capture_id = models.CharField(max_length=32, unique=True)
    seller = models.ForeignKey("sellers.Seller", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    event_count = models.PositiveIntegerField()
    duplicate_event_ids = models.JSONField(default=list)  # events we already had: recognised, not stored again

    def __str__(self) -> str:
        return self.capture_id
