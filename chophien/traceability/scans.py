"""Scans of labels and the signs of copied labels.

Every scan of a label is recorded with its time and, at most, a province: the one the person
scanning chose to give, or the delivery province of the order the unit was packed for. A serial
scanned far more often than one unit would be, in provinces far apart within a short time, a
serial never issued, or a batch scanned more times than it has units raises an alert with its
evidence; the trace page then warns whoever scans.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core import signing
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from chophien.accounts.models import User
from chophien.core.errors import NotFound, PermissionDenied, ValidationError
from chophien.places.centres import province_distance_km
from chophien.places.models import Province
from chophien.sellers.selectors import seller_role_of

from .gs1 import LabelKey
from .models import AlertKind, Batch, CounterfeitAlert, Scan, Serial
from .services import pk_of

# One unit is scanned by its buyer, their family, perhaps a shop: more than this is a copied label.
SCANS_PER_SERIAL = 20
FAR_APART_KM = 300
FAR_APART_WITHIN = timedelta(hours=48)
SCAN_PLACE_SALT = "chophien.traceability.scan-place"
SCAN_PLACE_MAX_AGE = 3600  # seconds in which the person who scanned may say where they are


@dataclass
class Resolved:
    """What a label names and what its scan found."""

    batch: Batch | None
    serial: Serial | None = None
    unknown_serial: str = ""
    scan_id: int | None = None


def _batch_of(key: LabelKey) -> Batch | None:
    batches = Batch.objects.select_related("product", "seller", "ward__province")
    if key.public_code:
        return batches.filter(public_code=key.public_code.upper()).first()
    if key.lot:
        return batches.filter(product__gtin=key.gtin, lot=key.lot).first()
    return None


def label_resolve(*, key: LabelKey, record: bool = True) -> Resolved:
    """The batch and unit a label names; with ``record``, the scan is counted and checked, in one
    transaction that locks the unit's row. Raises NotFound ``label_unknown`` when the label names
    nothing we know (no batch, no product)."""
    if record and key.serial and connection.vendor == "postgresql":
        counted = _serial_scan_counted(key)
        if counted is not None:
            return counted
    with transaction.atomic():
        if record and connection.vendor == "postgresql":
            # A scan is evidence, not money: one lost in a crash within the last fraction of a
            # second is acceptable, and not waiting for the disk is what lets 500 a second through.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
        serial = _serial_of(key, lock=record) if key.serial else None
        batch = serial.batch if serial is not None else _batch_of(key)
        if batch is None and serial is None and not (key.serial and _gtin_known(key.gtin)):
            raise NotFound("label_unknown", _("Không tìm thấy sản phẩm của tem này."))
        resolved = Resolved(
            batch=batch, serial=serial, unknown_serial=key.serial.upper() if key.serial and not serial else ""
        )
        if record:
            _scan_record(resolved, key)  # the trace page reads the open alerts itself (selectors)
    return resolved


# The scan of a known unit on PostgreSQL, in one statement and one round trip (the hot path: a
# label scanned from a phone): its counters moved, the scan written with the order's delivery
# province, the batch counted at the unit's first scan. One statement is its own transaction; its
# commit does not wait for the disk (a scan is evidence, not money). Run by Django's connection here
# and by the label scan app's own asynchronous one (scan_asgi.py), with ``scan_sql_params``.
SCAN_SQL = """
WITH unit AS (
    UPDATE traceability_serial AS s
    SET scan_count = s.scan_count + 1,
        first_scanned_at = COALESCE(s.first_scanned_at, %(now)s),
        last_scanned_at = %(now)s,
        last_province_id = COALESCE(
            (SELECT o.province_id FROM orders_orderline l JOIN orders_order o ON o.id = l.order_id
             WHERE l.id = s.order_line_id),
            s.last_province_id)
    FROM traceability_batch AS b JOIN catalog_product AS p ON p.id = b.product_id
    WHERE s.serial = %(serial)s AND b.id = s.batch_id
      AND (%(code)s = '' OR b.public_code = %(code)s)
      AND (%(gtin)s = '' OR p.gtin = %(gtin)s)
      AND (%(lot)s = '' OR b.lot = %(lot)s)
    RETURNING s.id, s.batch_id, s.scan_count, s.first_scanned_at, s.order_line_id, s.last_province_id,
              b.public_code, b.quantity, b.unit, b.seller_id, b.scan_count AS batch_scans
), scan AS (
    INSERT INTO traceability_scan (batch_id, serial_id, unknown_serial, scanned_at, province_id)
    SELECT batch_id, id, '', %(now)s, CASE WHEN order_line_id IS NULL THEN NULL ELSE last_province_id END
    FROM unit
    RETURNING id, province_id
), counted AS (
    UPDATE traceability_batch AS b SET scan_count = b.scan_count + 1
    FROM unit WHERE b.id = unit.batch_id AND unit.scan_count = 1
    RETURNING b.scan_count
)
SELECT unit.id, unit.batch_id, unit.scan_count, unit.first_scanned_at, unit.public_code, unit.quantity,
       unit.unit, unit.seller_id, COALESCE((SELECT scan_count FROM counted), unit.batch_scans), scan.id, scan.province_id,
       set_config('synchronous_commit', 'off', true)
FROM unit, scan
"""


@dataclass(frozen=True)
class CountedScan:
    """What SCAN_SQL answers for a known unit: its scan recorded and its counters moved."""

    serial_id: int
    batch_id: int
    serial_scans: int
    first_scanned_at: datetime
    public_code: str
    quantity: int
    unit: str
    seller_id: int
    batch_scans: int
    scan_id: int
    province_id: int | None

    @classmethod
    def of_row(cls, row: tuple[Any, ...]) -> CountedScan:
        return cls(*row[:11])

    @property
    def needs_checks(self) -> bool:
        """Whether this scan may be the sign of a copied label (rare: only then is more read)."""
        return alert_marks_passed(
            serial_scans=self.serial_scans, has_province=bool(self.province_id),
            batch_scans=self.batch_scans, batch_quantity=self.quantity,
        )  # fmt: skip


def alert_marks_passed(*, serial_scans: int, has_province: bool, batch_scans: int, batch_quantity: int) -> bool:
    """Whether counters this high can go with an alert of a copied unit or batch: ``_checks`` raises
    one only past these marks, and the counters never go back (a serial never issued aside)."""
    return serial_scans > SCANS_PER_SERIAL or has_province or batch_scans > batch_quantity


def scan_sql_params(key: LabelKey, now: datetime) -> dict[str, Any]:
    return {
        "now": now,
        "serial": key.serial.upper(),
        "code": key.public_code.upper(),
        "gtin": key.gtin,
        "lot": key.lot,
    }


def _serial_scan_counted(key: LabelKey) -> Resolved | None:
    """Count a scan of a known unit in one statement (PostgreSQL, outside a transaction); None when
    the label names no such unit (the caller's slower path handles invented serials)."""
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(SCAN_SQL, scan_sql_params(key, now))
        row = cursor.fetchone()
    if row is None:
        return None
    return scan_counted_check(counted=CountedScan.of_row(row), key=key, now=now)


def scan_counted_check(*, counted: CountedScan, key: LabelKey, now: datetime) -> Resolved:
    """The scan SCAN_SQL recorded, as the resolver reads it; raises or feeds the alerts it is a sign
    of when ``counted.needs_checks``."""
    resolved = scan_counted_resolved(counted=counted, key=key)
    if counted.needs_checks:
        scan_counted_alerts(resolved=resolved, counted=counted, key=key, now=now)
    return resolved


def scan_counted_resolved(*, counted: CountedScan, key: LabelKey) -> Resolved:
    """The scan SCAN_SQL recorded, as the resolver reads it (no query)."""
    batch = Batch(
        pk=counted.batch_id, public_code=counted.public_code, quantity=counted.quantity, unit=counted.unit,
        seller_id=counted.seller_id, scan_count=counted.batch_scans,
    )  # fmt: skip
    serial = Serial(
        pk=counted.serial_id, serial=key.serial.upper(), batch=batch, scan_count=counted.serial_scans,
        first_scanned_at=counted.first_scanned_at,
    )  # fmt: skip
    return Resolved(batch=batch, serial=serial, scan_id=counted.scan_id)


def scan_counted_alerts(*, resolved: Resolved, counted: CountedScan, key: LabelKey, now: datetime) -> None:
    """Raise, or add evidence to, the alerts a recorded scan is a sign of (call when
    ``counted.needs_checks``; it reads and writes alerts in a transaction of its own)."""
    assert resolved.batch is not None and resolved.serial is not None
    scan = Scan(
        pk=counted.scan_id, batch=resolved.batch, serial=resolved.serial, scanned_at=now,
        province_id=counted.province_id,
    )  # fmt: skip
    with transaction.atomic():
        _checks(resolved, scan, key)


def _serial_of(key: LabelKey, *, lock: bool) -> Serial | None:
    """The unit a label's serial names, when the rest of the label agrees (a real serial printed on
    another product's or batch's label is as good as invented)."""
    units = Serial.objects.select_related(
        "batch__product", "batch__seller", "batch__ward__province", "order_line__order"
    )
    if lock:
        units = units.select_for_update(of=("self",))
    serial = units.filter(serial=key.serial.upper()).first()
    if serial is None:
        return None
    batch = serial.batch
    if (
        (key.public_code and batch.public_code != key.public_code.upper())
        or (key.gtin and batch.product.gtin != key.gtin)
        or (key.lot and batch.lot != key.lot)
    ):
        return None
    return serial


def _gtin_known(gtin: str) -> bool:
    from chophien.catalog.models import Product

    return bool(gtin) and Product.objects.filter(gtin=gtin).exists()


def _scan_record(resolved: Resolved, key: LabelKey) -> None:
    """Count the scan; call inside ``label_resolve``'s transaction, the unit's row locked."""
    now = timezone.now()
    serial, batch = resolved.serial, resolved.batch
    province_id = None
    first_of_serial = False
    if serial is not None:
        province_id = serial.order_line.order.province_id if serial.order_line else None
        first_of_serial = serial.scan_count == 0
        Serial.objects.filter(pk=serial.pk).update(
            scan_count=F("scan_count") + 1,
            first_scanned_at=serial.first_scanned_at or now,
            last_scanned_at=now,
            last_province_id=province_id or serial.last_province_id,
        )
        serial.scan_count += 1
        serial.first_scanned_at = serial.first_scanned_at or now
    scan = Scan.objects.create(
        batch=batch, serial=serial, unknown_serial=resolved.unknown_serial, scanned_at=now, province_id=province_id
    )
    resolved.scan_id = scan.pk
    if batch is not None and (serial is None or first_of_serial):
        Batch.objects.filter(pk=batch.pk).update(scan_count=F("scan_count") + 1)
        batch.scan_count += 1
    _checks(resolved, scan, key)


def _checks(resolved: Resolved, scan: Scan, key: LabelKey) -> None:
    """Raise, or add evidence to, the alerts this scan is a sign of."""
    serial, batch = resolved.serial, resolved.batch
    if serial is not None and serial.scan_count > SCANS_PER_SERIAL:
        _alert(
            AlertKind.TOO_MANY_SCANS, f"{serial.pk}", batch=serial.batch, serial=serial,
            evidence={"scans": serial.scan_count, "limit": SCANS_PER_SERIAL,
                      "first_scanned_at": _iso(serial.first_scanned_at), "last_scanned_at": _iso(scan.scanned_at)},
        )  # fmt: skip
    if serial is not None and scan.province_id:
        _far_apart(serial, scan)
    if resolved.unknown_serial:
        owner = batch or _batch_of_gtin(key.gtin)
        if owner is not None:
            _alert(
                AlertKind.NEVER_ISSUED, resolved.unknown_serial, batch=batch, serial=None, seller_id=owner.seller_id,
                evidence={"serial": resolved.unknown_serial, "gtin": key.gtin, "lot": key.lot,
                          "public_code": key.public_code, "last_scanned_at": _iso(scan.scanned_at)},
                count_scans=True,
            )  # fmt: skip
    if batch is not None and batch.scan_count > batch.quantity:
        _alert(
            AlertKind.OVER_QUANTITY, f"{batch.pk}", batch=batch, serial=None,
            evidence={"scans": batch.scan_count, "quantity": batch.quantity, "unit": batch.unit},
        )  # fmt: skip


def _batch_of_gtin(gtin: str) -> Batch | None:
    return Batch.objects.filter(product__gtin=gtin).order_by("-harvested_on").first() if gtin else None


def _iso(moment: Any) -> str:
    return moment.isoformat() if moment else ""


def _far_apart(serial: Serial, scan: Scan) -> None:
    assert scan.province_id is not None
    recent = (
        Scan.objects.filter(serial=serial, scanned_at__gte=scan.scanned_at - FAR_APART_WITHIN, province__isnull=False)
        .exclude(pk=scan.pk)
        .exclude(province_id=scan.province_id)
        .values_list("province_id", "scanned_at")
    )
    for province_id, at in recent:
        distance = province_distance_km(province_id, scan.province_id)
        if distance is not None and distance > FAR_APART_KM:
            names = dict(Province.objects.filter(code__in=[province_id, scan.province_id]).values_list("code", "name"))
            _alert(
                AlertKind.FAR_APART, f"{serial.pk}", batch=serial.batch, serial=serial,
                evidence={"provinces": [names.get(province_id, ""), names.get(scan.province_id, "")],
                          "km": round(distance), "times": [_iso(at), _iso(scan.scanned_at)]},
            )  # fmt: skip
            return


def _alert(
    kind: str,
    thing: str,
    *,
    batch: Batch | None,
    serial: Serial | None,
    evidence: dict[str, Any],
    seller_id: int | None = None,
    count_scans: bool = False,
) -> None:
    """Open an alert, or bring an open one's evidence up to date (one open alert per kind and thing)."""
    key = f"{kind}:{thing}"
    owner = seller_id or (batch.seller_id if batch is not None else None)
    if owner is None:
        return
    current = CounterfeitAlert.objects.select_for_update().filter(key=key, resolved_at__isnull=True).first()
    if current is not None:
        if count_scans:
            evidence["scans"] = int(current.evidence.get("scans", 1)) + 1
        CounterfeitAlert.objects.filter(pk=current.pk).update(evidence={**current.evidence, **evidence})
        return
    if count_scans:
        evidence["scans"] = 1
    try:
        with transaction.atomic():
            CounterfeitAlert.objects.create(
                seller_id=owner, batch=batch, serial=serial, kind=kind, key=key, evidence=evidence
            )
    except IntegrityError:
        pass  # raised meanwhile by another scan: it stands


def scan_place_token(scan_id: int) -> str:
    return signing.dumps(scan_id, salt=SCAN_PLACE_SALT, compress=True)


def scan_place_set(*, token: str, province_code: Any) -> Scan:
    """The person who scanned says which province they are in (only a province: never more). Once,
    within an hour of the scan. Raises ValidationError ``scan_token_invalid`` / ``province_invalid``."""
    try:
        scan_id = signing.loads(token, salt=SCAN_PLACE_SALT, max_age=SCAN_PLACE_MAX_AGE)
    except signing.BadSignature:
        raise ValidationError("scan_token_invalid", _("Liên kết đã hết hạn. Vui lòng quét lại tem.")) from None
    province = Province.objects.filter(pk=pk_of(province_code)).first()
    if province is None:
        raise ValidationError("province_invalid", _("Vui lòng chọn tỉnh, thành phố."), field="province")
    with transaction.atomic():
        changed = Scan.objects.filter(pk=int(scan_id), province__isnull=True).update(province=province)
        scan = Scan.objects.select_related("serial__batch").get(pk=int(scan_id))
        if changed and scan.serial is not None:
            Serial.objects.filter(pk=scan.serial.pk).update(last_province=province)
            _far_apart(scan.serial, scan)
    return scan


def alert_resolve(*, alert_id: Any, by: User, note: str = "") -> CounterfeitAlert:
    """The seller or a moderator closes an alert they have looked into."""
    alert = CounterfeitAlert.objects.select_related("seller").filter(pk=pk_of(alert_id)).first()
    if alert is None:
        raise NotFound("alert_not_found", _("Không tìm thấy cảnh báo này."))
    if not by.is_moderator and seller_role_of(user=by, seller=alert.seller) is None:
        raise PermissionDenied("not_your_shop", _("Bạn không làm việc cho cửa hàng này."))
    CounterfeitAlert.objects.filter(pk=alert.pk, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=by, evidence={**alert.evidence, "note": note[:300]}
    )
    alert.refresh_from_db()
    return alert
