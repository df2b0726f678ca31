"""Search benchmark: folded search and filtered category pages over 20,000 highland products.

    .venv/bin/python bench/search.py                        # SQLite, a file in the temp directory
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/search.py
    ... [--products 20000] [--iterations 300] [--edits 3000] [--fresh] [--smoke]

It never touches the database of DATABASE_URL: on PostgreSQL it works in `chophien_bench_search`
(``--db-name``), created on the same server; on SQLite in a file of that name in the temp directory.
It uses, refills or drops only a database it made (a marker says so). A bench database that holds
the same data (its fingerprint says so) is reused; `--fresh` drops and refills it. `--smoke` is a
quick run (500 products, 20 iterations) in a database of its own, always fresh.

Prints the database, machine, load average and row counts, then p50/p95/p99 in milliseconds of
`product_search()` called in-process as a page calls it: 30 folded searches, a filtered category
page (page 1 and 3), and the searches again after ``--edits`` products were edited (before any
vacuum, as between two autovacuum runs); then whether search p95 is under the 30 ms floor.
See docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _support import (
    BenchDatabase,
    add_database_option,
    bench_database,
    database_version,
    load_average,
    machine,
    provenance,
    recreate,
    refuse_unless_ours,
    setup_django,
    sqlite_path,
)

if TYPE_CHECKING:
    from chophien.catalog.models import Category, Product, ProductVariant
    from chophien.places.models import Ward
    from chophien.sellers.models import Seller

SELLERS = 200
OCOP_SHARE = 0.3
PRICE_MIN, PRICE_MAX = 20_000, 2_000_000
SEARCH_FLOOR_P95_MS = 30.0
SEED = 20_000
DATA_VERSION = 3  # bump when the generator changes, so that reused bench databases are refilled

# Typed as a buyer types them: no diacritics, a few typos ("khaoi", "chee", "haa", "huogn").
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
    "ruou ngo bac ha",
    "cham cheo",
    "hat doi",
    "che tan cuong",
    "mat ong bac haa",
    "nam huogn",
]

# Typed by an English-speaking buyer: read through the glossary (catalog/glossary_en.toml) into the
# Vietnamese words they mean; broad one-word queries ("tea", "honey") match the most products.
ENGLISH_QUERIES = [
    "honey",
    "tea",
    "shan tuyet tea",
    "ginseng",
    "dried buffalo meat",
    "macadamia",
    "smoked pork",
    "black cardamom",
    "sticky rice",
    "shiitake mushroom",
    "cinnamon",
    "star anise",
    "plum",
    "corn wine",
    "wild honey",
]


@dataclass(frozen=True)
class Speciality:
    """A product of the highlands, where it is made (province code -> places) and what it costs."""

    name: str
    category: str
    places: dict[int, tuple[str, ...]]
    price: tuple[int, int]
    unit: str
    qualifiers: tuple[str, ...] = ()


# Province codes after the 2025 reform: 4 Cao Bằng, 8 Tuyên Quang (with Hà Giang), 11 Điện Biên,
# 12 Lai Châu, 14 Sơn La, 15 Lào Cai (with Yên Bái), 19 Thái Nguyên (with Bắc Kạn), 20 Lạng Sơn,
# 22 Quảng Ninh, 25 Phú Thọ (with Hòa Bình and Vĩnh Phúc).
SPECIALITIES = [
    Speciality(
        "Chè Shan tuyết",
        "che-ca-phe",
        {
            15: ("Suối Giàng", "Mù Cang Chải"),
            8: ("Hoàng Su Phì", "Xín Mần"),
            12: ("Tả Phìn", "Sìn Hồ"),
            14: ("Tà Xùa",),
        },
        (120_000, 900_000),
        "kg",
        ("cổ thụ", "búp", "đinh"),
    ),
    Speciality(
        "Chè Tân Cương",
        "che-ca-phe",
        {19: ("Tân Cương", "Đại Từ")},
        (150_000, 1_200_000),
        "kg",
        ("móc câu", "nõn tôm", "đinh"),
    ),
    Speciality("Chè ô long", "che-ca-phe", {14: ("Mộc Châu",), 12: ("Tam Đường",)}, (250_000, 900_000), "gói"),
    Speciality(
        "Cà phê Arabica",
        "che-ca-phe",
        {14: ("Chiềng Ban", "Mai Sơn", "Thuận Châu"), 11: ("Mường Ảng",)},
        (160_000, 600_000),
        "gói",
        ("rang mộc", "nguyên hạt", "xay sẵn"),
    ),
    Speciality("Trà hoa vàng", "che-ca-phe", {22: ("Ba Chẽ",)}, (400_000, 2_000_000), "hộp"),
    Speciality(
        "Mật ong bạc hà",
        "mat-ong",
        {8: ("Mèo Vạc", "Đồng Văn", "Quản Bạ", "Yên Minh")},
        (350_000, 900_000),
        "chai",
        ("nguyên chất", "chai 500 ml"),
    ),
    Speciality(
        "Mật ong rừng",
        "mat-ong",
        {12: ("Mường Tè",), 11: ("Mường Nhé",), 4: ("Bảo Lạc",), 15: ("Văn Bàn",)},
        (300_000, 800_000),
        "chai",
        ("nguyên chất", "ong khoái"),
    ),
    Speciality("Mật ong hoa ban", "mat-ong", {11: ("Tuần Giáo",), 14: ("Thuận Châu",)}, (250_000, 600_000), "chai"),
    Speciality(
        "Thịt trâu sấy",
        "thit-gac-bep",
        {14: ("Mộc Châu", "Thuận Châu"), 11: ("Tuần Giáo",), 12: ("Sìn Hồ",), 15: ("Bắc Hà", "Mù Cang Chải")},
        (250_000, 1_100_000),
        "kg",
        ("gác bếp", "hút chân không"),
    ),
    Speciality(
        "Thịt lợn gác bếp",
        "thit-gac-bep",
        {14: ("Sông Mã", "Mộc Châu"), 12: ("Than Uyên",)},
        (200_000, 800_000),
        "kg",
        ("hút chân không",),
    ),
    Speciality(
        "Ba chỉ gác bếp",
        "thit-gac-bep",
        {14: ("Mộc Châu",), 12: ("Than Uyên",), 15: ("Bắc Hà",)},
        (220_000, 700_000),
        "kg",
    ),
    Speciality(
        "Lạp xưởng gác bếp", "thit-gac-bep", {15: ("Sa Pa", "Bắc Hà"), 4: ("Trùng Khánh",)}, (180_000, 500_000), "kg"
    ),
    Speciality(
        "Gạo Séng Cù",
        "gao-ngu-coc",
        {15: ("Mường Khương", "Bát Xát"), 11: ("Thanh An",)},
        (28_000, 45_000),
        "kg",
        ("vụ mới", "túi 5 kg"),
    ),
    Speciality(
        "Gạo nếp Tan",
        "gao-ngu-coc",
        {12: ("Than Uyên", "Tân Uyên"), 15: ("Mù Cang Chải",)},
        (35_000, 60_000),
        "kg",
        ("vụ mới", "túi 5 kg"),
    ),
    Speciality("Miến dong", "gao-ngu-coc", {4: ("Nguyên Bình",), 19: ("Na Rì",)}, (70_000, 150_000), "kg"),
    Speciality("Khoai sâm", "cu-qua", {8: ("Xín Mần", "Hoàng Su Phì"), 15: ("Si Ma Cai",)}, (40_000, 120_000), "kg"),
    Speciality("Khoai môn", "cu-qua", {19: ("Na Rì", "Bạch Thông")}, (30_000, 70_000), "kg"),
    Speciality("Cam sành", "cu-qua", {8: ("Hàm Yên", "Bắc Quang")}, (25_000, 60_000), "kg", ("thùng 10 kg",)),
    Speciality("Bưởi", "cu-qua", {25: ("Đoan Hùng",)}, (40_000, 90_000), "cái"),
    Speciality("Na", "cu-qua", {20: ("Chi Lăng",)}, (40_000, 120_000), "kg", ("dai",)),
    Speciality("Mận tam hoa", "cu-qua", {15: ("Bắc Hà",)}, (30_000, 80_000), "kg"),
    Speciality("Nấm hương rừng", "cu-qua", {4: ("Bảo Lạc",), 15: ("Sa Pa",)}, (300_000, 700_000), "kg"),
    Speciality(
        "Hạt mắc ca",
        "hat-gia-vi",
        {11: ("Tuần Giáo", "Mường Ảng"), 12: ("Tam Đường",), 14: ("Thuận Châu",)},
        (250_000, 500_000),
        "kg",
        ("nứt vỏ", "sấy củi"),
    ),
    Speciality("Hạt dẻ", "hat-gia-vi", {4: ("Trùng Khánh",)}, (120_000, 300_000), "kg"),
    Speciality("Quế", "hat-gia-vi", {15: ("Văn Yên",)}, (60_000, 200_000), "kg", ("thanh", "bột")),
    Speciality("Hoa hồi", "hat-gia-vi", {20: ("Văn Quan", "Bình Gia", "Lạng Sơn")}, (150_000, 350_000), "kg"),
    Speciality("Thảo quả", "hat-gia-vi", {15: ("Bát Xát", "Sa Pa"), 8: ("Hoàng Su Phì",)}, (200_000, 450_000), "kg"),
    Speciality("Hạt dổi", "hat-gia-vi", {14: ("Mộc Châu",), 11: ("Điện Biên",)}, (600_000, 1_500_000), "kg"),
    Speciality("Chẩm chéo", "hat-gia-vi", {14: ("Mai Sơn", "Yên Châu"), 12: ("Phong Thổ",)}, (40_000, 90_000), "hũ"),
    Speciality("Mắc khén", "hat-gia-vi", {14: ("Bắc Yên",), 11: ("Mường Chà",)}, (200_000, 450_000), "kg"),
    Speciality("Nhãn sấy", "trai-cay-say", {14: ("Sông Mã",)}, (120_000, 250_000), "kg"),
    Speciality("Mận hậu sấy", "trai-cay-say", {14: ("Mộc Châu",)}, (90_000, 200_000), "kg", ("dẻo",)),
    Speciality("Mơ muối", "trai-cay-say", {14: ("Mộc Châu",)}, (80_000, 180_000), "hũ"),
    Speciality(
        "Táo mèo sấy", "trai-cay-say", {15: ("Mù Cang Chải", "Bắc Hà"), 8: ("Đồng Văn",)}, (80_000, 200_000), "kg"
    ),
    Speciality("Hồng không hạt sấy", "trai-cay-say", {4: ("Bảo Lạc",)}, (180_000, 400_000), "kg"),
    Speciality("Sâm Lai Châu", "duoc-lieu", {12: ("Mường Tè", "Sìn Hồ")}, (300_000, 2_000_000), "củ"),
    Speciality("Tam thất", "duoc-lieu", {8: ("Quản Bạ",), 15: ("Bát Xát",)}, (400_000, 1_800_000), "kg"),
    Speciality("Giảo cổ lam", "duoc-lieu", {25: ("Mai Châu", "Đà Bắc")}, (150_000, 400_000), "kg"),
    Speciality("Đương quy", "duoc-lieu", {15: ("Sa Pa",)}, (120_000, 350_000), "kg"),
    Speciality("Ba kích tím", "duoc-lieu", {22: ("Ba Chẽ", "Tiên Yên")}, (250_000, 700_000), "kg"),
    Speciality(
        "Rượu ngô", "ruou-do-uong", {15: ("Bắc Hà",), 8: ("Mèo Vạc", "Na Hang")}, (60_000, 200_000), "lít", ("men lá",)
    ),
    Speciality("Rượu táo mèo", "ruou-do-uong", {15: ("Mù Cang Chải",)}, (90_000, 250_000), "chai"),
    Speciality(
        "Khăn thổ cẩm",
        "tho-cam",
        {8: ("Lũng Tám", "Đồng Văn"), 15: ("Sa Pa", "Tả Phìn")},
        (80_000, 450_000),
        "cái",
        ("dệt tay", "vải lanh"),
    ),
    Speciality(
        "Túi thổ cẩm", "tho-cam", {15: ("Sa Pa", "Bắc Hà"), 25: ("Mai Châu",)}, (120_000, 600_000), "cái", ("dệt tay",)
    ),
    Speciality("Vòng bạc", "tho-cam", {15: ("Sa Pa",), 8: ("Đồng Văn",)}, (250_000, 1_500_000), "cái"),
]
QUALIFIERS = ("loại 1", "đặc biệt", "hữu cơ", "hộp quà", "nhà làm", "mùa mới")
PACKS = {
    "kg": ("500 g", "1 kg", "2 kg"),
    "gói": ("gói 250 g", "gói 500 g", "hộp 3 gói"),
    "chai": ("chai 500 ml", "chai 1 lít", "thùng 6 chai"),
    "lít": ("can 2 lít", "can 5 lít"),
    "hũ": ("hũ 200 g", "hũ 500 g"),
}
FAMILY_NAMES = ("Giàng", "Sùng", "Vàng", "Thào", "Lù", "Mùa", "Lò", "Cầm", "Hoàng", "Nông", "Triệu", "Bàn", "Lý", "Ma")
MIDDLE_NAMES = ("A", "Seo", "Mí", "Văn", "Thị", "Đức")
GIVEN_NAMES = ("Páo", "Chứ", "Dế", "Sính", "Pó", "Mai", "Hoa", "Khiêm", "Thắng", "Lả", "Tráng", "Xuân", "Chi", "May")
COMPANY_WORDS = ("Đặc sản", "Nông sản sạch", "Thực phẩm", "Dược liệu")


@dataclass
class SellerPlan:
    """A seller-to-be: where it is and what it makes."""

    province: int
    home: str
    specialities: list[Speciality] = field(default_factory=list)


@dataclass(frozen=True)
class Latency:
    label: str
    p50: float
    p95: float
    p99: float
    iterations: int
    is_search: bool  # held to the floor


# ---- the bench database --------------------------------------------------------------------------


def fingerprint(products: int) -> str:
    """What the data was made from; a bench database with another fingerprint is filled again."""
    return f"data v{DATA_VERSION}, seed {SEED}, {products} products"


def stored_fingerprint(database: BenchDatabase) -> str | None:
    """The fingerprint written after the last complete fill, or None (no database, no fill, a crash)."""
    query = "SELECT fingerprint FROM bench_info"
    if database.is_postgres:
        import psycopg

        try:
            with psycopg.connect(database.url, connect_timeout=10) as connection:
                row = connection.execute(query).fetchone()
        except (psycopg.OperationalError, psycopg.ProgrammingError):
            return None
        return str(row[0]) if row else None
    path = sqlite_path(database)
    if not path.exists():
        return None
    try:
        with sqlite3.connect(path) as connection:
            row = connection.execute(query).fetchone()
    except sqlite3.OperationalError:
        return None
    return str(row[0]) if row else None


def record_fingerprint(products: int) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_info (fingerprint varchar(200) NOT NULL)")
        cursor.execute("DELETE FROM bench_info")
        cursor.execute("INSERT INTO bench_info (fingerprint) VALUES (%s)", [fingerprint(products)])


# ---- 20,000 believable products ------------------------------------------------------------------


def plan_sellers(rng: random.Random, count: int) -> list[SellerPlan]:
    """Sellers spread over the provinces in proportion to what they make, each with 1-3 specialities."""
    by_province: dict[int, list[Speciality]] = defaultdict(list)
    for speciality in SPECIALITIES:
        for province in speciality.places:
            by_province[province].append(speciality)
    choices = [(province, speciality) for province, items in by_province.items() for speciality in items]
    plans = []
    for _ in range(count):
        province, main = rng.choice(choices)
        others = [s for s in by_province[province] if s is not main]
        extra = rng.sample(others, k=min(len(others), rng.choice((0, 1, 1, 2))))
        plans.append(SellerPlan(province=province, home=rng.choice(main.places[province]), specialities=[main, *extra]))
    return plans


def seller_name(rng: random.Random, plan: SellerPlan, kind: str) -> str:
    if kind == "household":
        return f"Hộ {rng.choice(FAMILY_NAMES)} {rng.choice(MIDDLE_NAMES)} {rng.choice(GIVEN_NAMES)}"
    if kind == "cooperative":
        return f"HTX {plan.specialities[0].name} {plan.home}"
    return f"Công ty TNHH {rng.choice(COMPANY_WORDS)} {plan.home}"


def create_sellers(rng: random.Random, plans: list[SellerPlan]) -> list[Seller]:
    """One seller per plan, in the ward named like its home place when there is one."""
    from chophien.places.models import Ward
    from chophien.sellers.models import Seller

    wards: dict[int, list[Ward]] = defaultdict(list)
    for ward in Ward.objects.filter(province_id__in={p.province for p in plans}).select_related("province"):
        wards[ward.province_id].append(ward)
    sellers = []
    for i, plan in enumerate(plans):
        home = [w for w in wards[plan.province] if w.short_name == plan.home]
        ward = home[0] if home else rng.choice(wards[plan.province])
        kind = rng.choices(("household", "cooperative", "enterprise"), weights=(6, 3, 1))[0]
        sellers.append(
            Seller(
                kind=kind,
                name=seller_name(rng, plan, kind),
                slug=f"bench-{i}",
                ward=ward,
                province=ward.province,
                phone=f"09{rng.randrange(10**8):08d}",
                is_active=rng.random() > 0.02,
            )
        )
    return Seller.objects.bulk_create(sellers)


def product_name(rng: random.Random, speciality: Speciality, place: str) -> str:
    qualifiers = speciality.qualifiers + QUALIFIERS
    qualifier = rng.choice(qualifiers) if rng.random() < 0.6 else ""
    return " ".join(part for part in (speciality.name, qualifier, place) if part)


def search_fields(product: Product) -> tuple[str, str]:
    """name_folded and search_text, by the same rule the services write them."""
    from chophien.catalog.search import product_search_fields

    return product_search_fields(product)


def ocop(rng: random.Random) -> tuple[int | None, int | None, str]:
    if rng.random() >= OCOP_SHARE:
        return None, None, ""
    stars = rng.choices((3, 4, 5), weights=(6, 3, 1))[0]
    return stars, rng.randint(2019, 2025), "national" if stars == 5 else "province"


def build_product(
    rng: random.Random, index: int, seller: Seller, plan: SellerPlan, categories: dict[str, Category]
) -> Product:
    from django.utils import timezone
    from django.utils.text import slugify

    from chophien.catalog.models import Product
    from chophien.core.text import fold

    speciality = rng.choice(plan.specialities)
    places = speciality.places[plan.province]
    place = plan.home if plan.home in places and rng.random() < 0.7 else rng.choice(places)
    name = product_name(rng, speciality, place)
    stars, year, level = ocop(rng)
    status = rng.choices(("active", "paused", "hidden"), weights=(96, 3, 1))[0]
    product = Product(
        seller=seller,
        name=name,
        slug=f"{slugify(fold(name))[:100]}-{index}",
        category=categories[speciality.category],
        unit=speciality.unit,
        price=max(PRICE_MIN, min(PRICE_MAX, rng.randrange(*speciality.price, 1000))),
        ocop_stars=stars,
        ocop_year=year,
        ocop_level=level,
        origin_ward=seller.ward,
        province=seller.province,
        status=status,
        created_at=timezone.now() - timedelta(minutes=rng.randrange(2 * 365 * 24 * 60)),
    )
    product.name_folded, product.search_text = search_fields(product)
    return product


def build_variants(rng: random.Random, product: Product) -> list[ProductVariant]:
    """One to three packs; the first is the cheapest and its price is the product's."""
    from chophien.catalog.models import ProductVariant

    packs = PACKS.get(product.unit, ())
    labels = [""] if not packs or rng.random() < 0.5 else list(packs[: rng.randint(2, len(packs))])
    return [
        ProductVariant(
            product=product,
            label=label,
            price=product.price * (1, 2, 4)[position] - (0, 5000, 15000)[position],
            stock=rng.randint(0, 300),
            position=position,
        )
        for position, label in enumerate(labels)
    ]


def fill(count: int) -> None:
    """Sellers, products, variants and the search vocabulary, all by bulk_create in one transaction."""
    from django.db import transaction

    from chophien.catalog.models import Category, Product, ProductVariant
    from chophien.catalog.search import search_words_add

    rng = random.Random(SEED)
    categories = {category.slug: category for category in Category.objects.all()}
    plans = plan_sellers(rng, SELLERS)
    with transaction.atomic():
        sellers = create_sellers(rng, plans)
        # A few big shops and many small ones.
        weights = [rng.paretovariate(1.5) for _ in sellers]
        picks = rng.choices(range(len(sellers)), weights=weights, k=count)
        products = [build_product(rng, i, sellers[s], plans[s], categories) for i, s in enumerate(picks)]
        Product.objects.bulk_create(products, batch_size=1000)
        variants = [variant for product in products for variant in build_variants(rng, product)]
        ProductVariant.objects.bulk_create(variants, batch_size=2000)
        search_words_add([product.search_text for product in products])


def settle() -> None:
    """PostgreSQL: VACUUM ANALYZE, the state autovacuum soon brings a table to after a load.

    Not only statistics: rows inserted after the trigram GIN index was made wait in its pending
    list, which every search reads through until a vacuum merges it (search p95 32-36 ms after a
    plain ANALYZE, 16-22 ms after VACUUM ANALYZE). "search after N product edits" measures the
    state between two vacuums. SQLite: nothing, as in production.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def check_search_index() -> str:
    """SQLite: every product is in the FTS index (bulk inserts go through the triggers); else a note."""
    from django.db import connection

    from chophien.catalog.models import Product

    if connection.vendor != "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'catalog_product' AND indexname LIKE %s",
                ["%search%"],
            )
            return "search indexes: " + ", ".join(row[0] for row in cursor.fetchall())
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM catalog_product_fts_docsize")
        indexed = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM catalog_product_fts WHERE catalog_product_fts MATCH %s", ['"mat"*'])
        matched = cursor.fetchone()[0]
    products = Product.objects.count()
    expected = sum(
        any(word.startswith("mat") for word in text.split())
        for text in Product.objects.values_list("search_text", flat=True)
    )
    if indexed != products or matched != expected:
        raise SystemExit(
            f"FTS index out of step: {indexed} rows for {products} products, 'mat*' matches {matched} of {expected}"
        )
    return f"FTS5 index: {indexed} rows for {products} products; 'mat*' matches {matched} of {expected}"


# ---- what is measured ----------------------------------------------------------------------------


def category_pages(limit: int = 10) -> list[tuple[str, int]]:
    """The (category, province) pairs with the most visible OCOP products: those that have a page 3."""
    from django.db.models import Count

    from chophien.catalog.selectors import visible_products

    rows = (
        visible_products()
        .filter(ocop_stars__gte=3)
        .values_list("category__slug", "province_id")
        .annotate(n=Count("id"))
        .order_by("-n", "category__slug", "province_id")[:limit]
    )
    return [(slug, province) for slug, province, _ in rows]


def percentile_ms(samples: Sequence[float]) -> tuple[float, float, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49], cuts[94], cuts[98]


def measure(label: str, run: Callable[[int], object], iterations: int, *, is_search: bool = False) -> Latency:
    """Time ``run(i)`` for i in 0..iterations-1 after as many warm-up calls (up to 30)."""
    for i in range(min(30, iterations)):
        run(i)
    samples = []
    for i in range(iterations):
        started = time.perf_counter()
        run(i)
        samples.append((time.perf_counter() - started) * 1000)
    p50, p95, p99 = percentile_ms(samples)
    return Latency(label=label, p50=p50, p95=p95, p99=p99, iterations=iterations, is_search=is_search)


def search_run(i: int) -> object:
    from chophien.catalog.selectors import SearchFilters, product_search

    return product_search(filters=SearchFilters(query=QUERIES[i % len(QUERIES)]))


def english_search_run(i: int) -> object:
    from chophien.catalog.selectors import SearchFilters, product_search

    return product_search(filters=SearchFilters(query=ENGLISH_QUERIES[i % len(ENGLISH_QUERIES)]))


def category_run(pages: list[tuple[str, int]], page: int) -> Callable[[int], object]:
    from chophien.catalog.selectors import SearchFilters, product_search

    def run(i: int) -> object:
        slug, province = pages[i % len(pages)]
        filters = SearchFilters(category_slug=slug, province_code=province, ocop_min_stars=3)
        return product_search(filters=filters, page=page)

    return run


def measure_after_edits(iterations: int, edits: int) -> Latency:
    """Search after ``edits`` products had their search text rewritten, before any vacuum.

    That is what sellers' edits do between two autovacuums; a GIN index with its pending list on
    reads every entry waiting there on each search. The edits are undone and the table settled after.
    """
    from django.db.models import F, Value
    from django.db.models.functions import Concat, RTrim

    from chophien.catalog.models import Product

    step = max(1, Product.objects.count() // max(1, edits))
    ids = list(Product.objects.order_by("id").values_list("id", flat=True)[::step][:edits])
    edited = Product.objects.filter(id__in=ids)
    edited.update(search_text=Concat(F("search_text"), Value(" ")))  # same words, a new row version
    try:
        label = f"search after {len(ids):,} product edits, no vacuum yet"
        return measure(label, search_run, iterations, is_search=True)
    finally:
        edited.update(search_text=RTrim(F("search_text")))
        settle()


def measure_all(iterations: int, edits: int) -> list[Latency]:
    pages = category_pages()
    latencies = [
        measure(f"search ({len(QUERIES)} folded queries)", search_run, iterations, is_search=True),
        measure(f"search in English ({len(ENGLISH_QUERIES)} queries)", english_search_run, iterations, is_search=True),
        measure(f"category + province + OCOP>=3, page 1 ({len(pages)} pairs)", category_run(pages, 1), iterations),
        measure(f"category + province + OCOP>=3, page 3 ({len(pages)} pairs)", category_run(pages, 3), iterations),
    ]
    if edits:
        latencies.append(measure_after_edits(iterations, edits))
    return latencies


# ---- what is printed -----------------------------------------------------------------------------


def row_counts() -> dict[str, Any]:
    from chophien.catalog.models import Product, ProductVariant, SearchWord
    from chophien.catalog.selectors import visible_products
    from chophien.sellers.models import Seller

    return {
        "products": Product.objects.count(),
        "visible": visible_products().count(),
        "OCOP": Product.objects.filter(ocop_stars__isnull=False).count(),
        "variants": ProductVariant.objects.count(),
        "sellers": Seller.objects.count(),
        "vocabulary words": SearchWord.objects.count(),
    }


def sample_hits() -> str:
    from chophien.catalog.selectors import SearchFilters, product_search

    found = {
        q: product_search(filters=SearchFilters(query=q))
        for q in ("che shan tuyet", "khaoi sam", "mac ca", "shan tuyet tea")
    }
    return "; ".join(
        f"'{q}': {page.count} found, first '{page.items[0].name if page.items else '-'}'" for q, page in found.items()
    )


def search_query_counts() -> str:
    """The statements one product_search() call sends, counted by Django (the page adds its own)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from chophien.catalog.selectors import SearchFilters, product_search

    counts = []
    for filters in (SearchFilters(query=QUERIES[0]), SearchFilters(category_slug=category_pages(1)[0][0])):
        product_search(filters=filters)  # warm: per-process caches
        with CaptureQueriesContext(connection) as queries:
            product_search(filters=filters)
        counts.append(len(queries))
    return f"product_search() sends {counts[0]} statements for a search, {counts[1]} for a category page"


def report(latencies: list[Latency], vendor: str) -> None:
    print(f"{'':58} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for latency in latencies:
        print(f"{latency.label:58} {latency.p50:8.1f} {latency.p95:8.1f} {latency.p99:8.1f}  (n={latency.iterations})")
    scope = "" if vendor == "postgresql" else " (the floor is set for PostgreSQL)"
    for search in (latency for latency in latencies if latency.is_search):
        verdict = "met" if search.p95 < SEARCH_FLOOR_P95_MS else "NOT met"
        print(f"floor, p95 under {SEARCH_FLOOR_P95_MS:.0f} ms, {search.label}: {verdict} ({search.p95:.1f} ms){scope}")


# ---- main ----------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, default=20_000)
    parser.add_argument("--iterations", type=int, default=300, help="timed calls of each kind, after a warm-up")
    parser.add_argument("--fresh", action="store_true", help="drop the bench database and fill it again")
    parser.add_argument("--edits", type=int, default=3000, help="products edited before the last search run; 0: none")
    parser.add_argument("--smoke", action="store_true", help="500 products, 20 iterations, in a database of its own")
    add_database_option(parser, bench="search")
    args = parser.parse_args(argv)
    if args.smoke:
        args.products, args.iterations, args.edits, args.fresh = 500, 20, 75, True
    return args


def prepare(database: BenchDatabase, products: int, *, fresh: bool) -> None:
    """Make the bench database hold ``products`` products: reuse it, or recreate, migrate and fill it."""
    refuse_unless_ours(database)
    stored = stored_fingerprint(database)
    rebuild = fresh or stored != fingerprint(products)
    if rebuild:
        recreate(database)
    setup_django(database)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if not rebuild:
        print(f"reusing {database.name} ({stored}; --fresh to rebuild)")
        return
    started = time.perf_counter()
    fill(products)
    settle()
    record_fingerprint(products)
    print(f"filled {database.name} with {products} products in {time.perf_counter() - started:.1f} s")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    database = bench_database(os.environ.get("DATABASE_URL", ""), bench="search", name=args.db_name, smoke=args.smoke)
    prepare(database, args.products, fresh=args.fresh)
    from django.db import connection

    print(f"run:      {provenance()}")
    print(f"database: {database_version()}, {database.name}")
    print(f"machine:  {machine()}")
    print(f"queries:  {search_query_counts()}")
    print("rows:     " + ", ".join(f"{count} {name}" for name, count in row_counts().items()))
    print(f"index:    {check_search_index()}")
    print(f"sample:   {sample_hits()}")
    load_before = load_average()
    latencies = measure_all(args.iterations, args.edits)
    print(f"load average (1 min): {load_before} before, {load_average()} after")
    report(latencies, connection.vendor)
    return 0


if __name__ == "__main__":
    sys.exit(main())
