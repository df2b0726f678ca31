"""Reading live-stream comments the way highland buyers write them.

"chốt A1", "chot a1 x2", "CHỐT A1 X 4", "A1 2", "A1 sl 2", "A2*2", "Chốt 2 A1", "lấy hai túi mã 3",
"lấy 2kg khoai sâm 0912 345 678", "huỷ A1", "A1 còn không shop?", "đẹp quá 😍": each comment is
read into an intent (order, cancel, question, other, or a code that is not pinned), the items it
names (pin code and quantity) and a phone number if it carries one. Pure Python, no database: the
live console, the webhook and ``manage.py live_parse_comments`` all call ``CommentReader.read``.

The reader works on folded text (no diacritics, đ -> d, lower case), so "chốt" and "chot" are one
word. A comment is cut into tokens; numbers written in words become numbers; then items are found
left to right: a pin code takes the quantity written after it ("A1 x2", "A1 2", "A1 sl 2") or before
it ("2 A1", "hai túi mã 3"), else 1. A product named instead of coded ("2kg khoai sâm") is found by
its name. Nothing is guessed: a code that is not pinned is reported as such.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from chophien.core.errors import ValidationError
from chophien.core.phone import normalize_phone
from chophien.core.text import fold

MAX_COMMENT_LENGTH = 500  # a comment longer than this is read on its first 500 characters

ORDER = "order"
CANCEL = "cancel"
QUESTION = "question"
OTHER = "other"
UNKNOWN_CODE = "unknown_code"

ORDER_WORDS = frozenset({"chot", "lay", "mua", "dat", "order", "oder", "gom", "them", "cho", "ship", "giu"})
CANCEL_WORDS = frozenset({"huy", "bo", "thoi", "cancel"})
CODE_MARKERS = frozenset({"ma", "so", "sp", "code"})
TIMES = frozenset({"x", "sl", "soluong"})
UNITS = frozenset(
    {
        "kg", "can", "ky", "ki", "g", "gr", "gam", "lang", "chai", "goi", "tui", "hop", "hu", "lo", "bo", "cai",
        "lit", "l", "qua", "cu", "tam", "phan", "suat", "set", "combo", "con", "bich", "thung", "cuon", "mieng",
        "khuc", "xau", "chiec", "doi", "cap", "buong", "nai", "vi", "ong",
    }
)  # fmt: skip
# "còn không", "bao nhiêu", "giá" ... read on the folded words; "?" on the raw text.
QUESTION_WORDS = frozenset({"bao", "gia", "sao", "nao", "khong", "ko", "k", "hong", "hok", "kg", "nhieu", "con"})
QUESTION_PHRASES = ("bao nhieu", "con khong", "con ko", "con k", "con hong", "co khong", "the nao", "gia sao", "bn")
DIGITS = {"mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "lam": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9}

_TOKEN = re.compile(r"(?<![a-z])[a-z]{1,2}\d{1,3}(?!\d)|[a-z]+|\d+")
_CODE_SHAPE = re.compile(r"^[a-z]{1,2}\d{1,3}$")
_GLUED_PREFIX = re.compile(r"^(x|sl|ma|so|sp)(\d{1,4})$")
# Ten digits starting with 0, or +84/84 and nine digits, with spaces, dots or dashes between.
_PHONE = re.compile(r"(?<!\d)(?:\+?84|0)(?:[\s.\-]?\d){9}(?!\d)")


@dataclass(frozen=True)
class Pin:
    code: str  # as the seller wrote it: "A1", "5"
    name: str = ""
    unit: str = ""


@dataclass(frozen=True)
class Item:
    code: str
    quantity: int | None  # None for a question about the product


@dataclass(frozen=True)
class ReadComment:
    intent: str
    items: tuple[Item, ...] = ()
    phone: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "intent": self.intent,
            "items": [{"code": item.code, "quantity": item.quantity} for item in self.items],
            "phone": self.phone,
        }


@dataclass
class _Token:
    word: str
    number: int | None = None  # digits, or a number written in words
    code: str | None = None  # the pin this token names
    is_code_shaped: bool = False  # looks like a code (a1, b12) but may not be pinned


@dataclass
class CommentReader:
    """Reads comments against the pins of one live session. Build once per pin change."""

    pins: list[Pin]
    _codes: dict[str, str] = field(init=False)
    _names: list[tuple[tuple[str, ...], str]] = field(init=False)
    _has_numeric_codes: bool = field(init=False)

    def __post_init__(self) -> None:
        self._codes = {fold(pin.code).replace(" ", ""): pin.code for pin in self.pins}
        self._has_numeric_codes = any(code.isdigit() for code in self._codes)
        names: list[tuple[tuple[str, ...], str]] = []
        for pin in self.pins:
            words = tuple(fold(pin.name).split())
            # The whole name, its first two words ("khoai sam" of "Khoai sâm Sìn Hồ") and its last two
            # ("mac ca" of "Hạt mắc ca"); a single word only when it is the whole name and not short.
            phrases = {words, words[:2], words[-2:]} if len(words) >= 2 else {words}
            names.extend((phrase, pin.code) for phrase in phrases if len(phrase) >= 2 or len("".join(phrase)) > 3)
        self._names = sorted(names, key=lambda entry: -len(entry[0]))

    def read(self, text: str) -> ReadComment:
        raw = (text or "")[:MAX_COMMENT_LENGTH]
        phone, raw = _take_phone(raw)
        tokens = self._tokens(fold(raw))
        words = [token.word for token in tokens]
        has_question = "?" in raw or _is_question(words)
        cancel = self._cancel(tokens)
        if cancel:
            return ReadComment(CANCEL, tuple(Item(code, None) for code in cancel), phone)
        items, unknown = self._items(tokens)
        if has_question and not (set(words) & {"chot", "lay", "mua", "dat"}):
            if items or unknown or _mentions_price_or_stock(words):
                return ReadComment(QUESTION, tuple(Item(item.code, None) for item in items), phone)
            return ReadComment(OTHER, (), phone)
        if items:
            return ReadComment(ORDER, tuple(items), phone)
        if unknown:
            return ReadComment(UNKNOWN_CODE, tuple(unknown), phone)
        return ReadComment(OTHER, (), phone)

    # -- tokens ----------------------------------------------------------------------------------

    def _tokens(self, folded: str) -> list[_Token]:
        tokens: list[_Token] = []
        for piece in _TOKEN.findall(folded.replace("*", " x ")):
            glued = _GLUED_PREFIX.match(piece)
            if glued and piece not in self._codes:
                tokens.append(_Token(glued.group(1)))
                tokens.append(_Token(glued.group(2), number=int(glued.group(2))))
                continue
            if piece.isdigit():
                tokens.append(
                    _Token(piece, number=int(piece) if len(piece) <= 6 else None, code=self._codes.get(piece))
                )
                continue
            tokens.append(_Token(piece, code=self._codes.get(piece), is_code_shaped=bool(_CODE_SHAPE.match(piece))))
        # The regex cuts "a1x2" into "a1", "x", "2" and "2kg" into "2", "kg" already.
        _numbers_in_words(tokens)
        return tokens

    # -- intents ---------------------------------------------------------------------------------

    def _cancel(self, tokens: list[_Token]) -> list[str]:
        """Codes after "huỷ"/"bỏ"; "bỏ" only right before a code ("thịt bò" is beef)."""
        codes: list[str] = []
        for i, token in enumerate(tokens):
            if token.word not in CANCEL_WORDS:
                continue
            following = tokens[i + 1 : i + 4]
            if token.word in ("bo", "thoi") and not (following and self._code_at(tokens, i + 1)):
                continue
            for j in range(i + 1, min(len(tokens), i + 4)):
                if tokens[j].word in ("don", "ma", "so", "sp"):
                    continue
                code = self._code_at(tokens, j)
                if code:
                    codes.append(code)
                break
            if token.word == "huy" and not codes and not following:
                return []
        return list(dict.fromkeys(codes))

    def _code_at(self, tokens: list[_Token], i: int) -> str | None:
        if i >= len(tokens):
            return None
        token = tokens[i]
        if token.word in CODE_MARKERS and i + 1 < len(tokens):
            return self._codes.get(tokens[i + 1].word)
        if token.code is not None and not token.word.isdigit():
            return token.code
        if token.word.isdigit() and token.code is not None:
            return token.code
        return None

    def _items(self, tokens: list[_Token]) -> tuple[list[Item], list[Item]]:
        """Pinned items with quantities, and code-shaped tokens that are not pinned."""
        items: dict[str, int] = {}
        unknown: dict[str, int] = {}
        used: set[int] = set()
        i = 0
        while i < len(tokens):
            code, width = self._code_here(tokens, i)
            if code is None:
                token = tokens[i]
                if token.is_code_shaped and token.code is None and not _is_amount(tokens, i):
                    quantity, _ = _quantity_after(tokens, i + 1)
                    unknown.setdefault(token.word.upper(), quantity or 1)
                i += 1
                continue
            after, after_width = _quantity_after(tokens, i + width)
            before = _quantity_before(tokens, i, used)
            quantity = after if after is not None else (before if before is not None else 1)
            items[code] = items.get(code, 0) + quantity
            used.update(range(i, i + width + after_width))
            i += width + after_width
        if not items:
            for code, quantity in self._named(tokens):
                items[code] = items.get(code, 0) + quantity
        return [Item(code, quantity) for code, quantity in items.items()], [
            Item(code, quantity) for code, quantity in unknown.items()
        ]

    def _code_here(self, tokens: list[_Token], i: int) -> tuple[str | None, int]:
        """The pin named at ``i`` and how many tokens name it ("a1": 1, "mã 5": 2)."""
        token = tokens[i]
        if token.word in CODE_MARKERS and i + 1 < len(tokens) and tokens[i + 1].code is not None:
            return tokens[i + 1].code, 2
        if token.code is None:
            return None, 0
        if not token.word.isdigit():
            return token.code, 1
        # A bare number is a code only where a quantity cannot be: right after "chốt" or alone,
        # and not followed by a unit ("chốt 5" is pin 5; "chốt 2 túi A1" is two of A1).
        if _is_amount(tokens, i):
            return None, 0
        previous = tokens[i - 1].word if i else ""
        if (i == 0 and len(tokens) <= 3) or previous in ORDER_WORDS or previous in CANCEL_WORDS:
            if any(t.code is not None and not t.word.isdigit() for t in tokens[i + 1 : i + 3]):
                return None, 0  # "chốt 2 A1": the 2 is how many
            return token.code, 1
        return None, 0

    def _named(self, tokens: list[_Token]) -> list[tuple[str, int]]:
        """Products named instead of coded: "lấy 2kg khoai sâm"."""
        words = [token.word for token in tokens]
        wants = bool(set(words) & ORDER_WORDS)
        found: dict[str, int] = {}
        taken: set[int] = set()
        for name, code in self._names:
            size = len(name)
            for start in range(len(words) - size + 1):
                if tuple(words[start : start + size]) != name or taken & set(range(start, start + size)):
                    continue
                quantity = _quantity_before(tokens, start, set())
                # A name alone is talk ("mình ở Sìn Hồ"); with an amount or "lấy"/"chốt" it is an order.
                if quantity is None and not wants:
                    continue
                if code not in found:
                    found[code] = quantity or 1
                taken.update(range(start, start + size))
        return list(found.items())


def _take_phone(raw: str) -> tuple[str | None, str]:
    """The first valid Vietnamese phone in the comment, and the comment without it."""
    if sum(ch.isdigit() for ch in raw) < 9:
        return None, raw
    for match in _PHONE.finditer(raw):
        try:
            phone = normalize_phone(match.group(0))
        except ValidationError:
            continue
        return phone, raw[: match.start()] + " " + raw[match.end() :]
    return None, raw


def _numbers_in_words(tokens: list[_Token]) -> None:
    """ "hai" -> 2, "mười" -> 10, "hai mươi" -> 20, "mười lăm" -> 15, where a unit or code follows
    (so that "ba chỉ" stays pork belly and "năm" in a name stays a word)."""
    i = 0
    while i < len(tokens):
        word = tokens[i].word
        value, width = None, 1
        if word in DIGITS or word in ("muoi", "chuc"):
            value, width = _spoken_number(tokens, i)
        if value is not None and i + width < len(tokens):
            nxt = tokens[i + width]
            if nxt.word in UNITS or nxt.code is not None or nxt.word in CODE_MARKERS:
                tokens[i] = _Token(word, number=value)
                del tokens[i + 1 : i + width]
        i += 1


def _spoken_number(tokens: list[_Token], i: int) -> tuple[int | None, int]:
    words = [t.word for t in tokens[i : i + 3]] + ["", "", ""]
    first = words[0]
    if first in ("muoi", "chuc"):
        if words[1] in DIGITS and words[1] not in ("tu",):
            return 10 + DIGITS[words[1]], 2
        return 10, 1
    if first in DIGITS:
        if words[1] == "muoi":
            if words[2] in DIGITS:
                return DIGITS[first] * 10 + DIGITS[words[2]], 3
            return DIGITS[first] * 10, 2
        return DIGITS[first], 1
    return None, 1


def _is_amount(tokens: list[_Token], i: int) -> bool:
    """A number followed by a unit is an amount: "2 túi", "2 kg"."""
    return tokens[i].number is not None and i + 1 < len(tokens) and tokens[i + 1].word in UNITS


def _quantity_after(tokens: list[_Token], i: int) -> tuple[int | None, int]:
    """ "x2", "x 2", "sl 2", "2", "2 túi" right after a code: (quantity, tokens used)."""
    j = i
    if j < len(tokens) and tokens[j].word in TIMES:
        j += 1
    if j < len(tokens) and tokens[j].number is not None and tokens[j].code is None:
        width = j - i + 1
        if j + 1 < len(tokens) and tokens[j + 1].word in UNITS:
            width += 1
        return tokens[j].number, width
    if j < len(tokens) and tokens[j].number is not None and tokens[j].code is not None and j > i:
        return tokens[j].number, j - i + 1  # "A1 x 2" where 2 is also a pin: after "x" it is a quantity
    return None, 0


def _quantity_before(tokens: list[_Token], i: int, used: set[int]) -> int | None:
    """ "2 A1", "2 túi A1", "hai túi mã 3", "2kg khoai sâm": the number just before a code or name."""
    j = i - 1
    if j >= 0 and tokens[j].word in UNITS:
        j -= 1
    if j >= 0 and j not in used and tokens[j].number is not None:
        return tokens[j].number
    return None


def _is_question(words: list[str]) -> bool:
    joined = " ".join(words)
    if any(phrase in joined for phrase in QUESTION_PHRASES):
        return True
    return bool(words) and words[-1] in ("khong", "ko", "k", "hong", "hok", "chua", "ha", "nhi")


def _mentions_price_or_stock(words: list[str]) -> bool:
    return bool(set(words) & {"gia", "con", "bao", "ship", "size", "kg", "han"})
