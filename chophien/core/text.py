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
