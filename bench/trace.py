"""Traceability at scale on PostgreSQL: label resolution with the trace page, scans, label PDFs.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/trace.py \\
        [--serials 1000000] [--events 5000000] [--batches 10000] [--requests 2000] [--scan-rate 500] \\
        [--seconds 10] [--labels 1000] [--phones 1,2,4] [--server-workers 4] [--reuse]
        [--db-name chophien_bench_trace] [--smoke]

Works in its own database (``--db-name``, default `chophien_bench_trace`) on DATABASE_URL's server
(kept between runs with ``--reuse`` when it already holds the data asked for; it drops or reuses
only a database a bench made: a marker says so). Fills it server-side (INSERT … SELECT
generate_series) with ``--batches`` batches of 100 sellers' products, ``--serials`` serials spread
over them, and ``--events`` EPCIS events: each batch's commissioning and encoding events, the rest
shipping and receiving events each naming one serial, as orders would. Then it starts the app as
production runs it (uvicorn, ``--server-workers`` processes, DEBUG off) and measures:

1. Resolve + trace page: a phone scans a random serial's label (``GET /t/<code>/<serial>``: the scan
   is recorded and checked, 307) and opens the trace page it is sent to; the time of both requests,
   ``--requests`` scans by 1, 2 and 4 phones at once (``--phones``). Floor: p95 under 50 ms.
2. Scans: ``--scan-rate`` label scans a second offered for ``--seconds`` (the resolver alone, each
   recording a scan), then as many as 32 connections get through. Floor: 500 scans/s recorded. The
   scans counted are the rows the database holds after the flood, not the redirects answered.
3. Labels: ``--labels`` serialized labels rendered to PDF in one process (A4 sheets and 50×30 mm roll).

It prints every setting it sets for the server beside the committed ones. ``--smoke``: 20 batches,
2,000 serials, 10,000 events, short runs, to check that it works (under a minute once Node's packages
are installed).

The HTTP load comes from Node.js (bench/trace_load.mjs, autocannon; ``npm ci`` in bench/ on the first
run), so that the client takes as little as possible of the cores it shares with the server.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _support import (
    add_database_option,
    bench_database,
    database_version,
    free_port,
    load_average,
    machine,
    provenance,
    recreate,
    refuse_unless_ours,
    server_start,
    setup_django,
)

SELLERS = 100
BENCH = Path(__file__).resolve().parent
SITE = "http://127.0.0.1:8000"


def _filled(serials: int, events: int, batches: int) -> bool:
    from chophien.traceability.models import Batch, Serial, TraceEvent

    try:
        return (Batch.objects.count(), Serial.objects.count(), TraceEvent.objects.count()) == (batches, serials, events)
    except Exception:  # noqa: BLE001 (no tables yet)
        return False


def fill(serials: int, events: int, batches: int) -> float:
    """Make the bench data; returns the seconds it took."""
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from chophien.accounts.models import User
    from chophien.catalog.models import Product
    from chophien.sellers.models import Seller, SellerMember, SellerRole
    from chophien.traceability.models import Batch

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    sellers = Seller.objects.bulk_create(
        Seller(kind="cooperative", name=f"HTX bản {n}", slug=f"htx-ban-{n}", ward_id=3478, province_id=12,
               phone=f"08{n:08d}")
        for n in range(SELLERS)
    )  # fmt: skip
    owners = User.objects.bulk_create(User(phone=f"07{n:08d}", full_name=f"Chủ {n}") for n in range(SELLERS))
    SellerMember.objects.bulk_create(
        SellerMember(seller=s, user=u, role=SellerRole.OWNER) for s, u in zip(sellers, owners, strict=True)
    )
    products = Product.objects.bulk_create(
        Product(seller=s, name=f"Mật ong bạc hà bản {n}", slug=f"mat-ong-{n}", price=350000, province_id=12,
                ocop_stars=4, unit="chai")
        for n, s in enumerate(sellers)
    )  # fmt: skip
    today = timezone.localdate()
    Batch.objects.bulk_create(
        (
            Batch(seller=products[n % SELLERS].seller, product=products[n % SELLERS], lot=f"L{n:06d}",
                  public_code=f"B{n:05d}", ward_id=3478, harvested_on=today, quantity=serials // batches, unit="chai")
            for n in range(batches)
        ),
        batch_size=5000,
    )  # fmt: skip
    per_batch = serials // batches
    with connection.cursor() as cursor:
        # A bulk load: foreign keys are not checked row by row (the rows are made consistent here),
        # and the secondary indexes are built once at the end rather than kept up row by row.
        cursor.execute("SET session_replication_role = replica")
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN "
            "('traceability_traceevent', 'traceability_traceeventepc', 'traceability_serial') "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint)"
        )
        secondary = cursor.fetchall()
        for name, _definition in secondary:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("SELECT min(id) FROM traceability_batch")
        first = cursor.fetchone()[0]
        # Serials: S + 9 digits, per_batch to a batch.
        cursor.execute(
            """
            INSERT INTO traceability_serial (batch_id, serial, issued_at, scan_count)
            SELECT %s + (g / %s), 'S' || lpad(g::text, 9, '0'), now(), 0 FROM generate_series(0, %s - 1) g
            """,
            [first, per_batch, serials],
        )
        # Each batch: its commissioning and encoding events; every other event ships or receives one of its serials.
        cursor.execute(
            """
            INSERT INTO traceability_traceevent (event_id, event_type, event_time, record_time, biz_step, seller_id,
                                                 batch_id, document)
            SELECT 'ni:///sha-256;' || md5(g::text) || md5('x' || g) || '?ver=CBV2.0', 'ObjectEvent',
                   now() - interval '30 days' + (g %% 43200) * interval '1 minute', now(),
                   CASE WHEN g < %(batches)s THEN 'commissioning' WHEN g < 2 * %(batches)s THEN 'encoding'
                        WHEN g %% 2 = 0 THEN 'shipping' ELSE 'receiving' END,
                   b.seller_id, b.id,
                   jsonb_build_object(
                     'type', 'ObjectEvent', 'eventTime', to_char(now(), 'YYYY-MM-DD"T"HH24:MI:SS.MS+07:00'),
                     'eventTimeZoneOffset', '+07:00', 'action', CASE WHEN g < 2 * %(batches)s THEN 'ADD' ELSE 'OBSERVE' END,
                     'bizStep', CASE WHEN g < %(batches)s THEN 'commissioning' WHEN g < 2 * %(batches)s THEN 'encoding'
                                     WHEN g %% 2 = 0 THEN 'shipping' ELSE 'receiving' END,
                     'quantityList', jsonb_build_array(jsonb_build_object('epcClass', %(site)s || '/t/' || b.public_code,
                                                                          'quantity', 1)),
                     'ilmd', jsonb_build_object('cp:households', jsonb_build_array('Hộ Lò Thị Hoa', 'Hộ Vàng Thị Mỷ'),
                                                'cp:commune', 'Xã Sìn Hồ', 'cp:province', 'Lai Châu'),
                     'cp:destinationProvince', 'Hà Nội',
                     'readPoint', jsonb_build_object('id', %(site)s || '/xa/3478'),
                     'bizLocation', jsonb_build_object('id', %(site)s || '/xa/3478'))
            FROM generate_series(0, %(events)s - 1) g
            JOIN traceability_batch b ON b.id = %(first)s + (g %% %(batches)s)
            """,
            {"batches": batches, "events": events, "first": first, "site": SITE},
        )
        cursor.execute(
            """
            INSERT INTO traceability_traceeventepc (event_id, epc, role, is_class)
            SELECT e.id, %(site)s || '/t/' || b.public_code || '/' || s.serial, 'epc', false
            FROM traceability_traceevent e
            JOIN traceability_batch b ON b.id = e.batch_id
            JOIN traceability_serial s ON s.id = (SELECT min(id) FROM traceability_serial)
                                                 + (b.id - %(first)s) * %(per_batch)s + ((e.id * 7919) %% %(per_batch)s)
            WHERE e.biz_step IN ('shipping', 'receiving')
            """,
            {"site": SITE, "first": first, "per_batch": per_batch},
        )
        for _name, definition in secondary:
            cursor.execute(definition)
        cursor.execute("SET session_replication_role = origin")
        cursor.execute("ANALYZE")
    return time.perf_counter() - started


def node_load(*args: str) -> dict[str, Any]:
    """Run bench/trace_load.mjs (Node.js: autocannon for floods, keep-alive requests for phones): a
    load generator that takes far less of the shared cores than a Python client would."""
    if not (BENCH / "node_modules/autocannon").exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--silent"], cwd=BENCH, check=True)
    run = subprocess.run(["node", str(BENCH / "trace_load.mjs"), *args], capture_output=True, text=True, check=True)
    return dict(json.loads(run.stdout.strip().splitlines()[-1]))


def scans_reset(redis_url: str) -> None:
    """Scans of earlier runs undone (a reused database): counters past the alert marks would send
    every scan down the alert checks' slower path; and no trace page's story is left in the cache,
    so that every run starts cold."""
    import redis
    from django.db import connection

    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(match="*trace-story:*", count=1000):
        client.delete(key)

    with connection.cursor() as cursor:
        cursor.execute("UPDATE traceability_serial SET scan_count = 0, first_scanned_at = NULL, last_scanned_at = NULL,"
                       " last_province_id = NULL WHERE scan_count > 0")  # fmt: skip
        cursor.execute("UPDATE traceability_batch SET scan_count = 0 WHERE scan_count > 0")
        cursor.execute("TRUNCATE traceability_scan, traceability_counterfeitalert")
        # The rows just reset are dead tuples: cleared now, not by an autovacuum in the middle of a
        # measure, and written out by a checkpoint of our own for the same reason.
        cursor.execute("VACUUM (ANALYZE) traceability_serial, traceability_batch")
        cursor.execute("CHECKPOINT")


def _scans_in_process(args: tuple[str, list[tuple[str, str]], float]) -> int:
    """One process recording scans through the service for ``seconds`` (no HTTP): how many."""
    database_url, codes, seconds = args
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from chophien.traceability.gs1 import LabelKey
    from chophien.traceability.scans import label_resolve

    done, end = 0, time.perf_counter() + seconds
    while time.perf_counter() < end:
        code, serial = random.choice(codes)
        label_resolve(key=LabelKey(public_code=code, serial=serial))
        done += 1
    return done


def scans_last_id() -> int:
    from chophien.traceability.models import Scan

    return Scan.objects.order_by("-id").values_list("id", flat=True).first() or 0


def scans_recorded(after_id: int) -> tuple[int, float]:
    """Scans the database recorded since ``after_id`` (one row each), and the seconds from the first
    to the last of them: the rate is what the database holds, not what the client was answered."""
    from django.db.models import Count, Max, Min

    from chophien.traceability.models import Scan

    rows = Scan.objects.filter(id__gt=after_id).aggregate(
        n=Count("id"), first=Min("scanned_at"), last=Max("scanned_at")
    )
    span = (rows["last"] - rows["first"]).total_seconds() if rows["n"] > 1 else 0.0
    return rows["n"], span


def scans_service(database_url: str, codes: list[tuple[str, str]], processes: int, seconds: float) -> float:
    from multiprocessing import get_context

    with get_context("spawn").Pool(processes) as pool:
        counts = pool.map(_scans_in_process, [(database_url, codes, seconds)] * processes)
    return sum(counts) / seconds


def labels_time(count: int) -> dict[str, tuple[float, int]]:
    from chophien.traceability.labels import Label, LabelLayout, labels_pdf

    items = [
        Label(uri=f"{SITE}/t/B00001/S{n:09d}", product_name="Mật ong bạc hà Mèo Vạc", batch_code="L000001",
              seller_name="HTX Mật ong Mèo Vạc", short_code=f"B00001-S{n:09d}", ocop_stars=4)
        for n in range(count)
    ]  # fmt: skip
    results = {}
    for layout in (LabelLayout.A4, LabelLayout.ROLL):
        started = time.perf_counter()
        pdf = labels_pdf(items, layout=layout)
        results[str(layout)] = (time.perf_counter() - started, len(pdf))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--serials", type=int, default=1_000_000)
    parser.add_argument("--events", type=int, default=5_000_000)
    parser.add_argument("--batches", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--phones", default="1,2,4", help="phones scanning at once, one run for each")
    parser.add_argument("--scan-rate", type=float, default=500)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--labels", type=int, default=1000)
    # Sync views wait on the database: two processes a core keep the cores busy meanwhile.
    parser.add_argument("--server-workers", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument("--reuse", action="store_true", help="keep the database when it already holds the data")
    parser.add_argument("--smoke", action="store_true", help="a small run that checks the bench works")
    add_database_option(parser, bench="trace")
    args = parser.parse_args()
    if args.smoke:
        args.serials, args.events, args.batches, args.requests = 2000, 10_000, 20, 40
        args.phones, args.scan_rate, args.seconds, args.labels = "1", 50, 2.0, 20
    database = bench_database(os.environ.get("DATABASE_URL", ""), bench="trace", name=args.db_name, smoke=args.smoke)
    if not database.is_postgres:
        raise SystemExit("bench/trace.py measures production: set DATABASE_URL to a PostgreSQL server")
    refuse_unless_ours(database)
    if args.reuse:
        setup_django(database)
        filled = _filled(args.serials, args.events, args.batches)
    else:
        filled = False
    fill_seconds = 0.0
    if not filled:
        recreate(database)
        if not args.reuse:
            setup_django(database)
        fill_seconds = fill(args.serials, args.events, args.batches)

    from django.db import connection, connections

    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    scans_reset(redis_url)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT b.public_code, s.serial FROM traceability_serial s JOIN traceability_batch b ON b.id = s.batch_id "
            "WHERE random() < %s LIMIT 20000",
            [min(1.0, 40_000 / args.serials)],
        )
        codes = [(code, serial) for code, serial in cursor.fetchall()]
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size = cursor.fetchone()[0]
    labels_file = Path(tempfile.mkdtemp(prefix="chophien-bench-")) / "labels.txt"
    labels_file.write_text("".join(f"{code} {serial}\n" for code, serial in codes))
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)  # DEBUG off serves hashed static names
    connections.close_all()
    labels = labels_time(args.labels)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    overrides = {
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "TRACE_SCANS_PER_MINUTE": "100000000",  # every request of the bench comes from one address
        "REDIS_URL": redis_url,
    }
    server = server_start(database_url=database.url, port=port, workers=args.server_workers, env=overrides)
    try:
        deadline = time.monotonic() + 30
        import logging

        import httpx

        logging.getLogger("httpx").setLevel(logging.WARNING)

        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/epcis/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        print(f"run:      {provenance()}")
        print(f"database: {database_version()}, {database.name}, {size}"
              + (f"; filled in {fill_seconds:.0f} s" if fill_seconds else " (reused)"))  # fmt: skip
        print(f"data:     {args.batches:,} batches, {args.serials:,} serials, {args.events:,} EPCIS events")
        print(f"machine:  {machine()}; load average {load_average()}")
        print(f"server:   uvicorn, {args.server_workers} worker processes, DEBUG off; the client on the same machine")
        print(
            "settings: the committed ones (config.settings.local) but DEBUG=false, "
            + ", ".join(f"{name}={value}" for name, value in overrides.items())
        )
        for layout, (seconds, size_bytes) in labels.items():
            print(
                f"labels:   {args.labels:,} serialized labels, {layout}: {seconds:.2f} s, {size_bytes / 1024:.0f} KiB PDF"
            )
        node_load("phones", base, str(labels_file), "200", "2")  # warm the processes
        for phones in args.phones.split(","):
            result = node_load("phones", base, str(labels_file), str(args.requests), phones)
            both, resolve, page = (result["ms"][part] for part in ("both", "resolve", "page"))
            print(
                f"resolve + trace page, {phones} phone(s) at once, {result['requests']} scans: p50 {both['p50']:.1f} ms, "
                f"p95 {both['p95']:.1f} ms, p99 {both['p99']:.1f} ms (resolve p95 {resolve['p95']:.1f} ms, "
                f"page p95 {page['p95']:.1f} ms)  (floor: p95 < 50 ms)",
                flush=True,
            )
        for rate, connections_open in ((args.scan_rate, 64), (0, 32)):
            before = scans_last_id()
            flood = node_load("scans", base, str(labels_file), str(rate), str(args.seconds), str(connections_open))
            recorded, span = scans_recorded(before)
            connections.close_all()
            offered = f"{rate:.0f}/s offered" if rate else f"as fast as {connections_open} connections go"
            latency = flood["latency_ms"]
            print(
                f"scans:    {offered} for {args.seconds:.0f} s: {recorded / max(span, 1e-9):.0f} scans/s recorded "
                f"({recorded} rows in the database over {span:.1f} s; {flood['redirected']} redirects answered), "
                f"latency p50 {latency['p50']} ms, p99 {latency['p99']} ms; {flood['other_answers']} other answers, "
                f"{flood['errors']} errors  (floor: 500/s)",
                flush=True,
            )
        # Last: it leaves thousands of updated rows behind for PostgreSQL to clean up.
        before = scans_last_id()
        connections.close_all()
        called_rate = scans_service(database.url, codes, os.cpu_count() or 1, args.seconds)
        recorded, span = scans_recorded(before)
        print(
            f"scans:    through the service, {os.cpu_count()} processes, no HTTP: {recorded / max(span, 1e-9):.0f} "
            f"scans/s recorded ({recorded} rows in the database over {span:.1f} s; {called_rate * args.seconds:.0f} calls)"
        )
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
