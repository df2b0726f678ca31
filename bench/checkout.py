"""Checkout benchmark: orders placed per second on PostgreSQL, with 1, 8 and 32 buyers at once.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/checkout.py
    ... [--seconds 5] [--concurrency 1,8,32] [--workers 3] [--db-name chophien_bench_checkout] [--smoke]

Works in its own database (``--db-name``, default `chophien_bench_checkout`) on DATABASE_URL's server
(never in DATABASE_URL's database), made fresh on each run; it drops only a database a bench made
(a marker says so). The settings are the committed ones (config.settings.local with DEBUG off: a
connection pool per process and prepared statements on PostgreSQL); each worker opens its own
connections after it is forked. The app is a pool of worker processes (``--workers``, one per
core and one more by default, as uvicorn's workers behind the proxy) calling `checkout_place()`, the
service the checkout page and POST /api/checkout call; N buyers are N requests in flight (each buyer sends the
next order as soon as the last is placed), so latency includes the wait for a free worker.

Scenarios: every buyer on one hot product (a livestream pin), and buyers spread over 1,000 products.
Prints orders/s and p50/p99 latency for each, then a sell-out run: 32 buyers for the last 500 units,
which must sell exactly 500 and leave stock at 0. Floor: 300 orders/s on one hot product, zero
oversell. See docs/performance.md. On SQLite it runs too (writes are serialised by its file lock).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _support import (
    add_database_option,
    bench_database,
    connections_close_for_fork,
    database_version,
    load_average,
    machine,
    percentile,
    provenance,
    recreate,
    setup_django,
)

FLOOR_ORDERS_PER_SECOND = 300
HUGE_STOCK = 10_000_000
SELL_OUT_UNITS = 500
BUYER_WARD_CODE = 4  # Phường Ba Đình, Hà Nội


@dataclass(frozen=True)
class RunResult:
    label: str
    buyers: int
    placed: int
    refused: int
    seconds: float
    latencies_ms: list[float]

    @property
    def per_second(self) -> float:
        return self.placed / self.seconds if self.seconds else 0.0


def fill(products: int) -> list[int]:
    """Sellers and products with a lot of stock; returns the variant ids, the hot one first."""
    from django.core.management import call_command

    from chophien.accounts.models import User
    from chophien.catalog.models import Product, ProductVariant
    from chophien.places.models import Ward
    from chophien.sellers.models import Seller, SellerMember, SellerRole

    call_command("migrate", verbosity=0)
    ward = Ward.objects.select_related("province").get(code=3478)  # Xã Sìn Hồ, Lai Châu
    sellers = Seller.objects.bulk_create(
        Seller(name=f"HTX bench {i}", slug=f"htx-bench-{i}", ward=ward, province=ward.province, phone=f"08{i:08d}")
        for i in range(40)
    )
    owners = User.objects.bulk_create(User(phone=f"07{i:08d}") for i in range(40))
    SellerMember.objects.bulk_create(
        SellerMember(seller=s, user=u, role=SellerRole.OWNER) for s, u in zip(sellers, owners, strict=True)
    )
    rows = Product.objects.bulk_create(
        Product(
            seller=sellers[i % len(sellers)],
            name=f"Khoai sâm Sìn Hồ {i}",
            slug=f"khoai-sam-{i}",
            price=45_000,
            province=ward.province,
            origin_ward=ward,
        )
        for i in range(products)
    )
    variants = ProductVariant.objects.bulk_create(
        ProductVariant(product=product, price=45_000, stock=HUGE_STOCK) for product in rows
    )
    return [variant.pk for variant in variants]


def app_worker(
    worker: int,
    variant_ids: list[int],
    hot: bool,
    deadline: float,
    tickets: object,
    results: object,
    stop_on_refusal: bool,
) -> None:
    """One app process (as one of uvicorn's workers): takes a waiting buyer's request from ``tickets``
    (the time the buyer sent it), places the order, and gives the buyer's next request back at once:
    a closed loop of as many buyers as there are tickets. Latency is measured from the sending."""
    import queue as queue_module

    from django.db import connection

    from chophien.core.errors import Conflict
    from chophien.orders.lines import LineRequest
    from chophien.orders.services import AddressInput, BuyerInput, checkout_place

    # The parent closed its connections and pool before forking (connections_close_for_fork):
    # this process opens its own on its first query.
    assert connection.connection is None
    rng = random.Random(worker)
    address = AddressInput(ward_code=BUYER_WARD_CODE, street="12 Phan Đình Phùng")
    placed, refused, latencies, n = 0, 0, [], 0
    while True:
        try:
            sent_at = tickets.get(timeout=max(0.0, deadline - time.time()))  # type: ignore[attr-defined]
        except queue_module.Empty:
            break
        if sent_at is None or time.time() >= deadline:
            break
        n += 1
        try:
            checkout_place(
                lines=[LineRequest(variant_id=variant_ids[0] if hot else rng.choice(variant_ids), quantity=1)],
                buyer=BuyerInput(name="Khách bench", phone=f"09{worker:02d}{n % 1_000_000:06d}"),
                address=address,
                idempotency_key=f"bench-{os.getpid()}-{n}",
            )
            placed += 1
        except Conflict:
            refused += 1
            if stop_on_refusal:
                tickets.put(None)  # type: ignore[attr-defined]  (tell the other workers: sold out)
                break
        finished = time.time()
        latencies.append((finished - sent_at) * 1000)
        tickets.put(finished)  # type: ignore[attr-defined]
    connections_close_for_fork()  # stop this process's pool before it exits
    results.put((placed, refused, latencies))  # type: ignore[attr-defined]


def run(
    label: str,
    buyers: int,
    workers: int,
    variant_ids: list[int],
    *,
    hot: bool,
    seconds: float,
    stop_on_refusal: bool = False,
) -> RunResult:
    connections_close_for_fork()
    context = multiprocessing.get_context("fork")
    tickets, results = context.Queue(), context.Queue()
    pool = min(workers, buyers)
    started_at = time.time() + 0.3 + pool * 0.05  # every process forked and connected before the start
    deadline = started_at + seconds
    processes = [
        context.Process(target=app_worker, args=(i, variant_ids, hot, deadline, tickets, results, stop_on_refusal))
        for i in range(pool)
    ]
    for process in processes:
        process.start()
    time.sleep(max(0.0, started_at - time.time()))
    for _ in range(buyers):
        tickets.put(time.time())
    outcomes = [results.get() for _ in processes]
    for process in processes:
        process.join()
    placed = sum(r[0] for r in outcomes)
    refused = sum(r[1] for r in outcomes)
    latencies = [latency for r in outcomes for latency in r[2]]
    return RunResult(label, buyers, placed, refused, seconds, latencies)


def sell_out(variant_id: int, buyers: int, workers: int) -> tuple[int, int, int]:
    """``buyers`` processes for the last SELL_OUT_UNITS units: (units sold, stock left, refused)."""
    from django.db.models import Sum

    from chophien.catalog.models import ProductVariant
    from chophien.orders.models import OrderLine

    ProductVariant.objects.filter(pk=variant_id).update(stock=SELL_OUT_UNITS)
    sold_before = OrderLine.objects.filter(variant_id=variant_id).aggregate(n=Sum("quantity"))["n"] or 0
    result = run("sell-out", buyers, workers, [variant_id], hot=True, seconds=120, stop_on_refusal=True)
    sold = (OrderLine.objects.filter(variant_id=variant_id).aggregate(n=Sum("quantity"))["n"] or 0) - sold_before
    left = ProductVariant.objects.get(pk=variant_id).stock
    return sold, left, result.refused


def oversold(variant_id: int) -> int:
    """Units sold beyond the stock there was: sold + left - initial (0 when nothing was sold twice)."""
    from django.db.models import Sum

    from chophien.catalog.models import ProductVariant
    from chophien.orders.models import OrderLine

    sold = OrderLine.objects.filter(variant_id=variant_id).aggregate(n=Sum("quantity"))["n"] or 0
    return sold + ProductVariant.objects.get(pk=variant_id).stock - HUGE_STOCK


def settings_in_effect() -> str:
    """The database settings the workers run with: the committed ones, nothing overridden but DEBUG."""
    from django.conf import settings

    options = settings.DATABASES["default"].get("OPTIONS", {})
    pool = options.get("pool")
    prepared = options.get("prepare_threshold") is not None
    return (
        f"{os.environ['DJANGO_SETTINGS_MODULE']}, DEBUG {settings.DEBUG}; "
        f"connection pool {pool if pool else 'off'}; prepared statements {'on' if prepared else 'off'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each timed run")
    parser.add_argument("--concurrency", default="1,8,32", help="buyers at once, comma-separated")
    parser.add_argument("--products", type=int, default=1000)
    parser.add_argument(
        "--workers",
        type=int,
        default=(os.cpu_count() or 1) + 1,
        help="app processes serving the buyers (default: one per core and one more, see docs/performance.md)",
    )
    parser.add_argument("--smoke", action="store_true", help="1 s runs with 1 and 4 buyers, 100 products")
    add_database_option(parser, bench="checkout")
    args = parser.parse_args()
    if args.smoke:
        args.seconds, args.concurrency, args.products = 1.0, "1,4", 100
    levels = [int(level) for level in args.concurrency.split(",")]

    database = bench_database(os.environ.get("DATABASE_URL", ""), bench="checkout", name=args.db_name, smoke=args.smoke)
    recreate(database)
    setup_django(database)
    started = time.perf_counter()
    variant_ids = fill(args.products)
    print(f"filled {database.name} with {args.products} products in {time.perf_counter() - started:.1f} s")
    print(f"database: {database_version()}, {database.name}")
    print(f"run:      {provenance()}")
    print(f"settings: {settings_in_effect()}")
    print(f"machine:  {machine()}")
    print(f"app workers: {args.workers} processes (a buyer sends the next order as soon as one is placed)")
    print(f"load average (1 min) before: {load_average()}")
    print(f"{'':44}{'orders/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'orders':>8}")
    results = []
    for hot in (True, False):
        for level in levels:
            label = f"{'one hot product' if hot else f'{args.products} products'}, {level} buyer(s)"
            result = run(label, level, args.workers, variant_ids, hot=hot, seconds=args.seconds)
            results.append((hot, result))
            lat = sorted(result.latencies_ms) or [0.0]
            print(
                f"{label:44}{result.per_second:10.0f}{percentile(lat, 0.5):9.1f}{percentile(lat, 0.99):9.1f}"
                f"{result.placed:8d}"
            )
    print(f"load average (1 min) after: {load_average()}")
    over = oversold(variant_ids[0])
    sold, left, refused = sell_out(variant_ids[0], max(levels), args.workers)
    print(f"oversold on the hot product after the timed runs: {over} units")
    print(
        f"sell-out: {max(levels)} buyers for the last {SELL_OUT_UNITS} units: sold {sold}, stock left {left}, "
        f"refused {refused} attempts"
    )
    best_hot = max(result.per_second for hot, result in results if hot)
    verdict = "met" if best_hot >= FLOOR_ORDERS_PER_SECOND else "NOT met"
    print(f"floor, {FLOOR_ORDERS_PER_SECOND} orders/s on one hot product: {verdict} ({best_hot:.0f} orders/s)")
    no_oversell = over == 0 and sold == SELL_OUT_UNITS and left == 0
    print(f"floor, zero oversell: {'met' if no_oversell else 'NOT met'}")
    if not database.is_postgres:
        print("(the floor is set for PostgreSQL)")


if __name__ == "__main__":
    main()
