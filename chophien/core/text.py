"""Vietnamese text folding for search: 'Chè Shan Tuyết' and 'che shan tuyet' fold alike."""

from __future__ import annotations

import re
import unicodedata

# NFD decomposition strips tone marks and hats, but đ/Đ is a letter of its own, not d + mark.
_LETTER_MAP = str.maketrans({"đ": "d", "Đ": "d"})
_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case, strip diacritics (including đ -> d), collapse everything else to single spaces."""
    decomposed = unicodedata.normalize("NFD", text.translate(_LETTER_MAP))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _NON_WORD.sub(" ", stripped.lower()).strip()


def fold_words(text: str) -> list[str]:
    return fold(text).split()


# A lone UTF-16 surrogate (what JSON's "\ud800" decodes to) cannot be encoded as UTF-8, so neither
# database can store it; PostgreSQL refuses NUL in text. Neither is ever typed by a person.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def text_problem(text: str) -> str | None:
    """``"nul"`` or ``"surrogate"`` when ``text`` holds a character no database column can store, else None."""
    found = _UNSTORABLE.search(text)
    if found is None:
        return None
    return "nul" if found.group() == "\x00" else "surrogate"


def text_storable(text: str) -> str:
    """``text`` without NUL and with each lone surrogate replaced by U+FFFD: for what a platform sends
    us (a live comment), which we take as it is rather than refuse."""
    return _UNSTORABLE.sub(lambda found: "" if found.group() == "\x00" else "\ufffd", text)


def json_texts_storable(value: object) -> object:
    """A decoded JSON value with ``text_storable`` applied to every string in it, keys included."""
    if isinstance(value, str):
        return text_storable(value)
    if isinstance(value, list):
        return [json_texts_storable(item) for item in value]
    if isinstance(value, dict):
        return {json_texts_storable(key): json_texts_storable(item) for key, item in value.items()}
    return value


def json_unstorable_at(value: object, location: tuple[str | int, ...] = ()) -> tuple[str | int, ...] | None:
    """Where the first string of a decoded JSON value (keys included) that no database can store is
    (``("lines", 0, "note")``; ``()`` for the value itself), or None when every string can be stored."""
    if isinstance(value, str):
        return location if text_problem(value) else None
    if isinstance(value, list):
        items: list[tuple[object, tuple[str | int, ...]]] = [(v, (*location, i)) for i, v in enumerate(value)]
    elif isinstance(value, dict):
        items = [(part, (*location, key)) for key, item in value.items() for part in (key, item)]
    else:
        return None
    for item, where in items:
        found = json_unstorable_at(item, where)
        if found is not None:
            return found
    return None
