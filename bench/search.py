"""Search benchmark: 20,000 products, folded search and a filtered category page.

    .venv/bin/python bench/search.py                       # SQLite (a temporary file)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/search.py
    ... --products 20000 --iterations 300 | --smoke

On PostgreSQL it works in its own database, `chophien_bench`, made fresh on the same server.
Prints p50/p95/p99 latency in milliseconds of each kind of query.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

QUERIES = [
    "che shan tuyet",
    "mat ong bac ha",
    "thit trau say",
    "khoai sam",
    "khaoi sam",
    "gao seng cu",
    "mac ca",
    "ca phe son la",
    "nhan say song ma",
    "man hau moc chau",
    "que van yen",
    "hoi lang son",
    "sam lai chau",
    "tho cam",
    "ba chi gac bep",
    "lap xuong",
    "mien dong",
    "hat de trung khanh",
    "tao meo",
    "nam huong",
    "chee shan",
    "mat ong rung",
    "thit lon gac bep",
    "gao nep tan",
    "ruou ngo",
    "cham cheo",
    "hat doi",
    "che tan cuong",
    "cam sanh",
    "na chi lang",
]
NAMES = [
    ("Chè Shan tuyết", "che-ca-phe"),
    ("Mật ong bạc hà", "mat-ong"),
    ("Thịt trâu sấy", "thit-gac-bep"),
    ("Khoai sâm", "cu-qua"),
    ("Gạo Séng Cù", "gao-ngu-coc"),
    ("Hạt mắc ca", "hat-gia-vi"),
    ("Cà phê Arabica", "che-ca-phe"),
    ("Nhãn sấy", "trai-cay-say"),
    ("Mận hậu sấy", "trai-cay-say"),
    ("Quế", "hat-gia-vi"),
    ("Hoa hồi", "hat-gia-vi"),
    ("Sâm", "duoc-lieu"),
    ("Khăn thổ cẩm", "tho-cam"),
    ("Ba chỉ gác bếp", "thit-gac-bep"),
    ("Lạp xưởng", "thit-gac-bep"),
    ("Miến dong", "gao-ngu-coc"),
    ("Hạt dẻ", "hat-gia-vi"),
    ("Táo mèo", "duoc-lieu"),
    ("Nấm hương", "cu-qua"),
    ("Mật ong rừng", "mat-ong"),
    ("Gạo nếp Tan", "gao-ngu-coc"),
    ("Rượu ngô", "ruou-do-uong"),
    ("Chẩm chéo", "hat-gia-vi"),
    ("Hạt dổi", "hat-gia-vi"),
    ("Chè Tân Cương", "che-ca-phe"),
    ("Cam sành", "cu-qua"),
    ("Na", "cu-qua"),
]
PLACES = [
    "Sìn Hồ",
    "Mường Tè",
    "Suối Giàng",
    "Mèo Vạc",
    "Mường Khương",
    "Sông Mã",
    "Mộc Châu",
    "Văn Yên",
    "Lạng Sơn",
    "Trùng Khánh",
    "Bắc Hà",
    "Tả Phìn",
    "Hoàng Su Phì",
    "Điện Biên",
    "Tân Cương",
    "Bắc Quang",
    "Chi Lăng",
]
QUALIFIERS = ["", "loại 1", "cổ thụ", "hữu cơ", "mùa mới", "hộp quà", "túi 500 g", "đặc biệt", "nhà làm"]
PROVINCES = [12, 15, 14, 11, 8, 4, 20, 19]


def bench_database_url(url: str | None) -> str:
    if not url or url.startswith("sqlite"):
        return f"sqlite:///{tempfile.mkdtemp(prefix='chophien-bench-')}/bench.sqlite3"
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/chophien_bench"))


def recreate_postgres(url: str, admin_url: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute("DROP DATABASE IF EXISTS chophien_bench WITH (FORCE)")
        connection.execute("CREATE DATABASE chophien_bench")


def fill(count: int) -> None:
    from chophien.accounts.models import User
    from chophien.catalog.models import Category, Product, ProductVariant
    from chophien.catalog.search import search_words_add
    from chophien.core.text import fold
    from chophien.places.models import Ward
    from chophien.sellers.models import Seller

    rng = random.Random(20000)
    categories = {c.slug: c for c in Category.objects.all()}
    wards = list(Ward.objects.filter(province_id__in=PROVINCES).select_related("province"))
    sellers = []
    for i in range(200):
        ward = rng.choice(wards)
        user = User.objects.create(phone=f"09{i:08d}")
        sellers.append(
            Seller.objects.create(
                kind=rng.choice(["household", "cooperative", "enterprise"]),
                name=f"{rng.choice(['Hộ', 'HTX', 'Công ty'])} {ward.short_name} {i}",
                slug=f"bench-{i}",
                ward=ward,
                province=ward.province,
                phone=user.phone,
            )
        )
    products = []
    for i in range(count):
        base, slug = rng.choice(NAMES)
        name = " ".join(part for part in (base, rng.choice(PLACES), rng.choice(QUALIFIERS)) if part)
        seller = rng.choice(sellers)
        stars = rng.choice([3, 4, 5]) if rng.random() < 0.3 else None
        category = categories[slug]
        search_text = fold(
            " ".join([name, category.name, seller.name, seller.province.short_name, seller.ward.short_name])
        )
        products.append(
            Product(
                seller=seller,
                name=name,
                slug=f"p-{i}",
                category=category,
                unit="kg",
                price=rng.randrange(20_000, 2_000_000, 1000),
                ocop_stars=stars,
                ocop_year=2023 if stars else None,
                origin_ward=seller.ward,
                province=seller.province,
                name_folded=fold(name),
                search_text=search_text,
            )
        )
    Product.objects.bulk_create(products, batch_size=2000)
    search_words_add([p.search_text for p in products])
    ProductVariant.objects.bulk_create(
        (
            ProductVariant(product=p, price=p.price, stock=rng.randint(0, 300))
            for p in Product.objects.only("id", "price")
        ),
        batch_size=2000,
    )


def measure(label: str, run: Callable[[int], object], iterations: int) -> None:
    for i in range(min(20, iterations)):
        run(i)
    samples = []
    for i in range(iterations):
        started = time.perf_counter()
        run(i)
        samples.append((time.perf_counter() - started) * 1000)
    q = statistics.quantiles(samples, n=100)
    print(f"{label:38} p50 {q[49]:6.2f} ms   p95 {q[94]:6.2f} ms   p99 {q[98]:6.2f} ms   (n={iterations})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, default=20_000)
    parser.add_argument("--iterations", type=int, default=300)
    parser.add_argument("--smoke", action="store_true", help="500 products, 20 iterations")
    args = parser.parse_args()
    if args.smoke:
        args.products, args.iterations = 500, 20
    source_url = os.environ.get("DATABASE_URL", "")
    url = bench_database_url(source_url)
    if url.startswith("postgres"):
        recreate_postgres(url, source_url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ["DEBUG"] = "false"

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from chophien.catalog.models import Product
    from chophien.catalog.selectors import SearchFilters, product_search

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    fill(args.products)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"loaded {Product.objects.count()} products in {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT version()" if connection.vendor == "postgresql" else "SELECT 'SQLite ' || sqlite_version()"
        )
        version = cursor.fetchone()[0].split(",")[0]
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    print(f"{version} | {cpu} | {os.cpu_count()} cores | Python {platform.python_version()}")

    hits = product_search(filters=SearchFilters(query="che shan tuyet")).count
    print(
        f"'che shan tuyet' finds {hits} products; 'khaoi sam' finds "
        f"{product_search(filters=SearchFilters(query='khaoi sam')).count}"
    )
    measure(
        "search (folded, 30 queries)",
        lambda i: product_search(filters=SearchFilters(query=QUERIES[i % 30])),
        args.iterations,
    )
    measure(
        "category page (province, OCOP>=3) p1",
        lambda i: product_search(
            filters=SearchFilters(category_slug="che-ca-phe", province_code=PROVINCES[i % 8], ocop_min_stars=3)
        ),
        args.iterations,
    )
    measure(
        "category page (no filter) page 3",
        lambda i: product_search(filters=SearchFilters(category_slug=NAMES[i % len(NAMES)][1]), page=3),
        args.iterations,
    )
    measure(
        "search + filters (province, price)",
        lambda i: product_search(
            filters=SearchFilters(query=QUERIES[i % 30], province_code=PROVINCES[i % 8], price_max=500_000)
        ),
        args.iterations,
    )


if __name__ == "__main__":
    main()
