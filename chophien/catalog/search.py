"""Search without diacritics, on each database's own tools.

Every product has a folded ``search_text`` (no diacritics, đ -> d, lower case). A query is folded the
same way; a word that is not in the vocabulary of all products' words (``SearchWord``) is replaced by
its nearest vocabulary word, so "khaoi sam" searches "khoai sam". Then PostgreSQL finds the products
containing every word with ``LIKE`` served by a trigram GIN index (``pg_trgm``); SQLite finds them through an FTS5 index kept by triggers.

The indexes are (re)created after every ``migrate`` (see ``apps.py``): SQLite rebuilds a table
when a migration alters it, which would drop the triggers.
"""

from __future__ import annotations

import difflib

from django.db import connection, connections
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length

from chophien.core.text import fold

from .models import Product, SearchWord

MAX_QUERY_WORDS = 8

_SQLITE_SETUP = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS catalog_product_fts USING fts5(
           search_text, content='catalog_product', content_rowid='id', tokenize='unicode61')""",
    """CREATE TRIGGER IF NOT EXISTS catalog_product_fts_ai AFTER INSERT ON catalog_product BEGIN
           INSERT INTO catalog_product_fts(rowid, search_text) VALUES (new.id, new.search_text); END""",
    """CREATE TRIGGER IF NOT EXISTS catalog_product_fts_ad AFTER DELETE ON catalog_product BEGIN
           INSERT INTO catalog_product_fts(catalog_product_fts, rowid, search_text)
           VALUES ('delete', old.id, old.search_text); END""",
    """CREATE TRIGGER IF NOT EXISTS catalog_product_fts_au AFTER UPDATE OF search_text ON catalog_product BEGIN
           INSERT INTO catalog_product_fts(catalog_product_fts, rowid, search_text)
           VALUES ('delete', old.id, old.search_text);
           INSERT INTO catalog_product_fts(rowid, search_text) VALUES (new.id, new.search_text); END""",
    "INSERT INTO catalog_product_fts(catalog_product_fts) VALUES ('rebuild')",
]

_POSTGRES_SETUP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # fastupdate off: with it on, every new or edited product waits in the index's pending list,
    # which each search reads in full until a vacuum merges it (3,000 edits: search p95 60 ms, not
    # 25; bench/search.py). A product write costs ~0.4 ms more instead.
    "CREATE INDEX IF NOT EXISTS catalog_product_search_trgm ON catalog_product USING gin (search_text gin_trgm_ops)"
    " WITH (fastupdate = off)",
    # Databases made before: turn it off and merge what is pending.
    "ALTER INDEX catalog_product_search_trgm SET (fastupdate = off)",
    "SELECT gin_clean_pending_list('catalog_product_search_trgm'::regclass)",
]


def ensure_search_index(using: str = "default") -> None:
    """Create the search index and its triggers if missing, and rebuild the SQLite index."""
    db = connections[using]
    statements = {"sqlite": _SQLITE_SETUP, "postgresql": _POSTGRES_SETUP}.get(db.vendor, [])
    with db.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def product_search_fields(product: Product) -> tuple[str, str]:
    """The folded name and search text of a product: its name, category, seller, province and commune."""
    parts = [
        product.name,
        product.category.name if product.category else "",
        product.seller.name,
        product.province.short_name,
        product.origin_ward.short_name if product.origin_ward else "",
    ]
    return fold(product.name), fold(" ".join(parts))


def query_words(query: str) -> list[str]:
    return fold(query).split()[:MAX_QUERY_WORDS]


def search_filter(products: QuerySet, words: list[str]) -> QuerySet:  # type: ignore[type-arg]
    """Narrow ``products`` to those matching ``words`` and order them best first:
    the exact phrase in the name, then (PostgreSQL) near-complete matches, then OCOP stars."""
    words = correct_words(words)
    phrase = " ".join(words)
    exact = Case(When(name_folded__contains=phrase, then=Value(1)), default=Value(0), output_field=IntegerField())
    ocop = F("ocop_stars").desc(nulls_last=True)
    if connection.vendor == "postgresql":
        matched = products
        for word in words:
            matched = matched.filter(search_text__contains=word)
        # Ordering by word_similarity() over every match cost more than the rest of the query
        # (bench/search.py); every match holds every word, so a shorter name is the closer one.
        return matched.annotate(exact_rank=exact).order_by("-exact_rank", ocop, Length("name"), "id")
    match = " AND ".join(f'"{word}"*' for word in words)
    matched = products.filter(
        id__in=RawSQL("SELECT rowid FROM catalog_product_fts WHERE catalog_product_fts MATCH %s", [match])
    )
    return matched.annotate(exact_rank=exact).order_by("-exact_rank", ocop, Length("name"), "id")


def search_words_add(texts: list[str]) -> None:
    """Add the words of folded search texts to the vocabulary (existing words are kept)."""
    words = {word[:60] for text in texts for word in text.split()}
    SearchWord.objects.bulk_create([SearchWord(word=w) for w in words], ignore_conflicts=True, batch_size=1000)


def correct_words(words: list[str]) -> list[str]:
    """Replace each word missing from the vocabulary by its closest vocabulary word (a typo).

    One query fetches the vocabulary words that share a first letter with a query word:
    typos rarely change the first letter, and this keeps the list short.
    """
    letters = sorted({word[0] for word in words if len(word) >= 3})
    if not letters:
        return words
    ranges = Q()
    for letter in letters:
        ranges |= Q(word__gte=letter, word__lt=chr(ord(letter) + 1))
    vocabulary = list(SearchWord.objects.filter(ranges).values_list("word", flat=True))
    corrected = []
    for word in words:
        if len(word) < 3 or any(term.startswith(word) for term in vocabulary):
            corrected.append(word)
            continue
        near = [term for term in vocabulary if term[0] == word[0] and abs(len(term) - len(word)) <= 2]
        closest = difflib.get_close_matches(word, near, n=1, cutoff=0.7)
        corrected.append(closest[0] if closest else word)
    return corrected
