"""The English glossary: what an English-speaking buyer types, and the Vietnamese words it means.

The words live in ``glossary_en.toml`` beside this module, a file people who know the products can
extend without touching code. It is read and checked once per process; a mistake in it is found by
``tests/test_glossary.py`` and by the ``catalog.E001`` system check, never at a buyer's search.

Keys are compared as folded words (``core.text.fold``) with a plain English plural taken off
("teas", "mushrooms", "bamboo shoots"); Vietnamese syllables never end in "s", so this never
touches a Vietnamese word. Meanings are kept folded: the search matches them as whole words.
"""

from __future__ import annotations

import difflib
import functools
import logging
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core import checks

from chophien.core.text import fold

GLOSSARY_PATH = Path(__file__).with_name("glossary_en.toml")
MAX_KEY_WORDS = 4
MIN_TYPO_LENGTH = 6
SECTIONS = ("categories", "words", "ignore")

logger = logging.getLogger(__name__)


class GlossaryError(ValueError):
    """The glossary file cannot be used; the message says where and what, for whoever edits it."""


def singular(word: str) -> str:
    """``word`` without a regular English plural ending: teas -> tea, chillies -> chilly, glass -> glass."""
    if len(word) <= 3 or not word.endswith("s") or word.endswith("ss"):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("oes", "ches", "shes", "xes")):
        return word[:-2]
    return word[:-1]


def key_words(text: str) -> tuple[str, ...]:
    """How a glossary key and a stretch of a query are compared: folded words, each made singular."""
    return tuple(singular(word) for word in fold(text).split())


@dataclass(frozen=True)
class Glossary:
    category_names: Mapping[str, str] = field(default_factory=dict)  # Category.slug -> English name
    meanings: Mapping[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)  # key_words -> folded phrases
    ignored_words: frozenset[str] = frozenset()  # "of", "from": left out of an English query

    @functools.cached_property
    def longest_key(self) -> int:
        return max((len(key) for key in self.meanings), default=0)

    @functools.cached_property
    def single_words(self) -> list[str]:
        return sorted(key[0] for key in self.meanings if len(key) == 1)

    def match(self, words: Sequence[str], start: int) -> tuple[int, tuple[str, ...]] | None:
        """The longest key that ``words`` hold from ``start``: (how many words it took, its meanings)."""
        for length in range(min(self.longest_key, len(words) - start), 0, -1):
            meanings = self.meanings.get(tuple(singular(word) for word in words[start : start + length]))
            if meanings is not None:
                return length, meanings
        return None

    def closest_word(self, word: str) -> str | None:
        """The one-word key that ``word`` is most likely a typo of ("macadamya"), or None. Words under
        MIN_TYPO_LENGTH letters are too close to other words ("pure" is one letter from "prune")."""
        if len(word) < MIN_TYPO_LENGTH:
            return None
        near = difflib.get_close_matches(singular(word), self.single_words, n=1, cutoff=0.8)
        return near[0] if near else None


def glossary_parse(text: str, *, source: str = GLOSSARY_PATH.name) -> Glossary:
    """Read and check a glossary; raise GlossaryError naming the section and entry at fault."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise GlossaryError(f"{source}: sai cú pháp TOML ({exc}).") from exc
    unknown = sorted(set(data) - set(SECTIONS))
    if unknown:
        raise GlossaryError(f"{source}: không có mục [{unknown[0]}]; chỉ có {', '.join(SECTIONS)}.")
    if "words" not in data:
        raise GlossaryError(f"{source}: thiếu mục [words].")
    return Glossary(
        category_names=_categories(data.get("categories", {}), source),
        meanings=_meanings(data["words"], source),
        ignored_words=_ignored(data.get("ignore", {}), source),
    )


def _section(value: Any, name: str, source: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise GlossaryError(f"{source}: [{name}] phải là một mục, mỗi dòng dạng khoá = giá trị.")
    return value


def _categories(value: Any, source: str) -> dict[str, str]:
    names = {}
    for slug, name in _section(value, "categories", source).items():
        if not isinstance(name, str) or not name.strip():
            raise GlossaryError(f'{source}, [categories] "{slug}": tên tiếng Anh phải là một chuỗi không rỗng.')
        names[slug] = " ".join(name.split())
    return names


def _meanings(value: Any, source: str) -> dict[tuple[str, ...], tuple[str, ...]]:
    meanings: dict[tuple[str, ...], tuple[str, ...]] = {}
    written: dict[tuple[str, ...], str] = {}
    for english, vietnamese in _section(value, "words", source).items():
        where = f'{source}, [words] "{english}"'
        words = key_words(english)
        if not words or fold(english) != " ".join(english.lower().split()):
            raise GlossaryError(f"{where}: từ tiếng Anh chỉ gồm chữ a-z, số và dấu cách.")
        if len(words) > MAX_KEY_WORDS:
            raise GlossaryError(f"{where}: tối đa {MAX_KEY_WORDS} từ tiếng Anh.")
        if words in written:
            raise GlossaryError(f'{where}: trùng với "{written[words]}" (số nhiều được hiểu như số ít).')
        phrases = [vietnamese] if isinstance(vietnamese, str) else vietnamese
        if not isinstance(phrases, list) or not phrases:
            raise GlossaryError(f'{where}: cần ít nhất một từ tiếng Việt, ví dụ ["mật ong"].')
        folded = []
        for phrase in phrases:
            if not isinstance(phrase, str) or not fold(phrase):
                raise GlossaryError(f"{where}: {phrase!r} không phải là một từ tiếng Việt.")
            folded.append(fold(phrase))
        meanings[words] = tuple(dict.fromkeys(folded))
        written[words] = english
    return meanings


def _ignored(value: Any, source: str) -> frozenset[str]:
    section = _section(value, "ignore", source)
    words = section.get("words", [])
    if set(section) - {"words"} or not isinstance(words, list):
        raise GlossaryError(f'{source}, [ignore]: chỉ có một dòng words = ["of", "from", ...].')
    for word in words:
        if not isinstance(word, str) or len(fold(word).split()) != 1:
            raise GlossaryError(f"{source}, [ignore]: {word!r} phải là đúng một từ.")
    return frozenset(fold(word) for word in words)


def glossary_load(path: Path = GLOSSARY_PATH) -> Glossary:
    """The glossary in ``path``; raises GlossaryError if it cannot be read or is wrong."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GlossaryError(f"{path.name}: không đọc được ({exc}).") from exc
    return glossary_parse(text, source=path.name)


@functools.cache
def glossary() -> Glossary:
    """The glossary of this process. A broken file (which the tests and the system check stop before
    it ships) leaves search in Vietnamese only and is logged, rather than failing every search."""
    try:
        return glossary_load()
    except GlossaryError:
        logger.exception("English glossary not loaded; English search words are not translated")
        return Glossary()


def glossary_check(app_configs: Any = None, path: Path = GLOSSARY_PATH, **kwargs: Any) -> list[checks.CheckMessage]:
    """System check (``manage.py check``, every start of the development server, ``migrate``): the
    glossary file can be read and is right."""
    try:
        glossary_load(path)
    except GlossaryError as exc:
        return [checks.Error(str(exc), hint="Sửa tệp từ điển tiếng Anh rồi chạy lại.", id="catalog.E001")]
    return []


def category_name_en(slug: str) -> str | None:
    return glossary().category_names.get(slug)
