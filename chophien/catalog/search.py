"""Search without diacritics, on each database's own tools.

Every product has a folded ``search_text`` (no diacritics, đ -> d, lower case). A query is folded the
same way; a word that is not in the vocabulary of all products' words (``SearchWord``) is replaced by
its nearest vocabulary word, so "khaoi sam" searches "khoai sam". Then PostgreSQL finds the products
containing every word with ``LIKE`` served by a trigram GIN index (``pg_trgm``); SQLite finds them through an FTS5 index kept by triggers.

A query may be English: words of the English glossary (``glossary.py``), typed without Vietnamese
letters, become "any of": "tea" finds the word "tea" or the whole words "che" or "tra". Such a
query is matched the same way on both databases (word starts and whole words: a regular expression
served by the same trigram index on PostgreSQL, an FTS5 expression on SQLite), and a word it holds
that no product has and the glossary does not know ("pure honey") is left out rather than finding
nothing. A query without a glossary word (no glossary key is a Vietnamese name: tests/test_glossary.py)
is searched exactly as before.

The indexes are (re)created after every ``migrate`` (see ``apps.py``): SQLite rebuilds a table
when a migration alters it, which would drop the triggers.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from django.db import connection, connections
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat, Length, Lower

from chophien.core.text import fold

from .glossary import Glossary, glossary, singular
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
    """The folded name and search text of a product: its names, category, seller, province and commune."""
    parts = [
        product.name,
        product.name_en,
        product.category.name if product.category else "",
        product.seller.name,
        product.province.short_name,
        product.origin_ward.short_name if product.origin_ward else "",
    ]
    return fold(product.name), fold(" ".join(parts))


def query_words(query: str) -> list[str]:
    return fold(query).split()[:MAX_QUERY_WORDS]


def typed_words(query: str) -> list[tuple[str, bool]]:
    """The words of ``query_words``, each with whether it was typed with a Vietnamese letter."""
    typed = [(word, has_vietnamese_letters(token)) for token in query.split() for word in fold(token).split()]
    return typed[:MAX_QUERY_WORDS]


def search_filter(products: QuerySet, query: str) -> QuerySet:  # type: ignore[type-arg]
    """Narrow ``products`` to those matching ``query`` and order them best first:
    the exact phrase in the name, then (PostgreSQL) near-complete matches, then OCOP stars."""
    typed = typed_words(query)
    words = [word for word, _ in typed]
    terms_of = glossary()
    found = glossary_split(words, terms_of, vietnamese=[is_vietnamese for _, is_vietnamese in typed])
    is_english = any(isinstance(item, SearchTerm) for item in found)
    plain = [item for item in found if isinstance(item, str) and not (is_english and item in terms_of.ignored_words)]
    known = dict(zip(plain, _vocabulary_words(plain), strict=True))  # the one query a search spends on words
    terms = english_terms(found, known, terms_of, vietnamese={word for word, is_vietnamese in typed if is_vietnamese})
    if terms is None:
        return _vietnamese_filter(products, [known[word] or word for word in words])
    return _english_filter(products, terms)


def _vietnamese_filter(products: QuerySet, words: list[str]) -> QuerySet:  # type: ignore[type-arg]
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


def has_vietnamese_letters(query: str) -> bool:
    """True when the query holds a letter outside a-z ("chè", "đ"): then it is Vietnamese."""
    return any(not character.isascii() and character.isalpha() for character in query)


@dataclass(frozen=True)
class SearchTerm:
    """One thing every match of an English query holds: a word starting with ``start`` (what was
    typed, which may be in a product's English name) or any of ``phrases`` as whole words."""

    start: str
    phrases: tuple[str, ...] = ()


def glossary_split(words: list[str], terms_of: Glossary, *, vietnamese: Sequence[bool] = ()) -> list[SearchTerm | str]:
    """``words`` with each stretch that is a glossary key, longest first, made a term with its
    meanings. A word typed with a Vietnamese letter (``vietnamese[i]``) is never part of one."""
    found: list[SearchTerm | str] = []
    position = 0
    while position < len(words):
        english_end = position
        while english_end < len(words) and not (english_end < len(vietnamese) and vietnamese[english_end]):
            english_end += 1
        match = terms_of.match(words[:english_end], position)
        if match is None:
            found.append(words[position])
            position += 1
            continue
        length, phrases = match
        found.append(SearchTerm(" ".join(singular(word) for word in words[position : position + length]), phrases))
        position += length
    return found


def english_terms(
    found: list[SearchTerm | str],
    known: dict[str, str | None],
    terms_of: Glossary,
    *,
    vietnamese: Collection[str] = frozenset(),
) -> list[SearchTerm] | None:
    """The terms of an English query, or None for a query to search as Vietnamese: one with no
    glossary word (Vietnamese typed without diacritics), unless a word no product has is a typo of
    one ("macadamya").

    ``known`` gives each plain word as the vocabulary has it (None: no product has it). In an English
    query a word the vocabulary has (a place, a name, a word of an English name) must match at a
    word's start; a word neither the vocabulary nor the glossary knows, or one of the glossary's
    small words ("of", "from"), is left out. Words in ``vietnamese`` (typed with a Vietnamese
    letter) are never taken for a typo of an English word.
    """
    is_english = any(isinstance(item, SearchTerm) for item in found)
    if not is_english and not any(
        terms_of.closest_word(word) for word, near in known.items() if near is None and word not in vietnamese
    ):
        return None
    terms = []
    for item in found:
        if isinstance(item, SearchTerm):
            terms.append(item)
        elif (near := known.get(item)) is not None:
            terms.append(SearchTerm(near))
        elif item in known and item not in vietnamese and (key := terms_of.closest_word(item)) is not None:
            terms.append(SearchTerm(key, terms_of.meanings[(key,)]))
    return terms


def _english_filter(products: QuerySet, terms: list[SearchTerm]) -> QuerySet:  # type: ignore[type-arg]
    """Products holding every term, those whose own name holds every term first. Both databases
    match alike: ``start`` at a word's start, each phrase as whole words (folded text is words of
    a-z and 0-9 between single spaces, which is exactly FTS5's tokens)."""
    if connection.vendor == "postgresql":
        matched = products
        for term in terms:
            # \m is a word's start, \M its end; the trigram index serves regular expressions too.
            choices = [term.start, *(f"{phrase}\\M" for phrase in term.phrases)]
            matched = matched.filter(search_text__regex=r"\m(" + "|".join(choices) + ")")
    else:
        match = " AND ".join(
            "(" + " OR ".join([f'"{term.start}"*', *(f'"{phrase}"' for phrase in term.phrases)]) + ")" for term in terms
        )
        matched = products.filter(
            id__in=RawSQL("SELECT rowid FROM catalog_product_fts WHERE catalog_product_fts MATCH %s", [match])
        )
    # The same expressions on both databases: names padded with spaces, so " tea" is a word's start.
    in_name, leads = Q(), Q()
    for term in terms:
        holds = Q(name_words__contains=f" {term.start}") | Q(name_en_words__contains=f" {term.start}")
        leads |= Q(name_words__startswith=f" {term.start}") | Q(name_en_words__startswith=f" {term.start}")
        for phrase in term.phrases:
            holds |= Q(name_words__contains=f" {phrase} ")
            leads |= Q(name_words__startswith=f" {phrase} ")
        in_name &= holds
    # A name says what the thing is first ("Mận hậu Mộc Châu"): a match there beats one further on,
    # which may be a place ("Khoai sâm Xín Mần" for "plum": "man" is also "mận").
    rank = Case(
        When(in_name, then=Case(When(leads, then=Value(2)), default=Value(1))),
        default=Value(0),
        output_field=IntegerField(),
    )
    return (
        matched.alias(
            name_words=Concat(Value(" "), "name_folded", Value(" ")),
            name_en_words=Concat(Value(" "), Lower("name_en"), Value(" ")),
        )
        .annotate(exact_rank=rank)
        .order_by("-exact_rank", F("ocop_stars").desc(nulls_last=True), Length("name"), "id")
    )


def search_words_add(texts: list[str]) -> None:
    """Add the words of folded search texts to the vocabulary (existing words are kept)."""
    words = {word[:60] for text in texts for word in text.split()}
    SearchWord.objects.bulk_create([SearchWord(word=w) for w in words], ignore_conflicts=True, batch_size=1000)


def correct_words(words: list[str]) -> list[str]:
    """Replace each word missing from the vocabulary by its closest vocabulary word (a typo)."""
    return [near or word for word, near in zip(words, _vocabulary_words(words), strict=True)]


def _vocabulary_words(words: list[str]) -> list[str | None]:
    """Each word as the vocabulary has it: itself when a vocabulary word starts with it or it is
    shorter than three letters, else its closest vocabulary word, else None.

    One query fetches the vocabulary words that share a first letter with a query word:
    typos rarely change the first letter, and this keeps the list short.
    """
    letters = sorted({word[0] for word in words if len(word) >= 3})
    if not letters:
        return list(words)
    ranges = Q()
    for letter in letters:
        ranges |= Q(word__gte=letter, word__lt=chr(ord(letter) + 1))
    vocabulary = list(SearchWord.objects.filter(ranges).values_list("word", flat=True))
    found: list[str | None] = []
    for word in words:
        if len(word) < 3 or any(term.startswith(word) for term in vocabulary):
            found.append(word)
            continue
        near = [term for term in vocabulary if term[0] == word[0] and abs(len(term) - len(word)) <= 2]
        closest = difflib.get_close_matches(word, near, n=1, cutoff=0.7)
        found.append(closest[0] if closest else None)
    return found
