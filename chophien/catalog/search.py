"""Search without diacritics, on each database's own tools.

PostgreSQL: a trigram GIN index (``pg_trgm``) on the folded ``search_text``; ``<%`` (word similarity)
finds words typed with a typo, ``LIKE`` finds exact phrases. SQLite: an FTS5 index over the same
column, kept by triggers; a query word that is not in the index's vocabulary is replaced by its
closest vocabulary word, so "khaoi sam" still finds "khoai sâm".

The indexes are (re)created after every ``migrate`` (see ``apps.py``): SQLite rebuilds a table
when a migration alters it, which would drop the triggers.
"""

from __future__ import annotations

import difflib

from django.db import connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length

from chophien.core.text import fold

MAX_QUERY_WORDS = 8
# Word similarity at or above which a product is found at all (pg_trgm's default is 0.6: too strict
# for one typo in a short word: "khaoi sam" is 0.43 like "khoai sam").
WORD_SIMILARITY_THRESHOLD = 0.4

_SQLITE_SETUP = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS catalog_product_fts USING fts5(
           search_text, content='catalog_product', content_rowid='id', tokenize='unicode61')""",
    "CREATE VIRTUAL TABLE IF NOT EXISTS catalog_product_fts_vocab USING fts5vocab(catalog_product_fts, 'row')",
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
    "CREATE INDEX IF NOT EXISTS catalog_product_search_trgm ON catalog_product USING gin (search_text gin_trgm_ops)",
]


def ensure_search_index(using: str = "default") -> None:
    """Create the search index and its triggers if missing, and rebuild the SQLite index."""
    db = connections[using]
    statements = {"sqlite": _SQLITE_SETUP, "postgresql": _POSTGRES_SETUP}.get(db.vendor, [])
    with db.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def configure_connection(db: BaseDatabaseWrapper) -> None:
    if db.vendor == "postgresql":
        with db.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)", [str(WORD_SIMILARITY_THRESHOLD)]
            )


def query_words(query: str) -> list[str]:
    return fold(query).split()[:MAX_QUERY_WORDS]


def search_filter(products: QuerySet, words: list[str]) -> QuerySet:  # type: ignore[type-arg]
    """Narrow ``products`` to those matching ``words`` and order them best first:
    the exact phrase in the name, then (PostgreSQL) near-complete matches, then OCOP stars."""
    phrase = " ".join(words)
    exact = Case(When(name_folded__contains=phrase, then=Value(1)), default=Value(0), output_field=IntegerField())
    ocop = F("ocop_stars").desc(nulls_last=True)
    if connection.vendor == "postgresql":
        similarity = RawSQL("word_similarity(%s, catalog_product.search_text)", [phrase])
        matched = products.filter(
            Q(search_text__contains=phrase)
            | Q(id__in=RawSQL("SELECT id FROM catalog_product WHERE %s <%% search_text", [phrase]))
        )
        close = Case(When(similarity_rank__gte=0.8, then=Value(1)), default=Value(0), output_field=IntegerField())
        return (
            matched.annotate(exact_rank=exact, similarity_rank=similarity)
            .annotate(close_rank=close)
            .order_by("-exact_rank", "-close_rank", ocop, "-similarity_rank", "id")
        )
    match = " AND ".join(f'"{word}"*' for word in _sqlite_correct(words))
    matched = products.filter(
        id__in=RawSQL("SELECT rowid FROM catalog_product_fts WHERE catalog_product_fts MATCH %s", [match])
    )
    return matched.annotate(exact_rank=exact).order_by("-exact_rank", ocop, Length("name"), "id")


def _sqlite_correct(words: list[str]) -> list[str]:
    """Replace each word missing from the FTS vocabulary by its closest vocabulary word (a typo).

    One query fetches the vocabulary words that share a first letter with a query word:
    typos rarely change the first letter, and this keeps the list short.
    """
    letters = sorted({word[0] for word in words if len(word) >= 3})
    if not letters:
        return words
    ranges = " OR ".join("(term >= %s AND term < %s)" for _ in letters)
    params = [bound for letter in letters for bound in (letter, chr(ord(letter) + 1))]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT term FROM catalog_product_fts_vocab WHERE {ranges}", params)  # noqa: S608 - only placeholders
        vocabulary = [row[0] for row in cursor.fetchall()]
    corrected = []
    for word in words:
        if len(word) < 3 or any(term.startswith(word) for term in vocabulary):
            corrected.append(word)
            continue
        near = [term for term in vocabulary if term[0] == word[0] and abs(len(term) - len(word)) <= 2]
        closest = difflib.get_close_matches(word, near, n=1, cutoff=0.7)
        corrected.append(closest[0] if closest else word)
    return corrected
