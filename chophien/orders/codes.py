"""Codes a buyer reads over the phone: short, random, without letters that look alike."""

from __future__ import annotations

import secrets

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V: read aloud or written by hand, each is one symbol only.
ALPHABET = "ACDEFGHJKMNPQRTWXY34679"
ORDER_CODE_LENGTH = 8  # 23**8 ≈ 7.8e10: guessing one needs the phone too, and is rate-limited
REFERENCE_LENGTH = 8


def _random_code(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def order_code_new() -> str:
    """``"K7MQ-4XT9"`` style: two groups of four are easier to read out than eight in a row."""
    raw = _random_code(ORDER_CODE_LENGTH)
    return f"{raw[:4]}-{raw[4:]}"


def checkout_reference_new() -> str:
    return "CP" + _random_code(REFERENCE_LENGTH)


def code_normalize(typed: str) -> str:
    """What a buyer typed (lower case, spaces, dashes or none) -> the stored form: ``"k7mq 4xt9"`` ->
    ``"K7MQ-4XT9"``, ``"cp-abcd-efgh"`` -> ``"CPABCDEFGH"``."""
    cleaned = "".join(ch for ch in (typed or "").upper() if ch.isalnum())
    if len(cleaned) == ORDER_CODE_LENGTH:
        return f"{cleaned[:4]}-{cleaned[4:]}"
    return cleaned


def is_checkout_reference(normalized: str) -> bool:
    """A checkout's reference (``CP`` and 8 symbols) rather than an order's code (8 symbols): told
    apart by length, so an order code that happens to start with CP is still an order code."""
    return len(normalized) == 2 + REFERENCE_LENGTH and normalized.startswith("CP")
