"""Live comment flood: comments ingested per second on PostgreSQL, 30 % of them orders.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/live.py
    ... [--seconds 10] [--workers 3] [--comments-per-batch 1]

Works in its own database `chophien_bench_live` on DATABASE_URL's server, fresh each run: one shop,
a live session with three pins of 500 units each. Worker processes (as the app's workers) call
`live.services.comment_ingest()`, what the signed webhook calls for each comment, as fast as they
can, with comments shaped as buyers write them from 2,000 viewers. Prints comments/s, p50/p99 of
comment-to-claim (ingest latency of the order comments), and whether any unit was claimed twice.
This first version measures the service in-process, not HTTP, and not the viewers' fan-out.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _support import bench_database, database_version, load_average, machine, percentile, recreate, setup_django

ORDERS = ["chốt A{p}", "chot a{p} x{n}", "A{p} {n}", "Chốt {n} A{p}"]
OTHERS = [
    "A{p} còn không shop?",
    "chào shop ạ",
    "đẹp quá 😍",
    "ship về Hà Nội bao lâu?",
    "ngon lắm",
    "giá A{p} bao nhiêu",
]
UNITS_PER_PIN = 500


def worker(number: int, session_id: int, deadline: float, results: object) -> None:
    from django.db import connection

    from chophien.live.ingest import comment_ingest
    from chophien.live.models import LiveSession

    connection.close()
    session = LiveSession.objects.get(pk=session_id)
    rng = random.Random(number)
    done, order_latencies = 0, []
    while time.time() < deadline:
        is_order = rng.random() < 0.3
        shape = rng.choice(ORDERS if is_order else OTHERS)
        text = shape.format(p=rng.randint(1, 3), n=rng.randint(1, 3)) + f" #{done}"
        started = time.perf_counter()
        comment_ingest(session=session, platform="tiktok", platform_user_id=f"viewer-{rng.randint(1, 2000)}", text=text)
        if is_order:
            order_latencies.append((time.perf_counter() - started) * 1000)
        done += 1
    results.put((done, order_latencies))  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1)
    args = parser.parse_args()
    database = bench_database(os.environ.get("DATABASE_URL", ""), name="chophien_bench_live")
    recreate(database)
    setup_django(database)
    from django.core.management import call_command
    from django.db import connections
    from django.db.models import Sum
    from django.utils import timezone

    from chophien.accounts.models import User
    from chophien.catalog.models import Product, ProductVariant
    from chophien.live import sessions
    from chophien.live.models import Claim, ClaimStatus, Pin
    from chophien.places.models import Ward
    from chophien.sellers.models import Seller, SellerMember, SellerRole

    call_command("migrate", verbosity=0)
    ward = Ward.objects.select_related("province").get(code=3478)
    seller = Seller.objects.create(
        name="HTX bench", slug="htx-bench", ward=ward, province=ward.province, phone="0800000001"
    )
    owner = User.objects.create(phone="0700000001")
    SellerMember.objects.create(seller=seller, user=owner, role=SellerRole.OWNER)
    session = sessions.live_session_create(
        seller=seller, by=owner, title="bench", platforms=["tiktok"], starts_at=timezone.now()
    )
    for i in (1, 2, 3):
        product = Product.objects.create(
            seller=seller, name=f"Khoai sâm {i}", slug=f"khoai-{i}", price=50000, province=ward.province
        )
        variant = ProductVariant.objects.create(product=product, price=50000, stock=10_000)
        sessions.pin_add(
            session=session, by=owner, variant_id=variant.pk, code=f"A{i}", live_price=45000, quantity=UNITS_PER_PIN
        )
    sessions.live_session_start(session=session, by=owner)
    connections.close_all()

    context = multiprocessing.get_context("fork")
    results = context.Queue()
    deadline = time.time() + 0.5 + args.seconds
    processes = [context.Process(target=worker, args=(i, session.pk, deadline, results)) for i in range(args.workers)]
    started = time.time()
    for process in processes:
        process.start()
    outcomes = [results.get() for _ in processes]
    for process in processes:
        process.join()
    elapsed = time.time() - started - 0.5
    comments = sum(o[0] for o in outcomes)
    latencies = sorted(latency for o in outcomes for latency in o[1])

    held_or_sold = (
        Claim.objects.filter(status__in=(ClaimStatus.HELD, ClaimStatus.ORDERED)).aggregate(n=Sum("quantity"))["n"] or 0
    )
    left = Pin.objects.aggregate(n=Sum("available"))["n"]
    print(f"database: {database_version()}, {database.name}")
    print(f"machine:  {machine()}; {args.workers} worker processes; load average {load_average()}")
    print(f"comments ingested: {comments} in {elapsed:.1f} s = {comments / elapsed:,.0f} comments/s (30 % orders)")
    if latencies:
        print(f"comment-to-claim: p50 {percentile(latencies, 0.5):.1f} ms, p99 {percentile(latencies, 0.99):.1f} ms")
    print(f"units held or sold {held_or_sold} + left {left} = {held_or_sold + left} of {3 * UNITS_PER_PIN} set aside")
    print(f"oversold: {'none' if held_or_sold + left == 3 * UNITS_PER_PIN and left >= 0 else 'YES'}")
    rate_ok = comments / elapsed >= 1000
    p99_ok = bool(latencies) and percentile(latencies, 0.99) < 250
    print(
        f"floor, 1,000 comments/s with p99 comment-to-claim under 250 ms: {'met' if rate_ok and p99_ok else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
